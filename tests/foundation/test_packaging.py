"""A normal (non-editable) install carries the data files the code reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from tests.foundation.conftest import PROJECT

CHECK = """
from bot.critique import load_rubric
from bot.messages import Messages
from bot.commands import names
from bot.resources import resource_dir, words
from bot.config import Config
from bot.answers.scope import packaged_scope_model
from bot.drafting.steps import load_interview
import bot
assert '{site}' in bot.__file__, bot.__file__
rubric = load_rubric()
messages = Messages.load()
print(resource_dir(), len(rubric.criteria), messages.plain('terminal.also_fine', 'pt'), names('critique')[0],
      sorted(words()['donors'])[0], Config().evaluation_questions.name, packaged_scope_model().encoder,
      len(load_interview().steps))
"""


def test_a_wheel_install_finds_the_rubric_messages_word_lists_scope_model_and_interview(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, source / name)
    for folder in ("bot", "prompts"):
        shutil.copytree(PROJECT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), "."],
        cwd=source, capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)

    ran = subprocess.run([sys.executable, "-c", CHECK.replace("{site}", str(site))], cwd=tmp_path,
                         env={"PYTHONPATH": str(site), "HOME": str(tmp_path)}, capture_output=True, text=True,
                         timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split()[1:] == ["14", "Também", "bem", "critica", "aecid", "quality_check.jsonl",
                                        "multilingual", "12"]
    assert ran.stdout.startswith(str(site / "prompts"))
