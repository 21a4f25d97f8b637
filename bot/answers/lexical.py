"""BM25 over the chunks, with accent folding and Snowball stemming per language.

Documents are stemmed with their own language's stemmer; a query is stemmed
with every supported language's stemmer, because a short question's language
is uncertain and the corpus is bilingual. A second index over character
trigrams (``char_ngrams``) matches cognates across languages.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
import snowballstemmer

from bot.language import fold
from bot.resources import words

_STEMMER_NAMES = {"es": "spanish", "en": "english", "pt": "portuguese", "fr": "french"}
_TOKEN = re.compile(r"[a-z0-9]+")

# Function words per language (prompts/words.toml, accent-folded); BM25's idf handles the rest. A word
# is a function word only in its own language: French "sur" is the Spanish "Sur" of "Sur-Sur".
STOPWORDS = {language: frozenset(listed.split()) for language, listed in words()["stopwords"].items()}
ANY_LANGUAGE_STOPWORDS = frozenset().union(*STOPWORDS.values())


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(_STEMMER_NAMES.get(language, "spanish"))


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    # Snowball is pure Python: a corpus repeats its words, so stem each one once.
    return _stemmer(language).stemWord(word)


def content_words(text: str, language: str | None = None) -> list[str]:
    """Accent-folded words of ``text`` without the function words of ``language`` (of any
    language when it is not known)."""
    stop = STOPWORDS.get(language, ANY_LANGUAGE_STOPWORDS) if language else ANY_LANGUAGE_STOPWORDS
    return [w for w in _TOKEN.findall(fold(text)) if w not in stop and (len(w) > 1 or w.isdigit())]


def tokenize(text: str, language: str) -> list[str]:
    """Accent-folded stems of the content words of ``text``, read as ``language``."""
    return [_stem(word, language) for word in content_words(text, language)]


def query_terms(text: str, language: str | None = None) -> list[str]:
    """Stems of a query under every supported language's rules, without repeats.

    The corpus is bilingual and a short question's language uncertain, so every stemmer
    reads it; the function words dropped are those of the question's ``language`` (of any
    language when it is not known): "Sur-Sur" keeps "sur" in a Spanish question.
    """
    words = content_words(text, language)
    terms: dict[str, None] = {}
    for stemmer in _STEMMER_NAMES:
        for word in words:
            terms[_stem(word, stemmer)] = None
    return list(terms)


def char_ngrams(text: str, language: str | None = None, n: int = 3) -> list[str]:
    """Character n-grams of each content word, padded with '_' at both ends.

    Cognates share most of their trigrams ("formulação"/"formulación"/"formulation"),
    so this matches a Portuguese or French question to Spanish or English text
    where no stemmer does.
    """
    grams: list[str] = []
    for word in content_words(text, language):
        padded = f"_{word}_"
        grams.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
    return grams


class BM25Index:
    """Okapi BM25 over a fixed list of documents (rebuilt with each index generation)."""

    def __init__(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        k1: float = 1.4,
        b: float = 0.75,
        analyzer: Callable[[str, str], list[str]] = tokenize,
    ) -> None:
        self.k1, self.b = k1, b
        self.size = len(texts)
        lengths = np.zeros(self.size, dtype=np.float32)
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, (text, language) in enumerate(zip(texts, languages)):
            counts = Counter(analyzer(text, language))
            lengths[index] = sum(counts.values())
            for term, count in counts.items():
                postings[term].append((index, count))
        self.average_length = float(lengths.mean()) if self.size else 0.0
        self._norm = self.k1 * (1 - self.b + self.b * lengths / (self.average_length or 1.0))
        self._postings = {
            term: (np.array([i for i, _ in items], dtype=np.int32), np.array([c for _, c in items], dtype=np.float32))
            for term, items in postings.items()
        }
        self._idf = {
            term: math.log(1 + (self.size - len(items) + 0.5) / (len(items) + 0.5))
            for term, items in postings.items()
        }

    def scores(self, terms: Iterable[str]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for term in terms:  # a term repeated in the query counts again (query term frequency)
            posting = self._postings.get(term)
            if posting is None:
                continue
            docs, tf = posting
            scores[docs] += self._idf[term] * tf * (self.k1 + 1) / (tf + self._norm[docs])
        return scores

    def max_idf(self) -> float:
        return max(self._idf.values(), default=0.0)

    def known_terms(self, terms: Iterable[str]) -> list[str]:
        return [term for term in terms if term in self._postings]

    def idf(self, term: str) -> float:
        return self._idf.get(term, 0.0)

    def containing(self, term: str) -> np.ndarray:
        """The rows of the documents that contain ``term``."""
        posting = self._postings.get(term)
        return posting[0] if posting is not None else np.zeros(0, dtype=np.int32)


# A name as an officer writes it: an acronym ("PIFTE", "CMEP"). Capitalised words inside a sentence
# were tried too: "la Dirección de Empleo" then ranked passages on the example's directorates first.
_ACRONYM = re.compile(r"\b[A-ZÁÉÍÓÚÑÇ]{3,}\b")


def names_in(text: str) -> list[str]:
    """The acronyms of ``text``, as written."""
    return list(dict.fromkeys(_ACRONYM.findall(text)))
