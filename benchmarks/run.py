"""Run every benchmark: `make bench` or `python -m benchmarks.run [name ...]`.

Discovers benchmarks/bench_*.py (each exposes ``run() -> str``, a Markdown
report) plus the critique benchmark, prints the Markdown and writes
benchmarks/results/<name>.json (the Markdown, the machine, the time taken and
the module's ``last_results`` if it keeps any).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path

from benchmarks.machine import machine_line

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def critique_benchmark() -> str:
    """benchmarks/critique_quality.py on every critique set, in the order they were written."""
    from benchmarks.critique_quality import evaluate, markdown, product_critic, real_first, transcript_path
    from benchmarks.sets import discover

    critic = product_critic()
    parts = [f"### Critique quality ({machine_line()})"]
    critique_benchmark.last_results = {}
    sets = {found.name: found for found in discover("critique")}
    for found in (sets[name] for name in real_first(list(sets))):
        result = evaluate(found.items("sections.jsonl"), critic, transcript=transcript_path(found.name))
        critique_benchmark.last_results[found.name] = result
        parts.append(f"#### {found.name}\n\n{found.description}\n\n{markdown(result)}")
    return "\n\n".join(parts)


def discover() -> dict[str, object]:
    """Benchmark name -> a callable returning Markdown."""
    found: dict[str, object] = {}
    for path in sorted(HERE.glob("bench_*.py")):
        found[path.stem] = path.stem
    found["critique_quality"] = critique_benchmark
    return found


def main(argv: list[str] | None = None) -> int:
    wanted = set(argv if argv is not None else sys.argv[1:])
    RESULTS.mkdir(exist_ok=True)
    failures = 0
    for name, target in discover().items():
        if wanted and name not in wanted:
            continue
        started = time.perf_counter()
        try:
            if isinstance(target, str):
                module = importlib.import_module(f"benchmarks.{target}")
                markdown, extra = module.run(), getattr(module, "last_results", None)
            else:
                markdown, extra = target(), getattr(target, "last_results", None)
        except Exception:  # one broken benchmark must not hide the others
            failures += 1
            print(f"## {name}: FAILED\n\n```\n{traceback.format_exc()}```\n", flush=True)
            continue
        seconds = time.perf_counter() - started
        print(f"## {name}\n\n{markdown}\n", flush=True)
        record = {"name": name, "machine": machine_line(), "seconds": round(seconds, 1), "markdown": markdown}
        if extra:
            record["results"] = extra
        (RESULTS / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n",
                                              encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
