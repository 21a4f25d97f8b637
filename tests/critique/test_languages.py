"""Portuguese and French officers get the whole critique in their own language.

Every user-facing text of the rubric exists in es, en, pt and fr with the same
{placeholders}; a missing language or a stray placeholder fails loading and
names the entry.
"""

from __future__ import annotations

import string
import tomllib

import pytest

from bot.critique.rubric import (
    OUTPUT_LANGUAGES,
    RUBRIC_PATH,
    CriticMessages,
    RubricError,
    SuggestionTexts,
    Texts,
    critic_messages,
    parse_rubric,
)
from bot.report import critique_text

PT_OBJECTIVES = "Objetivos\nFortalecer a inspeção do trabalho no país e melhorar a qualidade dos serviços."
FR_OBJECTIVES = "Objectifs\nRenforcer l'inspection du travail dans le pays et améliorer la qualité des services."
FR_SUSTAINABILITY = "Durabilité\nNous espérons que de nouveaux bailleurs financeront la plateforme à l'avenir."


@pytest.fixture()
def raw():
    # The critic's sentences live in prompts/messages/; load_rubric() joins them the same way.
    return {**tomllib.loads(RUBRIC_PATH.read_text(encoding="utf-8")), "messages": critic_messages()}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _all_texts(node, where=""):
    """Every Texts / SuggestionTexts in the loaded rubric, with where it sits."""
    if isinstance(node, (Texts, SuggestionTexts)):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _all_texts(value, f"{where}.{key}")
    elif isinstance(node, (tuple, list)):
        for i, value in enumerate(node):
            yield from _all_texts(value, f"{where}.{i}")
    elif hasattr(node, "model_fields"):
        for key in type(node).model_fields:
            yield from _all_texts(getattr(node, key), f"{where}.{key}")


# ---------------------------------------------------------------- the reviews


def test_portuguese_section_gets_portuguese_reasons_suggestions_and_next_steps(critic, rubric):
    review = critic.critique(PT_OBJECTIVES)
    assert review.language == "pt" and review.section_type == "objectives"
    objectives = next(f for f in review.findings if f.criterion == "objectives")
    assert objectives.status != "ok"
    assert objectives.label == "os objetivos"
    assert objectives.reason.startswith(("O texto aborda os objetivos", "Não encontrei no texto nada sobre os objetivos"))
    assert "um prazo" in objectives.reason and "un plazo" not in objectives.reason
    templates = rubric.criteria["objectives"].suggestion.pt
    prefix = (templates.missing if objectives.status == "missing" else templates.weak).split("{")[0]
    assert objectives.suggestion.startswith(prefix[:40])
    assert f"Os objetivos: {objectives.suggestion}" in review.next_steps
    assert all(step.split(":")[0] in {"A cadeia de resultados", "Os objetivos"} for step in review.next_steps)
    spanish = critic.critique(PT_OBJECTIVES, language="es")
    assert [(f.criterion, f.status) for f in spanish.findings] == [(f.criterion, f.status) for f in review.findings]
    assert spanish.findings[0].reason != review.findings[0].reason


def test_french_section_gets_french_reasons_suggestions_and_next_steps(critic, rubric):
    review = critic.critique(FR_OBJECTIVES, language="fr")
    assert review.section_type == "objectives"
    objectives = next(f for f in review.findings if f.criterion == "objectives")
    assert objectives.label == "les objectifs"
    assert objectives.reason.startswith(("Le texte aborde les objectifs", "Je n'ai rien trouvé dans le texte sur les objectifs"))
    assert "une échéance" in objectives.reason
    templates = rubric.criteria["objectives"].suggestion.fr
    prefix = (templates.missing if objectives.status == "missing" else templates.weak).split("{")[0]
    assert objectives.suggestion.startswith(prefix[:40])
    # The critic joins a step's name and suggestion with ": " in every language.
    assert f"Les objectifs : {objectives.suggestion}" in review.next_steps  # French spaces the colon
    assert all(step.split(" :")[0] in {"La chaîne de résultats", "Les objectifs"} for step in review.next_steps)


def test_french_weakness_label_and_donor_fact_are_french(critic):
    review = critic.critique(FR_SUSTAINABILITY, language="fr", section_type="sustainability", donor="ilab")
    finding = review.findings[0]
    assert finding.criterion == "sustainability" and finding.status == "weak"
    assert "la durabilité" in finding.label
    assert "15 points sur 100" in finding.reason and "USDOL/ILAB (ILAB LAC Division presentation, 2007) :" in finding.reason
    assert "puntos" not in finding.reason and "points." not in finding.reason.split("USDOL")[0]


def test_portuguese_and_french_cover_every_message_and_unknown_languages_get_spanish(rubric):
    assert rubric.messages_for("pt").and_ == " e " and rubric.messages_for("fr").and_ == " et "
    assert rubric.messages_for("de") == rubric.messages_for("es")
    assert rubric.criteria["need"].name.get("de") == rubric.criteria["need"].name.es
    assert rubric.criteria["need"].suggestion.get("fr") == rubric.criteria["need"].suggestion.fr


def test_a_whole_french_document_gets_french_notes_and_overview(critic):
    text = ("Proposition\n\nContexte\nSelon l'enquête de 2023, 40 % des travailleurs sont informels.\n\n"
            "Objectifs\nAméliorer l'emploi.\n\nBudget\nUS$ 100.000 au total.")
    review = critic.critique(text, language="fr")
    rendered = critique_text(review)
    assert review.section_type == "full_proposal"
    assert all(f.reason and f.suggestion for f in review.findings if f.status != "ok")
    labels = {f.criterion: f.label for f in review.findings}
    assert labels["sustainability"] == "la durabilité" and labels["risks"] == "les risques et hypothèses"
    assert "Je n'ai rien trouvé dans le texte sur" in rendered


# ---------------------------------------------------------------- the rubric file


def test_every_user_facing_text_has_all_languages_with_the_same_placeholders(rubric):
    texts = list(_all_texts(rubric))
    assert len(texts) > 100
    for where, text in texts:
        if isinstance(text, SuggestionTexts):
            for kind in ("weak", "missing"):
                variants = {lang: getattr(getattr(text, lang), kind) for lang in OUTPUT_LANGUAGES}
                assert len({frozenset(_fields(v)) for v in variants.values()}) == 1, (where, kind)
                assert variants["pt"] != variants["es"] and variants["fr"] != variants["en"], (where, kind)
        else:
            variants = {lang: getattr(text, lang) for lang in OUTPUT_LANGUAGES}
            assert all(variants.values()), where
            assert len({frozenset(_fields(v)) for v in variants.values()}) == 1, where
    for key in CriticMessages.model_fields:
        variants = {lang: getattr(rubric.messages[lang], key) for lang in OUTPUT_LANGUAGES}
        assert len({frozenset(_fields(v)) for v in variants.values()}) == 1, key


def test_missing_french_text_fails_naming_the_criterion(raw):
    del raw["criteria"]["need"]["why"]["fr"]
    with pytest.raises(RubricError, match=r"criteria\.need\.why\.fr: Field required"):
        parse_rubric(raw)


def test_missing_portuguese_label_or_donor_fact_fails_naming_the_entry(raw):
    del raw["criteria"]["risks"]["elements"][0]["label"]["pt"]
    del raw["donors"]["ilab"]["expectations"][0]["fact"]["pt"]
    with pytest.raises(RubricError) as error:
        parse_rubric(raw)
    assert "criteria.risks.elements.0.label.pt" in str(error.value)
    assert "donors.ilab.expectations.0.fact.pt" in str(error.value)


def test_missing_suggestion_language_fails_naming_the_criterion(raw):
    del raw["criteria"]["budget"]["suggestion"]["fr"]
    with pytest.raises(RubricError, match=r"criteria\.budget\.suggestion\.fr"):
        parse_rubric(raw)


def test_missing_messages_table_fails(raw):
    del raw["messages"]["pt"]
    with pytest.raises(RubricError, match=r"messages\.pt"):
        parse_rubric(raw)


def test_placeholder_mismatch_between_languages_fails_naming_the_entry(raw):
    fr = raw["criteria"]["objectives"]["suggestion"]["fr"]
    fr["weak"] = fr["weak"].replace("{quote}", "[objectif]")
    with pytest.raises(RubricError, match=r"criteria\.objectives\.suggestion.*weak: fr: placeholders"):
        parse_rubric(raw)


def test_placeholder_mismatch_in_a_label_or_message_fails(raw):
    broken = tomllib.loads(RUBRIC_PATH.read_text(encoding="utf-8"))
    broken["criteria"]["need"]["name"]["pt"] = "a {necessidade}"
    with pytest.raises(RubricError, match=r"criteria\.need\.name.*pt: placeholders"):
        parse_rubric(broken)
    raw["messages"]["pt"]["reason_weak"] = "O texto aborda {name}, mas falta {missing}."
    with pytest.raises(RubricError, match=r"messages\.reason_weak: pt: placeholders"):
        parse_rubric(raw)


def test_names_that_hold_the_conjunction_themselves_are_listed_apart(rubric):
    # Twenty-second round: "state the indicators and monitoring and evaluation" read as three things.
    english = rubric.messages_for("en")
    assert english.joined(["the indicators", "monitoring and evaluation"]) == "the indicators; monitoring and evaluation"
    assert english.joined(["the need", "the budget", "the risks"]) == "the need, the budget and the risks"
    spanish = rubric.messages_for("es")
    assert (spanish.joined(["los indicadores", "el monitoreo y la evaluación", "el presupuesto"])
            == "los indicadores; el monitoreo y la evaluación; el presupuesto")
