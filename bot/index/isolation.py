"""Parsing untrusted documents in a child process with memory and time limits.

Size and compression-ratio checks catch ordinary bombs before parsing, but a
crafted PDF can still hide huge streams (e.g. many form XObjects) that only
unpack during text extraction. Parsing DOCX and PDF files in a child process
with an address-space limit and a deadline bounds the damage whatever the file
does: the worst case is a refused file, never a bot that runs out of memory.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import subprocess
import sys
from pathlib import Path

from bot.index.reading import Block, FileLimits, SourceDocument, read_source
from bot.vocabulary import ISOLATED_SUFFIXES, UnreadableFile

# Formats whose parsers unpack data: these are read in a child process.
MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024
TIME_LIMIT_SECONDS = 30.0


def _limit_child() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def read_source_isolated(path: Path, limits: FileLimits = FileLimits()) -> SourceDocument:
    """``read_source`` in a limited child process for PDF and DOCX; in-process for text formats."""
    path = Path(path)
    if path.suffix.lower() not in ISOLATED_SUFFIXES:
        return read_source(path, limits)
    request = json.dumps({"path": str(path), "limits": dataclasses.asdict(limits)})
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot.index.isolation"],
            input=request, capture_output=True, text=True, timeout=TIME_LIMIT_SECONDS,
            preexec_fn=_limit_child,
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile("bomb", f"parsing took longer than {TIME_LIMIT_SECONDS:.0f} s") from exc
    if done.returncode != 0 or not done.stdout.strip():
        raise UnreadableFile("bomb", f"the parser ran out of memory or crashed (exit {done.returncode})")
    answer = json.loads(done.stdout)
    if "error" in answer:
        raise UnreadableFile(answer["error"], answer.get("detail", ""))
    blocks = [Block(**block) for block in answer["blocks"]]
    return SourceDocument(path, answer["metadata"], blocks)


def _child() -> int:
    request = json.loads(sys.stdin.read())
    try:
        document = read_source(Path(request["path"]), FileLimits(**request["limits"]))
    except UnreadableFile as exc:
        print(json.dumps({"error": exc.reason_code, "detail": exc.detail}))
        return 0
    except MemoryError:
        print(json.dumps({"error": "bomb", "detail": "out of memory while parsing"}))
        return 0
    print(json.dumps({
        "metadata": document.metadata,
        "blocks": [dataclasses.asdict(block) for block in document.blocks],
    }, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(_child())
