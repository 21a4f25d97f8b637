"""The LLM path against a real OpenAI-compatible server on 127.0.0.1 (standard library only)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


from bot.llm import build_chat_model
from tests.answers.conftest import Index


class FakeOpenAI:
    """Answers /v1/chat/completions with a canned completion; records every request body."""

    def __init__(self, reply: str, delay: float = 0.0) -> None:
        self.reply, self.delay, self.requests = reply, delay, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append((self.path, body))
                time.sleep(fake.delay)
                payload = json.dumps({
                    "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "test"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": fake.reply}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                }).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout case)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def llm_index(tmp_path, server: FakeOpenAI, timeout: float) -> Index:
    return Index(tmp_path, f"""
        [llm]
        provider = "openai"
        model = "test-model"
        base_url = "{server.base_url}"
        timeout_seconds = {timeout}
        max_retries = 0
        """)


def test_openai_compatible_server_answer_is_validated(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAI("USDOL pide un plan de sostenibilidad [1]. Según otra fuente, dura diez años [9].") as server:
        index = llm_index(tmp_path, server, timeout=10)
        answerer = index.answerer(build_chat_model(index.config.llm))
        question = "¿Qué pide USDOL sobre la sostenibilidad?"
        supplied = answerer.retrieve(question).passages
        answer = answerer.answer(question)
    assert answer.mode == "llm"
    assert "[9]" not in answer.text and "plan de sostenibilidad [1]" in answer.text
    assert answer.sources == (supplied[0],)
    path, body = server.requests[0]
    assert path == "/v1/chat/completions" and body["model"] == "test-model"
    prompt = "\n".join(message["content"] for message in body["messages"])
    assert question in prompt
    for number, passage in enumerate(supplied, start=1):
        assert f"[{number}] {passage.citation}" in prompt and passage.text in prompt


def test_server_slower_than_the_timeout_gives_the_extractive_answer(tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAI("demasiado tarde [1]", delay=3.0) as server:
        index = llm_index(tmp_path, server, timeout=0.5)
        answerer = index.answerer(build_chat_model(index.config.llm))
        started = time.perf_counter()
        answer = answerer.answer("¿Qué pide USDOL sobre la sostenibilidad?")
        elapsed = time.perf_counter() - started
    assert answer.mode == "extractive" and answer.note and answer.sources
    assert "demasiado tarde" not in answer.text
    assert elapsed < 2.5
