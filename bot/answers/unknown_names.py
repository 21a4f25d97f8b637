"""Funds and agencies a question asks about that the knowledge base never names.

"Does KOICA have a window a labour ministry could apply to?" shares "apply", "ministry" and
"project" with half the knowledge base, so the search finds passages and the offline answer
quoted AECID's INTERCOONECTA instead: four of the six off-topic questions of the seventeenth
round's blind set (KOICA, FEMCIDI, Brazil's FAT, the ILO's article 22 reports) and four of the
sixteenth's (EUROsociAL+, AFD, Brazil's ABC, OAS overhead) got unrelated donor material. A name
the index never mentions, asked about as a funder ("¿el FEMCIDI financia…?") or asked what it is,
is said to be outside the knowledge base instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answers.understanding import donors_in, names_workshop, programmes_in
from bot.language import fold
from bot.resources import load_toml

# A word as written; hyphens split it ("USDOL-funded" is USDOL, "APC-Colombia" is APC and Colombia).
_WORD = re.compile(r"[^\W\d_][\w+]*")
_CLAUSE = re.compile(r"[^?.!;]+")
_MIN_LETTERS = 3


@lru_cache(maxsize=1)
def _words() -> dict:
    return load_toml("words.toml")["unknown_names"]


@lru_cache(maxsize=1)
def _asking() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    words = _words()
    funding = re.compile("|".join(words["asks_as_a_funder"]))
    own = re.compile(rf"\b(?:{'|'.join(words['own_unit'])})\s+(?:\w+\s+)?$")
    return funding, own, frozenset(fold(word) for word in words["common_abbreviations"])


def looks_like_a_name(word: str) -> bool:
    """An acronym or a brand-like name: "KOICA", "FEMCIDI", "EUROsociAL+" (not "Canadá", not "ok")."""
    letters = [ch for ch in word if ch.isalpha()]
    return (len(letters) >= _MIN_LETTERS and word[0].isupper()
            and sum(ch.isupper() for ch in letters) >= 2)


def index_words(texts: list[str]) -> frozenset[str]:
    """Every word of the indexed texts, folded: what the knowledge base names (each distinct word folded once:
    the first answer of a fresh process pays for this)."""
    written: set[str] = set()
    for text in texts:
        written.update(_WORD.findall(text.replace("-", " ")))
    return frozenset(map(fold, written))


def unknown_funders(question: str, known: frozenset[str]) -> list[str]:
    """The names ``question`` asks about as a funder or a programme ("¿el FEMCIDI financia…?", "¿qué es
    EUROsociAL+?") that no indexed text mentions; [] when it names a donor, a programme or the workshop the
    knowledge base covers, or when the name is the ministry's own ("nuestro SINE", "el MTSS del ministerio")."""
    if donors_in(question) or programmes_in(question) or names_workshop(question):
        return []
    funding, own, common = _asking()
    found: list[str] = []
    for clause in _CLAUSE.finditer(question):
        text = clause.group(0)
        folded = fold(text)
        if not funding.search(folded):
            continue
        for match in _WORD.finditer(text.replace("-", " ")):
            name = match.group(0)
            key = fold(name)
            if (looks_like_a_name(name) and key not in known and key.rstrip("+") not in known
                    and key not in common and not own.search(fold(text[:match.start()]))):
                found.append(name)
    return list(dict.fromkeys(found))
