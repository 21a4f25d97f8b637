"""Questions about figures ("¿A qué corresponden 26, 25, más de 70 y 10?"): the lines that give each figure.

Searched by meaning, "à quoi correspondent les nombres 14, 15, 17 et 19 ?" got the guide's advice on
coordinating donors: a number is one token among many, and the encoders barely read it. So a figure is
found by itself, as a year is (bot/answers/dated.py): every line of one version of each document that
gives it, the lines where it counts what the question names ("26 países") first. The worked example is
searched when the question names it, the donor sheets, methods notes and workshop report otherwise.
Question words: prompts/words.toml, [answers] figure_questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.answers.dated import DATED_KINDS, passages_naming, same_fact
from bot.answers.lexical import content_words
from bot.answers.understanding import EXAMPLE_KIND
from bot.answers.units import Unit, has_an_address, quotable, split_units
from bot.language import fold
from bot.models import Passage
from bot.resources import words

# A figure as written: "26", "30,7", "1.760.000", an ordinal ("17e", "17th", "17.º"); not a digit of a word or
# code ("R2", "SGA 07-10", "1.3.2"), nor a day of a date ("14 juin 2007", "15 de octubre").
_FIGURE = re.compile(r"(?<![\w.,/–-])(\d+(?:[.,]\d+)*)(?:e|er|re|eme|th|st|nd|rd|\.?º|\.?ª)?(?![\w/–-]|[.,]\d)"
                     r"(?!\s+(?:de\s+)?(?:janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre"
                     r"|novembre|decembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre"
                     r"|noviembre|diciembre|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro"
                     r"|dezembro|January|February|March|April|May|June|July|August|September|October|November"
                     r"|December)\b)")
# A numbered list item: its number is the figure ("19. Format : …" is the checklist's point 19).
_ITEM_NUMBER = re.compile(r"^\s*(\d{1,3})[.)]\s+(.+)$")
_A_YEAR = re.compile(r"(?:19|20)\d\d")
MAX_FIGURES_ASKED = 6
MAX_PER_FIGURE = 4
MAX_FIGURE_ITEMS = 8
# How far after a figure a word of the question marks what it counts ("26 países", "18 inspectores").
_COUNTS_WITHIN = 40


@lru_cache(maxsize=1)
def _figure_question() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["figure_questions"]))


def figures_in(text: str) -> list[str]:
    """The figures ``text`` names, in order and once each; years are left to dated.py."""
    return list(dict.fromkeys(f for f in _FIGURE.findall(text) if not _A_YEAR.fullmatch(f)))


def asked_figures(question: str, previous: str | None = None) -> list[str]:
    """The figures a question asks the meaning of ("¿a qué corresponden 26, 25 y 10?"), else []. A short
    follow-up of such a question asks the same of its own figures ("et 18 ?")."""
    asks = _figure_question().search(fold(question).lower())
    follows = (not asks and previous is not None and len(question.split()) <= 12
               and bool(_figure_question().search(fold(previous).lower())))
    if not (asks or follows):
        return []
    figures = figures_in(question)
    return figures if 0 < len(figures) <= MAX_FIGURES_ASKED else []


def gives(unit: str, figure: str) -> bool:
    return figure in _FIGURE.findall(unit)


def _counts_what_is_asked(unit: str, figure: str, asked_words: set[str]) -> bool:
    """Whether a word of the question follows the figure closely in ``unit`` ("26 países" for "cifras de países")."""
    for match in _FIGURE.finditer(unit):
        if match.group(1) == figure:
            after = set(content_words(unit[match.end():match.end() + _COUNTS_WITHIN]))
            if after & asked_words:
                return True
    return False


def figure_units(passages: Sequence[Passage], figure: str, asked_words: set[str], most: int) -> list[Unit]:
    """The lines of ``passages`` that give ``figure``, at most ``most``, each fact once: the documents where it
    counts what the question names first, and each document's best line before any document's second."""
    by_document: dict[str, list[tuple[int, int, Unit]]] = {}
    for index, passage in enumerate(passages):
        if not quotable(passage):
            continue
        numbered = [item.group(2) for line in passage.text.splitlines()
                    if (item := _ITEM_NUMBER.match(line)) and item.group(1) == figure]
        for place, text in enumerate(split_units(passage.text)):
            if (gives(text, figure) or any(text in line for line in numbered)) and not has_an_address(text):
                rank = 0 if _counts_what_is_asked(text, figure, asked_words) else 1
                by_document.setdefault(passage.source, []).append((rank, index * 1000 + place, Unit(text, index)))
    for found in by_document.values():
        found.sort(key=lambda item: (item[0], item[1]))
    documents = sorted(by_document, key=lambda source: (by_document[source][0][0], by_document[source][0][1]))
    chosen: list[Unit] = []
    counted: set[str] = set()  # what the chosen lines' figure counts: "18 %" and "18 inspecteurs" are two answers
    for _turn in range(most):
        for source in documents:
            found = by_document[source]
            if len(chosen) == most or not found:
                continue
            pick = next((item for item in found if what_it_counts(item[2].text, figure) not in counted), found[0])
            found.remove(pick)
            unit = pick[2]
            if not any(same_fact(unit.text, other.text) for other in chosen):
                chosen.append(unit)
                counted.add(what_it_counts(unit.text, figure))
    return chosen


def what_it_counts(unit: str, figure: str) -> str:
    """The word after ``figure`` in ``unit`` ("%" in "18 % des visites", "inspecteurs" in "18 inspecteurs")."""
    for match in _FIGURE.finditer(unit):
        if match.group(1) == figure:
            after = re.match(r"\s*(%|[^\W\d]+)", unit[match.end():])
            return fold(after.group(1)).lower() if after else ""
    return ""


def figure_lines(passages_of: Callable[[str], list[Passage]], figures: Sequence[str], question: str
                 ) -> tuple[list[Passage], list[Unit], list[str]]:
    """The passages and lines that give each of ``figures`` (``passages_of(figure)`` holds the chunks that name
    it), each line labelled with its figure, and the figures no line gives."""
    asked_words = {word for word in content_words(question) if not word.isdigit()}
    most = max(1, min(MAX_PER_FIGURE, MAX_FIGURE_ITEMS // max(len(figures), 1)))
    passages: list[Passage] = []
    place: dict[str, int] = {}
    lines: list[Unit] = []
    missing: list[str] = []
    for figure in figures:
        chunks = passages_of(figure)
        units = figure_units(chunks, figure, asked_words, most)
        if not units:
            missing.append(figure)
        for unit in units:
            passage = chunks[unit.passage_index]
            if passage.id not in place:
                place[passage.id] = len(passages)
                passages.append(passage)
            lines.append(Unit(f"{figure}: {unit.text}", place[passage.id]))
    return passages, lines, missing


def figure_passages(snapshot, figure: str, reading_order: Sequence[str], example: bool) -> list[Passage]:
    """The chunks that give ``figure``: of the worked example when the question names it, else of the dated
    documents; one version of each document, the first of ``reading_order``'s languages it exists in."""
    kinds = (EXAMPLE_KIND,) if example else DATED_KINDS
    def names(text: str) -> bool:
        return gives(text, figure) or any(item.group(1) == figure for line in text.splitlines()
                                          if (item := _ITEM_NUMBER.match(line)))
    return passages_naming(snapshot, names, reading_order, kinds)
