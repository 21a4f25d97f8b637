"""End-to-end: the real `python -m bot serve` process against the fake Bot API on 127.0.0.1.

A small index is built once per session (`python -m bot ingest` over a few files copied
from knowledge/ into a temporary folder); one server and one bot process then serve the
whole session, and each test talks as different users and chats so they do not interfere.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_transport import FakeBotApiServer
from tests.support.servers import bot_environment, start_bot, stop_process, telegram_environment

PROJECT = Path(__file__).resolve().parents[2]
ADMIN_ID = 1
START_TIMEOUT = 180
INGEST_TIMEOUT = 300
# Enough text for real answers and critiques in es and en, small enough to embed in seconds.
KNOWLEDGE_FILES = (
    "taller-cimt-2007.es.md",
    "taller-cimt-2007.en.md",
    "donors/usdol-ilab.es.md",
)


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end tests with real processes on 127.0.0.1")


@dataclass
class Workspace:
    """A temporary knowledge/ and data dir, and the environment that points `python -m bot` at them."""

    root: Path
    knowledge_dir: Path
    data_dir: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = INGEST_TIMEOUT, data_dir: Path | None = None,
            **env: str) -> subprocess.CompletedProcess:
        environment = {**self.env, **env}
        if data_dir is not None:
            environment["COACH_PATHS__DATA_DIR"] = str(data_dir)
        return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT, env=environment,
                              capture_output=True, text=True, timeout=timeout)


class BotProcess:
    def __init__(self, api: FakeBotApi, process: subprocess.Popen, log_path: Path, workspace: Workspace):
        self.api, self.process, self.log_path, self.workspace = api, process, log_path, workspace
        self.knowledge_dir = workspace.knowledge_dir

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Workspace:
    """A small index, built once per session by the real `python -m bot ingest`."""
    root = tmp_path_factory.mktemp("e2e")
    knowledge = root / "knowledge"
    for name in KNOWLEDGE_FILES:
        target = knowledge / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / "knowledge" / name, target)
    space = Workspace(root, knowledge, root / "data", bot_environment(root / "data", knowledge))
    done = space.run("ingest", "--json")
    if done.returncode != 0:
        pytest.fail(f"`python -m bot ingest` failed ({done.returncode}):\n{done.stderr[-4000:]}")
    # A copy for CLI commands that open the index while the bot holds its lock.
    shutil.copytree(space.data_dir, root / "data-cli", ignore=shutil.ignore_patterns("index.lock"))
    return space


@pytest.fixture(scope="session")
def served(workspace):
    api = FakeBotApi()
    with FakeBotApiServer(api) as server:
        env = telegram_environment(
            workspace.env, api, server,
            COACH_TELEGRAM__ADMIN_IDS=f"[{ADMIN_ID}]",
            COACH_TELEGRAM__PROGRESS_EDIT_SECONDS="0.2",
            COACH_LIMITS__PASTE_JOIN_SECONDS="0.5",
            COACH_LIMITS__USER_QUESTIONS_PER_MINUTE="3",
        )
        log_path = workspace.root / "serve.log"
        with log_path.open("wb") as log_file:
            process = start_bot(env, output=log_file)
        bot = BotProcess(api, process, log_path, workspace)
        try:
            api.wait_for(lambda: process.poll() is not None or api.calls_to("getUpdates"), timeout=START_TIMEOUT)
            if process.poll() is not None:
                pytest.fail(f"`python -m bot serve` exited with {process.returncode}:\n{bot.log()[-4000:]}")
            yield bot
        finally:
            stop_process(process)
