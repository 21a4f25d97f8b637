"""Which part of a proposal a text without a heading is: a small learned model over its meaning and its cues.

The rules of bot/critique/typing.py read a text without a heading by counting cue words; on each new
set of real sections they typed about one in three as a reviewer would (seventh round: 11 of 30),
and a wrong type brings that type's template advice (blind usefulness 0.26 against 1.09 when typed
right). A multinomial logistic regression over the text's multilingual (USE) vector and the rules'
own cue scores, trained on the labelled real and synthetic sections, did better on real sets it was
not trained on: left one set out in turn, 0.57 of the sections typed as labelled against 0.50 for the
rules, which had been tuned on those very sets (benchmarks/train_type_model.py).

The weights are data (prompts/type_model.json). A heading still decides when there is one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np

from bot.resources import resource_path

MODEL_FILE = "type_model.json"


def cue_features(scores: Mapping[str, int], types: Sequence[str]) -> np.ndarray:
    """The rules' cue scores as shares of the whole, so that a long text does not weigh more."""
    raw = np.array([scores.get(section_type, 0) for section_type in types], dtype=np.float32)
    return raw / (raw.sum() + 1.0)


@dataclass(frozen=True)
class TypeModel:
    encoder: str  # the encoder role whose vectors the weights read
    types: tuple[str, ...]
    weights: np.ndarray  # (vector dimensions + number of types) x number of types
    bias: np.ndarray

    def probabilities(self, vector: Sequence[float], scores: Mapping[str, int]) -> dict[str, float]:
        """Each section type's probability for a text with this vector and these cue scores."""
        features = np.concatenate([np.asarray(vector, dtype=np.float32), cue_features(scores, self.types)])
        if features.shape[0] != self.weights.shape[0]:
            raise ValueError(f"the type model reads {self.weights.shape[0] - len(self.types)}-dimensional "
                             f"{self.encoder} vectors, got {len(vector)}")
        logits = features @ self.weights + self.bias
        exp = np.exp(logits - logits.max())
        shares = exp / exp.sum()
        return {section_type: float(share) for section_type, share in zip(self.types, shares)}

    @classmethod
    def from_json(cls, data: dict) -> TypeModel:
        return cls(encoder=str(data["encoder"]), types=tuple(data["types"]),
                   weights=np.asarray(data["weights"], dtype=np.float32),
                   bias=np.asarray(data["bias"], dtype=np.float32))


@lru_cache(maxsize=1)
def packaged_type_model() -> TypeModel | None:
    """The model shipped in prompts/, or None when the file is absent (the rules type every text)."""
    path = resource_path(MODEL_FILE)
    if not path.is_file():
        return None
    return TypeModel.from_json(json.loads(path.read_text(encoding="utf-8")))
