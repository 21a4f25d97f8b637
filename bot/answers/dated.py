"""Questions by year ("¿qué pasó en 2013 con los donantes?"): the knowledge base's facts dated that year.

Searched by meaning, "What happened in 2017 across the donors?" got cards on coordinating donors: the
year is one word among many, and the encoders barely read it. A year's facts sit one per line in the
donor sheets and the methods notes, so they are found by the year itself: every line that dates
something in it, from one version of each document (the reader's language first), the lines that say
what happened in the year before those that only cite a source of that year. Question words:
prompts/words.toml, [answers] year_questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bot.answers.lexical import content_words
from bot.answers.units import ANSWER_CARDS_FOLDER, Unit, has_an_address, is_project_advice, quotable, split_units
from bot.language import fold
from bot.models import Passage
from bot.resources import words

# The documents that date facts. The guide repeats the donor sheets' facts, and the worked example's dates
# are illustrative (its "month 12" of a project that never ran).
DATED_KINDS = ("donor", "methods", "workshop")
# "2017", "1403/2007", and both ends of "2017–19" or "2015–2024".
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?:\s*[–-]\s*((?:19|20)?\d\d))?(?![\d])")
PARENTHESES = re.compile(r"\([^()]*\)")
MAX_DATED_ITEMS = 8
MAX_PER_DOCUMENT = 3
MAX_YEARS_ASKED = 3
MIN_ITEMS_A_YEAR = 4  # several years asked: each gets its share of MAX_DATED_ITEMS, and at least this many lines
_SENTENCE = re.compile(r"(?<=[.?!)])\s+")
# "entre 2008 y 2013", "between 2008 and 2013", "de 2015 a 2020", "du 2015 au 2020": a span, not the years at its
# ends ("de 2021 y 2022" names two years).
_Y = r"(?:19|20)\d\d"
_SPAN = re.compile(rf"\b(?:entre {_Y} (?:y|e|et)|between {_Y} and|from {_Y} to|desde {_Y} (?:hasta|a)"
                   rf"|de {_Y} (?:a|ate|hasta)|du {_Y} au) {_Y}\b")
# Two lines say the same fact when this share of the shorter one's words (its sources left out) is in the other:
# "O BID aplica a DEM … desde 2010" and "Depois da oficina…, o BID … aplicou a DEM … desde 2010" (0.88).
SAME_FACT = 0.75


@lru_cache(maxsize=1)
def year_question() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["year_questions"]))


def years_in(text: str) -> set[str]:
    """The years ``text`` names, both ends of a range included ("2017–19" names 2017 and 2019)."""
    found = set()
    for match in _YEAR.finditer(text):
        found.add(match.group(1))
        end = match.group(2)
        if end:
            found.add(end if len(end) == 4 else match.group(1)[:2] + end)
    return found


def asked_years(question: str) -> list[str]:
    """The years a question asks what happened in, in order ("What happened in 2017 across the donors?", "¿y de
    2021 y 2022?"), else []. They are those of its last sentence that names a year and asks (or else names one):
    "(ya tengo 2008 y 2013). ¿Qué hay en la base fechado en 2012?" asks about 2012. A span ("between 2008 and
    2013", "2017–19") and more than MAX_YEARS_ASKED years are not asked this way."""
    if not year_question().search(fold(question).lower()):
        return []
    naming = [sentence for sentence in _SENTENCE.split(question) if _YEAR.search(sentence)]
    if not naming:
        return []
    sentence = ([s for s in naming if "?" in s] or naming)[-1]
    if _SPAN.search(fold(sentence).lower()) or any(match.group(2) for match in _YEAR.finditer(sentence)):
        return []
    years = sorted(years_in(sentence))
    return years if len(years) <= MAX_YEARS_ASKED else []


def dates_it(unit: str, year: str) -> int:
    """2 when ``unit`` says what happened in ``year``, 1 when only a source it cites is of that year, else 0."""
    if year in years_in(PARENTHESES.sub(" ", unit)):
        return 2
    return 1 if year in years_in(unit) else 0


def same_fact(first: str, second: str) -> bool:
    """Whether two lines say the same thing: most words of the shorter, outside its parentheses, are in the other."""
    a, b = (set(content_words(PARENTHESES.sub(" ", text))) for text in (first, second))
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_FACT


def dated_units(passages: Sequence[Passage], year: str, first_donors: Sequence[str] = (),
                most: int = MAX_DATED_ITEMS) -> list[Unit]:
    """The lines of ``passages`` that date something in ``year``, at most ``most`` and MAX_PER_DOCUMENT a
    document, each fact once, in reading order within each document; the named donors' documents first, then
    the documents whose best line says what happened, then by how many lines they date."""
    by_document: dict[str, list[tuple[int, int, Unit]]] = {}
    for index, passage in enumerate(passages):
        if not quotable(passage):
            continue
        for place, text in enumerate(split_units(passage.text)):
            strength = dates_it(text, year)
            if strength and not has_an_address(text) and not is_project_advice(text):
                by_document.setdefault(passage.source, []).append((strength, index * 1000 + place, Unit(text, index)))
    donor_of = {p.source: p.donor for p in passages}

    def document_order(source: str) -> tuple:
        found = by_document[source]
        return (donor_of.get(source) not in first_donors, -max(s for s, _, _ in found), -len(found), source)

    documents = sorted(by_document, key=document_order)
    ranked = {source: sorted(by_document[source], key=lambda item: (-item[0], item[1])) for source in documents}
    chosen: dict[str, list[tuple[int, Unit]]] = {source: [] for source in documents}
    taken = 0
    for _ in range(MAX_PER_DOCUMENT):  # each document's best line first, then each one's second...
        for source in documents:
            if taken == most:
                break
            candidates = ranked[source]
            while candidates:
                _strength, order, unit = candidates.pop(0)
                if not any(same_fact(unit.text, other.text) for picks in chosen.values() for _, other in picks):
                    chosen[source].append((order, unit))
                    taken += 1
                    break
    return [unit for source in documents for _, unit in sorted(chosen[source], key=lambda item: item[0])]


def dated_lines(passages_of: Callable[[str], list[Passage]], years: Sequence[str], first_donors: Sequence[str] = ()
                ) -> tuple[list[Passage], list[Unit]]:
    """The passages and lines that answer what happened in ``years``: each year's lines (``passages_of(year)`` holds
    the chunks that name it), a share of MAX_DATED_ITEMS a year, each line once."""
    most = max(MIN_ITEMS_A_YEAR, MAX_DATED_ITEMS // max(len(years), 1))
    passages: list[Passage] = []
    place: dict[str, int] = {}
    lines: list[Unit] = []
    for year in years:
        chunks = passages_of(year)
        for unit in dated_units(chunks, year, first_donors, most):
            if any(unit.text == line.text for line in lines):  # a line that names two of the years
                continue
            passage = chunks[unit.passage_index]
            if passage.id not in place:
                place[passage.id] = len(passages)
                passages.append(passage)
            lines.append(Unit(unit.text, place[passage.id]))
    return passages, lines


def dated_passages(snapshot, year: str, reading_order: Sequence[str]) -> list[Passage]:
    """Every chunk of a dated document (not its answer cards) that names ``year``, in one version of each document:
    the first of ``reading_order``'s languages it exists in; in document order."""
    return passages_naming(snapshot, lambda text: year in years_in(text), reading_order, DATED_KINDS)


def passages_naming(snapshot, names: Callable[[str], bool], reading_order: Sequence[str], kinds: Sequence[str],
                    folded: bool = False) -> list[Passage]:
    """Every chunk of the documents of ``kinds`` (not their answer cards) whose text (``folded``: lower case, without
    accents) ``names`` holds for, in one version of each document (the first of ``reading_order``'s languages it
    exists in), in document order."""
    rows_by_family: dict[str, dict[str, list[int]]] = {}
    for row, meta in enumerate(snapshot.metadatas):
        source = str(meta.get("source", ""))
        if meta.get("kind") not in kinds or source.startswith(ANSWER_CARDS_FOLDER):
            continue
        family = str(meta.get("family") or source)
        rows_by_family.setdefault(family, {}).setdefault(str(meta.get("language", "")), []).append(row)
    chosen: list[int] = []
    for versions in rows_by_family.values():
        language = next((code for code in reading_order if code in versions), None)
        if language is None:
            continue
        texts = snapshot.folded_texts if folded else snapshot.texts
        chosen += [row for row in versions[language] if names(texts[row])]
    chosen.sort(key=lambda row: (str(snapshot.metadatas[row].get("source", "")),
                                 int(snapshot.metadatas[row].get("chunk_index", 0))))
    return [snapshot.passage(snapshot.ids[row]) for row in chosen]
