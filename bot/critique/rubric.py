"""The critique rubric: prompts/rubric.toml parsed into frozen, validated models.

Every mistake in the file fails loudly at load time with the path of the bad
value (``criteria.need.elements.0.patterns.es.2: bad regex ...``), so a typo in
a pattern or a missing translation never reaches a user.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.critique.signals import SIGNAL_NAMES
from bot.language import fold
from bot.resources import ResourceError, load_toml, resource_path
from bot.vocabulary import DEFAULT_LANGUAGE, DONORS, LANGUAGES

RUBRIC_PATH = resource_path("rubric.toml")

SectionType = Literal[
    "problem",
    "objectives",
    "activities",
    "indicators",
    "monitoring_evaluation",
    "sustainability",
    "participation",
    "budget",
    "timeline",
    "governance",
    "risks",
    "full_proposal",
]
SECTION_TYPES: tuple[str, ...] = get_args(SectionType)
# Languages every user-facing text of the rubric is written in. Each is answered
# in its own language; any other language code falls back to Spanish.
OUTPUT_LANGUAGES = LANGUAGES

_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")
_SUGGESTION_FIELDS = {"quote", "missing", "name"}


class RubricError(ValueError):
    """prompts/rubric.toml is malformed; the message names the bad entry."""


def _compile(pattern: str) -> re.Pattern[str]:
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", pattern) if not unicodedata.combining(ch)
    )
    try:
        return re.compile(folded, re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from exc


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def output_language(language: str | None) -> str:
    """The rubric language a review in ``language`` is written in (unknown codes get Spanish)."""
    return language if language in OUTPUT_LANGUAGES else DEFAULT_LANGUAGE


def _check_regexes(value: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in value:
        _compile(pattern)
    return value


# A list of regular expressions, each checked to compile when the rubric loads.
Regexes = Annotated[tuple[str, ...], AfterValidator(_check_regexes)]


def _same_placeholders(texts: dict[str, str], what: str = "") -> None:
    """Every language of one text must use the same {placeholders} as Spanish."""
    reference = _fields(texts["es"])
    for language, text in texts.items():
        used = _fields(text)
        if used != reference:
            raise ValueError(
                f"{what}{language}: placeholders {sorted(used)} differ from es {sorted(reference)}"
            )


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Strict):
    """One user-facing text in every output language (es, en, pt and fr all required)."""

    es: str = Field(min_length=1)
    en: str = Field(min_length=1)
    pt: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    @model_validator(mode="after")
    def _placeholders(self) -> Texts:
        _same_placeholders({language: getattr(self, language) for language in OUTPUT_LANGUAGES})
        return self

    def get(self, language: str) -> str:
        return getattr(self, output_language(language))


class Patterns(_Strict):
    """Regular expressions per language; es, en and pt are required, fr optional."""

    es: Regexes = Field(min_length=1)
    en: Regexes = Field(min_length=1)
    pt: Regexes = Field(min_length=1)
    fr: Regexes = ()

    @cached_property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        """All languages together: proposals mix languages, and the lists do not clash."""
        return tuple(_compile(p) for p in (*self.es, *self.en, *self.pt, *self.fr))


class Element(_Strict):
    """A quality a reviewer checks for (e.g. 'baseline' for indicators)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Texts
    patterns: Patterns
    required: bool = False
    # Structural detectors (bot/critique/signals.py) that also count as this element.
    signals: tuple[str, ...] = ()

    @field_validator("signals")
    @classmethod
    def _known_signals(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - SIGNAL_NAMES)
        if unknown:
            raise ValueError(f"unknown signals {unknown} (known: {sorted(SIGNAL_NAMES)})")
        return value


class Against(_Strict):
    """Wording that reveals a known weakness."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    mode: Literal["cap", "explain"]
    label: Texts
    patterns: Patterns


class ItemRule(_Strict):
    """Judge a list item by item (indicators): most items must show ``requires`` elements each.

    ``start`` marks the line that opens an item ("Indicador 2.1:", a bullet, a
    table row); the lines after it belong to it. With at least ``min_items``
    items, when more than half show fewer than ``requires`` of the criterion's
    elements, the criterion cannot be ok and the first such item is quoted.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Texts
    start: Patterns
    requires: int = Field(default=2, ge=1)
    min_items: int = Field(default=3, ge=2)


class Suggestions(_Strict):
    weak: str = Field(min_length=1)
    missing: str = Field(min_length=1)

    @model_validator(mode="after")
    def _placeholders(self) -> Suggestions:
        for kind in ("weak", "missing"):
            used = _fields(getattr(self, kind))
            allowed = _SUGGESTION_FIELDS - ({"quote"} if kind == "missing" else set())
            if used - allowed:
                raise ValueError(f"{kind}: unknown placeholders {sorted(used - allowed)}")
        return self


class SuggestionTexts(_Strict):
    """Suggestion templates in every output language, with the same placeholders in each."""

    es: Suggestions
    en: Suggestions
    pt: Suggestions
    fr: Suggestions

    @model_validator(mode="after")
    def _placeholders(self) -> SuggestionTexts:
        for kind in ("weak", "missing"):
            _same_placeholders(
                {language: getattr(getattr(self, language), kind) for language in OUTPUT_LANGUAGES},
                f"{kind}: ",
            )
        return self

    def get(self, language: str) -> Suggestions:
        return getattr(self, output_language(language))


class Criterion(_Strict):
    id: str = ""  # filled in from the table name
    name: Texts
    description: Texts
    applies_to: tuple[SectionType, ...] = Field(min_length=1)
    why: Texts
    knowledge_query: str = Field(min_length=3)
    knowledge_sources: tuple[str, ...] = ()
    ok_requires: int = Field(ge=1)
    mentions: Patterns
    suggestion: SuggestionTexts
    elements: tuple[Element, ...] = Field(min_length=1)
    against: tuple[Against, ...] = ()
    # Also judged on sections outside applies_to when one of these patterns matches
    # (e.g. capacity on a budget that only buys equipment).
    also_when: Patterns | None = None
    # ...unless one of these matches without a negation before it ("no training is
    # foreseen" does not count as training).
    also_unless: Patterns | None = None
    # A lower bar on section types where the criterion is secondary (indicators
    # inside an M&E plan). full_proposal defaults to one element less than ok_requires.
    ok_requires_on: dict[SectionType, int] = {}
    # Benefit of the doubt: when every one of these pattern groups matches and no
    # "against" wording fires, the text gives no reason to doubt the criterion and
    # it is ok even without its own elements (fit with the context is shown by a
    # section grounded in the country's own sourced data and institutions).
    presumption: tuple[Patterns, ...] = ()
    items: ItemRule | None = None
    # In a whole text without a part of its own, count the elements only in sentences that
    # carry the criterion: a cover sheet's "58 months" and "2016" are no measurable objective.
    colocated: bool = False

    def bar(self, section_type: str) -> int:
        """Elements needed for "ok" on ``section_type`` (never fewer than the required ones)."""
        required = sum(e.required for e in self.elements)
        if section_type in self.ok_requires_on:
            wanted = self.ok_requires_on[section_type]
        elif section_type == "full_proposal" and self.ok_requires >= 3:
            # A topic summarised in a paragraph may skip one of several details, not half of them.
            wanted = self.ok_requires - 1
        else:
            wanted = self.ok_requires
        return max(1, required, wanted)

    @model_validator(mode="after")
    def _consistent(self) -> Criterion:
        ids = [e.id for e in self.elements]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate element ids in {ids}")
        required = sum(e.required for e in self.elements)
        if not required <= self.ok_requires <= len(self.elements):
            raise ValueError(
                f"ok_requires={self.ok_requires} must be between the {required} required "
                f"elements and the {len(self.elements)} elements"
            )
        for section_type, bar in self.ok_requires_on.items():
            if not 1 <= bar <= len(self.elements):
                raise ValueError(f"ok_requires_on.{section_type}={bar} must be between 1 and {len(self.elements)}")
        return self


class Headings(_Strict):
    es: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = Field(min_length=1)
    pt: tuple[str, ...] = Field(min_length=1)
    fr: tuple[str, ...] = Field(min_length=1)

    def all(self) -> tuple[str, ...]:
        return tuple(fold(h) for h in (*self.es, *self.en, *self.pt, *self.fr))


class SectionTypeSpec(_Strict):
    name: Texts
    headings: Headings
    content: Regexes = ()  # strong cues: one of them says much about the type
    vocabulary: Regexes = ()  # weak cues: only many together say what the text is about

    @cached_property
    def content_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(p) for p in self.content)

    @cached_property
    def vocabulary_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(p) for p in self.vocabulary)


class CompositeHeadings(_Strict):
    """Headings that name a document holding several parts (a logframe: objectives, indicators, activities).

    A pasted text under such a heading is typed as the first of ``order`` whose
    content cues it shows (a logframe excerpt read from the top), else ``fallback``.
    """

    headings: Headings
    order: tuple[SectionType, ...] = Field(min_length=1)
    fallback: SectionType


class DonorExpectation(_Strict):
    criterion: str
    fact: Texts
    source: str = Field(min_length=3)
    year: str = Field(min_length=2)
    verification: Literal["V", "S", "U"]
    knowledge_query: str = Field(min_length=3)


class Donor(_Strict):
    name: str
    expectations: tuple[DonorExpectation, ...] = Field(min_length=1)


class CriticMessages(_Strict):
    """The critic's sentences in one language (prompts/messages/<language>.toml, [critic])."""

    reason_missing: str
    reason_weak: str
    reason_weak_unquoted: str  # a weak finding with no sentence on its topic to quote
    reason_partial: str  # a weak finding that already shows some elements: {found}, then {missing}
    rewrite_placeholder: str  # stands for the sentence to rewrite when none carries the criterion
    reason_against: str
    reason_ok: str
    and_: str = Field(alias="and")
    all_ok: str
    donor_note: str
    document_overview: str
    document_truncated: str
    document_skipped: str
    llm_invalid: str
    llm_failed: str
    llm_guarded: str
    text_truncated: str
    empty_fields: str  # cover-sheet fields left blank
    ok_suggestion: str
    strengths: str
    strengths_outside: str  # criteria of other section types the text visibly satisfies
    assumed_type: str
    assumed_heading: str
    assumed_headings: str
    assumed_content: str
    assumed_opening: str  # "The WP7 concerns the sustainability of…"
    assumed_fallback: str
    assumed_summary: str
    assumed_given: str
    assumed_alternative: str  # the next most likely type, when the critic was unsure
    reported_news: str  # the text reports on a project rather than proposing it
    reported_news_use: str  # a news item, offline: not reviewed as a section; how to use it instead:
    news_use_figures: str  # ... its figures, when it gives some
    news_use_precedent: str  # ... its funder, amount and partners, when it names a funder or an amount
    news_use_lesson: str  # ... what went wrong, when it reports a setback
    news_use_own: str  # ... and what a proposal states that it leaves out
    news_figures: str
    reported_evaluation: str
    reported_lesson: str  # an evaluation's finding or lesson, reviewed offline: no checklist, its lesson back
    lesson_quote: str
    reported_tor: str  # terms of reference: what they contract belongs in the proposal's own sections
    reported_legal: str
    reported_policy: str  # a national plan, policy or strategy: cite it for alignment
    reported_call: str  # a call for proposals: its criteria are the officer's checklist
    reported_speech: str
    reported_study: str
    reported_report: str
    reported_slides: str
    reported_page: str  # a funded project's web page or fact sheet: a model of what the donor funds
    reported_contents: str  # a table of contents and little else: the sections themselves are what is reviewed
    contents_left_out: str  # the table of contents at the top of a text, left out of the review
    reported_section: str  # what the section drawn from a text that describes no project would state
    reported_missing: str  # what a text that is no proposal section is not asked for one by one
    summary_missing: str  # what a whole project told without a proposal's headings leaves out, on one line
    comment_author: str  # the author of the Word comments in an annotated draft
    comment_initials: str

    def joined(self, names: Sequence[str]) -> str:
        """"a, b and c" in the reader's language; "a; b and c; d" when a name holds the conjunction itself
        ("the indicators and monitoring and evaluation" read as three things)."""
        if len(names) == 1:
            return names[0]
        if any(self.and_ in name for name in names):
            return "; ".join(names)
        return ", ".join(names[:-1]) + self.and_ + names[-1]

    def assumed(self, type_name: str, how: str) -> str:
        """'I reviewed this text as the budget section (from its heading).'"""
        return self.assumed_type.format(type=type_name, how=getattr(self, f"assumed_{how}"))


class Guards(_Strict):
    injection: Patterns


class Rubric(_Strict):
    version: int
    macros: dict[str, str] = {}
    messages: dict[str, CriticMessages]  # from prompts/messages/<language>.toml, [critic]
    guards: Guards
    section_types: dict[SectionType, SectionTypeSpec]
    composite_headings: CompositeHeadings | None = None
    criteria: dict[str, Criterion]
    donors: dict[str, Donor] = {}

    @model_validator(mode="before")
    @classmethod
    def _expand_macros(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        macros = dict(data.get("macros") or {})
        for _ in range(5):  # macros may use other macros
            macros = {k: _expand(v, macros, f"macros.{k}") for k, v in macros.items()}
        return _expand_tree(data, macros, "")

    @model_validator(mode="after")
    def _cross_checks(self) -> Rubric:
        if set(self.messages) != set(OUTPUT_LANGUAGES):
            lacking = [language for language in OUTPUT_LANGUAGES if language not in self.messages]
            raise ValueError(f"messages must have exactly {OUTPUT_LANGUAGES}; missing [messages.{', '.join(lacking)}]")
        for key in CriticMessages.model_fields:
            try:
                _same_placeholders(
                    {language: getattr(self.messages[language], key) for language in OUTPUT_LANGUAGES}
                )
            except ValueError as exc:
                raise ValueError(f"messages.{key}: {exc}") from None
        missing_types = set(SECTION_TYPES) - set(self.section_types)
        if missing_types:
            raise ValueError(f"section_types lacks {sorted(missing_types)}")
        for cid in self.criteria:
            if not re.fullmatch(r"[a-z][a-z_]*", cid):
                raise ValueError(f"criterion id {cid!r} must be snake_case")
        for donor_id, donor in self.donors.items():
            if donor_id not in DONORS:
                raise ValueError(f"donors.{donor_id}: unknown donor (known: {DONORS})")
            for exp in donor.expectations:
                if exp.criterion not in self.criteria:
                    raise ValueError(f"donors.{donor_id}: unknown criterion {exp.criterion!r}")
        return self

    def model_post_init(self, _context: Any) -> None:
        for cid, criterion in self.criteria.items():
            object.__setattr__(criterion, "id", cid)

    def applicable(self, section_type: str) -> tuple[Criterion, ...]:
        """Criteria judged for ``section_type``, in rubric order."""
        return tuple(c for c in self.criteria.values() if section_type in c.applies_to)

    def messages_for(self, language: str) -> CriticMessages:
        return self.messages[output_language(language)]  # type: ignore[index]


def _expand(text: str, macros: dict[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ValueError(f"{where}: unknown macro {{{name}}}")
        return macros[name]

    return _MACRO.sub(replace, text)


def _expand_tree(node: Any, macros: dict[str, str], where: str) -> Any:
    if isinstance(node, dict):
        return {k: _expand_tree(v, macros, f"{where}.{k}" if where else k) for k, v in node.items()}
    if isinstance(node, list):
        # Only pattern lists hold macros; other strings have no {UPPER} fields.
        return [_expand_tree(v, macros, f"{where}.{i}") for i, v in enumerate(node)]
    if isinstance(node, str) and where.split(".")[0] in ("criteria", "section_types"):
        return _expand(node, macros, where)
    return node


def critic_messages() -> dict[str, dict[str, str]]:
    """The critic's sentences per language: the [critic] table of prompts/messages/<language>.toml."""
    try:
        return {language: load_toml(f"messages/{language}.toml")["critic"] for language in OUTPUT_LANGUAGES}
    except (ResourceError, KeyError) as exc:
        raise RubricError(f"the critic's messages: {exc}") from exc


def parse_rubric(data: dict[str, Any], *, origin: str = "rubric") -> Rubric:
    """Validate an already-parsed TOML mapping; raise RubricError naming each bad entry.

    The critic's sentences live with every other message (prompts/messages/); a mapping
    without ``messages`` gets them from there.
    """
    if "messages" not in data:
        data = {**data, "messages": critic_messages()}
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise RubricError(f"{origin}: {problems}") from exc
    except ValueError as exc:  # unknown macro, raised before field validation
        raise RubricError(f"{origin}: {exc}") from exc


def load_rubric(path: Path | None = None) -> Rubric:
    """Load and validate the rubric (default ``prompts/rubric.toml``)."""
    path = Path(path) if path else RUBRIC_PATH
    try:
        data = load_toml(path)
    except ResourceError as exc:
        raise RubricError(f"cannot read rubric {path}: {exc}") from exc
    return parse_rubric(data, origin=str(path))
