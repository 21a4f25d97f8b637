"""Real servers for deployment tests, on 127.0.0.1: PostgreSQL 15 and `chroma run`.

PostgreSQL's binaries refuse to run as root, so as root they run as the ``postgres``
system user (``runuser``), in a temporary directory that user owns; the server listens on
a free loopback port with its unix socket in that directory, and is stopped at the end.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("COACH_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
CHROMA = PROJECT / ".venv" / "bin" / "chroma"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_missing() -> str | None:
    """Why PostgreSQL cannot be started here, or None."""
    for name in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / name).exists():
            return f"PostgreSQL binaries not found in {PG_BIN} (set COACH_TEST_PG_BIN)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` system user to run PostgreSQL as"
        if not shutil.which("runuser"):
            return "running as root and `runuser` is missing"
    return None


class PostgresServer:
    """initdb + pg_ctl start on a free port; ``dsn(schema)`` for clients; ``stop()`` / ``restart()``."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="coach-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 60) -> None:
        done = subprocess.run([*self._as_user, *args], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr[-2000:]}\n{log[-2000:]}")

    def start(self) -> PostgresServer:
        if not self.data.exists():
            self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "-E", "UTF8", "--no-sync", "--no-instructions")
        # Durability off: a test database, started and thrown away in seconds.
        options = (f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off -c synchronous_commit=off"
                   " -c full_page_writes=off")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "-t", "60", "start")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def dsn(self, schema: str | None = None) -> str:
        base = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        return f"{base}?options=-csearch_path%3D{schema}" if schema else base

    def new_schema(self) -> str:
        """A fresh, empty schema: one per test keeps tests apart in one server."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn(), autocommit=True) as db:
            db.execute(f"CREATE SCHEMA {name}")
        return name


class ChromaServer:
    """`chroma run` on a fixed path and port, so it can be stopped and started again as the same server."""

    def __init__(self, path: Path, log: Path, port: int | None = None) -> None:
        self.path, self.log, self.port = path, log, port or free_port()
        self.process: subprocess.Popen | None = None

    @staticmethod
    def missing() -> str | None:
        if CHROMA.exists() or shutil.which("chroma"):
            return None
        return "the `chroma` executable (chromadb's server) is not installed in .venv/bin"

    def start(self) -> ChromaServer:
        executable = str(CHROMA) if CHROMA.exists() else shutil.which("chroma")
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_PROXY": "127.0.0.1"}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [executable, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma exited: {self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        raise RuntimeError(f"chroma did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


# --- the bot as a process (end-to-end tests and the serving benchmark) ---------------------------

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def bot_environment(data_dir: Path, knowledge_dir: Path | None = None) -> dict[str, str]:
    """This environment for a `python -m bot` child: its own data (and knowledge), no LLM, no token, no proxy."""
    env = {
        **os.environ,
        "COACH_PATHS__DATA_DIR": str(data_dir),
        "COACH_LLM__PROVIDER": "none",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    if knowledge_dir is not None:
        env["COACH_PATHS__KNOWLEDGE_DIR"] = str(knowledge_dir)
    for name in ("COACH_CONFIG", "TELEGRAM_BOT_TOKEN", *PROXY_VARIABLES):
        env.pop(name, None)
    return env


def telegram_environment(env: dict[str, str], api, server, **settings: str) -> dict[str, str]:
    """``env`` pointed at a fake Bot API server, with ``COACH_TELEGRAM__*``/``COACH_LIMITS__*`` overrides."""
    return {
        **env,
        "TELEGRAM_BOT_TOKEN": api.token,
        "COACH_TELEGRAM__BASE_URL": server.base_url,
        "COACH_TELEGRAM__BASE_FILE_URL": server.base_file_url,
        "COACH_TELEGRAM__POLL_TIMEOUT": "1",
        **settings,
    }


def start_bot(env: dict[str, str], *args: str, output=subprocess.DEVNULL) -> subprocess.Popen:
    """`python -m bot serve` (plus ``args``) from the project folder."""
    return subprocess.Popen([sys.executable, "-m", "bot", "serve", *args], cwd=PROJECT, env=env,
                            stdout=output, stderr=subprocess.STDOUT if output is not subprocess.DEVNULL else output)


def stop_process(process: subprocess.Popen, timeout: float = 60) -> None:
    """SIGTERM, then SIGKILL if it has not stopped within ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
