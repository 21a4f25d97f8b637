"""Composing grounded answers: extractive by default, an LLM when configured.

The extractive answer picks the few sentences of the retrieved passages that
best answer the question (multilingual sentence similarity, passage rank and
the reader's language), drops repeats (including the same sentence in the
other language version of a document), and cites each with a marker [n].
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from bot.answers.dated import asked_years, dated_lines, dated_passages, passages_naming
from bot.answers.figures import asked_days, asked_figures, day_lines, day_passages, figure_lines, figure_passages
from bot.answers.policy import READING_ORDER, RetrievalPolicy
from bot.answers.search import SearchResult
from bot.answers.understanding import (
    EXAMPLE_KIND, WORKSHOP_KIND, donors_compared, donors_in, format_history, is_short, looks_like_followup,
    names_workshop, programmes_in, read_with_previous, refers_back, rewrite_offline, within_the_worked_example,
    without_workshop_names,
)
from bot.answers.unknown_names import Vocabulary, funders_not_covered, index_words, names, unknown_funders
from bot.answers.units import (
    ANSWER_CARDS_FOLDER, SENTENCE_BREAK, Unit, already_said, asked_questions, asks_for_a_link, asks_for_a_list,
    asks_for_an_example, has_an_address, innermost_section, introduces_items, is_a_list, is_a_source_list,
    is_answer_card, is_project_advice, lists_mistakes, opens_with_a_verdict, overlap, quotable,
    defines_a_source_label, enumerated_points, quoted_phrase, quoted_term, refers_to_the_worked_example, restates,
    split_units, term_definition_strength, with_cut_marks, without_the_worked_example, without_verdict,
    worked_example_phrase,
)
from bot.language import detect_language, fold
from bot.llm import LLMUnavailable, invoke_with_deadline
from bot.models import Answer, Passage, Turn
from bot.vocabulary import LANGUAGE_NAMES, LANGUAGES, IndexNotReady
from bot.prompts import load_prompt
from bot.resources import load_toml, words

log = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d{1,3})\]")  # a model may read more than 99 passages
FOLLOWUP_CHARS = 40  # a follow-up this short is read in the conversation's language
ECHO_PENALTY = 0.12
LIST_BONUS = 0.15
LINK_BONUS = 0.15
# How a day asked about is written back, in the reader's language ("27 de marzo de 2025").
DAY_FORMAT = {"es": "{day} de {month} de {year}", "pt": "{day} de {month} de {year}", "en": "{day} {month} {year}",
              "fr": "{day} {month} {year}"}
# What a model reads of a quoted term's mentions: the documents that state facts, not the guide's advice on them.
MENTION_KINDS = ("donor", "methods", "workshop", "example")
MAX_MENTIONS = 6
TERM_BONUS = 0.2  # the item that opens with the quoted term asked about ("- Évaluabilité : …"), over its list
LANGUAGE_BONUS = (0.06, 0.02, 0.0)  # by position in the reader's reading order
ADVICE_PENALTY = 0.05
# An answer card whose question is this close to the officer's (multilingual cosine, plus the
# preferences for the reader's language and the named donor) answers it. On the seen answer sets
# a card on the same question scored 0.6-1.0; of the 360 off-topic questions of the seen sets, 2.5 %
# came above 0.6 (the scope model has turned most of those away before a card is looked for).
CARD_MATCH = 0.6
# ... and the question alone this close: the preferences rank the cards, they do not make one match
# (AECID's card on gender, at 0.50, answered "has Spain funded an ILO programme?" for an AECID proposal).
# Nugget recall on the five answer sets seen before moved by at most 0.024 a set (three up, one down).
CARD_FLOOR = 0.55
# ... and this close, a question is in scope whatever the scope model says ("How do I take part in
# INTERCOONECTA?": the encoder does not know the word). None of the 360 off-topic questions of the
# seen sets came above 0.69; a third of the real ones did.
CARD_IN_SCOPE = 0.72
# Below this, a card matched by its question gives way to another card the search found first. On the seen sets
# (1,030 questions): nugget recall of first questions 0.452 → 0.466, follow-ups 0.417 → 0.423 (44 answers up, 19 down);
# 0.65 gave 0.463, 0.75 0.465, always 0.463.
CARD_GIVES_WAY = 0.70
NAMED_DONOR_BONUS = 0.05  # the named donor's card before a general one on the same question
# A second question's card ("…, y quiénes participaron?"): it matches that question as well as CARD_MATCH
# asks, and this much better than the first card does (the first card is then not its answer).
SECOND_CARD_MARGIN = 0.15
# A card of this many items answers a question on one of them with that item first when it is this much
# closer to the question than any other (and the question asks for no list).
CARD_FOCUS_UNITS = 4
CARD_FOCUS_MARGIN = 0.15
CARD_FOCUS_SPAN = 0.05
# ... unless the card's own question is this close to the officer's: then the whole card is the answer
# ("What is the difference between an output, an outcome and an impact?" 0.90; a question on one risk of
# the example against its card on all the risks, 0.56-0.65).
CARD_ASKED = 0.75


@lru_cache(maxsize=1)
def phrases() -> dict[str, dict[str, str]]:
    """Fixed answer phrases per language: the [composed_answer] table of prompts/messages/<language>.toml.

    Plain text (the CLI prints them, the Telegram bot escapes them); the messages
    loader has checked that every language has the same keys.
    """
    return {language: dict(load_toml(f"messages/{language}.toml")["composed_answer"]) for language in LANGUAGES}


@dataclass(frozen=True)
class AnswerOptions:
    max_units: int = 5  # sentences or list items an extractive answer quotes
    max_list_units: int = 7  # when the question asks for a list
    section_span: float = 0.2  # how far below the best a unit of the answer's own section may score
    other_span: float = 0.1  # ... and a unit of another section
    heading_weight: float = 0.3  # how much a section's heading naming the question counts in choosing it
    rank_weight: float = 0.3  # ... and the retrieval rank of its best passage
    # A message of several sentences: how much a unit's closeness to the sentence it matches best
    # counts beside its closeness to the whole (nugget recall rose on three older sets, fell on none).
    sentence_weight: float = 0.5
    llm_timeout_seconds: float = 30.0
    # With a model, a question is answered down to this share of the scope cut-off: the model says when the
    # passages do not cover it (it declined every off-topic question it was given in the sixteenth round), while
    # a real question turned away gets nothing. Both zeros of the LLM path there were real questions turned away
    # (scope 0.34, "which of two figures for ILAB's cancelled grants is right?", and 0.19). On the seen answer sets,
    # 0.6 (0.21) answers 3 of the 4 real first questions turned away and hands 6 of 96 off-topic ones to the model.
    llm_scope_share: float = 0.6
    # What a model reads: the best passages and the whole sections of the first of them, up to the budget.
    # On the nine answer sets seen before, the share of nuggets in what the model read rose from 0.60
    # (5 passages) to 0.81 (10 passages, sections of the first 5). On the fifteen seen by the sixteenth round
    # (464 first questions), 10 and 5 gave 0.775 at a median of 6,700 characters: a 24,000 budget left three
    # quarters empty while the answer sat in the next sections. 50 and 25 give 0.869 at 23,900; a 32,000
    # budget added 0.008; the next passages each with its section, after the first ten, 0.857.
    llm_search_k: int = 50
    llm_whole_sections: int = 25
    llm_max_chars: int = 24000
    # A question about the worked example: the model reads the whole example (about 25,000 characters in
    # Spanish) and then the rest, up to this budget. Given its best sections only, a model said "the example
    # only mentions an annual report" and "it does not test the protocol in some offices" (tenth round).
    llm_example_max_chars: int = 36000


class Answerer:
    """Turns a question (and the conversation so far) into an Answer."""

    def __init__(
        self,
        policy: RetrievalPolicy,
        sentence_encoder: Embeddings,
        chat_model: BaseChatModel | None = None,
        options: AnswerOptions = AnswerOptions(),
    ) -> None:
        self.policy = policy
        self.search = policy.search
        self.sentence_encoder = sentence_encoder
        self.chat_model = chat_model
        self.options = options
        self._unit_cache: dict[str, np.ndarray] = {}
        self._cards: tuple[str, list[Passage]] = ("", [])  # (index generation, each card's first passage)
        self._card_questions: dict[str, np.ndarray] = {}  # a card's question -> its vector, for that generation
        self._index_words: tuple[str, Vocabulary] = ("", Vocabulary(frozenset()))  # (index generation, its words)

    # --- the pipeline --------------------------------------------------------------

    def answer(
        self,
        question: str,
        *,
        history: Sequence[Turn] = (),
        language: str | None = None,
        donor: str | None = None,
    ) -> Answer:
        question = question.strip()
        if language not in LANGUAGES:
            language = self.reader_language(question, history)
        standalone = self.standalone_question(question, history)
        rewritten = standalone if standalone != question else None
        # Offline, a fund the knowledge base never names gets no other donor's passages ("Does KOICA fund…?"
        # was quoted AECID's); a model reads the passages and says what they do not cover.
        unknown = self.unknown_funders(standalone) if self.chat_model is None else []
        if unknown:
            text = phrases()[language]["abstain_unknown"].format(names=", ".join(unknown))
            return Answer(question, language, text, True, "extractive", standalone_question=rewritten)
        # Offline, a funder the knowledge base names only in passing gets no other donor's passages either.
        elsewhere = funders_not_covered(standalone) if self.chat_model is None else []
        if elsewhere:
            # "Only in passing" is said of a name the index carries; of one it never names, that it found nothing.
            vocabulary = self.vocabulary()
            passing = vocabulary is not None and all(names(vocabulary, name) for name in elsewhere)
            key = "abstain_not_covered" if passing else "abstain_unknown"
            text = phrases()[language][key].format(names=", ".join(elsewhere))
            return Answer(question, language, text, True, "extractive", standalone_question=rewritten)
        result, matched, in_scope = self._found(standalone, question, language, donor)
        if not in_scope and history and (is_short(question) or looks_like_followup(question)):
            # "Alors on se tourne vers qui ?", "¿y cada categoría tiene su propio trámite…?" find nothing
            # alone, nor "¿y el ministerio la puede pedir directo? (el BID)": in the conversation, they ask on.
            # (Not when the model wrote the rewrite: its question stands.)
            together = read_with_previous(question, history)
            if standalone != together and standalone in (question, rewrite_offline(question, history)):
                standalone = together
                result, matched, in_scope = self._found(standalone, question, language, donor)
        rewritten = standalone if standalone != question else None
        # "¿A qué corresponden 26, 25 y 10?" reads as nothing the search knows; the figures themselves are found.
        if not in_scope and not self.gives_figures(question, standalone, history, language):
            return Answer(question, language, phrases()[language]["abstain"], True, "extractive",
                          standalone_question=rewritten)
        # Below the offline cut-off, only a model answers: it can say what the passages do not cover.
        confident = self._in_scope(result, matched, self.search.min_relevance())
        if self._search_found_another_card(result, matched):
            matched = []
        result = self.with_cards(result, [card for card, _ in self._cards_for_a_term(standalone, result, matched)])
        if self.chat_model is not None:
            try:
                read = self.llm_passages(standalone, result, donor, language)
                return self._llm_answer(question, standalone, language, read, rewritten, history)
            except LLMUnavailable as exc:
                if not confident:
                    log.warning("LLM answer failed on a question below the offline cut-off: %s", exc)
                    return Answer(question, language, phrases()[language]["abstain"], True, "extractive",
                                  standalone_question=rewritten)
                log.warning("LLM answer failed, using the extractive answer: %s", exc)
                extractive = self._offline_answer(question, standalone, language, result, rewritten, history)
                note = phrases()[language]["llm_fallback"]
                return Answer(extractive.question, language, f"{extractive.text}\n\n{note}", False,
                              "extractive", extractive.sources, note=note, standalone_question=rewritten)
        return self._offline_answer(question, standalone, language, result, rewritten, history)

    def _offline_answer(
        self, question: str, standalone: str, language: str, result: SearchResult, rewritten: str | None,
        history: Sequence[Turn] = (),
    ) -> Answer:
        """What happened in a year, or where each figure asked about is given, when that is asked and the knowledge
        base has it; else the sentences of the retrieved passages that answer best."""
        previous = history[-1].question if history else None
        days = asked_days(question, previous)
        on_days = self._days_answer(question, standalone, days, language, rewritten, history) if days else None
        years = [] if days else asked_years(standalone)
        dated = self._dated_answer(question, standalone, years, language, rewritten, history) if years else None
        figures = [] if on_days or dated else asked_figures(question, previous)
        given = self._figures_answer(question, standalone, figures, language, rewritten, history) if figures else None
        points = [] if on_days or dated or given else enumerated_points(question)
        checked = self._points_answer(question, standalone, points, language, rewritten, history) if points else None
        return (on_days or dated or given or checked
                or self._extractive_answer(question, standalone, language, result, rewritten, history))

    def _points_answer(
        self, question: str, standalone: str, points: Sequence[tuple[str, str]], language: str,
        rewritten: str | None, history: Sequence[Turn] = (),
    ) -> Answer | None:
        """"¿Me confirmás estas cinco afirmaciones? 1) … 2) …": what the sources say on each point, under its
        label. One search for the whole message found what bore on one or two of them."""
        # What the message says before its points applies to each: "the example's budget: a) the SIGI costs most…",
        # "five statements on the ILO: 4) its evaluation policy is from 2013".
        example = worked_example_phrase(question)
        named = donors_in(question.split(f"{points[0][0]})", 1)[0])
        said = [turn.answer for turn in history[-1:]]
        passages: list[Passage] = []
        units: list[Unit] = []
        quoted: set[str] = set()
        for label, point in points:
            asked = f"{point} ({example})" if example else point
            donor = named[0] if len(named) == 1 and not donors_in(point) else None
            found = self.with_sections(self.in_reader_language(self.retrieve(asked, donor=donor, language=language),
                                                               language).passages)
            best = next((unit for unit in self.select_units(asked, language, found, said=said)
                         if unit.text not in quoted), None)
            if best is None:
                continue
            quoted.add(best.text)
            passages.append(found[best.passage_index])
            units.append(Unit(f"({label}) {best.text}", len(passages) - 1))
        if len(units) < 2:
            return None
        intro = phrases()[language]["points_intro"]
        return self._quoted_answer(question, standalone, language, passages, units, rewritten, history, intro=intro)

    def _found(self, standalone: str, question: str, language: str, donor: str | None
               ) -> tuple[SearchResult, list[tuple[Passage, float]], bool]:
        """The passages and answer cards for ``standalone``, and whether they answer it at all."""
        result = self.retrieve(standalone, donor=donor, language=detect_language(standalone, language))
        # A follow-up read with the question before it is one question, not two.
        matched = self.matching_cards(standalone, language, several=standalone == question)
        floor = self.search.min_relevance()
        if self.chat_model is not None:
            floor *= self.options.llm_scope_share
        return result, matched, self._in_scope(result, matched, floor)

    @staticmethod
    def _cards_for_a_term(question: str, result: SearchResult, matched: list[tuple[Passage, float]]
                          ) -> list[tuple[Passage, float]]:
        """The matched cards, less those that never name a quoted term when a passage found says what it means
        ("que veut dire une « visite planifiée en fonction du risque » ?" got the example's risk-register card),
        or a rare quoted phrase when the first passage found carries it ("nos piden «factores de viabilidad»"
        got the AECID's card on stakeholders). A card that names it stays: it says more than the definition
        alone ("coerência" and the DAC criteria)."""
        term = quoted_term(question)
        phrase = term or result.quoted  # "nos piden «factores de viabilidad»": the passage that carries it
        if not (phrase and matched and result.passages):
            return matched
        first, wanted = result.passages[0], fold(phrase).lower()
        # (The first passage may carry the phrase in its heading: "a 'review guide drawn from USDOL – ILAB'".)
        if not (term_definition_strength(first.text, term) if term
                else wanted in fold(f"{first.section}\n{first.text}").lower()):
            return matched
        return [(card, similarity) for card, similarity in matched
                if wanted in fold(f"{card.section}\n{card.text}").lower()]

    def _search_found_another_card(self, result: SearchResult, matched: list[tuple[Passage, float]]) -> bool:
        """Whether the search put first an answer card other than the one matched by its question, which matched only
        loosely: "What did ILAB's calls ask for on research, data and baselines?" matched "Which facts about ILAB are
        unverified?" (0.56) and was answered with it, when the search had found the card on the FY2007 call first
        (twenty-fifth round). A card matched closely stays."""
        if not (matched and result.passages and is_answer_card(result.passages[0])) or matched[0][1] >= CARD_GIVES_WAY:
            return False
        try:
            first = self.search.snapshot().version_in(result.passages[0], matched[0][0].language) or result.passages[0]
        except (AttributeError, IndexNotReady):
            first = result.passages[0]
        return (first.source, first.section) not in {(card.source, card.section) for card, _ in matched}

    @staticmethod
    def _in_scope(result: SearchResult, matched: list[tuple[Passage, float]], floor: float) -> bool:
        card_similarity = matched[0][1] if matched else 0.0
        return bool(result.passages) and (result.relevance >= floor or card_similarity >= CARD_IN_SCOPE)

    def unknown_funders(self, question: str) -> list[str]:
        """The funds or agencies ``question`` asks about that no passage of the index in use names."""
        vocabulary = self.vocabulary()
        return unknown_funders(question, vocabulary) if vocabulary else []

    def vocabulary(self) -> Vocabulary | None:
        """What the index in use names (None without an index)."""
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return None
        if self._index_words[0] != snapshot.generation:
            self._index_words = (snapshot.generation, index_words(snapshot.texts))
        return self._index_words[1]

    @staticmethod
    def reader_language(question: str, history: Sequence[Turn]) -> str:
        """The question's language; a short follow-up ("¿y la OIT?", "And Canada?") keeps the conversation's."""
        if history and len(question) < FOLLOWUP_CHARS and looks_like_followup(question):
            return detect_language(history[-1].question)
        return detect_language(question)

    def standalone_question(self, question: str, history: Sequence[Turn]) -> str:
        if not history:
            return question
        offline = rewrite_offline(question, history)
        # A message that reads as a follow-up goes to the model even when the offline rewrite had nothing to
        # replace ("y de esas, ¿cuáles…?" after a question on the IDB was searched alone and got Canada's sheet).
        if self.chat_model is None or (offline == question and not (looks_like_followup(question)
                                                                    or refers_back(question))):
            return offline
        try:
            prompt = load_prompt("condense")
            messages = prompt.render(history=format_history(history), question=question)
            rewritten = invoke_with_deadline(self.chat_model, messages, self.options.llm_timeout_seconds)
            rewritten = rewritten.strip().strip('"').splitlines()[0][:500]
            return within_the_worked_example(rewritten, question, history) if rewritten else offline
        except LLMUnavailable as exc:
            log.info("follow-up rewrite by LLM failed (%s); using the offline rewrite", exc)
            return offline

    def llm_passages(self, question: str, result: SearchResult, donor: str | None, language: str) -> list[Passage]:
        """What the model reads: ``result``'s passages (answer cards first), more of the search's, and the
        whole sections of the first ones, within a character budget (the model can leave what is beside the point;
        it cannot use what it was not given)."""
        wider = self.retrieve(question, donor=donor, k=self.options.llm_search_k,
                              language=detect_language(question, language))
        # A question across donors reads each donor's best passages right after the first ones.
        across = self.policy.each_donor(question, donors_compared(question), language=language)
        # A question on what happened in a year reads, first, the chunks that date the facts of that year.
        years = asked_years(question)
        dated = dated_lines(lambda year: self.dated_passages(year, language), years, donors_in(question))[0]
        # A question on what happened on some days, or on what some figures are, reads first the chunks that give
        # them.
        days = asked_days(question)
        dated += self.day_lines(days, language)[0] if days else []
        figures = asked_figures(question) if not (years or days) else []
        dated += self.figure_lines(figures, question, language)[0] if figures else []
        # A question that quotes a term ("la palabra «auditoría» aparece en varias fichas") reads where it appears,
        # after the search's first passages (first, they crowded out some of them).
        mentions = self.mentions(question, language)
        # Each passage once, in the reader's language where the knowledge base has it: its other versions only
        # spent the budget saying it again.
        # (On the seen sets, the share of nuggets in what the model read rose from 0.890 to 0.902, with 6 % fewer
        # characters.)
        found = self.in_reader_language(SearchResult([*dated, *result.passages, *mentions, *across, *wider.passages]),
                                        language)
        unique: dict[str, Passage] = {}
        for passage in found.passages:
            unique.setdefault(passage.id, passage)
        # Each donor's passages come with their sections: a donor's answer is often the next line of its list.
        passages = self.with_sections(list(unique.values()),
                                      top=self.options.llm_whole_sections + len(across) + len(dated))
        budget = self.options.llm_max_chars
        whole = self.named_document(question, language)
        if whole and not refers_to_the_worked_example(question):
            # "Which statements in the methods sheet are flagged unverified?": a list across a document, read whole,
            # in the reader's language, on top of the usual budget.
            versions = {p.family for p in whole if p.family}
            shown = {p.id for p in whole}
            passages = [*whole, *(p for p in passages if p.id not in shown and p.family not in versions)]
            budget += sum(len(p.text) for p in whole)
        if refers_to_the_worked_example(question):
            example = self.worked_example(language)
            if example:
                # "…the sample proposal keeps the headcount: and the 2007 workshop?": the example alone filled the
                # budget, and the model said the workshop had nothing on it (eighteenth round, blind, 3 of 4 1s).
                # The workshop's conclusions and ideas (about 9,000 characters) come after the example, on top of
                # its budget.
                conclusions = self.workshop_conclusions(language) if names_workshop(question) else []
                budget = max(budget, self.options.llm_example_max_chars) + sum(len(p.text) for p in conclusions)
                shown = {p.id for p in (*example, *conclusions)}
                # The whole example is read in the reader's language: its other versions would only say it again.
                versions = {p.family for p in example if p.family}
                rest = [p for p in passages if p.id not in shown and p.family not in versions]
                passages = [*example, *conclusions, *rest]
        kept, size = [], 0
        for passage in passages:
            size += len(passage.text)
            if kept and size > budget:
                break
            kept.append(passage)
        return kept

    def named_document(self, question: str, language: str) -> list[Passage]:
        """The whole methods notes or workshop report, when ``question`` names it as a document; else []."""
        folded = fold(question).lower()
        for kind, pattern in words()["answers"]["whole_documents"].items():
            if re.search(pattern, folded):
                return self._document(kind, language)
        return []

    def worked_example(self, language: str) -> list[Passage]:
        """Every chunk of the worked example, in document order, in the first of the reader's languages it exists in
        (its answer cards are not the example)."""
        return self._document(EXAMPLE_KIND, language)

    def workshop_conclusions(self, language: str) -> list[Passage]:
        """The 2007 workshop's conclusions and its ideas for future work (sections II and III), in document order,
        in the first of the reader's languages."""
        return self._document(WORKSHOP_KIND, language, section="II")

    def _document(self, kind: str, language: str, section: str = "") -> list[Passage]:
        """The chunks of ``kind``'s document (not its answer cards) under sections that start with ``section``."""
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return []
        rows = [i for i, meta in enumerate(snapshot.metadatas)
                if meta.get("kind") == kind and not str(meta.get("source", "")).startswith(ANSWER_CARDS_FOLDER)
                and str(meta.get("section", "")).startswith(section)]
        for reading in READING_ORDER.get(language, ("es", "en")):
            chosen = [i for i in rows if snapshot.metadatas[i].get("language") == reading]
            if chosen:
                chosen.sort(key=lambda i: (str(snapshot.metadatas[i].get("source", "")),
                                           int(snapshot.metadatas[i].get("chunk_index", 0))))
                return [snapshot.passage(snapshot.ids[i]) for i in chosen]
        return []

    def retrieve(
        self, question: str, *, donor: str | None = None, k: int | None = None, language: str | None = None
    ) -> SearchResult:
        """The passages behind an answer (bot/answers/policy.py)."""
        return self.policy.for_question(question, donor=donor, k=k, language=language)

    def answer_cards(self) -> list[Passage]:
        """The first passage of every answer card (knowledge/faq/) in the index in use."""
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return []
        if self._cards[0] != snapshot.generation:
            cards = [snapshot.passage(snapshot.ids[rows[0]]) for rows in snapshot.sections.values()]
            self._cards = (snapshot.generation, [card for card in cards if is_answer_card(card) and quotable(card)])
            self._card_questions = {}
        return self._cards[1]

    def _card_question_vectors(self, cards: Sequence[Passage], what_is_asked: bool = False) -> np.ndarray:
        """The vectors of the cards' questions (``what_is_asked``: without the words that name the worked
        example): index data, embedded once per index generation (not with the answers' sentences, whose
        cache is bounded and may be cleared)."""
        questions = [innermost_section(card) for card in cards]
        if what_is_asked:
            questions = [without_the_worked_example(question) for question in questions]
        missing = [q for q in dict.fromkeys(questions) if q not in self._card_questions]
        if missing:
            known = dict(self._card_questions)
            for text, vector in zip(missing, self.sentence_encoder.embed_documents(missing)):
                known[text] = np.asarray(vector, dtype=np.float32)
            self._card_questions = known
        return np.stack([self._card_questions[q] for q in questions])

    def matching_card(self, question: str, language: str) -> tuple[Passage, float] | None:
        """The answer card that asks what the officer asks, with its similarity; None when none does."""
        cards = self.matching_cards(question, language)
        return cards[0] if cards else None

    def matching_cards(self, question: str, language: str, several: bool = True) -> list[tuple[Passage, float]]:
        """The answer cards that ask what the officer asks, each with its similarity: the best one,
        and for a message that asks two things, the card of the second when it is another one.

        A card is matched on its question (its heading), the way a help desk matches a question to
        its FAQ: the words of a good answer need not be the words of the question. Each sentence
        of the question counts too ("My director wants… What are the criteria?"). A question
        that names a donor is matched to that donor's cards and the general ones (the donor's
        first), one that names the workshop to the workshop's cards.
        """
        order = READING_ORDER.get(language, ("es", "en"))
        named, workshop = donors_in(question), names_workshop(question)
        programmes = programmes_in(question)
        if workshop:  # "¿… según el taller de la CIMT de 2007?": what is asked is the rest
            question = without_workshop_names(question)
        # The worked example's cards only for a question about an example, as its passages; only they
        # for a question about the example itself (its management unit is not general governance advice).
        examples, the_example = asks_for_an_example(question), refers_to_the_worked_example(question)
        cards = [card for card in self.answer_cards() if card.language in order
                 and (not named or card.donor in named or not card.donor) and (not workshop or card.kind == WORKSHOP_KIND)
                 and (examples or card.kind != EXAMPLE_KIND) and (not the_example or card.kind == EXAMPLE_KIND)
                 and programmes_in(innermost_section(card)) <= programmes]  # a programme's card when it is named
        if not cards:
            return []
        if the_example:  # what is asked, on both sides: every card of the example opens by naming it
            question = without_the_worked_example(question)
        # The questions asked besides the first; one that points back ("¿Qué pongo en esa sección?")
        # is about the first one's topic, so it has no card of its own.
        questions = [part for part in asked_questions(question) if not refers_back(part)] if several else [question]
        asked = list(dict.fromkeys([question, *question_parts(question), *questions]))
        queries = np.stack([self._question_vector(part) for part in asked])
        by_part = self._card_question_vectors(cards, the_example) @ queries.T
        # A sentence of the question counts half: alone, "¿Eso todavía existe?" matches anything.
        similarity = np.maximum(by_part[:, 0], (by_part[:, 0] + by_part.max(axis=1)) / 2)
        named_bonus = [NAMED_DONOR_BONUS * ((card.donor in named) + bool(programmes & programmes_in(innermost_section(card))))
                       for card in cards]
        bonus = np.asarray([LANGUAGE_BONUS[order.index(card.language)] + extra for card, extra in zip(cards, named_bonus)])
        scores = np.where(similarity >= CARD_FLOOR, similarity + bonus, -np.inf)
        # One card: letting the next ones compete on their content chose "What is INTERCOONECTA?"
        # for "How do I take part in INTERCOONECTA?".
        best = int(np.argmax(scores))
        if scores[best] < CARD_MATCH:
            return []
        matched = [self._reader_version(cards, best, order, similarity)]
        # A second question in the message ("…, y quiénes participaron?") gets its own card when that
        # card answers it clearly better than the first one does.
        for part in questions[1:] if len(questions) > 1 else ():
            column = by_part[:, asked.index(part)]
            second = int(np.argmax(column + bonus))
            if (column[second] >= CARD_FLOOR and column[second] + bonus[second] >= CARD_MATCH
                    and column[second] - column[best] >= SECOND_CARD_MARGIN):
                other = self._reader_version(cards, second, order, column)
                if other[0].id != matched[0][0].id:  # not the first card in another language
                    matched.append(other)
                break
        return matched

    @staticmethod
    def _reader_version(cards: list[Passage], index: int, order: Sequence[str], similarity: np.ndarray) -> tuple[Passage, float]:
        """Card ``index`` in the reader's own language when there is one (the versions share family and place)."""
        family = [i for i, card in enumerate(cards) if card.family == cards[index].family]
        ordinal = {i: sum(1 for j in family if cards[j].source == cards[i].source and cards[j].position < cards[i].position)
                   for i in family}
        versions = [i for i in family if ordinal[i] == ordinal[index]]
        chosen = min(versions, key=lambda i: order.index(cards[i].language))
        return cards[chosen], float(max(similarity[i] for i in versions))

    def with_cards(self, result: SearchResult, cards: Sequence[Passage]) -> SearchResult:
        """``result`` with ``cards`` (every chunk of each) put first, as a lens: the answer is those cards."""
        if not cards:
            return result
        snapshot = self.search.snapshot()
        lens = [passage for card in cards for passage in snapshot.section_passages(card)]
        seen = {p.id for p in lens}
        passages = [*lens, *(p for p in result.passages if p.id not in seen)]
        return replace(result, passages=passages, focused=len(lens))

    # --- extractive ------------------------------------------------------------------

    def _asks_the_cards_question(self, question: str, card: Passage) -> bool:
        """Whether the officer asks what ``card`` asks: then its yes or no answers them too."""
        asked = list(dict.fromkeys([question, *question_parts(question)]))
        queries = np.stack([self._question_vector(part) for part in asked])
        return float((self._card_question_vectors([card]) @ queries.T).max()) >= CARD_ASKED

    def _question_vector(self, text: str) -> np.ndarray:
        """``text`` embedded as a query by the sentence encoder, from the search's memory when the
        search embeds with the same encoder: the question is embedded once per answer, not three times."""
        role = next((role for role, encoder in getattr(self.search, "encoders", {}).items()
                     if encoder is self.sentence_encoder), None)
        vector = self.search.query_vector(role, text) if role else self.sentence_encoder.embed_query(text)
        return np.asarray(vector, dtype=np.float32)

    def _unit_vectors(self, texts: list[str]) -> np.ndarray:
        # A local view, so that another thread clearing the shared cache cannot break this answer.
        known = {t: self._unit_cache.get(t) for t in dict.fromkeys(texts)}
        missing = [t for t, vector in known.items() if vector is None]
        if missing:
            if len(self._unit_cache) > 20000:  # bounded memory; the corpus rarely needs more
                self._unit_cache.clear()
            for text, vector in zip(missing, self.sentence_encoder.embed_documents(missing)):
                known[text] = self._unit_cache[text] = np.asarray(vector, dtype=np.float32)
        return np.stack([known[t] for t in texts])

    def in_reader_language(self, result: SearchResult, language: str) -> SearchResult:
        """``result`` with each passage found in another language replaced by its version in the reader's, where
        the knowledge base has one: a Portuguese reader was quoted the English cards' "Evaluability: …" and the
        Spanish sheet's "Pauta de este proyecto…", which exist in Portuguese (twenty-fifth round)."""
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return result
        passages, focused, seen = [], 0, set()
        for place, passage in enumerate(result.passages):
            passage = snapshot.version_in(passage, language) or passage
            if passage.id in seen:  # both versions were found: the reader's stays, once
                continue
            seen.add(passage.id)
            passages.append(passage)
            focused += place < result.focused
        return replace(result, passages=passages, focused=focused)

    def with_sections(self, passages: Sequence[Passage], top: int = 3) -> list[Passage]:
        """``passages`` and, after them, the rest of the sections of the ``top`` best ones.

        A list that the chunker cut in two is quoted whole, not only its retrieved half.
        """
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):  # a search without an index snapshot: the passages as retrieved
            return list(passages)
        seen = {p.id for p in passages}
        extra: list[Passage] = []
        # An answer card is quoted whole wherever it ranked (its chunks are one answer).
        cards = [p for p in passages[top:] if is_answer_card(p)]
        for passage in [*passages[:top], *cards]:
            for sibling in snapshot.section_passages(passage):
                if sibling.id not in seen:
                    seen.add(sibling.id)
                    extra.append(replace(sibling, score=passage.score))
        return [*passages, *extra]

    def select_units(
        self, question: str, language: str, passages: Sequence[Passage], said: Sequence[str] = (), focused: int = 0
    ) -> list[Unit]:
        """The few units that best answer ``question``, in the order to quote them; ``said``: earlier answers;
        ``focused``: how many of the first passages a lens chose (the answer's section is one of theirs).

        The answer is built around one section: a lens's when there is one, else the one whose
        heading names the question, whose sentences answer best and which the search ranked high;
        never one that only restates the question. Its units are quoted in reading order (a list
        whole when a list is asked for). Other sections add a unit only when it answers about as
        well: close seconds, not padding.
        """
        # A document read in the reader's language is not quoted again from its other versions;
        # lists of sources and documents' introductions are never quoted.
        own = {p.family for p in passages if p.language == language and p.family}
        examples = asks_for_an_example(question)
        wants_link = asks_for_a_link(question)  # then a source list's line with the address may be quoted
        quoted = [i for i, p in enumerate(passages)
                  if (quotable(p) or (wants_link and is_a_source_list(p)))
                  and (p.language == language or p.family not in own)
                  and (examples or p.kind != EXAMPLE_KIND)]
        # A card's bullet is one unit: its source in parentheses ("(Taller 2007, III. Ideas…)") stays with it.
        every = [Unit(text, i) for i in quoted
                 for text in split_units(passages[i].text, whole_lines=is_answer_card(passages[i]))]
        # Not what the previous answer said, unless that is all there is ("nothing found" would be false).
        units = [unit for unit in every if not already_said(unit.text, said)] or every
        if not units:
            return []
        # What is asked about the worked example, without its name: every card bullet cites "(example proposal, …)".
        asked = without_the_worked_example(question)
        query = self._question_vector(asked)
        vectors = self._unit_vectors([u.text for u in units])
        similarity = vectors @ query
        parts = question_parts(asked)
        if len(parts) > 1:  # "We already have the budget. What does USDOL ask on indicators?": the ask counts too
            by_part = vectors @ np.stack([self._question_vector(part) for part in parts]).T
            weight = self.options.sentence_weight
            similarity = (1 - weight) * similarity + weight * by_part.max(axis=1)
        order = READING_ORDER.get(language, ("es", "en"))
        wants_list = asks_for_a_list(question)
        term = quoted_term(question)
        defines = [bool(term) and bool(term_definition_strength(unit.text, term)) for unit in units]
        # What a quoted term means, asked alone: its item answers, not the list around it.
        term_alone = term is not None and len(asked_questions(question)) < 2
        scores, echoes = [], []
        for unit, sim, defining in zip(units, similarity, defines):
            passage = passages[unit.passage_index]
            score = float(sim) + 0.08 / (1 + min(unit.passage_index, 5))  # the passage's rank
            # The reader's own language first, then the closest: fewer repeats across language versions.
            score += LANGUAGE_BONUS[order.index(passage.language)] if passage.language in order else 0.0
            echoes.append(restates(unit.text, question, language))
            if echoes[-1]:
                score -= ECHO_PENALTY  # it repeats the question instead of answering it
            if is_project_advice(unit.text):
                score -= ADVICE_PENALTY  # what the donor asks comes before this project's advice
            if wants_list and is_a_list(unit.text):
                score += LIST_BONUS  # the list asked for, over a short sentence sharing its words
            if wants_link and has_an_address(unit.text):
                score += LINK_BONUS  # the address asked for, over a sentence about the document
            if defining:
                score += TERM_BONUS
            scores.append(score)

        def section(index: int) -> tuple[str, str]:
            passage = passages[units[index].passage_index]
            return passage.family or passage.source, passage.section

        def repeats(index: int, chosen: Sequence[int]) -> bool:
            # The same sentence in another language version, or the same fact said again elsewhere.
            # Items of one list are distinct by construction, however alike they read
            # ("Error frecuente en los indicadores: …"): there only the words are compared.
            return any(overlap(units[index].text, units[other].text) > 0.6
                       or (section(index) != section(other) and float(vectors[index] @ vectors[other]) > 0.8)
                       for other in chosen)

        ranked = [int(i) for i in np.argsort(scores)[::-1]]

        def with_the_address(selected: list[Unit]) -> list[Unit]:
            # "link please": the best line that carries an address, when what answers best carries none.
            if not wants_link or any(has_an_address(unit.text) for unit in selected):
                return selected
            address = next((units[i] for i in ranked if has_an_address(units[i].text)), None)
            return [*selected, address] if address else selected
        # The focus: the section whose heading names what is asked ("Errores frecuentes en los
        # indicadores" for "¿errores más comunes al formular indicadores?") and whose units answer.
        keys = list(dict.fromkeys(section(i) for i in ranked))
        chosen_by_lens = [key for key in keys if any(section(i) == key and units[i].passage_index < focused
                                                     for i in ranked)]
        keys = chosen_by_lens or keys
        # A section that only restates the question (the workshop's "expected results") does not answer it.
        answering = [key for key in keys if any(section(i) == key and not echoes[i] for i in ranked)]
        keys = answering or keys
        first_passage = {key: passages[units[next(i for i in ranked if section(i) == key)].passage_index]
                         for key in keys}
        headings = [innermost_section(first_passage[key]) or first_passage[key].title for key in keys]
        heading_similarity = self._unit_vectors(headings) @ query
        section_best = {key: max(scores[i] for i in ranked if section(i) == key) for key in keys}
        section_rank = {key: min(units[i].passage_index for i in ranked if section(i) == key) for key in keys}
        focus = max(keys, key=lambda key: section_best[key]
                    + self.options.heading_weight * float(heading_similarity[keys.index(key)])
                    + self.options.rank_weight / (1 + section_rank[key]))
        best = section_best[focus]
        limit = self.options.max_list_units if wants_list else self.options.max_units
        if is_answer_card(first_passage[focus]):
            # A card is the whole answer to the question it names: quoted entire, in its order; a
            # message that asks two things gets its second card after the first.
            cards = [key for key in chosen_by_lens if key in first_passage and is_answer_card(first_passage[key])]
            cards = sorted(cards, key=section_rank.get) if focus in cards else [focus]
            quoted: list[Unit] = []
            for key in cards:
                card = sorted((i for i in range(len(units)) if section(i) == key),
                              key=lambda i: (passages[units[i].passage_index].position, i))
                asks_the_card = float(heading_similarity[keys.index(key)]) >= CARD_ASKED  # the card is the question
                defining = [i for i in card if term_alone and defines[i]]
                if defining:  # "« évaluabilité », ça veut dire quoi ?": its item, not the whole checklist
                    card = defining
                elif not asks_the_card:
                    card = self._card_focus(card, similarity, wants_list)
                quoted += [units[i] for i in card[:self.options.max_list_units]]
            return with_the_address(quoted)
        chosen: list[int] = []
        for index in ranked:  # the focus section: what answers well there, in reading order below
            if len(chosen) >= limit or scores[index] < best - self.options.section_span:
                break
            if section(index) == focus and not repeats(index, chosen):
                chosen.append(index)
        others: list[int] = []
        for index in ranked:  # other sections: only close seconds
            if len(chosen) + len(others) >= limit or scores[index] < best - self.options.other_span:
                break
            if section(index) != focus and not repeats(index, chosen + others):
                others.append(index)
        chosen.sort(key=lambda i: (passages[units[i].passage_index].position, i))
        defining = [i for i in chosen if term_alone and defines[i]]
        if defining:  # the item that says what the quoted term means answers, not the list around it
            return [units[i] for i in defining + others]
        return with_the_address([units[i] for i in self._with_their_lists(chosen, units, passages) + others])

    def _with_their_lists(self, chosen: list[int], units: Sequence[Unit], passages: Sequence[Passage]) -> list[int]:
        """``chosen`` with the items that follow each chosen lead-in ("Notas del presupuesto (cifras
        ilustrativas):"), in reading order across the chunks of its section: quoted alone, a lead-in says nothing."""
        def place(index: int) -> tuple[str, str, int, int]:
            passage = passages[units[index].passage_index]
            return passage.family or passage.source, passage.section, passage.position, index

        quoted: list[int] = []
        for index in chosen:
            if index in quoted:
                continue
            quoted.append(index)
            if not introduces_items(units[index].text):
                continue
            here = place(index)
            followers = sorted((i for i in range(len(units)) if place(i)[:2] == here[:2] and place(i) > here), key=place)
            for follower in followers:
                if len(quoted) >= self.options.max_list_units:
                    break
                if follower not in quoted:
                    quoted.append(follower)
        return quoted

    def _card_focus(self, card: list[int], similarity: np.ndarray, wants_list: bool) -> list[int]:
        """A card's units in the order to quote them: the card's, unless the question asks about one of its
        items and that item stands out; then that item comes first (the example's turnover risk before the rest
        of its risk table). Dropping the rest lost what multi-part questions needed ("the hypothesis is too
        vague: how do we rewrite it?" kept the example and lost the rule), so the rest stays, after it."""
        if wants_list or len(card) < CARD_FOCUS_UNITS:
            return card
        first, second = sorted((float(similarity[i]) for i in card), reverse=True)[:2]
        if first - second < CARD_FOCUS_MARGIN:
            return card
        asked = [i for i in card if similarity[i] >= first - CARD_FOCUS_SPAN]
        return asked + [i for i in card if i not in asked]

    def _extractive_answer(
        self, question: str, standalone: str, language: str, result: SearchResult, rewritten: str | None,
        history: Sequence[Turn] = (),
    ) -> Answer:
        result = self.in_reader_language(result, language)
        said = [turn.answer for turn in history[-1:]]
        passages = self.with_sections(result.passages)
        units = self.select_units(standalone, language, passages, said=said, focused=result.focused)
        # A question that names two donors or more, answered for one side only: each one's sheet in turn.
        donors = donors_in(question)  # named in the officer's own message, not carried over by a follow-up's rewrite
        sides = {passages[unit.passage_index].donor for unit in units} & set(donors)
        if len(donors) >= 2 and len(sides) == 1 and not result.focused:
            across = self._across_donors(standalone, language, donors, said)
            if across:
                return self._quoted_answer(question, standalone, language, *across, rewritten, history)
        return self._quoted_answer(question, standalone, language, passages, units, rewritten, history)

    def _across_donors(self, question: str, language: str, donors: Sequence[str], said: Sequence[str]
                       ) -> tuple[list[Passage], list[Unit]] | None:
        """A question that names two donors or more, answered from each one's sheet in turn: the search's best
        passages were often one donor's, and the answer spoke for one side only."""
        per_donor = max(2, self.options.max_units // len(donors))
        passages: list[Passage] = []
        units: list[Unit] = []
        for donor in donors:
            found = self.in_reader_language(SearchResult(self.policy.each_donor(question, [donor], language=language)),
                                            language).passages
            if not found:
                return None  # a side the knowledge base has nothing on: the usual answer says what it has
            found = self.with_sections(found)
            # What the sheets' source labels mean ("«Fuente secundaria» significa…") answers no question on the
            # donors.
            chosen = [unit for unit in self.select_units(question, language, found, said=said)
                      if not defines_a_source_label(unit.text) or defines_a_source_label(question)]
            for unit in chosen[:per_donor]:
                passages.append(found[unit.passage_index])
                units.append(Unit(unit.text, len(passages) - 1))
        return (passages, units) if units else None

    def _quoted_answer(
        self, question: str, standalone: str, language: str, passages: Sequence[Passage], units: Sequence[Unit],
        rewritten: str | None, history: Sequence[Turn] = (), intro: str | None = None,
    ) -> Answer:
        """``units`` quoted one a line, each with the marker of its section's source."""
        # One source per section: a card or list that the chunker cut in two is cited once.
        cited: dict[tuple[str, str], list[int]] = {}
        lines = []
        wording = phrases()
        for position, unit in enumerate(units):
            passage = passages[unit.passage_index]
            chunks = cited.setdefault((passage.source, passage.section), [])
            if unit.passage_index not in chunks:
                chunks.append(unit.passage_index)
            label = f"{wording[language]['mistake_label']}: " if lists_mistakes(passage) else ""
            following = units[position + 1] if position + 1 < len(units) else None
            introduces = (unit.text.endswith(":") and following is not None
                          and passages[following.passage_index].section == passage.section)
            text = unit.text if introduces else with_cut_marks(unit.text, passage.text)  # its list follows
            if (is_answer_card(passage) and opens_with_a_verdict(text)
                    and not self._asks_the_cards_question(standalone, passage)):
                text = without_verdict(text)
            lines.append(f"• {label}{text} [{list(cited).index((passage.source, passage.section)) + 1}]")
        if not lines:  # everything relevant was said in the previous answer, or nothing is quotable
            return Answer(question, language, wording[language]["abstain"], True, "extractive",
                          standalone_question=rewritten)
        sources = tuple(cited_section([passages[i] for i in chunks]) for chunks in cited.values())
        # A route that changed (ILAB's grants were terminated) is said whatever the sentences quoted.
        lines += [f"⚠️ {status}" for status in dict.fromkeys(p.status for p in sources if p.status)]
        text = compose(language, lines, reading_line(language, rewritten, history), intro=intro or True)
        return Answer(question, language, text, False, "extractive", sources, standalone_question=rewritten)

    def _dated_answer(
        self, question: str, standalone: str, years: Sequence[str], language: str, rewritten: str | None,
        history: Sequence[Turn] = (),
    ) -> Answer | None:
        """The facts the knowledge base dates in ``years`` (bot/answers/dated.py), or None when it dates none."""
        passages, units = dated_lines(lambda year: self.dated_passages(year, language), years, donors_in(standalone))
        if not units:
            return None
        wording = phrases()[language]
        named = years[0] if len(years) == 1 else f"{', '.join(years[:-1])}{wording['and']}{years[-1]}"
        intro = wording["dated_intro"].format(year=named)
        return self._quoted_answer(question, standalone, language, passages, units, rewritten, history, intro=intro)

    def _figures_answer(
        self, question: str, standalone: str, figures: Sequence[str], language: str, rewritten: str | None,
        history: Sequence[Turn] = (),
    ) -> Answer | None:
        """The lines that give each of ``figures`` (bot/answers/figures.py), or None when none is given."""
        passages, units, missing = self.figure_lines(figures, f"{question} {standalone}", language)
        if not units:
            return None
        wording = phrases()[language]
        intro = wording["figures_intro"].format(figures=", ".join(f for f in figures if f not in missing))
        if missing:
            intro = f"{wording['figures_missing'].format(figures=', '.join(missing))} {intro}"
        return self._quoted_answer(question, standalone, language, passages, units, rewritten, history, intro=intro)

    def gives_figures(self, question: str, standalone: str, history: Sequence[Turn], language: str) -> bool:
        """Whether ``question`` asks what some figures are, or what happened on some days, and the knowledge base
        gives any of them."""
        previous = history[-1].question if history else None
        days = asked_days(question, previous)
        if days:
            return bool(self.day_lines(days, language)[1])
        figures = asked_figures(question, previous)
        return bool(figures) and bool(self.figure_lines(figures, f"{question} {standalone}", language)[1])

    def _days_answer(
        self, question: str, standalone: str, days: Sequence[tuple[int, int, int]], language: str,
        rewritten: str | None, history: Sequence[Turn] = (),
    ) -> Answer | None:
        """The lines that say what happened on each of ``days``, or None when the knowledge base gives none."""
        passages, units, missing = self.day_lines(days, language)
        if not units:
            return None
        wording = phrases()[language]
        given = [self._day_label(day, language) for day in days if self._day_label(day, language) not in missing]
        intro = wording["days_intro"].format(days="; ".join(given))
        if missing:
            intro = f"{wording['figures_missing'].format(figures='; '.join(missing))} {intro}"
        return self._quoted_answer(question, standalone, language, passages, units, rewritten, history, intro=intro)

    @staticmethod
    def _day_label(day: tuple[int, int, int], language: str) -> str:
        month = phrases()[language]["months"][day[1] - 1]
        return DAY_FORMAT.get(language, "{day} {month} {year}").format(day=day[2], month=month, year=day[0])

    def day_lines(self, days: Sequence[tuple[int, int, int]], language: str
                  ) -> tuple[list[Passage], list[Unit], list[str]]:
        """The passages and lines that give each of ``days``, and the days none gives."""
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return [], [], [self._day_label(day, language) for day in days]
        order = READING_ORDER.get(language, (language,))
        return day_lines(lambda day: day_passages(snapshot, day, order), days,
                         lambda day: self._day_label(day, language))

    def figure_lines(self, figures: Sequence[str], question: str, language: str
                     ) -> tuple[list[Passage], list[Unit], list[str]]:
        """The passages and lines that give each of ``figures``, and the figures none gives."""
        example = refers_to_the_worked_example(question)
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return [], [], list(figures)
        order = READING_ORDER.get(language, (language,))
        return figure_lines(lambda figure: figure_passages(snapshot, figure, order, example), figures, question)

    def mentions(self, question: str, language: str) -> list[Passage]:
        """The chunks that name the term ``question`` quotes, one a document first, at most MAX_MENTIONS: a term's
        mentions across the donor sheets were spread over more chunks than the search returns."""
        term = quoted_phrase(question)
        if not term:
            return []
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return []
        tokens = fold(term).lower().split()
        # "auditoría" also names "auditó" and "Auditor General": a single word is matched on its stem.
        stem = tokens[0][:max(5, len(tokens[0]) - 3)] if len(tokens) == 1 else " ".join(tokens)
        if len(stem) < 4:
            return []
        pattern = re.compile(rf"\b{re.escape(stem)}")
        found = passages_naming(snapshot, lambda text: bool(pattern.search(text)),
                                READING_ORDER.get(language, (language,)), MENTION_KINDS, folded=True)
        firsts = list({p.family or p.source: p for p in reversed(found)}.values())[::-1]  # each document's first
        rest = [p for p in found if p not in firsts]
        return (firsts + rest)[:MAX_MENTIONS]

    def dated_passages(self, year: str, language: str) -> list[Passage]:
        """The chunks of the dated documents that name ``year``, in the first of the reader's languages."""
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return []
        return dated_passages(snapshot, year, READING_ORDER.get(language, (language,)))

    # --- LLM ------------------------------------------------------------------------

    def _llm_answer(
        self, question: str, standalone: str, language: str, passages: Sequence[Passage], rewritten: str | None,
        history: Sequence[Turn] = (),
    ) -> Answer:
        numbered = "\n\n".join(
            f"[{i}] {p.citation}\n{p.text}" for i, p in enumerate(passages, start=1)
        )
        messages = load_prompt("answer").render(
            language_name=LANGUAGE_NAMES[language], question=standalone, passages=numbered
        )
        reply = invoke_with_deadline(self.chat_model, messages, self.options.llm_timeout_seconds)
        body, used = validate_markers(reply, len(passages))
        # Renumber so that the sources list is exactly what the answer cites, in order.
        renumber = {old: new for new, old in enumerate(used, start=1)}
        body = _MARKER.sub(lambda m: f"[{renumber[int(m.group(1))]}]", body)
        # Exactly what the answer cites: none when it cites nothing (e.g. "the passages do not cover it").
        sources = tuple(passages[i - 1] for i in used)
        text = compose(language, [body], reading_line(language, rewritten, history), intro=False)
        return Answer(question, language, text, False, "llm", sources, standalone_question=rewritten)


def question_parts(question: str, min_words: int = 3) -> list[str]:
    """The sentences of a question of several ("Mi jefe puso X. ¿Está bien?"), each long enough to stand."""
    return [part for part in SENTENCE_BREAK.split(question.strip()) if len(part.split()) >= min_words]


def cited_section(chunks: Sequence[Passage]) -> Passage:
    """One source for the chunks of a section an answer quoted: the first, holding all their text."""
    ordered = sorted(chunks, key=lambda p: p.position)
    if len(ordered) == 1:
        return ordered[0]
    return replace(ordered[0], text="\n".join(p.text for p in ordered))


def validate_markers(reply: str, supplied: int) -> tuple[str, list[int]]:
    """Drop markers that point at passages that were not supplied; list the valid ones in order."""
    used: list[int] = []

    def keep(match: re.Match) -> str:
        number = int(match.group(1))
        if 1 <= number <= supplied:
            if number not in used:
                used.append(number)
            return match.group(0)
        return ""

    cleaned = _MARKER.sub(keep, reply)
    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", cleaned)
    cleaned = re.sub(r"[ \t]{2,}", " ", cleaned).strip()
    return cleaned, used


def as_of_text(passage: Passage, language: str) -> str | None:
    """"datos revisados en diciembre de 2026" for a donor passage with a checked date, else None."""
    if not passage.as_of:
        return None
    year, month = passage.as_of.split("-")
    wording = phrases()[language if language in LANGUAGES else "es"]
    return wording["as_of"].format(month=wording["months"][int(month) - 1], year=year)


def source_line(number: int, passage: Passage, language: str = "es") -> str:
    where = passage.citation
    if passage.page:
        where += f", p. {passage.page}"
    as_of = as_of_text(passage, language)
    if as_of:
        where += f" ({as_of})"
    return f"[{number}] {where}" + (f" — {passage.url}" if passage.url else "")


def reading_line(language: str, rewritten: str | None, history: Sequence[Turn] = ()) -> str | None:
    """How the assistant read a follow-up, for the reader: the rewritten question, or, when the
    follow-up was read together with the previous question, that question (not the two run together)."""
    if not rewritten:
        return None
    wording = phrases()[language]
    previous = history[-1].question.strip() if history else ""
    if previous and rewritten.startswith(f"{previous} "):
        return wording["followup_joined"].format(previous=previous)
    return f"{wording['followup_label']}: {rewritten}"


def compose(language: str, lines: Sequence[str], reading: str | None, intro: bool | str = True) -> str:
    """The answer's body: markers [n] refer to Answer.sources; front ends list those. ``intro``: the standard
    "According to the sources:" (True), none (False), or its own."""
    wording = phrases()[language]
    parts = []
    if reading:
        parts.append(f"({reading})")
    if intro is True:
        parts.append(wording["intro"])
    elif intro:
        parts.append(intro)
    parts.append("\n".join(lines))
    return "\n\n".join(parts)


def sources_block(answer: Answer) -> str:
    """'Sources:' and one numbered line per cited passage, in the answer's language."""
    if not answer.sources:
        return ""
    lines = "\n".join(source_line(i, p, answer.language) for i, p in enumerate(answer.sources, start=1))
    return f"{phrases()[answer.language]['sources']}:\n{lines}"


def plain_text(answer: Answer) -> str:
    """The whole answer for a terminal: body, then its sources."""
    return "\n\n".join(part for part in (answer.text, sources_block(answer)) if part)
