"""Beyond one machine: two real `python -m bot serve` processes in webhook mode share one Chroma
server and one PostgreSQL state database, driven like Telegram would drive them.

Updates are POSTed (JSON, with X-Telegram-Bot-Api-Secret-Token) straight to each instance's
webhook; the instances answer through the fake Bot API on 127.0.0.1. The tests in this module
run in order on one cluster: the last one stops both processes and reads their logs.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.support.servers import PROJECT, free_port
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_transport import FakeBotApiServer

pytestmark = pytest.mark.e2e

ADMIN_ID = 1
START_TIMEOUT = 180
WEBHOOK_SECRET = "whsec-Ee7pQ2vL9xR4"
OPENAI_KEY = "sk-test-9fK2mQ7vX3pL8rT1wZ5n"
CHROMA_TOKEN = "chroma-token-Q4vB8nM2kT6"
KNOWLEDGE_FILES = ("donors/usdol-ilab.es.md",)
NEW_DOCUMENT = """---
title: "Fondo Quetzal-Andino"
language: "es"
---

# Fondo Quetzal-Andino

## Requisitos

El Fondo Quetzal-Andino exige una carta de compromiso firmada por el viceministro de trabajo y un
plan de cofinanciamiento nacional del veinte por ciento. El Fondo Quetzal-Andino no financia vehículos.
"""


class _RejectingLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible server that refuses the key and quotes it back, like real providers do."""

    presented: list[str] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        key = self.headers.get("Authorization", "").removeprefix("Bearer ")
        self.presented.append(key)
        body = json.dumps({"error": {"message": f"Incorrect API key provided: {key}.",
                                     "type": "invalid_request_error", "code": "invalid_api_key"}}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@dataclass
class Instance:
    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def post(self, update: dict, secret: str | None = WEBHOOK_SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return httpx.post(self.url, json=update, headers=headers, timeout=10)


@dataclass
class Cluster:
    api: FakeBotApi
    a: Instance
    b: Instance
    chroma: object
    knowledge: Path
    llm_keys: list[str]
    update_ids = itertools.count(1)

    def send(self, instance: Instance, user: int, text: str, language_code: str = "es") -> None:
        update = self.api.text_update(user, text, language_code=language_code)
        update["update_id"] = next(self.update_ids)
        response = instance.post(update)
        assert response.status_code == 200, (response.status_code, response.text)

    def answers(self, chat_id: int) -> list[str]:
        """Finished answers (the ones with 👍/👎) in a chat, in order."""
        return [m["text"] for m in self.api.bot_messages(chat_id)
                if any(b.get("callback_data", "").startswith("fb:")
                       for row in m.get("reply_markup", {}).get("inline_keyboard", []) for b in row)]

    def wait_answers(self, chat_id: int, count: int, timeout: float = 60) -> list[str]:
        return self.api.wait_for(lambda: len(self.answers(chat_id)) >= count and self.answers(chat_id),
                                 timeout=timeout)


def _wait_log(instance: Instance, needle: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while needle not in instance.log():
        assert instance.process.poll() is None, instance.log()[-3000:]
        assert time.monotonic() < deadline, f"{instance.name}: no {needle!r} in log:\n{instance.log()[-3000:]}"
        time.sleep(0.2)


def _wait_listening(instance: Instance, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", instance.port), timeout=1):
                return
        except OSError:
            assert instance.process.poll() is None, instance.log()[-3000:]
            assert time.monotonic() < deadline, f"{instance.name} does not listen on {instance.port}"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, postgres, chroma):
    root = tmp_path_factory.mktemp("cluster")
    knowledge = root / "knowledge"
    for name in KNOWLEDGE_FILES:
        (knowledge / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / "knowledge" / name, knowledge / name)
    llm = ThreadingHTTPServer(("127.0.0.1", 0), _RejectingLLM)
    _RejectingLLM.presented = []
    threading.Thread(target=llm.serve_forever, daemon=True).start()
    api = FakeBotApi()
    common = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COACH_") and "PROXY" not in k.upper()},
        "COACH_PATHS__KNOWLEDGE_DIR": str(knowledge),
        "COACH_VECTOR_STORE__MODE": "http",
        "COACH_VECTOR_STORE__HOST": "127.0.0.1",
        "COACH_VECTOR_STORE__PORT": str(chroma.port),
        "COACH_VECTOR_STORE__TIMEOUT_SECONDS": "3",
        "COACH_LLM__PROVIDER": "none",
        "COACH_EVALUATION__QUESTIONS": str(root / "no-evaluation.jsonl"),
        "COACH_STATE_DSN": postgres.dsn(postgres.new_schema()),
        "CHROMA_AUTH_TOKEN": CHROMA_TOKEN,
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    done = subprocess.run([sys.executable, "-m", "bot", "ingest", "--json"], cwd=PROJECT, capture_output=True,
                          text=True, timeout=300, env={**common, "COACH_PATHS__DATA_DIR": str(root / "ingest")})
    assert done.returncode == 0, done.stderr[-4000:]

    with FakeBotApiServer(api) as bot_api:
        instances = []
        for name in ("a", "b"):
            port = free_port()
            env = {
                **common,
                "COACH_PATHS__DATA_DIR": str(root / f"data-{name}"),
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                "COACH_TELEGRAM__BASE_URL": bot_api.base_url,
                "COACH_TELEGRAM__BASE_FILE_URL": bot_api.base_file_url,
                "COACH_TELEGRAM__ADMIN_IDS": f"[{ADMIN_ID}]",
                "COACH_TELEGRAM__WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
                "COACH_TELEGRAM__WEBHOOK_LISTEN": "127.0.0.1",
                "COACH_TELEGRAM__WEBHOOK_PORT": str(port),
                "COACH_TELEGRAM__INDEX_REFRESH_SECONDS": "0.5",
                "COACH_TELEGRAM__PROGRESS_EDIT_SECONDS": "0.2",
            }
            if name == "a":  # A also holds an LLM key that its provider rejects and quotes back
                env.update({"OPENAI_API_KEY": OPENAI_KEY, "COACH_LLM__PROVIDER": "openai",
                            "COACH_LLM__MODEL": "gpt-test", "COACH_LLM__MAX_RETRIES": "0",
                            "COACH_LLM__BASE_URL": f"http://127.0.0.1:{llm.server_address[1]}/v1"})
            log_path = root / f"serve-{name}.log"
            with log_path.open("wb") as log_file:
                process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--verbose"], cwd=PROJECT, env=env,
                                           stdout=log_file, stderr=subprocess.STDOUT)
            instances.append(Instance(name, port, process, log_path))
        try:
            for instance in instances:
                api.wait_for(lambda: instance.process.poll() is not None
                             or any(c.get("url") == instance.url for c in api.calls_to("setWebhook")),
                             timeout=START_TIMEOUT)
                assert instance.process.poll() is None, instance.log()[-4000:]
                _wait_log(instance, "bot @", timeout=30)
                _wait_listening(instance, timeout=30)  # setWebhook may come before the server accepts
            yield Cluster(api, instances[0], instances[1], chroma, knowledge, _RejectingLLM.presented)
        finally:
            for instance in instances:
                if instance.process.poll() is None:
                    instance.process.kill()
                    instance.process.wait()
            llm.shutdown()
            if chroma.process is None:  # a failed outage test must not leave the server down
                chroma.start()


def test_both_instances_answer_and_a_conversation_moves_between_them(cluster):
    cluster.send(cluster.a, 501, "¿Qué exige USDOL sobre la sostenibilidad del proyecto?")
    first = cluster.wait_answers(501, 1)[0]
    assert "USDOL" in first or "ILAB" in first
    # The follow-up reaches the other instance: it understands it from the history in PostgreSQL.
    cluster.send(cluster.b, 501, "¿Y los indicadores?")
    follow_up = cluster.wait_answers(501, 2)[1]
    assert "Entendí la pregunta como" in follow_up and "sostenibilidad" in follow_up, follow_up
    # Another user straight on B, and B's answer is recorded where A can see it.
    cluster.send(cluster.b, 502, "¿Cómo se evalúa una propuesta para USDOL?")
    assert cluster.wait_answers(502, 1)


def test_a_webhook_post_without_the_right_secret_is_refused(cluster):
    update = {"update_id": 999_001, **cluster.api.text_update(503, "hola")}
    for instance in (cluster.a, cluster.b):
        assert instance.post(update, secret=None).status_code == 403
        assert instance.post(update, secret="wrong-" + WEBHOOK_SECRET).status_code == 403
    time.sleep(1)
    assert not cluster.api.sent(chat_id=503)  # nothing was handled


def test_reingest_on_a_is_served_by_b(cluster):
    question = "¿Qué exige el Fondo Quetzal-Andino?"
    cluster.send(cluster.b, 504, question)
    before = cluster.wait_answers(504, 1)[0]
    assert "viceministro" not in before
    (cluster.knowledge / "quetzal.es.md").write_text(NEW_DOCUMENT, encoding="utf-8")
    cluster.send(cluster.a, ADMIN_ID, "/reingest")
    done = cluster.api.wait_for(lambda: [t for t in cluster.api.texts(ADMIN_ID) if "terminada" in t or "falló" in t],
                                timeout=120)
    assert "terminada" in done[0], done
    _wait_log(cluster.b, "index refresh: now serving generation", timeout=15)
    cluster.send(cluster.b, 504, question)
    after = cluster.wait_answers(504, 2)[1]
    assert "viceministro" in after and "Quetzal" in after, after


def test_chroma_down_gives_a_clear_message_and_the_bot_recovers_by_itself(cluster):
    cluster.chroma.stop()
    try:
        cluster.send(cluster.b, 505, "What does USDOL require for sustainability?", language_code="en")
        cluster.api.wait_for(lambda: any("not available right now" in t for t in cluster.api.texts(505)),
                             timeout=30)
        assert not cluster.answers(505)
        cluster.send(cluster.a, 506, "¿Qué exige USDOL sobre los indicadores?")
        cluster.api.wait_for(lambda: any("no está disponible en este momento" in t
                                         for t in cluster.api.texts(506)), timeout=30)
        time.sleep(1.5)  # a few failed index refreshes
        assert cluster.a.process.poll() is None and cluster.b.process.poll() is None
    finally:
        cluster.chroma.start()  # same path, same port
    cluster.send(cluster.b, 505, "What does USDOL require for sustainability?", language_code="en")
    assert "USDOL" in cluster.wait_answers(505, 1, timeout=30)[0]
    cluster.send(cluster.a, 506, "¿Qué exige USDOL sobre los indicadores?")
    assert cluster.wait_answers(506, 1, timeout=30)
    _wait_log(cluster.b, "index reachable again", timeout=10)


def test_no_secret_in_any_log_line_or_message_and_clean_shutdown(cluster):
    # Runs last: it stops both instances.
    assert OPENAI_KEY in cluster.llm_keys  # A really used the key, and its provider quoted it back
    for instance in (cluster.a, cluster.b):
        instance.process.send_signal(signal.SIGTERM)
    for instance in (cluster.a, cluster.b):
        assert instance.process.wait(timeout=60) == 0, instance.log()[-3000:]
    logs = {instance.name: instance.log() for instance in (cluster.a, cluster.b)}
    assert "<redacted>" in logs["a"]  # the quoted key was logged, and redacted
    sent = [json.dumps(call.params, ensure_ascii=False, default=str) for call in cluster.api.calls
            if call.method in ("sendMessage", "editMessageText", "sendDocument")]
    assert sent
    for value in (cluster.api.token, OPENAI_KEY, CHROMA_TOKEN, WEBHOOK_SECRET):
        for name, text in logs.items():
            assert value not in text, f"a secret appears in instance {name}'s log"
        assert not [s for s in sent if value in s], "a secret appears in a sent message"
    assert "Traceback" not in logs["b"]
