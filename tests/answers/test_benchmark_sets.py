"""Which benchmark sets a run reads: one round's unseen set can be measured without spending the next round's."""

from __future__ import annotations

from benchmarks.sets import discover


def names(monkeypatch, **environ) -> list[str]:
    for variable in ("COACH_BENCH_UNSEEN", "COACH_BENCH_SETS"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    return [found.name for found in discover("answers")]


def test_unseen_sets_are_left_out_unless_asked_for(monkeypatch):
    every = names(monkeypatch, COACH_BENCH_UNSEEN="1")
    unseen = sorted(set(every) - set(names(monkeypatch)))
    assert unseen, "the repository keeps at least one answer set unseen"
    assert names(monkeypatch, COACH_BENCH_UNSEEN="0") == names(monkeypatch)


def test_one_unseen_set_can_be_named_without_the_others(monkeypatch):
    unseen = sorted(set(names(monkeypatch, COACH_BENCH_UNSEEN="1")) - set(names(monkeypatch)))
    chosen = names(monkeypatch, COACH_BENCH_UNSEEN=unseen[0])
    assert unseen[0] in chosen and not set(unseen[1:]) & set(chosen)


def test_a_run_can_be_limited_to_the_sets_it_names(monkeypatch):
    seen = names(monkeypatch)
    assert names(monkeypatch, COACH_BENCH_SETS=f"{seen[0]}, {seen[-1]}") == [seen[0], seen[-1]]
