"""Is a question about preparing technical-assistance proposals at all? A small learned scope model.

The nearest passage's similarity did not separate "¿cómo hago mi declaración del impuesto sobre la
renta?" (0.29) from an informal real question with a typo, "como armo el presupesto…" (0.24). A
logistic regression over the question's multilingual (USE) vector, trained on the questions that
helpers who never saw the assistant wrote for the benchmark sets and on 800 written to train it
(benchmarks/sets/scope-ministry-work and scope-project-admin: a ministry's own work, salaries, leave,
statistics, and a project's administration, per diems, hotels, catering, sit close to the real
questions), did better: held out, it turns away 0.953 of the benchmark sets' off-topic questions and
answers 0.991 of their real ones (0.865 and 0.960 on the harder scope sets; benchmarks/train_scope.py). It costs one dot product: the vector is the search's own.

The weights are data (prompts/scope_model.json), written by ``python -m benchmarks.train_scope``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from bot.resources import resource_path

MODEL_FILE = "scope_model.json"


@dataclass(frozen=True)
class ScopeModel:
    encoder: str  # the encoder role whose query vector the weights read
    weights: np.ndarray
    bias: float
    threshold: float  # the probability below which a question is turned away

    def probability(self, vector: Sequence[float]) -> float:
        """How likely a question with this query vector is in scope (0-1)."""
        query = np.asarray(vector, dtype=np.float32)
        if query.shape != self.weights.shape:
            raise ValueError(f"the scope model reads {self.weights.shape[0]}-dimensional {self.encoder} vectors, "
                             f"got {query.shape[0]}")
        return 1.0 / (1.0 + math.exp(-(float(query @ self.weights) + self.bias)))

    @classmethod
    def from_json(cls, data: dict) -> ScopeModel:
        return cls(encoder=str(data["encoder"]), weights=np.asarray(data["weights"], dtype=np.float32),
                   bias=float(data["bias"]), threshold=float(data["threshold"]))


@lru_cache(maxsize=1)
def packaged_scope_model() -> ScopeModel | None:
    """The model shipped in prompts/, or None when the file is absent (the similarity cut-off is used)."""
    path = resource_path(MODEL_FILE)
    if not path.is_file():
        return None
    return ScopeModel.from_json(json.loads(path.read_text(encoding="utf-8")))
