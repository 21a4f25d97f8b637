"""Which of the supported languages a text is written in, and accent-insensitive folding."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bot.vocabulary import LANGUAGES

# Below this confidence a short message ("ok", "gracias") keeps the fallback language.
_MIN_CONFIDENCE = 0.35


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(
            Language.SPANISH, Language.ENGLISH, Language.PORTUGUESE, Language.FRENCH
        )
        .with_preloaded_language_models()
        .build()
    )


def warm_up() -> None:
    """Load the language models now rather than on the first message."""
    _detector()


def detect_language(text: str, default: str = "es") -> str:
    """Return 'es', 'en', 'pt' or 'fr' for ``text``; ``default`` when unsure."""
    if default not in LANGUAGES:
        default = "es"
    letters = sum(ch.isalpha() for ch in text)
    if letters < 3:
        return default
    values = _detector().compute_language_confidence_values(text[:2000])
    if not values or values[0].value < _MIN_CONFIDENCE:
        return default
    code = values[0].language.iso_code_639_1.name.lower()
    return code if code in LANGUAGES else default


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: 'Gestión' and 'gestion' are the same word."""
    return without_accents(text.lower())


def without_accents(text: str) -> str:
    """``text`` with its accents stripped and its capitals kept: 'Política Nacional' -> 'Politica Nacional'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
