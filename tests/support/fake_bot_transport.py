"""How the fake Bot API is reached: in-process by PTB (``FakeBotApiRequest``) or over HTTP on
127.0.0.1 (``FakeBotApiServer``), both answered by one ``FakeBotApi`` (tests/support/fake_bot_api.py).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

from telegram.request import BaseRequest, RequestData

from tests.support.fake_bot_api import STRING_PARAMS, FakeBotApi


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Form values as PTB sends them (JSON for objects and numbers) back into Python values."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in STRING_PARAMS or not isinstance(value, str):
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


class FakeBotApiRequest(BaseRequest):
    """An offline request for PTB: every call is answered in-process by a FakeBotApi."""

    def __init__(self, api: FakeBotApi):
        self.api = api

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None,
                         pool_timeout=None) -> tuple[int, bytes]:
        url = unquote(url)
        if "/file/bot" in url:
            content = self.api.file_content(url.split(f"/file/bot{self.api.token}/", 1)[-1])
            return (200, content) if content is not None else (404, b"Not Found")
        if f"/bot{self.api.token}/" not in url:
            return 401, json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"}).encode()
        api_method = url.rsplit("/", 1)[-1]
        raw = request_data.json_parameters if request_data is not None else {}
        if request_data is not None and request_data.contains_files:
            for name, value in request_data.multipart_data.items():
                raw[name] = value[1] if isinstance(value, tuple) else value
                if isinstance(value, tuple):
                    raw["_filename"] = value[0]
        if api_method == "getUpdates":  # never block the event loop in-process
            raw = {**raw, "timeout": "0"}
        status, payload = self.api.handle(api_method, decode_params(raw))
        return status, json.dumps(payload).encode()


class FakeBotApiServer:
    """``FakeBotApi`` over HTTP on 127.0.0.1 in a background thread (a context manager)."""

    def __init__(self, api: FakeBotApi, host: str = "127.0.0.1", port: int = 0):
        self.api = api
        handler = type("Handler", (_Handler,), {"api": api})
        self.httpd = _Server((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="fake-bot-api", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def __enter__(self) -> FakeBotApiServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.close()
        self.httpd.shutdown()
        self.httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many chats at once open many connections

    def handle_error(self, request, client_address) -> None:  # a client that went away is not news
        pass


class _Handler(BaseHTTPRequestHandler):
    api: FakeBotApi
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. it shut down)
            self.close_connection = True

    def do_GET(self) -> None:
        prefix = f"/file/bot{self.api.token}/"
        path = unquote(self.path)
        if path.startswith(prefix):
            content = self.api.file_content(path[len(prefix):])
            if content is not None:
                self._reply(200, content, "application/octet-stream")
                return
        self._reply(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        prefix = f"/bot{self.api.token}/"
        path = unquote(self.path)
        if not path.startswith(prefix):
            self._reply(401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}')
            return
        method = path[len(prefix):].split("?")[0]
        status, payload = self.api.handle(method, decode_params(self._params(body)))
        self._reply(status, json.dumps(payload).encode())

    def _params(self, body: bytes) -> dict[str, Any]:
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            return {k: v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(body or b"{}").items()}
        if content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
            )
            params: dict[str, Any] = {}
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True)
                if filename:
                    params[name] = payload
                    params["_filename"] = filename
                else:
                    params[name] = payload.decode()
            return params
        return dict(parse_qsl(body.decode(), keep_blank_values=True))
