"""The packaged multilingual-e5 model: offline, prefixed, and cross-lingual."""

from __future__ import annotations

import numpy as np

from bot.config import EmbeddingConfig
from bot.assembly import build_answerer
from bot.index.encoders import E5Embeddings, build_encoders, enabled_roles

PASSAGES = [
    "Los problemas de los ministerios con los donantes: establecer cronogramas realistas y flexibilidad en los desembolsos.",
    "Problems ministries face with donors: setting realistic timetables and flexible disbursement of funds.",
    "La receta de la paella lleva arroz, azafrán y caldo.",
    "The logical framework matrix has one general objective and one specific objective.",
]


def test_a_question_in_each_language_finds_the_passage_in_either_language():
    encoder = E5Embeddings()
    passages = np.asarray(encoder.embed_documents(PASSAGES))
    for question in (
        "¿Qué dificultades tienen los ministerios de trabajo con los donantes?",
        "What difficulties do labour ministries have with donors?",
        "Quais dificuldades os ministérios do trabalho têm com os doadores?",
        "Quelles difficultés les ministères du travail ont-ils avec les bailleurs ?",
    ):
        scores = passages @ np.asarray(encoder.embed_query(question))
        assert set(np.argsort(-scores)[:2]) == {0, 1}, (question, scores)


def test_questions_and_passages_are_embedded_differently():
    # E5 was trained with "query: " and "passage: " prefixes; mixing them up costs recall.
    encoder = E5Embeddings()
    text = "marco lógico"
    assert not np.allclose(encoder.embed_query(text), encoder.embed_documents([text])[0])


def test_the_encoder_roles_follow_the_configuration():
    assert enabled_roles(EmbeddingConfig()) == ("dense", "multilingual", "multilingual-lead")
    assert enabled_roles(EmbeddingConfig(lead_vectors=False)) == ("dense", "multilingual")
    assert enabled_roles(EmbeddingConfig(e5="multilingual-e5-small", lead_vectors=False)) == ("dense", "multilingual", "e5")
    assert enabled_roles(EmbeddingConfig(multilingual="none", e5="none")) == ("dense",)
    encoders = build_encoders(EmbeddingConfig())
    assert encoders["multilingual-lead"] is encoders["multilingual"]  # one model, two views of each passage
    assert set(build_encoders(EmbeddingConfig(multilingual="none", e5="multilingual-e5-small"))) == {"dense", "e5"}


def test_an_index_with_the_e5_encoder_searches_with_it_and_abstains_at_its_cut_off(tmp_path):
    from bot.config import load_config
    from bot.index.ingestion import Ingestor
    from bot.answers.search import CALIBRATED_MIN_RELEVANCE, HybridSearch
    from bot.index.store import open_store
    from tests.answers.conftest import TopicEncoder, write_config, write_knowledge

    write_knowledge(tmp_path / "knowledge")
    path = write_config(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('e5 = "none"', 'e5 = "multilingual-e5-small"'), "utf-8")
    config = load_config(path, environ={})
    encoders = {"dense": TopicEncoder(), "e5": E5Embeddings()}
    store = open_store(config)
    Ingestor(config, store, lambda: encoders).run()
    search = HybridSearch(store, encoders, config.retrieval)
    assert search.min_relevance() == CALIBRATED_MIN_RELEVANCE[("e5",)]

    answerer = build_answerer(search, encoders["dense"], config)
    answered = answerer.answer("¿Qué exige USDOL para la sostenibilidad del proyecto?")
    assert not answered.abstained and answered.sources[0].source == "usdol.es.md"
    assert answerer.answer("¿Cuál es la mejor receta de paella valenciana?").abstained


def _thread_timeout_seen_by_a_fresh_process(environment: dict[str, str]) -> str:
    import os
    import subprocess
    import sys

    script = "import bot, numpy, os; print(os.environ['OPENBLAS_THREAD_TIMEOUT'])"
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_THREAD_TIMEOUT"}
    result = subprocess.run([sys.executable, "-c", script], env={**env, **environment},
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_openblas_threads_stop_spinning_before_numpy_loads_unless_the_user_chose():
    # Spinning OpenBLAS threads starve the e5 engine on 2 cores (benchmarks/, README).
    assert _thread_timeout_seen_by_a_fresh_process({}) == "4"
    assert _thread_timeout_seen_by_a_fresh_process({"OPENBLAS_THREAD_TIMEOUT": "10"}) == "10"
