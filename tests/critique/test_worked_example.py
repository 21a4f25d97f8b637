"""The worked example in knowledge/examples/ is the critic's positive reference: nothing in it is weak or missing."""

from __future__ import annotations

import re

import pytest

from bot.index.reading import read_source
from tests.foundation.conftest import PROJECT

EXAMPLES = {
    "es": PROJECT / "knowledge" / "examples" / "propuesta-ejemplo-inspeccion.es.md",
    "en": PROJECT / "knowledge" / "examples" / "example-proposal-inspection.en.md",
    "pt": PROJECT / "knowledge" / "examples" / "proposta-exemplo-inspecao.pt.md",
    "fr": PROJECT / "knowledge" / "examples" / "proposition-exemple-inspection.fr.md",
}


def sections(language: str) -> list[tuple[str, str]]:
    """(heading, heading and body) for each numbered "## " section of the example."""
    body = EXAMPLES[language].read_text(encoding="utf-8").split("\n---\n", 1)[1]
    parts = re.split(r"(?m)^## ", body)[1:]
    return [(part.splitlines()[0], "## " + part.strip()) for part in parts]


@pytest.mark.parametrize("language", sorted(EXAMPLES))
def test_every_section_of_the_example_passes_the_critic(critic, language):
    found = sections(language)
    assert len(found) == 14
    for heading, text in found:
        review = critic.critique(text, language=language)
        assert review.section_type != "full_proposal", heading
        flagged = [(f.criterion, f.status, f.reason) for f in review.findings if f.status != "ok"]
        assert review.findings and not flagged, (heading, review.section_type, flagged)


@pytest.mark.parametrize("language", sorted(EXAMPLES))
def test_the_whole_example_read_as_a_draft_passes_the_critic(critic, language):
    blocks = read_source(EXAMPLES[language]).blocks
    report = critic.critique_blocks(blocks, filename=EXAMPLES[language].name, language=language)
    flagged = [(s.title, f.criterion, f.status) for s in report.sections for f in s.findings if f.status != "ok"]
    assert len(report.sections) >= 10 and not flagged, flagged
