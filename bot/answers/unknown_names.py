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
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bot.answers.understanding import donors_in, names_workshop, programmes_in
from bot.language import fold
from bot.resources import load_toml

# A word as written; hyphens split it ("USDOL-funded" is USDOL, "APC-Colombia" is APC and Colombia).
_WORD = re.compile(r"[^\W\d_][\w+]*")
_CLAUSE = re.compile(r"[^?.!;]+")
_MIN_LETTERS = 3
_NAME_GAP = re.compile(r"\s+|'|’")


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


@dataclass(frozen=True)
class Vocabulary:
    """What the indexed texts name: their words, folded, and (built when first asked for) their text as folded
    words one space apart, for names of several words ("Fondo Voluntario de Cooperación" is covered, "Fondo Verde
    para el Clima" is not)."""

    words: frozenset[str]
    texts: tuple[str, ...] = ()

    def __contains__(self, word: object) -> bool:
        return word in self.words

    @cached_property
    def text(self) -> str:
        folded: dict[str, str] = {}
        joined = (" ".join(folded.setdefault(word, fold(word)) for word in _WORD.findall(text.replace("-", " ")))
                  for text in self.texts)
        return f" {' '.join(joined)} "

    def has_phrase(self, words: list[str]) -> bool:
        return f" {' '.join(words)} " in self.text


def names(vocabulary: Vocabulary, name: str) -> bool:
    """Whether the indexed texts name ``name`` word for word ("GIZ" yes, "Union européenne" no)."""
    return vocabulary.has_phrase([fold(word) for word in _WORD.findall(name.replace("-", " "))])


def index_words(texts: list[str]) -> Vocabulary:
    """Every word of the indexed texts, folded: what the knowledge base names (each distinct word folded once:
    the first answer of a fresh process pays for this)."""
    written: set[str] = set()
    for text in texts:
        written.update(_WORD.findall(text.replace("-", " ")))
    return Vocabulary(frozenset(map(fold, written)), tuple(texts))


def organisation_names(text: str) -> list[tuple[str, list[str]]]:
    """Funds, foundations or agencies named in words in ``text``: ("Green Climate Fund", its folded words). A head
    noun ("Fund", "Fondo") with the capitalised words before it ("Green Climate Fund") or after it, small words
    and lower-case adjectives allowed inside ("Organisation internationale de la Francophonie"); the noun alone
    ("the Fund") or in lower case ("the fund") is no name."""
    words = _words()
    nouns, connectors = frozenset(words["organisation_nouns"]), frozenset(words["name_connectors"])
    inside = connectors | frozenset(words["name_adjectives"])  # lower-case words a name may hold
    spaced = text.replace("-", " ")
    tokens = list(_WORD.finditer(spaced))
    keys = [fold(token.group(0)) for token in tokens]
    capital = [token.group(0)[0].isupper() for token in tokens]
    # A name runs on across spaces only ("l'Organisation…" too), not across "(ABC). Como".
    joined = [i > 0 and _NAME_GAP.fullmatch(spaced[tokens[i - 1].end():tokens[i].start()]) is not None
              for i in range(len(tokens))]
    found = []
    for head, key in enumerate(keys):
        if key not in nouns or not capital[head]:  # "the World Bank fund" names the World Bank
            continue
        first = head
        while (first > 0 and head - first < 3 and joined[first] and capital[first - 1]
               and keys[first - 1] not in connectors):
            first -= 1
        last, scan = head, head + 1
        while (scan < len(tokens) and scan - head <= 6 and joined[scan]
               and (capital[scan] or keys[scan] in inside)):
            if capital[scan]:
                last = scan
            scan += 1
        if any(capital[i] and keys[i] not in nouns and keys[i] not in connectors for i in range(first, last + 1)):
            found.append((text[tokens[first].start():tokens[last].end()], keys[first:last + 1]))
    return found


def unknown_funders(question: str, known: Vocabulary) -> list[str]:
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
        found += [name for name, words in organisation_names(text) if not known.has_phrase(words)]
        for match in _WORD.finditer(text.replace("-", " ")):
            name = match.group(0)
            key = fold(name)
            if (looks_like_a_name(name) and key not in known and key.rstrip("+") not in known
                    and key not in common and not own.search(fold(text[:match.start()]))):
                found.append(name)
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def _not_covered() -> re.Pattern[str]:
    acronyms = "|".join(re.escape(name) for name in _words()["not_covered_acronyms"])
    return re.compile(rf"(?<![\w+])(?:{acronyms})(?![\w+])")


def funders_not_covered(question: str) -> list[str]:
    """The funders ``question`` asks about as funders that the knowledge base names only in passing and does not
    cover ("¿GIZ abre convocatorias para ministerios?", "Does USAID still fund…?"); [] when it also names a
    donor, a programme or the workshop the knowledge base covers."""
    funding, named = _asking()[0], _not_covered()
    # A fund named after a covered donor is still not covered ("the Canada Fund for Local Initiatives").
    rest = named.sub(" ", question)
    if donors_in(rest) or programmes_in(rest) or names_workshop(rest):
        return []
    found: list[str] = []
    for clause in _CLAUSE.finditer(question):
        text = clause.group(0)
        if funding.search(fold(text)):
            found += [match.group(0) for match in named.finditer(text)]
    return list(dict.fromkeys(found))
