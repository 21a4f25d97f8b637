"""Questions about figures ("¿A qué corresponden 26, 25, más de 70 y 10?"): the lines that give each figure.

Searched by meaning, "à quoi correspondent les nombres 14, 15, 17 et 19 ?" got the guide's advice on
coordinating donors: a number is one token among many, and the encoders barely read it. So a figure is
found by itself, as a year is (bot/answers/dated.py): every line of one version of each document that
gives it, the lines where it counts what the question names ("26 países") first. The worked example is
searched when the question names it, the donor sheets, methods notes and workshop report otherwise.
Days ("what happened on 27 March 2025?") are found the same way, in any language's way of writing a date.
Question words: prompts/words.toml, [answers] figure_questions (and year_questions for a single day).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.answers.dated import DATED_KINDS, PARENTHESES, year_question, passages_naming, same_fact
from bot.answers.lexical import content_words
from bot.answers.understanding import EXAMPLE_KIND
from bot.answers.units import Unit, has_an_address, quotable, split_units
from bot.language import fold
from bot.models import Passage
from bot.resources import load_toml, words
from bot.vocabulary import LANGUAGES

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
    def numbered(passage: Passage) -> list[str]:
        return [item.group(2) for line in passage.text.splitlines()
                if (item := _ITEM_NUMBER.match(line)) and item.group(1) == figure]

    return units_giving(passages, lambda text, passage: gives(text, figure) or any(text in line for line in
                                                                                   numbered(passage)),
                        lambda text: 0 if _counts_what_is_asked(text, figure, asked_words) else 1,
                        lambda text: what_it_counts(text, figure), most)


def units_giving(passages: Sequence[Passage], gives_it: Callable[[str, Passage], bool], rank: Callable[[str], int],
                 kind: Callable[[str], str], most: int) -> list[Unit]:
    """The lines of ``passages`` that ``gives_it``, at most ``most``, each fact once: the documents whose best line
    ranks first first, each document's best line before any document's second, and lines of a ``kind`` not yet
    chosen before another of the same ("18 %" and "18 inspecteurs" are two answers)."""
    by_document: dict[str, list[tuple[int, int, Unit]]] = {}
    for index, passage in enumerate(passages):
        if not quotable(passage):
            continue
        for place, text in enumerate(split_units(passage.text)):
            if gives_it(text, passage) and not has_an_address(text):
                by_document.setdefault(passage.source, []).append((rank(text), index * 1000 + place, Unit(text, index)))
    for found in by_document.values():
        found.sort(key=lambda item: (item[0], item[1]))
    documents = sorted(by_document, key=lambda source: (by_document[source][0][0], by_document[source][0][1]))
    chosen: list[Unit] = []
    kinds: set[str] = set()
    for _turn in range(most):
        for source in documents:
            found = by_document[source]
            if len(chosen) == most or not found:
                continue
            pick = next((item for item in found if kind(item[2].text) not in kinds), found[0])
            found.remove(pick)
            unit = pick[2]
            if not any(same_fact(unit.text, other.text) for other in chosen):
                chosen.append(unit)
                kinds.add(kind(unit.text))
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
    return labelled_lines(figures, passages_of, lambda chunks, figure: figure_units(chunks, figure, asked_words, most),
                          str)


def labelled_lines(items: Sequence, passages_of: Callable, units_of: Callable, label: Callable[..., str]
                   ) -> tuple[list[Passage], list[Unit], list[str]]:
    """For each of ``items`` (figures, days), ``units_of`` its chunks (``passages_of(item)``), each line labelled
    with ``label(item)``; the passages they quote, each once; and the labels of the items no line gives."""
    passages: list[Passage] = []
    place: dict[str, int] = {}
    lines: list[Unit] = []
    missing: list[str] = []
    for item in items:
        chunks = passages_of(item)
        units = units_of(chunks, item)
        if not units:
            missing.append(label(item))
        for unit in units:
            passage = chunks[unit.passage_index]
            if passage.id not in place:
                place[passage.id] = len(passages)
                passages.append(passage)
            lines.append(Unit(f"{label(item)}: {unit.text}", place[passage.id]))
    return passages, lines, missing


def figure_passages(snapshot, figure: str, reading_order: Sequence[str], example: bool) -> list[Passage]:
    """The chunks that give ``figure``: of the worked example when the question names it, else of the dated
    documents; one version of each document, the first of ``reading_order``'s languages it exists in."""
    kinds = (EXAMPLE_KIND,) if example else DATED_KINDS
    def names(text: str) -> bool:
        return gives(text, figure) or any(item.group(1) == figure for line in text.splitlines()
                                          if (item := _ITEM_NUMBER.match(line)))
    return passages_naming(snapshot, names, reading_order, kinds)


# --- days ------------------------------------------------------------------------------------------------------
# "What happened on 27 March 2025, 10 December 2019 …?": a day is found by itself too, in any language's way of
# writing it ("27 March 2025", "27 de marzo de 2025", "27 mars 2025", "March 27, 2025").
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|º)?\s+(?:de\s+)?([^\W\d]{3,10})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b")
_MONTH_DAY_YEAR = re.compile(r"\b([^\W\d]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b")
MAX_DAYS_ASKED = 6
MAX_PER_DAY = 2  # a day is one event, told in several documents: two lines say it


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """Each month's name and its first three letters, folded, in every language, to its number."""
    numbers: dict[str, int] = {}
    for language in LANGUAGES:
        for number, name in enumerate(load_toml(f"messages/{language}.toml")["composed_answer"]["months"], start=1):
            folded = fold(name).lower()
            numbers[folded] = number
            numbers.setdefault(folded[:3], number)
    return numbers


def days_in(text: str) -> list[tuple[int, int, int]]:
    """The days ``text`` names (year, month, day), in order and once each."""
    months = _month_numbers()
    found: list[tuple[int, int, int]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        month = months.get(fold(match.group(2)).lower())
        if month and 1 <= int(match.group(1)) <= 31:
            found.append((int(match.group(3)), month, int(match.group(1))))
    for match in _MONTH_DAY_YEAR.finditer(text):
        month = months.get(fold(match.group(1)).lower())
        if month and 1 <= int(match.group(2)) <= 31:
            found.append((int(match.group(3)), month, int(match.group(2))))
    return list(dict.fromkeys(found))


def asked_days(question: str, previous: str | None = None) -> list[tuple[int, int, int]]:
    """The days a question asks what happened on: two or more, or one with a question on what happened or when
    ("¿qué pasó el 27 de marzo de 2025?"); a short follow-up of such a question asks the same of its own days."""
    days = days_in(question)
    if not days or len(days) > MAX_DAYS_ASKED:
        return []
    follows = previous is not None and len(question.split()) <= 15 and len(days_in(previous)) >= 2
    if len(days) >= 2 or follows or year_question().search(fold(question).lower()):
        return days
    return []


def gives_day(text: str, day: tuple[int, int, int]) -> bool:
    return str(day[2]) in text and day in days_in(text)


def day_units(passages: Sequence[Passage], day: tuple[int, int, int], most: int) -> list[Unit]:
    """The lines of ``passages`` that give ``day``: those that say what happened on it (outside their parentheses)
    before those that only cite a source of that day."""
    def in_its_sources_only(text: str) -> int:
        return 0 if gives_day(PARENTHESES.sub(" ", text), day) else 1

    return units_giving(passages, lambda text, _passage: gives_day(text, day), in_its_sources_only, lambda _: "", most)


def day_lines(passages_of: Callable[[tuple[int, int, int]], list[Passage]], days: Sequence[tuple[int, int, int]],
              label: Callable[[tuple[int, int, int]], str]) -> tuple[list[Passage], list[Unit], list[str]]:
    """The passages and lines that give each of ``days``, each line labelled with its day, and the days none gives."""
    most = max(1, min(MAX_PER_DAY, MAX_FIGURE_ITEMS // max(len(days), 1)))
    return labelled_lines(days, passages_of, lambda chunks, day: day_units(chunks, day, most), label)


def day_passages(snapshot, day: tuple[int, int, int], reading_order: Sequence[str]) -> list[Passage]:
    """The chunks of the dated documents that give ``day``, one version of each document."""
    year = str(day[0])
    return passages_naming(snapshot, lambda text: year in text and gives_day(text, day), reading_order, DATED_KINDS)
