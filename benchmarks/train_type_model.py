"""Train the section-type model (bot/critique/type_model.py) and write prompts/type_model.json.

    python -m benchmarks.train_type_model            # train, report leave-one-set-out figures, write the model
    python -m benchmarks.train_type_model --check    # the figures only

The sections are those of the critique sets, labelled by helpers who never saw the critic: real
public project texts (weight 1) and synthetic sections (weight 0.5: they are cleaner than what
officers paste). Unseen sets are never used. Each real set is left out in turn to measure the model
on sections it was not trained on, beside the rules on the same sections (which were tuned on most
of them, so the comparison flatters the rules); the shipped model is then trained on all.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from benchmarks.sets import discover
from bot.critique import load_rubric
from bot.critique.rubric import SECTION_TYPES
from bot.critique.type_model import MODEL_FILE, cue_features
from bot.critique.typing import content_scores, decide_type
from bot.index.encoders import MultilingualEmbeddings
from bot.resources import resource_path

L2 = 0.3  # ridge penalty on the weights (0.1 to 1.0 gave 0.566 to 0.586 left out; the middle is kept)
SYNTHETIC_WEIGHT = 0.5
STEPS, RATE = 1500, 0.5


def fit(features: np.ndarray, labels: np.ndarray, sample: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted, L2-regularised multinomial logistic regression by gradient descent (deterministic)."""
    classes = len(SECTION_TYPES)
    weights, bias = np.zeros((features.shape[1], classes)), np.zeros(classes)
    targets = np.eye(classes)[labels]
    share = sample / sample.sum()
    for _ in range(STEPS):
        logits = features @ weights + bias
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        gradient = (exp / exp.sum(axis=1, keepdims=True) - targets) * share[:, None]
        weights -= RATE * (features.T @ gradient + L2 * weights / len(labels))
        bias -= RATE * gradient.sum(axis=0)
    return weights, bias


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report the figures, do not write the model")
    args = parser.parse_args(argv)
    rubric = load_rubric()
    types = list(SECTION_TYPES)
    rows = [(bench_set.name, item) for bench_set in discover("critique", include_unseen=False)
            for item in bench_set.items("sections.jsonl")]
    names = np.array([name for name, _ in rows], dtype=object)
    real = np.array([name.startswith("critique-real") for name in names])
    labels = np.array([types.index(item["section_type"]) for _, item in rows])
    texts = [item["text"] for _, item in rows]
    vectors = np.array(MultilingualEmbeddings().embed_documents(texts), dtype=np.float64)
    cues = np.array([cue_features(content_scores(text, rubric), types) for text in texts], dtype=np.float64)
    features = np.hstack([vectors, cues])
    sample = np.where(real, 1.0, SYNTHETIC_WEIGHT)
    rules = np.array([types.index(decide_type(text, rubric).section_type) for text in texts])
    by_set = {}
    learned_right = 0
    for name in sorted(set(names[real])):
        held = names == name
        weights, bias = fit(features[~held], labels[~held], sample[~held])
        right = int(((features[held] @ weights + bias).argmax(axis=1) == labels[held]).sum())
        learned_right += right
        by_set[name] = {"sections": int(held.sum()), "model": right, "rules": int((rules[held] == labels[held]).sum())}
    figures = {
        "real_sections": int(real.sum()), "synthetic_sections": int((~real).sum()),
        "left_out_set_typed_as_labelled": round(learned_right / real.sum(), 3),
        "rules_on_the_same_sections": round(float((rules[real] == labels[real]).mean()), 3),
        "by_set": by_set,
    }
    shipped = _shipped_on_sets_it_never_saw(names, real, features, labels, types)
    if shipped:
        figures["shipped_model_on_sets_it_never_saw"] = shipped
    print(json.dumps(figures, indent=2))
    if args.check:
        return
    weights, bias = fit(features, labels, sample)
    model = {"encoder": "multilingual", "types": types, "bias": [round(float(b), 6) for b in bias],
             "weights": [[round(float(w), 6) for w in row] for row in weights], "trained": figures}
    path = Path(resource_path(MODEL_FILE))
    path.write_text(json.dumps(model, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def _shipped_on_sets_it_never_saw(names, real, features, labels, types) -> dict | None:
    """The model in prompts/ on the real sets spent since it was trained, beside the left-out figure on them:
    whether retraining helps on new sets, measured on sets neither model was trained on."""
    path = Path(resource_path(MODEL_FILE))
    if not path.is_file():
        return None
    shipped = json.loads(path.read_text(encoding="utf-8"))
    seen = set(shipped.get("trained", {}).get("by_set", {}))
    new = real & np.array([name not in seen for name in names])
    if not new.any() or shipped["types"] != types:
        return None
    weights, bias = np.asarray(shipped["weights"]), np.asarray(shipped["bias"])
    right = int(((features[new] @ weights + bias).argmax(axis=1) == labels[new]).sum())
    return {"sets": sorted(set(names[new])), "sections": int(new.sum()), "typed_as_labelled": right}


if __name__ == "__main__":
    main()
