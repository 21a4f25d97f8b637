"""Subprocess helper for the crash and lock tests (not a test module).

    python ingest_worker.py ingest CONFIG [SLEEP]   ingest with a slow fake encoder, printing each stage
    python ingest_worker.py hold CONFIG             take the index lock, print "locked", wait for stdin to close
"""

from __future__ import annotations

import sys
import time

from bot.config import load_config
from bot.index.ingestion import Ingestor
from bot.index.store import ProcessLock, open_store
from tests.foundation.fakes import EncoderFactory


def main() -> None:
    command, config_path = sys.argv[1], sys.argv[2]
    config = load_config(config_path, environ={})
    lock = ProcessLock.for_config(config)
    if command == "hold":
        print("locked", flush=True)
        sys.stdin.read()
        return
    sleep = float(sys.argv[3]) if len(sys.argv) > 3 else 0.02
    store = open_store(config)
    print("started", flush=True)

    def progress(event) -> None:
        print(f"stage {event.stage}", flush=True)
        time.sleep(sleep)

    summary = Ingestor(config, store, EncoderFactory(sleep_per_batch=sleep)).run(progress=progress)
    print(f"switched {summary.generation}", flush=True)
    lock.release()


if __name__ == "__main__":
    main()
