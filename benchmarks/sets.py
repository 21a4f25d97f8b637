"""The benchmark sets: one folder each under benchmarks/sets/, described by its set.toml.

    kind = "retrieval" | "critique" | "answers"
    order = 3            # the order the sets were written in
    unseen = true        # optional: left out until asked for (the set kept unseen until the work is done)
    description = "…"

A folder holds its items (questions.jsonl, adjudicated.jsonl or sections.jsonl) and, where
there is more to say, a README.md. A new set is a new folder: nothing lists them by name.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

SETS_DIR = Path(__file__).resolve().parent / "sets"
KINDS = ("retrieval", "critique", "answers", "scope")
# Set to 1 to include the sets kept unseen (only once the work they measure is done), or to the names of the
# unseen sets to include, comma-separated: measuring one round's set must not spend the next round's.
UNSEEN_VARIABLE = "COACH_BENCH_UNSEEN"
# Set to names of sets, comma-separated, to run only those (e.g. the one unseen set being measured).
ONLY_VARIABLE = "COACH_BENCH_SETS"


@dataclass(frozen=True)
class BenchmarkSet:
    name: str
    folder: Path
    kind: str
    order: int
    description: str
    unseen: bool = False

    def file(self, name: str) -> Path:
        return self.folder / name

    def items(self, name: str) -> list[dict]:
        """The JSON lines of ``name`` in this set's folder."""
        lines = self.file(name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


def discover(kind: str, *, include_unseen: bool | None = None) -> list[BenchmarkSet]:
    """The sets of ``kind``, in the order they were written; unseen ones only when asked for."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} (known: {KINDS})")
    unseen_names: set[str] | None = None  # None: every unseen set
    if include_unseen is None:
        chosen = os.environ.get(UNSEEN_VARIABLE, "").strip()
        include_unseen = bool(chosen) and chosen != "0"
        if include_unseen and chosen != "1":
            unseen_names = {name.strip() for name in chosen.split(",") if name.strip()}
    only = {name.strip() for name in os.environ.get(ONLY_VARIABLE, "").split(",") if name.strip()}
    found = []
    for description in sorted(SETS_DIR.glob("*/set.toml")):
        data = tomllib.loads(description.read_text(encoding="utf-8"))
        unknown = set(data) - {"kind", "order", "unseen", "description"}
        if unknown:
            raise ValueError(f"{description}: unknown keys {sorted(unknown)}")
        name = description.parent.name
        unseen = bool(data.get("unseen", False))
        if (data["kind"] != kind or (unseen and not include_unseen)
                or (unseen and unseen_names is not None and name not in unseen_names) or (only and name not in only)):
            continue
        found.append(BenchmarkSet(name, description.parent, data["kind"], int(data["order"]), data["description"],
                                  unseen))
    return sorted(found, key=lambda s: (s.order, s.name))
