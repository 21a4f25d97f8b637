"""benchmarks/llm_replay.py: the LLM path measured with replies recorded outside this machine."""

from __future__ import annotations

from benchmarks.llm_replay import ReplayModel, prompt_key

QUESTION = "¿Qué es el marco lógico?"


def test_a_prompt_without_a_reply_is_noted_and_the_officer_still_gets_the_offline_answer(index):
    model = ReplayModel(messages=iter(()), replies={}, pending=[])
    answer = index.answerer(model).answer(QUESTION)
    assert answer.mode == "extractive" and not answer.abstained  # the product's own fallback
    assert len(model.pending) == 1
    system, human = model.pending[0]["messages"]
    assert system[0] == "system" and QUESTION in human[1]  # the product's answer prompt, as sent


def test_a_recorded_reply_goes_through_the_products_marker_checks(index):
    pending = ReplayModel(messages=iter(()), replies={}, pending=[])
    index.answerer(pending).answer(QUESTION)
    key = pending.pending[0]["key"]
    assert key == prompt_key(pending.pending[0]["messages"])
    replayed = ReplayModel(messages=iter(()), replies={key: "Es una matriz de planificación [1]. Otra cosa [9]."},
                           pending=[])
    answer = index.answerer(replayed).answer(QUESTION)
    assert answer.mode == "llm" and not replayed.pending
    assert "matriz de planificación [1]" in answer.text and "[9]" not in answer.text  # an unsupplied marker is dropped
    assert len(answer.sources) == 1
