"""A BERT sentence encoder in numpy, for queries, so that answering never imports torch.

Importing torch and sentence-transformers is most of a cold start (about 5 s on
2 cores); one short query needs only a few small matrix products. This runs the
same weights (``model.safetensors``) and tokenizer (``tokenizer.json``) as the
sentence-transformers model, for the architecture the packaged MiniLM has:
BERT, mean pooling, L2 normalisation. ``supports()`` says whether a model folder
fits; anything else goes through sentence-transformers. A test checks that both
give the same vectors.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np


def supports(model_dir: str | Path) -> bool:
    """True for a local BERT model with mean pooling and normalisation (e.g. all-MiniLM-L6-v2)."""
    folder = Path(model_dir)
    try:
        modules = json.loads((folder / "modules.json").read_text())
        config = json.loads((folder / "config.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    return (
        kinds == ["Transformer", "Pooling", "Normalize"]
        and config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and pooling.get("pooling_mode_mean_tokens") is True
        and not any(pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                             "pooling_mode_mean_sqrt_len_tokens"))
        and (folder / "model.safetensors").exists()
        and (folder / "tokenizer.json").exists()
    )


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # The exact (erf) GELU that BERT's "gelu" means.
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class NumpyBertEncoder:
    """Mean-pooled, normalised BERT embeddings computed with numpy."""

    def __init__(self, model_dir: str | Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = Path(model_dir)
        config = json.loads((folder / "config.json").read_text())
        max_length = json.loads((folder / "sentence_bert_config.json").read_text()).get("max_seq_length", 256)
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.weights = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(max_length))
        self.tokenizer.no_padding()

    def _w(self, name: str) -> np.ndarray:
        return self.weights[name]

    def encode_one(self, text: str) -> np.ndarray:
        ids = np.asarray(self.tokenizer.encode(text).ids, dtype=np.int64)
        w = self._w
        x = w("embeddings.word_embeddings.weight")[ids] + w("embeddings.position_embeddings.weight")[: len(ids)]
        x = x + w("embeddings.token_type_embeddings.weight")[0]
        x = _layer_norm(x, w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"), self.eps)
        size = x.shape[-1] // self.heads
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def linear(h: np.ndarray, name: str) -> np.ndarray:
                return h @ w(p + name + ".weight").T + w(p + name + ".bias")

            q = linear(x, "attention.self.query").reshape(len(ids), self.heads, size).transpose(1, 0, 2)
            k = linear(x, "attention.self.key").reshape(len(ids), self.heads, size).transpose(1, 0, 2)
            v = linear(x, "attention.self.value").reshape(len(ids), self.heads, size).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attention = (scores / scores.sum(-1, keepdims=True)) @ v
            attention = attention.transpose(1, 0, 2).reshape(len(ids), -1)
            x = _layer_norm(x + linear(attention, "attention.output.dense"),
                            w(p + "attention.output.LayerNorm.weight"), w(p + "attention.output.LayerNorm.bias"), self.eps)
            hidden = _gelu(linear(x, "intermediate.dense"))
            x = _layer_norm(x + linear(hidden, "output.dense"),
                            w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias"), self.eps)
        pooled = x.mean(0)
        return (pooled / (np.linalg.norm(pooled) or 1.0)).astype(np.float32)
