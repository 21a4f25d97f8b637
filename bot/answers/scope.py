"""Is a question about preparing technical-assistance proposals at all? A small learned scope model.

The nearest passage's similarity did not separate "¿cómo hago mi declaración del impuesto sobre la
renta?" (0.29) from an informal real question with a typo, "como armo el presupesto…" (0.24). A
logistic regression over the question's multilingual (USE) vector did better, trained on the
questions that helpers who never saw the assistant wrote for the benchmark sets and on 1,120 written
to train it (benchmarks/sets/scope-*: a ministry's own work, a project's administration in the
domain's words, short questions on donors and their look-alikes). The vector alone blurred "¿cómo
lleno la planilla de viáticos de la misión del BID?" with a real question naming the same donor; the
question's words, hashed into buckets beside it, tell them apart. Held out, it turns away 0.94 of
the benchmark sets' off-topic questions and answers 0.998 of their real ones (benchmarks/train_scope.py).
It costs two dot products: the vector is the search's own.

The weights are data (prompts/scope_model.json), written by ``python -m benchmarks.train_scope``.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from bot.language import fold
from bot.resources import resource_path

MODEL_FILE = "scope_model.json"
_WORD = re.compile(r"[a-z0-9]+")


def word_features(text: str, buckets: int, scale: float) -> np.ndarray:
    """The question's words (folded, longer than two letters) hashed into ``buckets``, each present once."""
    features = np.zeros(buckets, dtype=np.float32)
    for word in set(_WORD.findall(fold(text))):
        if len(word) > 2:
            features[zlib.crc32(word.encode()) % buckets] = scale
    return features


@dataclass(frozen=True)
class ScopeModel:
    encoder: str  # the encoder role whose query vector the weights read
    weights: np.ndarray  # the vector's weights
    bias: float
    threshold: float  # the probability below which a question is turned away
    word_weights: np.ndarray | None = None  # the hashed words' weights (None: the vector alone)
    word_scale: float = 1.0

    def probability(self, vector: Sequence[float], question: str = "") -> float:
        """How likely ``question``, with this query vector, is in scope (0-1)."""
        query = np.asarray(vector, dtype=np.float32)
        if query.shape != self.weights.shape:
            raise ValueError(f"the scope model reads {self.weights.shape[0]}-dimensional {self.encoder} vectors, "
                             f"got {query.shape[0]}")
        score = float(query @ self.weights) + self.bias
        if self.word_weights is not None:
            score += float(word_features(question, len(self.word_weights), self.word_scale) @ self.word_weights)
        return 1.0 / (1.0 + math.exp(-score))

    @classmethod
    def from_json(cls, data: dict) -> ScopeModel:
        words = data.get("word_weights")
        return cls(encoder=str(data["encoder"]), weights=np.asarray(data["weights"], dtype=np.float32),
                   bias=float(data["bias"]), threshold=float(data["threshold"]),
                   word_weights=np.asarray(words, dtype=np.float32) if words else None,
                   word_scale=float(data.get("word_scale", 1.0)))


@lru_cache(maxsize=1)
def packaged_scope_model() -> ScopeModel | None:
    """The model shipped in prompts/, or None when the file is absent (the similarity cut-off is used)."""
    path = resource_path(MODEL_FILE)
    if not path.is_file():
        return None
    return ScopeModel.from_json(json.loads(path.read_text(encoding="utf-8")))
