"""The rubric loads, covers the agreed criteria, and rejects malformed files loudly."""

from __future__ import annotations

import copy
import tomllib

import pytest

from bot.critique.rubric import RUBRIC_PATH, SECTION_TYPES, RubricError, load_rubric, parse_rubric

CRITERIA = {
    "need", "alignment", "capacity", "objectives", "results_chain", "indicators",
    "monitoring_evaluation", "sustainability", "participation", "governance",
    "timeline", "budget", "risks", "context",
}


@pytest.fixture()
def raw():
    return tomllib.loads(RUBRIC_PATH.read_text(encoding="utf-8"))


def test_rubric_has_the_agreed_criteria_and_every_section_type_is_covered(rubric):
    assert set(rubric.criteria) == CRITERIA
    for section_type in SECTION_TYPES:
        assert rubric.applicable(section_type), section_type
    assert {c.id for c in rubric.applicable("full_proposal")} == CRITERIA


def test_objectives_section_is_not_judged_on_budget(rubric):
    ids = {c.id for c in rubric.applicable("objectives")}
    assert "objectives" in ids and "budget" not in ids and "sustainability" not in ids


def test_donor_facts_carry_source_and_year(rubric):
    assert set(rubric.donors) == {"ilab", "idb", "aecid", "canada", "ilo"}
    ilab = {e.criterion: e for e in rubric.donors["ilab"].expectations}
    assert "15" in ilab["sustainability"].fact.en and ilab["sustainability"].year == "2007"


def test_unknown_key_is_rejected_naming_the_criterion(raw):
    raw["criteria"]["budget"]["colour"] = "red"
    with pytest.raises(RubricError, match=r"criteria\.budget\.colour"):
        parse_rubric(raw)


def test_unknown_section_type_is_rejected(raw):
    raw["criteria"]["risks"]["applies_to"] = ["risks", "annexes"]
    with pytest.raises(RubricError, match=r"criteria\.risks\.applies_to"):
        parse_rubric(raw)


def test_bad_regex_is_rejected_naming_the_criterion(raw):
    raw["criteria"]["timeline"]["mentions"]["es"].append("(unclosed")
    with pytest.raises(RubricError, match=r"criteria\.timeline\.mentions\.es.*bad regex"):
        parse_rubric(raw)


def test_missing_language_is_rejected(raw):
    del raw["criteria"]["need"]["elements"][0]["patterns"]["pt"]
    with pytest.raises(RubricError, match=r"criteria\.need\.elements\.0\.patterns\.pt"):
        parse_rubric(raw)


def test_missing_english_text_is_rejected(raw):
    del raw["criteria"]["context"]["why"]["en"]
    with pytest.raises(RubricError, match=r"criteria\.context\.why\.en"):
        parse_rubric(raw)


def test_unknown_macro_and_bad_placeholder_are_rejected(raw):
    broken = copy.deepcopy(raw)
    broken["criteria"]["objectives"]["mentions"]["en"].append("{NOT_A_MACRO}")
    with pytest.raises(RubricError, match="NOT_A_MACRO"):
        parse_rubric(broken)
    raw["criteria"]["budget"]["suggestion"]["es"]["missing"] = "Cite {quote}"
    with pytest.raises(RubricError, match=r"criteria\.budget\.suggestion\.es"):
        parse_rubric(raw)


def test_donor_expectation_must_name_a_real_criterion(raw):
    raw["donors"]["ilab"]["expectations"][0]["criterion"] = "charisma"
    with pytest.raises(RubricError, match="charisma"):
        parse_rubric(raw)


def test_unreadable_file_is_a_rubric_error(tmp_path):
    path = tmp_path / "rubric.toml"
    path.write_text("version = [", encoding="utf-8")
    with pytest.raises(RubricError, match="cannot read rubric"):
        load_rubric(path)
