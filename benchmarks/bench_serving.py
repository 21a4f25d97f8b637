"""Serving: the real `python -m bot serve` against the fake Bot API on 127.0.0.1.

50 users ask at once (all must be answered; time from the update being offered to the finished
answer), 10 users have a section critiqued at once, and the bot process's peak memory.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.machine import machine_line

PROJECT = Path(__file__).resolve().parents[1]
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_bot_transport import FakeBotApiServer
from tests.support.servers import bot_environment, start_bot, stop_process, telegram_environment

USERS = 50
CRITIQUE_USERS = 10
QUESTIONS = [
    "¿Cuáles son los componentes clave de una propuesta exitosa?",
    "What does ILAB score in a proposal?",
    "Quais são as prioridades dos doadores?",
    "¿Cómo se formula un indicador SMART?",
    "¿Qué es la sostenibilidad para los donantes?",
]
SECTION = (
    "Objetivos\nObjetivo general: fortalecer la inspección del trabajo.\n"
    "Objetivo específico 1: capacitar a 40 inspectores en el uso del sistema de casos antes de diciembre de 2026.\n"
    "Objetivo específico 2: reducir en 20 % el tiempo medio de respuesta a denuncias para 2027."
)


def _finished(api: FakeBotApi, chat_id: int) -> bool:
    for message in api.bot_messages(chat_id):
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        if any(b.get("callback_data", "").startswith("fb:") for row in rows for b in row):
            return True
    return False


def _wait_all(api: FakeBotApi, chats: list[int], started: dict[int, float], timeout: float) -> dict[int, float]:
    done: dict[int, float] = {}
    deadline = time.monotonic() + timeout
    while len(done) < len(chats) and time.monotonic() < deadline:
        for chat in chats:
            if chat not in done and _finished(api, chat):
                done[chat] = time.monotonic() - started[chat]
        time.sleep(0.02)
    return done


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def run() -> str:
    root = Path(tempfile.mkdtemp(prefix="coach-serving-"))
    env = bot_environment(root / "data")
    subprocess.run([sys.executable, "-m", "bot", "ingest"], cwd=PROJECT, env=env, check=True, capture_output=True)
    api = FakeBotApi()
    with FakeBotApiServer(api) as server:
        serve_env = telegram_environment(env, api, server, COACH_LIMITS__PASTE_JOIN_SECONDS="0.3")
        started_at = time.monotonic()
        process = start_bot(serve_env)
        try:
            api.wait_for(lambda: api.calls_to("getUpdates"), timeout=180)
            ready_seconds = time.monotonic() - started_at
            users = list(range(10_000, 10_000 + USERS))
            sent: dict[int, float] = {}
            for number, user in enumerate(users):
                api.push(api.text_update(user, QUESTIONS[number % len(QUESTIONS)]))
                sent[user] = time.monotonic()
            answered = _wait_all(api, users, sent, timeout=300)

            critics = list(range(20_000, 20_000 + CRITIQUE_USERS))
            critique_sent: dict[int, float] = {}
            for user in critics:
                api.push(api.text_update(user, "/critica"))
            api.wait_for(lambda: all(api.bot_messages(u) for u in critics), timeout=60)
            for user in critics:
                api.push(api.text_update(user, SECTION))
                critique_sent[user] = time.monotonic()
            critiqued = _wait_all(api, critics, critique_sent, timeout=300)
            peak = _peak_rss_mb(process.pid)
        finally:
            stop_process(process)
    latencies = list(answered.values())
    critique_latencies = list(critiqued.values())
    return "\n".join(
        [
            f"### Serving through the fake Bot API ({machine_line()})",
            "",
            "| measure | value |",
            "|---|---|",
            f"| start-up until polling (models loaded, index open) | {ready_seconds:.1f} s |",
            f"| {USERS} users asking at once: answered | {len(answered)}/{USERS} |",
            f"| … time to the finished answer, p50 / p95 / max | {_percentile(latencies, 0.5):.2f} / "
            f"{_percentile(latencies, 0.95):.2f} / {max(latencies, default=float('nan')):.2f} s |",
            f"| {CRITIQUE_USERS} users' sections critiqued at once: done | {len(critiqued)}/{CRITIQUE_USERS} |",
            f"| … time to the finished critique, p50 / p95 (includes the {serve_env['COACH_LIMITS__PASTE_JOIN_SECONDS']} s paste-join wait) | "
            f"{_percentile(critique_latencies, 0.5):.2f} / {_percentile(critique_latencies, 0.95):.2f} s |",
            f"| peak memory of the bot process (VmHWM) | {peak:.0f} MB |",
            f"| mean answer latency | {statistics.mean(latencies) if latencies else float('nan'):.2f} s |",
        ]
    )


if __name__ == "__main__":
    print(run())
