"""End-to-end: the real `python -m bot serve` process against the fake Bot API on 127.0.0.1.

One server and one bot process serve the whole module (starting the coach takes seconds);
each test talks as different users so they do not interfere.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fake_bot_api import FakeBotApi, FakeBotApiServer  # noqa: E402

PROJECT = Path(__file__).resolve().parents[2]
ADMIN_ID = 1
START_TIMEOUT = 180


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end tests with real processes on 127.0.0.1")


class BotProcess:
    def __init__(self, api: FakeBotApi, process: subprocess.Popen, log_path: Path, knowledge_dir: Path):
        self.api, self.process, self.log_path, self.knowledge_dir = api, process, log_path, knowledge_dir

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _serve_available() -> str | None:
    if not (PROJECT / "bot" / "coach.py").exists():
        return "bot/coach.py does not exist yet"
    if not (PROJECT / "bot" / "__main__.py").exists():
        return "`python -m bot` does not exist yet"
    return None


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    missing = _serve_available()
    if missing:
        pytest.skip(f"end-to-end needs the real service: {missing}")
    root = tmp_path_factory.mktemp("e2e")
    knowledge = root / "knowledge"
    shutil.copytree(PROJECT / "knowledge", knowledge)
    api = FakeBotApi()
    with FakeBotApiServer(api) as server:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": api.token,
            "COACH_TELEGRAM__BASE_URL": server.base_url,
            "COACH_TELEGRAM__BASE_FILE_URL": server.base_file_url,
            "COACH_TELEGRAM__ADMIN_IDS": f"[{ADMIN_ID}]",
            "COACH_TELEGRAM__POLL_TIMEOUT": "1",
            "COACH_TELEGRAM__PROGRESS_EDIT_SECONDS": "0.2",
            "COACH_LIMITS__PASTE_JOIN_SECONDS": "0.5",
            "COACH_PATHS__DATA_DIR": str(root / "data"),
            "COACH_PATHS__KNOWLEDGE_DIR": str(knowledge),
            "COACH_LLM__PROVIDER": "none",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
            "NO_PROXY": "127.0.0.1,localhost",
        }
        env.pop("COACH_CONFIG", None)
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            env.pop(name, None)
        log_path = root / "serve.log"
        with log_path.open("wb") as log_file:
            process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=PROJECT, env=env,
                                       stdout=log_file, stderr=subprocess.STDOUT)
        bot = BotProcess(api, process, log_path, knowledge)
        try:
            api.wait_for(lambda: process.poll() is not None or api.calls_to("getUpdates"), timeout=START_TIMEOUT)
            if process.poll() is not None:
                pytest.fail(f"`python -m bot serve` exited with {process.returncode}:\n{bot.log()[-4000:]}")
            yield bot
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
