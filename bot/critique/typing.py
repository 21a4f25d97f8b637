"""Which part of a proposal a pasted text is: its heading when it has one, its whole wording otherwise.

Real sections often arrive without a standard heading, and a single word
("…de manera sostenible…", "relevant stakeholders") says little about what a
text is. So a text without a heading is typed by a score over all of its
wording: every section type has strong cues (``content`` in
prompts/rubric.toml, counted double) and weak ones (``vocabulary``), each
counted up to three times. With a multilingual encoder, a learned model over
the text's vector and those scores decides instead (bot/critique/type_model.py).
A text is a full proposal only when its headings name three or more parts, when
a heading says so and the text is long enough to be one, or when a long text
spreads over many parts (or the model says so); a short text is never judged
as a whole proposal (14 findings, 12 of them "missing budget…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from bot.critique.rubric import SECTION_TYPES, Rubric
from bot.critique.type_model import TypeModel
from bot.language import detect_language, fold
from bot.resources import load_toml

_NUMBERING = re.compile(r"^\s*(?:[ivxlc]+|\d+(?:\.\d+)*|[a-h])[.)\-–:]?\s+", re.IGNORECASE)
_BULLET = re.compile(r"^[-•*–·]\s")
_FIELD = re.compile(r"^[^:]{1,60}:\s*\S")  # "Duración: 36 meses" is a field, not a heading
FULL = "full_proposal"
# Distinct section headings inside one text that make it a whole proposal.
_FULL_PROPOSAL_HEADINGS = 3
# Under this many words a text is never a whole proposal, whatever its title says.
SHORT_WORDS = 120
# From this many words, a text whose wording spreads over many parts is a whole proposal.
LONG_WORDS = 450
_SPREAD_TYPES = 4
_SPREAD_SHARE = 0.12
# A text with no cue at all and too short to be a proposal: the core of any proposal.
SHORT_FALLBACK = "objectives"
_STRONG_WEIGHT = 2
# A table's header row or a heading inside the text that names a part ("Indicator", "Project Objectives:")
# says what follows it.
_HEADER_WEIGHT = 5
_CAP = 3  # one cue repeated many times still counts at most this often
_LEADING_LINES = 2  # a title line may come before the section heading
_COVER_LINES = 4  # a cover sheet's heading may follow the donor's and the project's titles
# A project summary (prompts/critique_words.toml [typing.project_summary]): its objective in the
# opening sentences, and at least this many other parts of a project's design.
_SUMMARY = load_toml("critique_words.toml")["typing"]["project_summary"]
_SUMMARY_OBJECTIVE = re.compile(_SUMMARY["objective"])
_NEWS_LEAD = re.compile(_SUMMARY["news_lead"])
_SUMMARY_FACETS = {name: re.compile(p) for name, p in _SUMMARY["facets"].items()}
_SUMMARY_MIN_FACETS = 3
_REPORTED = load_toml("critique_words.toml")["typing"]["reported"]
_REPORTED_NEWS = re.compile(_REPORTED["news"], re.MULTILINE)
_MASTHEAD = re.compile(_REPORTED["masthead"], re.MULTILINE)
_MASTHEAD_TIME = re.compile(_REPORTED["masthead_time"], re.MULTILINE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_POPULATION_AT_RISK = re.compile(load_toml("critique_words.toml")["typing"]["population_at_risk"])
_DATELINE = re.compile(_REPORTED["dateline"], re.MULTILINE)  # on the first line, or after a headline
_REPORTING_MARKS = tuple(re.compile(_REPORTED[name], re.MULTILINE)
                         for name in ("reporting_verb", "reported_event", "reported_when", "byline"))
_MIN_REPORTING_MARKS = 2
_REPORTED_EVALUATION = re.compile(_REPORTED["evaluation"])
_LESSON = re.compile(_REPORTED["lesson"])
_LESSON_LABEL = re.compile(_REPORTED["lesson_label"])
_NEWS_SHARE_OR_COUNT = re.compile(_REPORTED["news_share_or_count"])
_NEWS_AMOUNT = re.compile(_REPORTED["news_amount"])
_NEWS_SETBACK = re.compile(_REPORTED["news_setback"])
_HEADLINE_EVENT = re.compile(_REPORTED["headline_event"])
_HISTORY = re.compile(_REPORTED["lead_history"])  # "En 2019 el Ministerio presentó…": a background, not a lead
_HEADLINE_WORDS = 25
# A news page's headline, subheading, byline, date and time of publication come before its story.
_MASTHEAD_LINES = 6
# What else an officer pastes that is no proposal section, told by its opening lines (eighth round, blind:
# an ordinance, a speech, a study's introduction, a progress report's cover sheet got the proposal checklist).
_EVALUATION_TITLE = re.compile(_REPORTED["evaluation_title"])
_EVALUATION_OPENING = re.compile(_REPORTED["evaluation_opening"], re.MULTILINE)
_EVALUATION_RECORD_FIELD = re.compile(_REPORTED["evaluation_record_field"], re.MULTILINE)
_EVALUATION_RECORD_FIELDS = 2
_EVALUATION_LINES = 10  # an evaluation's identification fields follow its title and the project's
_LEGAL_TITLE = re.compile(_REPORTED["legal_title"])
_POLICY_TITLE = re.compile(_REPORTED["policy_title"])
_REPORT_TITLE = re.compile(_REPORTED["report_title"])
_TOPIC_SENTENCE = re.compile(_REPORTED["topic_sentence"])
_CALL_TITLE = re.compile(_REPORTED["call_title"])
_TERMS_OF_REFERENCE = re.compile(_REPORTED["terms_of_reference"])
_HIRING_NOTICE = re.compile(_REPORTED["hiring_notice"])
_HIRING_CALL = re.compile(_REPORTED["hiring_call"])
_LEGAL_DATED = re.compile(_REPORTED["legal_dated"])
_CONTENTS_ENTRY = re.compile(_REPORTED["contents_entry"])
_CONTENTS_TITLE = re.compile(_REPORTED["contents_title"])
_CALL_FIELD = re.compile(_REPORTED["call_field"], re.MULTILINE)
_CALL_FIELD_LINES = 12  # a notice's fields follow its agency's and its programme's names
_CONTENTS_NUMBERED_ENTRY = re.compile(_REPORTED["contents_numbered_entry"])
_MIN_CONTENTS_ENTRIES = 3
_PAGE_FIELD = re.compile(_REPORTED["page_field"])
_PAGE_INFO_BOX = re.compile(_REPORTED["page_info_box"])
_DATA_SHEET_FIELD = re.compile(_REPORTED["data_sheet_field"])
_PAPER_FIELD = re.compile(_REPORTED["paper_field"], re.MULTILINE)
_PAPER_FIELDS = 3  # "Año", "Autor/es", "Área/s": a proposal's cover may carry a year and its authors
_PROJECT_LIST_COLUMN = re.compile(_REPORTED["project_list_column"])
_PAGE_FIELDS = 2  # distinct fields of a project page, in its first lines
_PAGE_LINES = 30
_LIST_COLUMNS = 3  # a list's header row names at least three of title, amount, grantee, start, end…
_CUT_ENTRY = re.compile(r"\.{6,}\s*(?:\[(?:…|\.\.\.)\]|…)?\s*$")
_CONTENTS_TITLE_WORDS = 3  # "Tabla de Contenidos" alone on its line
_TITLE_WORDS = 20  # a title line is short: "Ley 29783 establece…" opening a paragraph is no legal act
_REPORTED_IN_OPENING = {
    "speech": re.compile(_REPORTED["speech"]),
    "study": re.compile(f'{_REPORTED["study"]}|{_REPORTED["study_aim"]}'),
    "report": re.compile(_REPORTED["progress_report"]),
}
_LEGAL_OPERATIVE = re.compile(_REPORTED["legal_operative"], re.MULTILINE)
# A paper's abstract under its own heading: its title may name a part of a proposal ("Monitoramento e avaliação do
# Programa…"), so it is told before a leading heading can decide.
_ABSTRACT_HEADING = re.compile(_REPORTED["abstract_heading"])
_OPENING_LINES = 4
_OPENING_CHARS = 400  # a pasted page may come as one long line
# Slides pasted as text: nearly every line opens with the slide's number, 1, 2, 3… without a stop.
_SLIDE_NUMBER = re.compile(r"^(\d{1,2})\s+\S")
_MIN_SLIDES = 4  # three numbered lines may be a list pasted from a PDF
# A line that opens with a verb is a title, not a section heading ("Promover la participación de…").
_TITLE_VERB = re.compile(load_toml("critique_words.toml")["typing"]["title_verb"])
_SUMMARY_LEAD_SENTENCES = 2
# A news item's lead may follow its headline and a subheading ("$5 million loan will benefit…").
_NEWS_LEAD_LINES = 3
# Rows pasted without their header row (prompts/critique_words.toml [typing.table_cells]).
_CELLS = load_toml("critique_words.toml")["typing"]["table_cells"]
_NARRATED = load_toml("critique_words.toml")["typing"]["narrated"]
_LOGFRAME_TEXT = load_toml("critique_words.toml")["typing"]["logframe_text"]
_LOGFRAME_COLUMNS = tuple(re.compile(p) for p in _LOGFRAME_TEXT["columns"])
_LOGFRAME_LEVELS = tuple(re.compile(p) for p in _LOGFRAME_TEXT["levels"])
_PAST = {language: re.compile(pattern) for language, pattern in _NARRATED["past"].items()}
_PLANNED = {language: re.compile(pattern) for language, pattern in _NARRATED["planned"].items()}
_MIN_PAST_FORMS = 4  # distinct past forms ("trabajó", "capacitaron", "se han instalado", "fue")
_PAST_OVER_PLANNED = 3  # ... and this many times the future ones
_TABLE_ROWS = 2  # a results table's cells read "Inspectorate strengthened": a table is never an account
_RATING_CELL = re.compile(_CELLS["rating"])
_AMOUNT_CELL = re.compile(_CELLS["amount"])
_MIN_RATED_ROWS = 2
_MIN_COSTED_ROWS = 3
_ROW_WEIGHT = 4  # each rated or costed row is as telling as a strong cue said twice
_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+")
_CHAPTER = re.compile(r"^\s*(\d{1,2})\.?\s+[^\d\s]")  # "4 IMPLEMENTATION ARRANGEMENTS", "3. Objetivos"
# Under this probability the model's type comes with the next most likely one (held out, the model was
# right on 0.86 of the sections it gave more than this, on 0.42 of the others).
SURE = 0.5


@dataclass(frozen=True)
class TypeDecision:
    """The type assumed for a text, how it was decided and the content scores behind it."""

    section_type: str
    by: str  # "headings" (several parts), "heading", "summary" (a whole project), "content", "fallback" or "given"
    scores: dict[str, int] = field(default_factory=dict)
    # The next most likely type when the model was unsure, so that the critique can offer it.
    alternative: str | None = None


def looks_like_heading(line: str) -> bool:
    """A short line that does not read as a sentence ('3. Presupuesto', 'Riesgos:')."""
    stripped = line.strip()
    if not stripped or len(stripped) > 70 or len(stripped.split()) > 9:
        return False
    if _BULLET.match(stripped):  # "- Meta: 20 % …" is a list item, not a heading
        return False
    return not stripped.rstrip(":").endswith((".", ";", ","))


def heading_type(heading: str, rubric: Rubric) -> str | None:
    """The section type whose keyword appears earliest in ``heading`` (longest on ties)."""
    types = heading_types(heading, rubric)
    return types[0] if types else None


def heading_types(heading: str, rubric: Rubric) -> list[str]:
    """Every section type ``heading`` names, earliest first ('Cronograma y presupuesto' → timeline, budget).

    A keyword counts in the singular too ('Component 2' is an activities heading),
    but not as the first half of a compound modifier ('Risk-based inspection' is
    not a risks heading).
    """
    text = _NUMBERING.sub("", fold(heading.strip())).strip(" :")
    best: dict[str, tuple[int, int]] = {}
    for section_type, spec in rubric.section_types.items():
        for keyword in spec.headings.all():
            match = _keyword_pattern(keyword).search(text)
            if match:
                rank = (match.start(), -len(keyword))
                if section_type not in best or rank < best[section_type]:
                    best[section_type] = rank
    return sorted(best, key=lambda t: (*best[t], t))


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    pattern = _KEYWORD_CACHE.get(keyword)
    if pattern is None:
        stem = keyword[:-1] if keyword.endswith("s") and len(keyword) > 4 else keyword
        pattern = re.compile(rf"(?<![\w-]){re.escape(stem)}(?:s|es)?(?![\w-])")
        _KEYWORD_CACHE[keyword] = pattern
    return pattern


_KEYWORD_CACHE: dict[str, re.Pattern[str]] = {}


def content_scores(text: str, rubric: Rubric) -> dict[str, int]:
    """How strongly the whole text's wording points at each section type (0 = no cue)."""
    folded = _POPULATION_AT_RISK.sub(" ", fold(text))
    scores: dict[str, int] = {}
    for section_type, spec in rubric.section_types.items():
        strong = sum(min(len(p.findall(folded)), _CAP) for p in spec.content_patterns)
        weak = sum(min(len(p.findall(folded)), _CAP) for p in spec.vocabulary_patterns)
        score = _STRONG_WEIGHT * strong + weak
        if score:
            scores[section_type] = score
    for section_type in _table_header_types(text, rubric) | _inner_heading_types(text, rubric):
        scores[section_type] = scores.get(section_type, 0) + _HEADER_WEIGHT
    for section_type, rows in _table_row_types(text).items():
        scores[section_type] = scores.get(section_type, 0) + _ROW_WEIGHT * rows
    return scores


def _inner_heading_types(text: str, rubric: Rubric) -> set[str]:
    """The types named by heading lines inside the text ("Project Objectives:" before a list)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {kind for line in lines[1:]
            if looks_like_heading(line) and not is_title(line) and not _FIELD.match(line)
            and (kind := heading_type(line, rubric)) and kind != FULL}


def _table_rows(text: str) -> list[list[str]]:
    """The cells (folded, stripped) of every line that is a table row."""
    rows = []
    for line in text.splitlines():
        if line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|")):
            rows.append([cell.strip() for cell in fold(line).strip().strip("|").split("|")])
    return rows


def _table_row_types(text: str) -> dict[str, int]:
    """What the rows themselves say a table is when its header row was not pasted.

    Likelihood and impact rated side by side ("Medium | High") make a risk matrix;
    most rows ending in an amount ("| Evaluation | 500 000 |") make a budget.
    """
    rows = [[cell for cell in cells if cell] for cells in _table_rows(text)]
    named: dict[str, int] = {}
    rated = sum(1 for cells in rows
                if any(_RATING_CELL.match(a) and _RATING_CELL.match(b) for a, b in zip(cells, cells[1:])))
    if rated >= _MIN_RATED_ROWS:
        named["risks"] = rated
    costed = sum(1 for cells in rows if cells and _AMOUNT_CELL.match(cells[-1]))
    if costed >= _MIN_COSTED_ROWS and 2 * costed >= len(rows):
        named["budget"] = costed
    return named


def _table_header_types(text: str, rubric: Rubric) -> set[str]:
    """The types named by the cells of each table's header row ("Nivel | Indicador | Meta")."""
    named: set[str] = set()
    previous_is_row = False
    for line in text.splitlines():
        is_row = line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|"))
        if is_row and not previous_is_row:
            for cell in line.strip().strip("|").split("|"):
                kind = heading_type(cell, rubric) if cell.strip() else None
                if kind and kind != FULL:
                    named.add(kind)
        previous_is_row = is_row
    return named


def decide_type(
    text: str,
    rubric: Rubric,
    *,
    embed: Callable[[str], Sequence[float]] | None = None,
    model: TypeModel | None = None,
) -> TypeDecision:
    """The section type of a pasted text, and how it was decided (see the module doc).

    With a multilingual encoder (``embed``) and a learned ``model``, a text whose headings do not
    decide is typed by the model rather than by counting cue words (bot/critique/type_model.py).
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return TypeDecision(SHORT_FALLBACK, "fallback")
    words = len(text.split())
    headings = [line for line in lines if looks_like_heading(line) and not is_title(line)]
    named = {heading_type(line, rubric) for line in headings}
    chapter = _one_chapter(headings, rubric)
    if chapter:  # "4 Implementation arrangements" over 4.1, 4.2, 4.3: one chapter, not a whole proposal
        return TypeDecision(chapter, "heading")
    if len(named - {None, FULL}) >= _FULL_PROPOSAL_HEADINGS:
        return TypeDecision(FULL, "headings")
    if words >= SHORT_WORDS and _cover_heading(lines, rubric):
        return TypeDecision(FULL, "heading")
    leading = _leading_heading(lines, rubric)
    if leading is not None:
        index, kind = leading
        composite = _composite_type(lines[index], "\n".join(lines[index + 1:]), rubric)
        if composite:
            return TypeDecision(composite, "heading")
        if kind != FULL or words >= SHORT_WORDS:
            return TypeDecision(kind, "heading")
    topic = _topic_of_opening(lines, rubric)
    if topic is not None:
        return TypeDecision(topic, "opening")
    if is_flattened_logframe(text):
        return TypeDecision("indicators", "content")
    if embed is not None and model is not None:
        return _learned_type(model.probabilities(embed(text), content_scores(text, rubric)), words)
    if words >= SHORT_WORDS and is_project_summary(lines):
        return TypeDecision(FULL, "summary")
    scores = content_scores(text, rubric)
    scores.pop(FULL, None)
    if not scores:
        return TypeDecision(FULL if words >= LONG_WORDS else SHORT_FALLBACK, "fallback")
    if words >= LONG_WORDS and _spread(scores) >= _SPREAD_TYPES:
        return TypeDecision(FULL, "content", scores)
    order = {t: i for i, t in enumerate(SECTION_TYPES)}
    best = max(scores, key=lambda t: (scores[t], -order[t]))
    return TypeDecision(best, "content", scores)


def is_flattened_logframe(text: str) -> bool:
    """A logframe whose table was flattened into text: it names several of its columns and levels."""
    folded = fold(text).lower()
    return (sum(bool(p.search(folded)) for p in _LOGFRAME_COLUMNS) >= _LOGFRAME_TEXT["columns_at_least"]
            and sum(bool(p.search(folded)) for p in _LOGFRAME_LEVELS) >= _LOGFRAME_TEXT["levels_at_least"])


def _topic_of_opening(lines: list[str], rubric: Rubric) -> str | None:
    """The section type the first sentence says the text is about ("The WP7 concerns the sustainability of…"),
    read as a heading; None when it says none (or a whole proposal)."""
    found = _TOPIC_SENTENCE.match(fold(lines[0]))
    kind = heading_type(found.group(1), rubric) if found else None
    return kind if kind not in (None, FULL) else None


def _one_chapter(headings: list[str], rubric: Rubric) -> str | None:
    """The type a numbered chapter's heading names when every other heading is one of its subsections.

    An EU action document's "4 IMPLEMENTATION ARRANGEMENTS" with 4.1 Financing agreement, 4.2
    Implementation period and 4.3 Budget support named three parts, and was reviewed as a whole
    proposal (eighth round, blind).
    """
    if len(headings) < 2:
        return None
    opening = _CHAPTER.match(headings[0])
    if not opening:
        return None
    number = opening.group(1)
    # Its subsections are numbered under it (4.1, 4.4.1) or lettered under them ("a) Purpose…").
    if not all(re.match(rf"\s*({number}\.\d|[a-h]\)|\[…\]|\[\.\.\.\])", line) for line in headings[1:]):
        return None
    kind = heading_type(headings[0], rubric)
    return kind if kind and kind != FULL else None


def _learned_type(probabilities: dict[str, float], words: int) -> TypeDecision:
    """The model's most likely type (never a whole proposal for a short text) and, when unsure, the next."""
    ranked = sorted(probabilities, key=probabilities.get, reverse=True)
    if words < SHORT_WORDS:
        ranked = [t for t in ranked if t != FULL]
    best, second = ranked[0], ranked[1]
    unsure = probabilities[best] < SURE
    return TypeDecision(best, "content", alternative=second if unsure else None)


def is_title(line: str) -> bool:
    """A heading-like line that opens with a verb names a project or an aim, not a part of a proposal."""
    return bool(_TITLE_VERB.match(fold(line.strip())))


def is_project_summary(lines: list[str]) -> bool:
    """Whether a text presents a whole project rather than one part of it.

    A project page or a cover sheet's summary opens with the project's objective
    (after its title) and goes on to several other parts of the design: results or
    components, the approach, who steers it, its funding, its duration, its target
    group. Judged as one section, it would be held to that section's template and its
    real gaps (no indicators, no budget, no risks) would go unsaid.
    """
    body = [line for line in lines if not looks_like_heading(line)]
    lead = [s for line in body[:_SUMMARY_LEAD_SENTENCES] for s in _SENTENCE_BREAK.split(line)]
    if not lead or _NEWS_LEAD.search(fold(lead[0])):  # news about a project, not its own summary
        return False
    if not any(_SUMMARY_OBJECTIVE.search(fold(s)) for s in lead[:_SUMMARY_LEAD_SENTENCES]):
        return False
    folded = fold("\n".join(lines))
    return sum(1 for p in _SUMMARY_FACETS.values() if p.search(folded)) >= _SUMMARY_MIN_FACETS


def reported_on(text: str, rubric: Rubric) -> str | None:
    """What the text is when it is not a section of a proposal, else None.

    "tor" (terms of reference), "page" (a funded project's web page or fact sheet), "news", "evaluation", "legal"
    (an ordinance, a resolution), "policy" (a national plan, policy or strategy), "call" (a call for proposals),
    "speech", "study" (a paper's introduction), "report" (a progress report's cover sheet) or "slides". An officer
    may paste any of them: judged silently as a proposal section, each got that section's template advice (fifth
    and eighth rounds, blind). The critique says what the text is instead.
    """
    folded = fold(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    opening = fold("\n".join(lines[:_OPENING_LINES]))[:_OPENING_CHARS]
    titles = [fold(line) for line in lines[:_OPENING_LINES] if len(line.split()) <= _TITLE_WORDS]
    start = opening[:_OPENING_CHARS // 4]  # a title pasted on one line with the text after it
    # Terms of reference for an evaluation are no evaluation: they come first.
    if (_TERMS_OF_REFERENCE.search(start) or any(_TERMS_OF_REFERENCE.search(title) for title in titles)
            or any(in_capitals(line) and _HIRING_NOTICE.search(fold(line)) for line in lines[:_OPENING_LINES])
            or _HIRING_CALL.search(start)):
        return "tor"
    # An evaluation's title ends in "- Midterm evaluation", which would read as an M&E heading.
    if (_REPORTED_EVALUATION.search(folded) or _EVALUATION_TITLE.search(start)
            or any(_EVALUATION_TITLE.search(title) for title in titles)
            or _EVALUATION_OPENING.search(fold("\n".join(lines[:_EVALUATION_LINES]))[:_OPENING_CHARS * 2])
            or len(set(_EVALUATION_RECORD_FIELD.findall(folded))) >= _EVALUATION_RECORD_FIELDS):
        return "evaluation"
    # A national plan's title ("II Plan de Acción Nacional…") would read as an action-plan heading; a page
    # pasted as one long line still opens with it ("Política de Empleo Juvenil 2011-2020Elaborado por…").
    if any(_POLICY_TITLE.search(title) for title in titles) or _POLICY_TITLE.search(start):
        return "policy"
    if any(_REPORT_TITLE.search(title) for title in titles):  # its title may name a part ("… de resultados")
        return "report"
    if is_project_page(lines):
        return "page"
    if _CALL_FIELD.search(fold("\n".join(lines[:_CALL_FIELD_LINES]))):  # a Federal Register notice's fields
        return "call"
    if ((any(_ABSTRACT_HEADING.match(fold(line)) for line in lines[:_OPENING_LINES + 2])
            and _REPORTED_IN_OPENING["study"].search(fold("\n".join(lines[:_OPENING_LINES + 4]))))
            or len({m.group(1) for m in _PAPER_FIELD.finditer(fold("\n".join(lines[:_PAGE_LINES])))}) >= _PAPER_FIELDS):
        return "study"
    if _leading_heading(lines, rubric):  # under a proposal's own heading ("Sostenibilidad…") it is a section
        return None
    if any(_LEGAL_TITLE.search(title) for title in titles) or _LEGAL_DATED.search(start):
        return "legal"
    if any(_CALL_TITLE.search(title) for title in titles) or _CALL_TITLE.search(start):
        return "call"
    for kind, pattern in _REPORTED_IN_OPENING.items():
        if pattern.search(opening):
            return kind
    if _LEGAL_OPERATIVE.search(folded):
        return "legal"
    if _slides(lines):
        return "slides"
    # A press release's dateline ("Lisboa, 7 de julho de 2021") or byline opens it; its lead reports an
    # event ("recibida este miércoles", "anunció"). The first lines only: a proposal may report events too.
    opening = fold("\n".join(lines[:_LEADING_LINES]))
    masthead = fold("\n".join(lines[:_MASTHEAD_LINES]))
    body = [line for line in lines if not looks_like_heading(line)]
    # The lead: the first sentence of each of the first lines (a headline and a subheading may come first).
    lead = [_SENTENCE_BREAK.split(line)[0] for line in body[:_NEWS_LEAD_LINES]]
    published = bool(_MASTHEAD_TIME.search(masthead) and _YEAR.search(masthead))  # "06:00 pm" under its date
    if (_REPORTED_NEWS.search(opening) or _MASTHEAD.search(masthead) or published or _DATELINE.search(opening)
            or any(_NEWS_LEAD.search(fold(sentence)) and not _HISTORY.search(fold(sentence)) for sentence in lead)
            or reporting_marks(folded) >= _MIN_REPORTING_MARKS or reports_in_headline(lines)):
        return "news"
    if narrates_what_was_done(text):
        return "report"
    return None


def narrates_what_was_done(text: str) -> bool:
    """Whether the text tells what a project did, in the past tense, with little it will do: an account of results
    (a results page, an impact report), which a proposal's section is not. Tables are left out."""
    if sum(" | " in line or "\t" in line for line in text.splitlines()) >= _TABLE_ROWS:
        return False
    language = detect_language(text)
    if language not in _PAST:
        return False
    lowered = text.lower()
    past = {match.group(0) for match in _PAST[language].finditer(lowered)}
    planned = len(_PLANNED[language].findall(lowered))
    return len(past) >= _MIN_PAST_FORMS and len(past) >= _PAST_OVER_PLANNED * max(planned, 1)


def reports_in_headline(lines: list[str]) -> bool:
    """Whether the text's first line is a headline that reports an event ("PNUD y STSS firman plan de cooperación").

    A headline is short, ends without a full stop and has the story under it.
    """
    if len(lines) < 2 or len(lines[0].split()) > _HEADLINE_WORDS or lines[0].rstrip().endswith("."):
        return False
    return bool(_HEADLINE_EVENT.search(fold(lines[0])))


def reporting_marks(folded: str) -> int:
    """How many distinct marks of a reporter's writing a folded text carries ("dijo", "se llevó a cabo", "ayer").

    Reported events alone do not count: a results list reads "report handed over", "campaign launched".
    """
    verbs, events, times, bylines = ({m.group(0) for m in pattern.finditer(folded)} for pattern in _REPORTING_MARKS)
    voice = len(verbs) + len(times) + len(bylines)
    return voice + len(events) if voice else 0


def in_capitals(line: str) -> bool:
    """A title line in capitals ("CONTRATAÇÃO DE CONSULTOR INDIVIDUAL… N.º 7841-BR"): nine letters in ten upper-case."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def is_project_page(lines: list[str]) -> bool:
    """A funded project's web page or fact sheet ("Project Duration: …", "Grantee: …"), or a list of projects."""
    opening = [fold(line) for line in lines[:_PAGE_LINES]]
    fields = {m.group(1) for line in opening for m in [_PAGE_FIELD.match(line)] if m}
    # A data sheet pasted as one line carries its fields anywhere ("… Estimated Board Date … Lending Instrument").
    fields |= {m.group(0) for m in _DATA_SHEET_FIELD.finditer("\n".join(opening)[:_OPENING_CHARS * 2])}
    return len(fields) >= _PAGE_FIELDS or any(_PAGE_INFO_BOX.match(line) for line in opening) or any(
        line.count("|") >= _LIST_COLUMNS and len(set(_PROJECT_LIST_COLUMN.findall(line))) >= _LIST_COLUMNS
        for line in opening[:_LEADING_LINES * 6])


def without_contents(text: str) -> tuple[str, int]:
    """``text`` without its table of contents, and how many entries the table had (0: it has none).

    An entry ends with dotted leaders and a page number; a table pasted from a PDF may come on one line.
    """
    lines = text.splitlines()
    found = [list(_CONTENTS_ENTRY.finditer(line)) for line in lines]
    if sum(map(len, found)) < _MIN_CONTENTS_ENTRIES:
        found = _numbered_entries(lines) or found
    count = sum(map(len, found))
    if count < _MIN_CONTENTS_ENTRIES:
        return text, 0
    kept = []
    for line, entries in zip(lines, found):
        folded = fold(line)
        if not entries:
            if _CUT_ENTRY.search(line):  # the excerpt ends inside the table ("1.1 Situación ....... […]")
                continue
            if not (_CONTENTS_TITLE.search(folded) and len(line.split()) <= _CONTENTS_TITLE_WORDS):
                kept.append(line)
            continue
        # What comes before the table's title and after its last page number stays ("… RESUMEN DE PROYECTO").
        title = _CONTENTS_TITLE.search(folded[:entries[0].start()])
        before = line[:title.start()] if title else ""
        after = line[entries[-1].end():]
        kept.extend(part for part in (before, after) if part.strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip(), count


def contents_end_the_text(text: str) -> bool:
    """Whether ``text`` stops inside its table of contents: what comes before the table is a cover page, not a section
    ("OFICINA REGIONAL PARA AMÉRICA LATINA…", "Indice", "1 ANTECEDENTES Y JUSTIFICACION 4", "1.2 ESTRATEGIA […]")."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not without_contents(text)[1]:
        return False
    last = lines[-1]
    return bool(_CONTENTS_ENTRY.search(last) or _CUT_ENTRY.search(last)
                or (_numbered_entries(lines) and _CONTENTS_NUMBERED_ENTRY.match(fold(last))))


def _numbered_entries(lines: list[str]) -> list[list[re.Match[str]]]:
    """The entries of a table of contents pasted without dotted leaders, each a whole line, when a contents title
    stands alone on a line above at least three of them; [] otherwise. An entry cut by the excerpt ends the table."""
    titles = [i for i, line in enumerate(lines)
              if _CONTENTS_TITLE.search(fold(line)) and len(line.split()) <= _CONTENTS_TITLE_WORDS]
    if not titles:
        return []
    found: list[list[re.Match[str]]] = [[] for _ in lines]
    for index in range(titles[0] + 1, len(lines)):
        entry = _CONTENTS_NUMBERED_ENTRY.match(fold(lines[index]))
        if entry:
            found[index] = [entry]
    return found if sum(map(len, found)) >= _MIN_CONTENTS_ENTRIES else []


def lesson_of(text: str, most: int = 2, max_chars: int = 320) -> str | None:
    """The sentences of an evaluation's text that carry its lesson, as written; None when none says one.

    The last ones are kept: a lesson record states its context and challenge before its lesson.
    """
    sentences = [s.strip() for line in text.splitlines() for s in _SENTENCE_BREAK.split(line) if s.strip()]
    found = [s for s in sentences if _LESSON.search(fold(s)) and not looks_like_heading(s)]
    chosen = found[-most:]
    while len(chosen) > 1 and sum(len(s) for s in chosen) > max_chars:
        chosen = chosen[1:]
    if not chosen:
        return None
    lesson = " ".join(chosen)
    label = _LESSON_LABEL.match(fold(lesson))  # folding keeps the length of these letters
    lesson = lesson[label.end():] if label else lesson
    return lesson if len(lesson) <= max_chars else lesson[:max_chars].rsplit(" ", 1)[0] + " …"


def figures_of(text: str, most: int = 2, max_chars: int = 320) -> str | None:
    """The sentences of a news item that give a share or a count of people (else an amount), as written.

    Offline the news item is not reviewed as a section; its figures are what an officer can use, once checked
    at their source.
    """
    sentences = [s.strip() for line in text.splitlines() if not looks_like_heading(line)
                 for s in _SENTENCE_BREAK.split(line) if s.strip()]
    short = [s for s in sentences if len(s) <= max_chars] or sentences  # a whole sentence rather than a cut one
    counts = [s for s in short if _NEWS_SHARE_OR_COUNT.search(fold(s))]
    chosen = (counts or [s for s in short if _NEWS_AMOUNT.search(fold(s))])[:most]
    while len(chosen) > 1 and sum(len(s) for s in chosen) > max_chars:
        chosen = chosen[:-1]
    if not chosen:
        return None
    figures = " ".join(chosen)
    return figures if len(figures) <= max_chars else figures[:max_chars].rsplit(" ", 1)[0] + " …"


def news_offers(text: str) -> tuple[str, ...]:
    """What a news item offers a proposal, of "figures" (those figures_of quotes), "precedent" (a funder or an
    amount) and "lesson" (a setback it reports), in that order."""
    folded = fold(text)
    offers = (("figures", figures_of(text)),
              ("precedent", _NEWS_AMOUNT.search(folded) or _SUMMARY_FACETS["funding"].search(folded)),
              ("lesson", _NEWS_SETBACK.search(folded)))
    return tuple(name for name, found in offers if found)


def _slides(lines: list[str]) -> bool:
    """Most lines open with consecutive slide numbers (1 Introducción…, 2 Objetivo del taller…)."""
    if any("|" in line for line in lines):  # numbered rows of a table (a risk log) are no slides
        return False
    numbers = [int(m.group(1)) for m in map(_SLIDE_NUMBER.match, lines) if m]
    run = sum(1 for before, after in zip(numbers, numbers[1:]) if after == before + 1) + 1 if numbers else 0
    return run >= _MIN_SLIDES and len(numbers) >= 0.6 * len(lines)


def detect_section_type(text: str, rubric: Rubric) -> str:
    """Section type of a pasted text (``decide_type`` without the explanation)."""
    return decide_type(text, rubric).section_type


def _leading_heading(lines: list[str], rubric: Rubric) -> tuple[int, str] | None:
    """The first of the opening heading lines that names a type (a title line may precede it)."""
    for index, line in enumerate(lines[:_LEADING_LINES]):
        if not looks_like_heading(line) or _FIELD.match(line):
            return None
        if is_title(line):
            continue
        kind = heading_type(line, rubric)
        if kind:
            return index, kind
    return None


def _cover_heading(lines: list[str], rubric: Rubric) -> bool:
    """A heading among the opening lines that names a whole project document ("1. Portada", "Cover sheet").

    A project document often opens with its donor's and its own long titles before
    that heading, so the lines before it need not be headings.
    """
    return any(looks_like_heading(line) and not is_title(line) and heading_type(line, rubric) == FULL
               for line in lines[:_COVER_LINES])


def _spread(scores: dict[str, int]) -> int:
    total = sum(scores.values())
    return sum(1 for score in scores.values() if score >= _SPREAD_SHARE * total)


def _composite_type(heading: str, body: str, rubric: Rubric) -> str | None:
    """The type of a text under a heading that names a multi-part document (see ``CompositeHeadings``)."""
    spec = rubric.composite_headings
    if spec is None:
        return None
    text = _NUMBERING.sub("", fold(heading.strip())).strip(" :")
    if not any(_keyword_pattern(k).search(text) for k in spec.headings.all()):
        return None
    # A table's header row names its columns ("Narrative summary | Indicators | Means of verification"):
    # the part those columns hold is what a reviewer reads the table for.
    header = _table_header_types(body, rubric)
    scores = content_scores(body, rubric)
    return (next((t for t in spec.order if t in header), None)
            or next((t for t in spec.order if scores.get(t)), spec.fallback))
