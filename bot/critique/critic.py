"""The Critic: section typing, offline judge, optional LLM judge, sources and donor lens.

Typical use::

    critic = Critic(load_rubric(), retrieve=retriever.retrieve, chat_model=model)
    review = critic.critique(pasted_text, donor="ilab")
    report = critic.critique_blocks(extract_blocks(path, limits), filename=path.name)

Design choices worth knowing:

* Only criteria that apply to the section type are judged.
* A chosen donor does not add findings of its own: its documented expectations
  (rubric ``[donors]``, each with source and year) are appended to the reason of
  the matching criterion, their passages join that finding's sources, and those
  criteria come first among findings of equal status.
* LLM guard: the model may not call a criterion "ok" when the offline judge
  found nothing about it in the text ("missing") or found wording that caps it
  (e.g. "no risks are foreseen"); and when the text contains instructions aimed
  at the reviewer, the model may only keep or lower the offline statuses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from bot.critique.llm_judge import (
    LLMJudgeError,
    LLMVerdict,
    call_model,
    parse_verdict,
    render_messages,
)
from bot.critique.logframe import check_logframe, find_logframes
from bot.critique.logframe import title as logframe_title
from bot.critique.offline import Judgement, clearly_satisfied, content_segments, judge
from bot.critique.rubric import SECTION_TYPES, Criterion, Rubric, load_rubric
from bot.critique.sections import BlockLike, body_word_count, split_sections
from bot.critique.signals import empty_fields
from bot.critique.type_model import TypeModel, packaged_type_model
from bot.critique.typing import (
    FULL, TypeDecision, contents_end_the_text, decide_type, detect_section_type, figures_of, lesson_of, news_offers,
    reported_on, without_contents,
)
from bot.language import detect_language, fold
from bot.models import Critique, DocumentCritique, Finding, Passage
from bot.prompts import load_prompt
from bot.vocabulary import DONORS, LANGUAGES

__all__ = ["Critic", "CriticOptions", "load_rubric"]

log = logging.getLogger(__name__)

Retrieve = Callable[..., list[Passage]]
_STATUS_RANK = {"missing": 0, "weak": 1, "ok": 2}
# Texts that describe no project at all (typing.reported_on): the rubric is not read on their words.
_NO_SECTION_AT_ALL = frozenset({"tor", "legal", "policy", "call", "speech", "study", "report", "slides", "contents",
                                "page"})
# How a text was typed a whole proposal without a proposal's headings (typing.decide_type).
_FROM_CONTENT = frozenset({"content", "summary", "fallback"})
_PASSAGES_PER_CRITERION = 2
# What is left of a text once its table of contents is taken out: under this, the text was the table.
_AFTER_CONTENTS_WORDS = 60


@dataclass(frozen=True)
class CriticOptions:
    """Limits of one review (config.toml [limits] and [llm] set them through the assembler)."""

    max_text_chars: int = 20_000
    max_sections: int = 30
    min_section_words: int = 8  # shorter sections of a whole draft are skipped, with a note
    llm_timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.llm_timeout <= 0:
            raise ValueError(f"llm_timeout must be positive, got {self.llm_timeout}")


class Critic:
    """Reviews proposal sections and whole drafts against the rubric."""

    def __init__(
        self,
        rubric: Rubric,
        retrieve: Retrieve | None = None,
        chat_model: object | None = None,
        options: CriticOptions = CriticOptions(),
        embed: Callable[[str], Sequence[float]] | None = None,
        type_model: TypeModel | None = None,
    ) -> None:
        self.rubric = rubric
        self.retrieve = retrieve
        self.chat_model = chat_model
        self.options = options
        # A text without a deciding heading is typed by the learned model over its multilingual vector
        # (bot/critique/type_model.py); without an encoder, by the rules' cue words.
        self.embed = embed
        self.type_model = type_model if type_model is not None else (packaged_type_model() if embed else None)
        self._prompt = load_prompt("critique") if chat_model is not None else None

    # ---------------------------------------------------------------- public API

    def critique(
        self,
        text: str,
        *,
        language: str | None = None,
        donor: str | None = None,
        section_type: str | None = None,
    ) -> Critique:
        """Review one pasted section; ``language``/``section_type`` None means detect them."""
        text = self._check_text(text)
        self._check_options(language, donor, section_type)
        language = language or detect_language(text)
        # A table of contents is no part of the text's argument: its entries read as the sections themselves.
        after_contents, entries = without_contents(text)
        only_contents = bool(entries) and (len(after_contents.split()) < _AFTER_CONTENTS_WORDS
                                           or contents_end_the_text(text))
        if entries and not only_contents:
            text = after_contents
        # The type assumed is stated, so that the officer can correct it (Telegram button, --type).
        typed = text[: self.options.max_text_chars]  # what is reviewed (the rest is cut, with a note)
        decision = (TypeDecision(section_type, "given") if section_type
                    else decide_type(typed, self.rubric, embed=self.embed, model=self.type_model))
        review = self._review(text, language=language, donor=donor, section_type=decision.section_type, cache={})
        messages = self.rubric.messages_for(language)
        type_name = self.rubric.section_types[decision.section_type].name.get(language)
        note = messages.assumed(type_name, decision.by)
        if decision.alternative:
            other = self.rubric.section_types[decision.alternative].name.get(language)
            note = f"{note} {messages.assumed_alternative.format(type=other)}"
            review = replace(review, alternative_type=decision.alternative)
        reported = None if section_type else "contents" if only_contents else reported_on(typed, self.rubric)
        # A text that describes no project at all is not reviewed as a section by the rules: they read
        # its words, and an ordinance's number looked like a measurable target. A model reads what it is.
        no_section = reported in _NO_SECTION_AT_ALL and review.mode == "offline"
        # An evaluation's lesson, offline: the M&E checklist read its findings as a plan ("complete each
        # indicator with a baseline") and its lesson went unsaid (tenth round, blind). It gets its lesson back.
        # A news item, offline, likewise: its findings quoted a reporter's lines as design ("the headline
        # states the fit with the context", a loan's total as who pays after it) and were rated 0 by the blind
        # assessors in most rounds since the tenth. It gets its figures back and how to use it.
        quoted_back = reported in ("evaluation", "news") and review.mode == "offline"
        if quoted_back:
            if reported == "evaluation":
                quoted = lesson_of(typed)
                note = messages.reported_lesson
                quote = messages.lesson_quote.format(lesson=quoted) if quoted else ""
            else:
                quoted = figures_of(typed)
                # What it offers, each said only when it has it: "cite its figures" on an item that gives none, or
                # "take the donor as a precedent" on one that names none, is stock advice (twenty-seventh round).
                uses = [getattr(messages, f"news_use_{offer}") for offer in news_offers(typed)] + [messages.news_use_own]
                note = f"{messages.reported_news_use} {'; '.join(uses)}."
                quote = messages.news_figures.format(figures=quoted) if quoted else ""
            note = f"{note} {quote}" if quote else note
            review = self._without_checklist(review, everything=True, type_name=type_name)
        elif no_section:
            note = getattr(messages, f"reported_{reported}")
            if only_contents:  # nothing to draw a section from: its entries only name sections (said once, as the note)
                review = replace(review, findings=(), next_steps=(), note=note)
                note = ""
            else:
                review = self._without_checklist(review, everything=True, type_name=type_name)
        elif reported:  # a press release or an evaluation's finding: it still describes a project
            note = f"{note} {getattr(messages, f'reported_{reported}')}"
            # What it leaves out is named on one line, whoever judged it: a model that recognised an evaluation
            # summary still listed timeline, budget and risks as missing findings (twenty-first round, blind).
            review = self._without_checklist(review, everything=False, type_name=type_name)
        elif decision.section_type == FULL and decision.by in _FROM_CONTENT and review.mode == "offline":
            # A whole project told in a few paragraphs without a proposal's headings (a project page, a fact
            # sheet, a draft's summary): what it says is reviewed, and what it leaves out is named on one line.
            # Item by item, the template asked a GIZ project page for counterpart funds and tripartite letters
            # (thirteenth round, blind).
            review = self._without_checklist(review, everything=False, type_name=type_name,
                                             line=messages.summary_missing)
        if entries and not only_contents:
            note = f"{messages.contents_left_out.format(count=entries)} {note}"
        review = replace(review, type_note=note)
        blank = empty_fields(typed)
        if blank:
            note = messages.empty_fields.format(fields=", ".join(f"«{label}»" for label in blank))
            review = replace(review, note=f"{review.note} {note}" if review.note else note)
        return review if no_section or quoted_back else self._with_strengths_outside(review, typed)

    def _without_checklist(self, review: Critique, *, everything: bool, type_name: str,
                           line: str | None = None) -> Critique:
        """What a text that is no proposal section lacks is named on one line, not as findings with fixes.

        An ordinance asked for a steering committee, a speech for a logframe (eighth round, blind): the
        proposal checklist, item by item, is noise on such a text. A news item or an evaluation still
        describes a project, so what it says weakly is still judged; an ordinance, a speech, a study,
        a report's cover sheet or slides do not (``everything``): their words matched the rubric by
        accident ("Portaria nº 1.234" read as a measurable figure).
        """
        missing = [f for f in review.findings if everything or f.status == "missing"]
        if not missing:
            return review
        kept = [f for f in review.findings if f not in missing]
        missing = [f for f in missing if f.status != "ok"]
        steps = self._next_steps(kept, review.language) if kept else ()
        if not missing:
            return replace(review, findings=tuple(kept), next_steps=steps)
        messages = self.rubric.messages_for(review.language)
        names = [f.label or self.rubric.criteria[f.criterion].name.get(review.language) for f in missing]
        joined = messages.joined(names)
        template = line or (messages.reported_section if everything else messages.reported_missing)
        said = template.format(type=type_name, names=joined)
        return replace(review, findings=tuple(kept), next_steps=steps, listed_missing=tuple(f.criterion for f in missing),
                       note=f"{review.note} {said}" if review.note else said)

    def _with_strengths_outside(self, review: Critique, text: str) -> Critique:
        """Acknowledge what the text does well beyond its section type (a problem section that names the plan it serves)."""
        if review.section_type == "full_proposal":
            return review
        judged = {f.criterion for f in review.findings}
        segments = content_segments(text)  # split once for every criterion
        strong = tuple(
            criterion.id for criterion in self.rubric.criteria.values()
            if criterion.id not in judged and clearly_satisfied(criterion, segments, review.language, self.rubric)
        )
        if not strong:
            return review
        messages = self.rubric.messages_for(review.language)
        names = [self.rubric.criteria[c].name.get(review.language) for c in strong]
        joined = messages.joined(names)
        return replace(review, also_strong=strong, strengths_note=messages.strengths_outside.format(names=joined))

    def critique_blocks(
        self,
        blocks: Sequence[BlockLike],
        *,
        filename: str,
        language: str | None = None,
        donor: str | None = None,
        tables: Sequence[Sequence[Sequence[str]]] = (),
    ) -> DocumentCritique:
        """Review a whole draft: one critique per section, plus the topics no section covers.

        The first critique (titled "Whole document: topics without their own
        section") judges, on the full text, the criteria that none of the
        reviewed sections covers. A draft without headings gets a single
        critique, typed from its whole text (a long draft is a full proposal).
        ``tables`` (a .docx's tables, see bot.critique.logframe) adds one critique
        per logframe table, each finding pointing at its row.
        """
        full_text = self._check_text("\n".join(b.text for b in blocks if b.text))
        self._check_options(language, donor, None)
        language = language or detect_language(full_text)
        messages = self.rubric.messages_for(language)
        cache: dict[tuple[str, str | None], tuple[Passage, ...]] = {}

        sections = split_sections(blocks, self.rubric)
        judgeable = [
            s for s in sections
            if s.section_type and body_word_count(s) >= self.options.min_section_words
        ]
        notes: list[str] = []
        # Headings with nothing under them (a title, an empty chapter) are not worth a note.
        skipped = sum(1 for s in sections if s not in judgeable and body_word_count(s) > 0)
        if skipped and judgeable:
            notes.append(messages.document_skipped.format(count=skipped))
        if len(judgeable) > self.options.max_sections:
            notes.append(
                messages.document_truncated.format(count=len(judgeable), limit=self.options.max_sections)
            )
            judgeable = judgeable[: self.options.max_sections]

        critiques: list[Critique] = []
        if not judgeable:
            # No sections: the whole text is one part, typed like a paste (a short note is no proposal).
            critiques.append(
                self._review(full_text, language=language, donor=donor,
                             section_type=decide_type(full_text, self.rubric, embed=self.embed,
                                                      model=self.type_model).section_type, cache=cache)
            )
        else:
            covered = {c.id for s in judgeable for c in self.rubric.applicable(s.section_type)}
            uncovered = {c.id for c in self.rubric.criteria.values()} - covered
            if uncovered:
                critiques.append(
                    self._review(full_text, language=language, donor=donor,
                                 section_type="full_proposal", cache=cache,
                                 only=uncovered, title=messages.document_overview)
                )
            for section in judgeable:
                critiques.append(
                    self._review(section.text, language=language, donor=donor,
                                 section_type=section.section_type, cache=cache,
                                 title=section.title)
                )
        critiques += self._logframe_critiques(tables, language, donor, cache)
        mode = "llm" if any(c.mode == "llm" for c in critiques) else "offline"
        return DocumentCritique(
            filename=filename,
            language=language,
            sections=tuple(critiques),
            mode=mode,
            note=" ".join(notes) or None,
        )

    def _logframe_critiques(self, tables, language: str, donor: str | None, cache) -> list[Critique]:
        """One critique per logframe table: vertical logic, indicators and assumptions, row by row."""
        critiques = []
        for frame in find_logframes([[list(row) for row in table] for table in tables]):
            findings = check_logframe(frame, language)
            criteria = {f.criterion for f in findings}
            sources = {c: self._sources(self.rubric.criteria[c], language, donor, cache) for c in criteria}
            findings = [self._with_donor_and_sources(f, language, donor, sources, cache) for f in findings]
            critiques.append(Critique(
                section_type="indicators", language=language, findings=tuple(findings),
                next_steps=self._next_steps(findings, language) if findings else (), mode="offline",
                title=logframe_title(frame, language),
            ))
        return critiques

    # ---------------------------------------------------------------- internals

    def _check_text(self, text: str) -> str:
        if not isinstance(text, str) or not text.strip():
            raise ValueError("nothing to review: the text is empty")
        return text.strip()

    def _check_options(self, language: str | None, donor: str | None, section_type: str | None) -> None:
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"language {language!r} is not one of {LANGUAGES}")
        if donor is not None and donor not in DONORS:
            raise ValueError(f"donor {donor!r} is not one of {DONORS}")
        if section_type is not None and section_type not in SECTION_TYPES:
            raise ValueError(f"section_type {section_type!r} is not one of {SECTION_TYPES}")

    def _review(
        self,
        text: str,
        *,
        language: str,
        donor: str | None,
        section_type: str | None,
        cache: dict[tuple[str, str | None], tuple[Passage, ...]],
        only: set[str] | None = None,
        title: str | None = None,
    ) -> Critique:
        messages = self.rubric.messages_for(language)
        notes: list[str] = []
        if len(text) > self.options.max_text_chars:
            text = text[: self.options.max_text_chars]
            notes.append(messages.text_truncated.format(limit=self.options.max_text_chars))
        section_type = section_type or detect_section_type(text, self.rubric)

        judgements = [
            j for j in judge(text, section_type, language, self.rubric)
            if only is None or j.criterion.id in only
        ]
        criteria = [j.criterion for j in judgements]
        sources = {c.id: self._sources(c, language, donor, cache) for c in criteria}

        findings = [j.finding for j in judgements]
        mode = "offline"
        llm_steps: list[str] = []
        if self.chat_model is not None and criteria:
            try:
                verdict = self._ask_llm(text, criteria, section_type, language, donor, sources)
            except LLMJudgeError as exc:
                log.warning("critique LLM fallback (%s): %s", exc.kind, exc.detail, exc_info=exc.__cause__ is not None)
                template = messages.llm_failed if exc.kind == "failed" else messages.llm_invalid
                notes.append(template.format(detail=exc.detail))
            else:
                findings, guarded = self._merge(judgements, verdict, self._is_injected(text))
                mode = "llm"
                if guarded:
                    names = ", ".join(self.rubric.criteria[c].name.get(language) for c in guarded)
                    notes.append(messages.llm_guarded.format(criteria=names))
                else:
                    llm_steps = verdict.next_steps

        findings = [self._with_donor_and_sources(f, language, donor, sources, cache) for f in findings]
        findings.sort(key=lambda f: (
            _STATUS_RANK[f.status],
            not self._donor_cares(donor, f.criterion),
            list(self.rubric.criteria).index(f.criterion),
        ))
        return Critique(
            section_type=section_type,
            language=language,
            findings=tuple(findings),
            next_steps=tuple(llm_steps) or self._next_steps(findings, language),
            mode=mode,
            title=title,
            note=" ".join(notes) or None,
        )

    def _ask_llm(
        self,
        text: str,
        criteria: list[Criterion],
        section_type: str,
        language: str,
        donor: str | None,
        sources: dict[str, tuple[Passage, ...]],
    ) -> LLMVerdict:
        assert self._prompt is not None
        chat = render_messages(
            self._prompt, self.rubric, criteria, text,
            section_type=section_type, language=language, donor=donor, passages=sources,
        )
        reply = call_model(self.chat_model, chat, self.options.llm_timeout)
        return parse_verdict(reply, {c.id for c in criteria})

    def _is_injected(self, text: str) -> bool:
        folded = fold(text)
        return any(p.search(folded) for p in self.rubric.guards.injection.compiled)

    @staticmethod
    def _merge(
        judgements: list[Judgement], verdict: LLMVerdict, injected: bool
    ) -> tuple[list[Finding], list[str]]:
        """LLM findings where trusted, offline ones where the guard applies (see module doc)."""
        by_id = {f.criterion: f for f in verdict.findings}
        findings: list[Finding] = []
        guarded: list[str] = []
        for j in judgements:
            llm = by_id.get(j.criterion.id)
            if llm is None:
                findings.append(j.finding)
                continue
            unsupported_ok = llm.status == "ok" and (
                j.status == "missing" or (j.against is not None and j.against.mode == "cap")
            )
            raised_under_injection = injected and _STATUS_RANK[llm.status] > _STATUS_RANK[j.status]
            if unsupported_ok or raised_under_injection:
                findings.append(j.finding)
                guarded.append(j.criterion.id)
            else:
                findings.append(Finding(j.criterion.id, llm.status, llm.reason, llm.suggestion,
                                        anchor=j.finding.anchor))
        return findings, guarded

    def _sources(
        self,
        criterion: Criterion,
        language: str,
        donor: str | None,
        cache: dict[tuple[str, str | None], tuple[Passage, ...]],
    ) -> tuple[Passage, ...]:
        passages = self._retrieve(criterion.knowledge_query, language, donor, cache)
        preferred = criterion.knowledge_sources
        if preferred:
            passages = tuple(sorted(passages, key=lambda p: not any(s in p.source for s in preferred)))
        return passages[:_PASSAGES_PER_CRITERION]

    def _retrieve(
        self,
        query: str,
        language: str,
        donor: str | None,
        cache: dict[tuple[str, str | None], tuple[Passage, ...]],
        k: int = _PASSAGES_PER_CRITERION,
    ) -> tuple[Passage, ...]:
        if self.retrieve is None:
            return ()
        key = (query, donor)
        if key not in cache:
            try:
                cache[key] = tuple(self.retrieve(query, language=language, donor=donor, k=k))
            except Exception:  # a broken index must not cost the user the review
                log.warning("retrieve failed for %r", query, exc_info=True)
                cache[key] = ()
        return cache[key]

    def _donor_cares(self, donor: str | None, criterion_id: str) -> bool:
        spec = self.rubric.donors.get(donor) if donor else None
        return bool(spec and any(e.criterion == criterion_id for e in spec.expectations))

    def _with_donor_and_sources(
        self,
        finding: Finding,
        language: str,
        donor: str | None,
        sources: dict[str, tuple[Passage, ...]],
        cache: dict[tuple[str, str | None], tuple[Passage, ...]],
    ) -> Finding:
        passages = list(sources.get(finding.criterion, ()))
        reason = finding.reason
        spec = self.rubric.donors.get(donor) if donor else None
        for exp in spec.expectations if spec else ():
            if exp.criterion != finding.criterion:
                continue
            note = self.rubric.messages_for(language).donor_note.format(
                donor=spec.name, source=exp.source, year=exp.year, fact=exp.fact.get(language)
            )
            reason = f"{reason} {note}"
            passages.extend(self._retrieve(exp.knowledge_query, language, donor, cache, k=1))
        unique = tuple({p.id: p for p in passages}.values())
        label = self.rubric.criteria[finding.criterion].name.get(language)
        return replace(finding, reason=reason, sources=unique, label=label)

    def _next_steps(self, findings: list[Finding], language: str) -> tuple[str, ...]:
        problems = [f for f in findings if f.status != "ok"][:3]
        if not problems:
            # One short positive line instead of a list of "ok"s (findings stay complete).
            messages = self.rubric.messages_for(language)
            names = [self.rubric.criteria[f.criterion].name.get(language) for f in findings]
            joined = messages.joined(names)
            if len(names) == 1:
                return (messages.all_ok,)
            return (f"{messages.strengths.format(names=joined)} {messages.all_ok}",)
        steps = []
        for f in problems:
            name = self.rubric.criteria[f.criterion].name.get(language)
            colon = " :" if language == "fr" else ":"  # French typography spaces the colon
            steps.append(f"{name[0].upper()}{name[1:]}{colon} {f.suggestion}")
        return tuple(steps)
