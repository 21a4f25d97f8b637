"""How well the offline Critic agrees with a reviewer's labels on the critique sets (benchmarks/sets/critique-*).

Usage: python -m benchmarks.critique_quality [--set PATH [--set PATH ...]] [--json]

Without --set, every critique set that benchmarks/sets.py discovers (the unseen ones
only with COACH_BENCH_UNSEEN=1) gets its own table, real-text sets first; with several
--set arguments each set gets its own table. Each critique's full text is written to
benchmarks/results/critique-<set>.jsonl (git-ignored) so that a blind assessor can
judge its usefulness.

Per language and overall:
* section-type accuracy: detected type equals the labelled one;
* recall: a criterion labelled weak is judged weak or missing;
* false alarms: a criterion labelled satisfied is judged weak or missing;
* strengths acknowledged (real-text sets): a criterion of another section type that the
  text visibly satisfies is named as a strength (or judged ok).
The Critic runs as users meet it: language and section type are detected, not given, by the
learned section typer over the multilingual encoder's vectors (``--rules-only``: by cue words).
Items marked "written": "after_rubric" were added after the patterns were written and
are reported apart, as a rough measure of how much the rubric fits its own set.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from bot.critique import Critic, load_rubric
from bot.report import critique_text

RESULTS = Path(__file__).resolve().parent / "results"


def evaluate(items: list[dict], critic: Critic, *, transcript: Path | None = None) -> dict:
    """Agreement with the labels; with ``transcript``, each critique's full text goes there (JSON lines)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    written: list[str] = []
    for item in items:
        review = critic.critique(item["text"])
        if transcript is not None:
            written.append(json.dumps({"id": item["id"], "language": item["language"],
                                       "section_type": review.section_type, "text": item["text"],
                                       "critique": critique_text(review), "json": review.to_json()},
                                      ensure_ascii=False))
        # What the critique names on one line as lacking counts as judged missing, like a finding.
        status = {**{criterion: "missing" for criterion in review.listed_missing},
                  **{f.criterion: f.status for f in review.findings}}
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
            # Real-text sets: criteria of other section types the text visibly satisfies.
            for criterion in item.get("strengths_outside_type", []):
                c["strengths"] += 1
                c["strength_seen"] += criterion in review.also_strong or status.get(criterion) == "ok"
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
            "strength_labels": c["strengths"],
            "strengths_acknowledged": _ratio(c["strength_seen"], c["strengths"]),
        }
    if transcript is not None:
        transcript.parent.mkdir(parents=True, exist_ok=True)
        transcript.write_text("\n".join(written) + "\n", encoding="utf-8")
    return {"groups": table, "errors": misses}


def transcript_path(set_name: str) -> Path:
    """benchmarks/results/critique-<set>.jsonl (git-ignored): the critiques as a reader sees them."""
    return RESULTS / f"critique-{set_name.removeprefix('critique-')}.jsonl"


def real_first(names: list[str]) -> list[str]:
    """Real-text sets lead: the synthetic ones are regression tests."""
    return sorted(names, key=lambda n: "real" not in n)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def markdown(result: dict) -> str:
    rows = ["| group | items | section-type accuracy | recall (weak labels) | false alarms (satisfied labels) "
            "| strengths outside the type acknowledged |",
            "|---|---|---|---|---|---|"]
    order = [g for g in ("en", "es", "pt", "fr") if g in result["groups"]]
    order += [g for g in ("written before rubric", "written after rubric") if g in result["groups"]]
    order.append("all")
    for group in order:
        g = result["groups"][group]
        rows.append(
            f"| {group} | {g['items']} | {_fmt(g['section_type_accuracy'])} | "
            f"{_fmt(g['recall'])} (n={g['weak_labels']}) | {_fmt(g['false_alarm_rate'])} (n={g['satisfied_labels']}) | "
            f"{_fmt(g['strengths_acknowledged'])} (n={g['strength_labels']}) |"
        )
    if result["errors"]:
        rows.append("")
        rows.append("Disagreements:")
        rows += [f"- {e}" for e in result["errors"]]
    return "\n".join(rows)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def product_critic(*, rules_only: bool = False) -> Critic:
    """The offline critic as the product builds it by default: the learned section typer over USE vectors."""
    if rules_only:
        return Critic(load_rubric())
    from bot.index.encoders import MultilingualEmbeddings

    return Critic(load_rubric(), embed=MultilingualEmbeddings().embed_query)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", dest="sets",
                        help="JSONL benchmark file; repeat for several (default: every discovered critique set)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--rules-only", action="store_true",
                        help="type sections by the rules' cue words only, as without a multilingual encoder")
    args = parser.parse_args(argv)
    critic = product_critic(rules_only=args.rules_only)
    results = {}
    if args.sets:
        chosen = {path.parent.name: path for path in args.sets}
    else:
        from benchmarks.sets import discover

        chosen = {found.name: found.file("sections.jsonl") for found in discover("critique")}
    for name in real_first(list(chosen)):
        path = chosen[name]
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        results[name] = evaluate(items, critic, transcript=transcript_path(name))
    if args.json:
        print(json.dumps(results if len(results) > 1 else next(iter(results.values())), indent=2))
    else:
        print("\n\n".join(f"## {name}\n\n{markdown(result)}" for name, result in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
