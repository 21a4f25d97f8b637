"""Questions by year: the facts the knowledge base dates in that year, from every donor, not the search's guesses."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from bot.answers.compose import phrases
from bot.answers.dated import asked_years, dated_units, same_fact, years_in
from bot.answers.understanding import rewrite_offline
from bot.models import Passage, Turn
from tests.answers.conftest import Index


def donor_sheet(name: str, title: str, language: str, donor: str, sections: dict[str, str], family: str = "") -> str:
    head = [f'title: "{title}"', f'language: "{language}"', 'kind: "donor"', f'donor: "{donor}"', 'checked: "2026-12"']
    if family:
        head.append(f'version_of: "{family}"')
    body = [f"# {title}", ""] + [line for heading, text in sections.items() for line in (f"## {heading}", "", text, "")]
    return "\n".join(["---", *head, "---", "", *body])


def write_dated_sheets(tmp_path) -> Index:
    donors = tmp_path / "knowledge" / "donors"
    donors.mkdir(parents=True)
    (donors / "bid.es.md").write_text(donor_sheet("bid", "BID: cooperación técnica", "es", "idb", {
        "Evaluación": "- La OVE del BID constató en 2013 que no existía un sistema de seguimiento de las cooperaciones "
                      "técnicas del BID (OVE, 2013; verificado).\n"
                      "- El BID adoptó su marco de efectividad en octubre de 2008 (iadb.org; verificado).",
        "Fuentes": "- OVE, informe de 2013: iadb.org/ove/2013",
    }), "utf-8")
    (donors / "idb.en.md").write_text(donor_sheet("idb", "IDB: technical cooperation", "en", "idb", {
        "Evaluation": "- The IDB's OVE found in 2013 that there was no system to follow up the results of the IDB's "
                      "technical cooperation (OVE, 2013; verified).\n"
                      "- The IDB adopted its effectiveness framework in October 2008 (iadb.org; verified).",
        "Sources": "- OVE, 2013 report: iadb.org/ove/2013",
    }, family="donors/bid.es.md"), "utf-8")
    (donors / "usdol.es.md").write_text(donor_sheet("usdol", "USDOL – ILAB", "es", "ilab", {
        "Panorama": "- En los proyectos de USDOL – ILAB el ministerio era contraparte y no solicitante (SCA-13-12, 2013; "
                    "verificado).\n- USDOL – ILAB terminó sus subvenciones el 27 de marzo de 2025 (verificado).",
    }), "utf-8")
    return Index(tmp_path)


@pytest.mark.parametrize("question, year", [
    ("¿Qué pasó en 2008 con los donantes y los marcos que aparecen en la base?", "2008"),
    ("What happened in 2017 across the donors and methods in your notes? Dated items only, please.", "2017"),
    ("O que aconteceu em 2016 de relevante para os doadores?", "2016"),
    ("Je prépare une frise chronologique : qu'est-ce qui s'est passé en 2020 chez les bailleurs ?", "2020"),
    ("El BID estuvo en el taller de 2007. ¿Qué ha cambiado desde entonces?", None),  # since then, not in that year
    ("¿Qué pasó entre 2008 y 2013?", None),  # two years
    ("¿Qué pide el BID en el marco lógico?", None),
    # "a change" and "que mudaram" are not asking what happened in the year they name.
    ("We have general elections in 2027. How does the example handle the risk of a change of government?", None),
    ("O termo de referência fala nos critérios do CAD. Quais são eles hoje? Ouvi dizer que mudaram em 2019.", None),
    ("¿Qué cambió en 2019 que obligue a actualizar la plantilla?", "2019"),
    # "the dates of" asks when something happened, not what happened in the year.
    ("What are the dates of the 2007 workshop?", None),
])
def test_a_question_on_what_happened_in_one_year_is_recognised(question, year):
    assert asked_years(question) == ([year] if year else [])


@pytest.mark.parametrize("question, years", [
    # Twenty-seventh round, blind (answers-unseen-32, after its measurement): the years given as context were counted
    # with the one asked about, and "¿y de 2021 y 2022?" asked about two; both got unrelated passages.
    ("Sigo armando la línea de tiempo (ya tengo 2008 y 2013). ¿Qué hay en la base fechado en 2012? Evaluaciones, lo que "
     "sea.", ["2012"]),
    ("Estoy armando una línea de tiempo. ¿Qué hay fechado en 2012? ¿y de 2021 y 2022?", ["2021", "2022"]),
    ("Quelle chronologie entre 2015 et 2020 ?", []),  # a span
    ("Timeline please: 2008, 2010, 2013 and 2016?", []),  # too many to answer in one
])
def test_the_years_asked_are_those_of_the_sentence_that_asks(question, years):
    assert asked_years(question) == years


def test_a_range_names_both_its_ends():
    assert years_in("GAC toolkit 2017–19; the Plan Director 2018-2021; Real Decreto 1403/2007") == {
        "2017", "2019", "2018", "2021", "2007"}
    assert years_in("4477 cooperaciones, 2700 millones, 1.2013") == set()


def test_the_same_fact_said_by_two_documents_is_told_once():
    assert same_fact("O BID aplica a DEM a todas as suas doações desde 2010 (BID; verificado).",
                     "Depois da oficina, o BID adotou o DEF e aplicou a DEM a todas as suas doações desde 2010 (iadb.org).")
    assert not same_fact("La cooperación española aprobó una Política de Evaluación en 2013.",
                         "La OVE del BID constató en 2013 que no existía un sistema de seguimiento.")


def test_the_lines_that_say_what_happened_come_before_those_that_only_cite_a_source_of_that_year():
    passage = Passage(id="p", source="donors/x.es.md", section="S", title="X", language="es", kind="donor", text=(
        "- Una guía práctica vincula cooperación y normas (OIT, 2017; verificado).\n"
        "- El manual de proyectos describe el ciclo completo (OIT, 2017; verificado).\n"
        "- Los informes anuales señalan teorías del cambio débiles (OIT, 2017; verificado).\n"
        "- Las notas técnicas tratan indicadores de empleo (OIT, 2017; verificado).\n"
        "- La política de evaluación de la OIT es de 2017 (OIT; verificado)."))
    units = dated_units([passage], "2017")
    assert len(units) == 3  # at most three lines of one document, the one that dates an event among them
    assert any("política de evaluación" in unit.text for unit in units)


def test_what_happened_in_a_year_gets_every_donors_facts_of_that_year_and_no_other(tmp_path):
    # Twenty-sixth round, blind (answers-unseen-30, spent): "What happened in 2017 across the donors…?" was answered
    # with cards on coordinating donors, and "e em 2014?" with a card on the ILO's theory of change.
    answerer = write_dated_sheets(tmp_path).answerer()
    answer = answerer.answer("¿Qué pasó en 2013 con los donantes? Pienso en el BID y USDOL.")
    assert not answer.abstained
    assert answer.text.startswith(phrases()["es"]["dated_intro"].format(year="2013"))
    assert "La OVE del BID constató en 2013" in answer.text
    assert "el ministerio era contraparte" in answer.text
    assert "2008" not in answer.text and "2025" not in answer.text.split("⚠️")[0]
    assert "iadb.org/ove/2013" not in answer.text  # a source list is not a fact of the year
    # Another year, asked as a follow-up, gets that year's facts, in the reader's language where a version exists.
    english = answerer.answer("What happened in 2013 with the IDB and USDOL?")
    assert "The IDB's OVE found in 2013" in english.text and "La OVE del BID" not in english.text
    follow = answerer.answer("¿y en 2008?", history=[Turn("¿Qué pasó en 2013 con el BID y USDOL?", answer.text)])
    assert "octubre de 2008" in follow.text and "constató en 2013" not in follow.text
    both = answerer.answer("¿y de 2008 y 2025?", history=[Turn("¿Qué pasó en 2013 con el BID y USDOL?", answer.text)])
    assert phrases()["es"]["dated_intro"].format(year=f"2008{phrases()['es']['and']}2025") in both.text
    assert "octubre de 2008" in both.text and "27 de marzo de 2025" in both.text


def test_a_model_asked_what_happened_in_a_year_reads_the_dated_lines_first(tmp_path):
    index = write_dated_sheets(tmp_path)
    answerer = index.answerer(chat_model=FakeListChatModel(responses=["x"]))
    read = answerer.llm_passages("What happened in 2013 with the IDB and USDOL?",
                                 answerer.retrieve("What happened in 2013 with the IDB and USDOL?"), None, "en")
    assert "found in 2013" in read[0].text
    assert any("contraparte" in passage.text for passage in read[:3])


def test_a_follow_up_that_names_only_another_item_number_asks_the_same_question_of_it():
    # Twenty-sixth round, blind (answers-unseen-30, spent): "e o 17?" after "O ponto 6 … o que ele exige?" got point 6.
    previous = "O ponto 6 da lista de verificação: o que ele exige?"
    assert rewrite_offline("e o 17?", [Turn(previous, "…")]) == "O ponto 17 da lista de verificação: o que ele exige?"
    assert rewrite_offline("and 5?", [Turn("What does checklist item 4 require?", "…")]) == \
        "What does checklist item 5 require?"
