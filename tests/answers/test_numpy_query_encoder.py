"""Queries are embedded in numpy (no torch at answer time); the vectors must equal sentence-transformers'."""

from __future__ import annotations

import numpy as np
import pytest

from bot.index.bert_numpy import NumpyBertEncoder, supports
from bot.index.encoders import PACKAGED_MINILM, SentenceTransformerEmbeddings, resolve_model_path

TEXTS = [
    "¿Qué es el marco lógico?",
    "What does ILAB score in technical-assistance proposals? " * 12,  # past the 256-token window
    "Quais são as prioridades dos doadores?",
    "x",
]


@pytest.mark.slow
def test_numpy_encoder_gives_the_same_vectors_as_sentence_transformers():
    path = resolve_model_path(PACKAGED_MINILM)
    assert supports(path)
    numpy_vectors = np.stack([NumpyBertEncoder(path).encode_one(text) for text in TEXTS])
    reference = np.asarray(SentenceTransformerEmbeddings(PACKAGED_MINILM).embed_documents(TEXTS))
    similarity = np.sum(numpy_vectors * reference, axis=1)
    assert similarity.min() > 0.9999, similarity


def test_a_model_that_is_not_plain_bert_mean_pooling_is_not_claimed(tmp_path):
    (tmp_path / "modules.json").write_text('[{"type": "sentence_transformers.models.Transformer"}]')
    (tmp_path / "config.json").write_text('{"model_type": "xlm-roberta", "hidden_act": "gelu"}')
    assert not supports(tmp_path)
    assert not supports(tmp_path / "absent")


def test_queries_use_the_numpy_twin_when_the_model_supports_it():
    embeddings = SentenceTransformerEmbeddings(PACKAGED_MINILM)
    vector = embeddings.embed_query("¿Qué es el marco lógico?")
    assert embeddings.query_encoder is not None
    assert "model" not in embeddings.__dict__  # sentence-transformers was never loaded
    assert abs(np.linalg.norm(vector) - 1.0) < 1e-5
