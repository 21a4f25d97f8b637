"""The feedback loop through the real CLI: `coach feedback export` and `coach eval`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parents[2]
OFF_TOPIC = "¿Cuál es la mejor receta de paella valenciana con mariscos?"


def test_thumbs_down_and_abstentions_are_exported_for_review(served):
    api = served.api
    user = 450
    api.push(api.text_update(user, "¿Qué temas priorizaban los donantes según el taller de 2007?"))
    answer = api.wait_for(lambda: [m for m in api.bot_messages(user) if "fb:" in str(m.get("reply_markup"))],
                          timeout=60)[-1]
    down = [b for row in answer["reply_markup"]["inline_keyboard"] for b in row
            if b["callback_data"].startswith("fb:-")][0]
    api.push(api.callback_update(user, down["callback_data"], answer))
    api.wait_for(lambda: any("Qué faltó" in t for t in api.texts(user)), timeout=30)
    api.push(api.text_update(user, "No citó las prioridades de 2007"))
    api.wait_for(lambda: any("lo tendremos en cuenta" in t for t in api.texts(user)), timeout=30)
    api.push(api.text_update(user, OFF_TOPIC))
    off_topic = api.wait_for(lambda: [m for m in api.bot_messages(user) if "fb:" in str(m.get("reply_markup"))
                                       and m["message_id"] != answer["message_id"]], timeout=60)[-1]
    out = served.workspace.root / "review.jsonl"
    done = served.workspace.run("feedback", "export", "--out", str(out), timeout=60)
    assert done.returncode == 0, done.stderr
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    rated = [i for i in items if i["reason"] == "No citó las prioridades de 2007"]
    assert rated and rated[0]["needs_review"] is True and rated[0]["expect"] == []
    assert rated[0]["abstained"] or rated[0]["passage_ids"]  # what the reviewer compares against
    assert set(rated[0]) >= {"id", "language", "question", "expect", "reason", "abstained", "passage_ids"}
    if "Fuentes" not in off_topic["text"]:  # the bot abstained (abstentions list no sources)
        assert any(i["question"] == OFF_TOPIC and i["abstained"] for i in items)
    assert api.token not in out.read_text(encoding="utf-8")


def test_eval_command_on_a_small_question_set(workspace):
    small = workspace.root / "small.jsonl"
    lines = (PROJECT / "prompts" / "quality_check.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = workspace.run("eval", "--questions", str(small), "--json", timeout=180,
                         data_dir=workspace.root / "data-cli")
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["questions"] == 3 and 0 <= report["hit@5"] <= 1
    assert report["hit@5"] > 0  # the questions are about the workshop report, which is indexed
