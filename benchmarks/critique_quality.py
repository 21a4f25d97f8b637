"""How well the offline Critic agrees with a reviewer's labels on the critique sets (benchmarks/sets/critique-*).

Usage: python benchmarks/critique_quality.py [--set PATH [--set PATH ...]] [--json]

With several --set arguments each set gets its own table (e.g. the author's set and a
blind set written by someone else: keep a change only if it helps both).

Per language and overall:
* section-type accuracy: detected type equals the labelled one;
* recall: a criterion labelled weak is judged weak or missing;
* false alarms: a criterion labelled satisfied is judged weak or missing.
The Critic runs as users meet it: language and section type are detected, not given.
Items marked "written": "after_rubric" were added after the patterns were written and
are reported apart, as a rough measure of how much the rubric fits its own set.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from bot.critique import Critic, load_rubric

DEFAULT_SET = Path(__file__).resolve().parent / "sets" / "critique-synthetic-dev" / "sections.jsonl"


def evaluate(items: list[dict], critic: Critic) -> dict:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    for item in items:
        review = critic.critique(item["text"])
        status = {f.criterion: f.status for f in review.findings}
        # The real-text sets give each weak criterion with the reviewer's reason.
        weak = [w["criterion"] if isinstance(w, dict) else w for w in item["weak"]]
        groups = [item["language"], "all"]
        # Items written after the rubric's patterns existed: a rough check of overfitting.
        groups.append("written after rubric" if item.get("written") == "after_rubric" else "written before rubric")
        for group in groups:
            c = counts[group]
            c["items"] += 1
            c["type_ok"] += review.section_type == item["section_type"]
            for criterion in weak:
                c["weak"] += 1
                c["caught"] += status.get(criterion) in ("weak", "missing")
            for criterion in item["satisfied"]:
                c["satisfied"] += 1
                c["false_alarm"] += status.get(criterion) in ("weak", "missing")
        if review.section_type != item["section_type"]:
            misses.append(f"{item['id']}: typed {review.section_type}")
        misses += [f"{item['id']}: missed {c}" for c in weak if status.get(c) not in ("weak", "missing")]
        misses += [f"{item['id']}: false alarm {c}" for c in item["satisfied"] if status.get(c) in ("weak", "missing")]
    table = {}
    for group, c in counts.items():
        table[group] = {
            "items": c["items"],
            "section_type_accuracy": _ratio(c["type_ok"], c["items"]),
            "weak_labels": c["weak"],
            "recall": _ratio(c["caught"], c["weak"]),
            "satisfied_labels": c["satisfied"],
            "false_alarm_rate": _ratio(c["false_alarm"], c["satisfied"]),
        }
    return {"groups": table, "errors": misses}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def markdown(result: dict) -> str:
    rows = ["| group | items | section-type accuracy | recall (weak labels) | false alarms (satisfied labels) |",
            "|---|---|---|---|---|"]
    order = [g for g in ("en", "es", "pt", "fr") if g in result["groups"]]
    order += [g for g in ("written before rubric", "written after rubric") if g in result["groups"]]
    order.append("all")
    for group in order:
        g = result["groups"][group]
        rows.append(
            f"| {group} | {g['items']} | {_fmt(g['section_type_accuracy'])} | "
            f"{_fmt(g['recall'])} (n={g['weak_labels']}) | {_fmt(g['false_alarm_rate'])} (n={g['satisfied_labels']}) |"
        )
    if result["errors"]:
        rows.append("")
        rows.append("Disagreements:")
        rows += [f"- {e}" for e in result["errors"]]
    return "\n".join(rows)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", dest="sets",
                        help=f"JSONL benchmark file; repeat for several (default {DEFAULT_SET.name})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    critic = Critic(load_rubric())
    results = {}
    for path in args.sets or [DEFAULT_SET]:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        results[str(path)] = evaluate(items, critic)
    if args.json:
        print(json.dumps(results if len(results) > 1 else next(iter(results.values())), indent=2))
    else:
        print("\n\n".join(f"## {name}\n\n{markdown(result)}" for name, result in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
