"""Which passages a question gets: the one retrieval policy that answers and critiques share.

A plain hybrid search, then a lens puts first the passages the question points
at: the worked example's, when the question is about it; the named donor's (by the
question, or the user's donor setting); for "how do I fix my <element>?", the guide's
advice on that element; the workshop's own passages when the question names the 2007
workshop; for "what exactly is the RIAL?", the passages that say what it is; for a question
across donors, each donor's best passages (for the model). The critic asks for the
passages behind a criterion in the reader's language, with the donor's first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.answers.lexical import query_terms
from bot.answers.search import Filters, HybridSearch, SearchResult
from bot.answers.understanding import (
    EXAMPLE_KIND, WORKSHOP_KIND, DraftLens, asks_about_a_donor, donors_in, names_a_method, names_workshop,
    without_the_donors, without_workshop_names,
)
from bot.answers.units import (
    asks_for_a_link, defined_name, definition_strength, is_source_list_section, quoted_phrase, quoted_term,
    refers_to_the_worked_example, term_definition_strength, without_the_worked_example,
)
from bot.language import detect_language, fold
from bot.models import Passage
from bot.vocabulary import IndexNotReady

# A question on applying to a named donor is answered down to this scope probability (held out, 10 of
# 148 off-topic questions that name a donor have such words, e.g. "solicitar vacaciones" on a funded
# project; the model puts those under 0.05).
DONOR_QUESTION_FLOOR = 0.05
# Which passage languages a reader is best served by, in order: their own where a version exists
# (the workshop and the guide have Portuguese and French ones), then the closest.
READING_ORDER = {"es": ("es", "en"), "en": ("en", "es"), "pt": ("pt", "es", "en"), "fr": ("fr", "en", "es")}


@dataclass(frozen=True)
class PolicyOptions:
    """The lenses and how many passages each puts first (benchmarks switch lenses off here)."""

    k: int = 5
    workshop_lens: bool = True
    draft_lens: bool = True
    # A named donor's two best; the workshop's three best (its conclusions are long lists,
    # and the answer is often the third passage of one section; benchmarks/).
    donor_passages: int = 2
    workshop_passages: int = 3
    draft_passages: int = 2  # the guide's "common mistakes" and "how to improve" on the element
    example_lens: bool = True
    example_passages: int = 3
    link_passages: int = 2  # "link please": the best lines of the documents' source lists, first
    # A question across donors: each donor's best passages (for the model; a donor's sheet answers in a few places).
    across_passages: int = 3
    across_core_passages: int = 2
    definition_passages: int = 2  # "what exactly is the RIAL?": the passages that say what it is, first
    rare_phrase_passages: int = 16  # a quoted phrase found in at most this many passages says what is asked


class RetrievalPolicy:
    """Decides the passages behind an answer or a critique finding."""

    def __init__(self, search: HybridSearch, draft_lens: DraftLens | None, options: PolicyOptions = PolicyOptions()):
        self.search = search
        self.draft_lens = draft_lens if options.draft_lens else None
        self.options = options

    def for_question(
        self, question: str, *, donor: str | None = None, k: int | None = None, language: str | None = None
    ) -> SearchResult:
        """Hybrid search through a lens: the named donor's, the draft element's, or the workshop's passages first;
        for "link please", the source-list lines that carry the address before them."""
        result = self._through_a_lens(question, donor=donor, k=k, language=language)
        language = language or detect_language(question)
        name = defined_name(question)
        term = None if name else quoted_term(question)
        if term and result.passages:
            # "un point « évaluabilité ». Ça veut dire quoi ?": the list item that opens with the term, first
            # (it was quoted the whole checklist's summary, and "¿qué significa «evaluabilidad»?" Canada's
            # "«Verificado» significa…").
            result = _put_first(result, self._defining(term, question, language, quoted=True))
        quoted = None if (name or term) else quoted_phrase(question)
        headed = self._headed(quoted, language) if quoted else []
        if headed and result.passages:
            # "The ILAB sheet has a 'review guide drawn from USDOL – ILAB'. What does it check?": the section whose
            # heading the officer quotes is the answer (twenty-seventh round, on answers-unseen-31 after its
            # measurement: the sheet's unverified facts were quoted instead).
            return replace(_put_first(result, headed), quoted=quoted)
        phrase = self._rare(quoted)
        if phrase and result.passages:
            # "nos piden incluir «factores de viabilidad». ¿Cuáles son?": the passages that carry the words the
            # officer quotes, first (twenty-second round, blind: the AECID's cards on stakeholders were quoted).
            # They join the search's passages, not its lens: the answer is not built around them alone.
            carrying = self._defining(phrase, question, language, quoted=True, naming=True)
            result = replace(_put_first(result, carrying), focused=result.focused, quoted=phrase)
        if name and result.passages:
            # "what exactly is the RIAL?": the passages that say what it is, before those that only mention it.
            definitions = self._defining(name, question, language)
            # A passage that says what the name is answers the question, whatever the rest of the message says
            # ("q es el ITLP? lo vi en un oficio viejo de HRSDC" scored 0.19 in scope; sixteenth round, blind).
            # Not a donor's name: "the ILO's definition of underemployment" is a labour-statistics question.
            result = replace(_put_first(result, definitions),
                             in_scope=result.in_scope or (bool(definitions) and not donors_in(name)))
        if not asks_for_a_link(question) or not result.passages:
            return result
        sources = self._source_sections()
        if not sources:
            return result
        lines = self.search.search(question, k=self.options.link_passages,
                                   filters=Filters(sections=sources, languages=READING_ORDER.get(language, (language,))),
                                   language=language)
        return _put_first(result, list(lines.passages))

    def _defining(self, name: str, question: str, language: str, *, quoted: bool = False, naming: bool = False
                  ) -> list[Passage]:
        """The passages, in the reader's languages, that say what ``name`` is ("RIAL is the cooperation mechanism…");
        ``quoted``: ``name`` is a term the question quotes ("« évaluabilité »"), looked for in any case or accent;
        ``naming``: every passage that carries it counts, not only those that define it."""
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):  # a search without a snapshot: no lens
            return []
        reading = READING_ORDER.get(language, (language,))
        # A source list names it beside its address ("Taller de la CIMT (RIAL): rialnet.org…"): no definition.
        # A quoted term is looked for in the folded texts first: folding every text per question cost 0.1 s.
        strength_of, wanted = (term_definition_strength, fold(name).lower()) if quoted else (definition_strength, None)
        if naming:  # the rows below all carry it: each counts the same
            strength_of = lambda _text, _name: 1  # noqa: E731
        strength = {row: strength_of(text, name) for row, text in enumerate(snapshot.texts)
                    if (wanted is None or wanted in snapshot.folded_texts[row])
                    and snapshot.metadatas[row].get("language") in reading
                    and not is_source_list_section(str(snapshot.metadatas[row].get("section", "")))}
        rows = [row for row, value in strength.items() if value]
        if not rows:
            return []
        scores = snapshot.bm25.scores(query_terms(question, language))
        # The reader's language first, then "RIAL is…" before an expansion, then the best match of the question.
        rows.sort(key=lambda row: (reading.index(snapshot.metadatas[row].get("language")), -strength[row],
                                   -float(scores[row])))
        return [snapshot.passage(snapshot.ids[row]) for row in rows[:self.options.definition_passages]]

    def _headed(self, phrase: str, language: str) -> list[Passage]:
        """The chunks of the one section whose heading carries ``phrase`` (two words or more), in the first of the
        reader's languages that has one, in document order; [] when no heading or several sections carry it."""
        if len(phrase.split()) < 2:
            return []
        try:
            snapshot = self.search.snapshot()
        except (AttributeError, IndexNotReady):
            return []
        wanted = fold(phrase).lower()
        for reading in READING_ORDER.get(language, (language,)):
            keys = [key for key, heading in snapshot.folded_headings.items()
                    if wanted in heading and snapshot.metadatas[snapshot.sections[key][0]].get("language") == reading
                    and heading != fold(str(snapshot.metadatas[snapshot.sections[key][0]].get("title", ""))).lower()
                    and not is_source_list_section(key[1])]
            if len(keys) == 1:
                # The reader's version of that section where there is one («cooperative agreements», in French).
                found = [snapshot.passage(snapshot.ids[row]) for row in snapshot.sections[keys[0]]]
                own = [snapshot.version_in(passage, language) for passage in found] if reading != language else found
                return own if all(own) else []  # not another language's section when the reader's has it too
            if keys:
                return []
        return []

    def _rare(self, phrase: str | None) -> str | None:
        """``phrase`` when the knowledge base carries it, in few passages: "technical cooperation" or "AECI",
        quoted, name half the corpus and say nothing of what is asked."""
        if not phrase:
            return None
        try:
            folded = self.search.snapshot().folded_texts
        except (AttributeError, IndexNotReady):
            return None
        wanted = fold(phrase).lower()
        count = sum(wanted in text for text in folded)
        return phrase if 0 < count <= self.options.rare_phrase_passages else None

    def _source_sections(self) -> tuple[str, ...]:
        """Every "Fuentes"/"Sources" section in the index, as the index names it."""
        try:
            metadatas = self.search.snapshot().metadatas
        except (AttributeError, IndexNotReady):  # a search without a snapshot has no source lists to offer
            return ()
        return tuple(sorted({section for meta in metadatas
                             if is_source_list_section(section := str(meta.get("section", "")))}))

    def _through_a_lens(
        self, question: str, *, donor: str | None = None, k: int | None = None, language: str | None = None
    ) -> SearchResult:
        options = self.options
        k = k or options.k
        language = language or detect_language(question)
        workshop = options.workshop_lens and names_workshop(question)
        query = without_workshop_names(question) if workshop else question
        # Only the languages the reader reads: a Spanish reader is not quoted the Portuguese guide.
        reading = READING_ORDER.get(language, (language,))
        result = self.search.search(query, k=k, filters=Filters(languages=reading), language=language)
        scope = result.signals.scope
        if scope is not None and scope >= DONOR_QUESTION_FLOOR and (asks_about_a_donor(question)
                                                                    or names_a_method(question)):
            result = replace(result, in_scope=True)  # "Can I still apply to ILAB?", "reading on theory of change?"
        if workshop:
            # Naming the workshop is itself evidence the question is in scope: judge relevance on all of it.
            whole = self.search.relevance_signals(question)
            if whole.relevance() > result.relevance:
                result = SearchResult(result.passages, whole)
        named = donors_in(question)
        the_example = options.example_lens and refers_to_the_worked_example(question)
        lens = (None if the_example
                else donor if donor and (not named or named == [donor]) else (named[0] if len(named) == 1 else None))
        element = self.draft_lens.element(question) if self.draft_lens and not lens and not the_example else None
        advice = self.draft_lens.sections(element, self.search.snapshot().metadatas) if element else ()
        if the_example:  # "in the example proposal, who…": the example's own passages (es, en)
            lens_filter, count = Filters(kind=EXAMPLE_KIND, languages=reading), options.example_passages
        elif lens:
            lens_filter, count = Filters(donor=lens, languages=reading), options.donor_passages
        elif advice:
            lens_filter, count = Filters(sections=advice, languages=reading), options.draft_passages
        elif workshop:
            lens_filter, count = Filters(kind=WORKSHOP_KIND, languages=reading), options.workshop_passages
        else:
            return result
        # The donor's own passage on the workshop ("USDOL – ILAB at the IACML workshop (2007)") is found
        # by the workshop's names: only the workshop's lens searches without them.
        lens_query = question if lens else without_the_worked_example(query) if the_example else query
        focused = self.search.search(lens_query, k=count, filters=lens_filter, language=language)
        seen = {p.id for p in focused.passages}
        merged = list(focused.passages) + [p for p in result.passages if p.id not in seen]
        return SearchResult(merged[:k], result.signals, in_scope=bool(advice) or the_example or result.in_scope,
                            focused=len(focused.passages))

    def each_donor(self, question: str, donors: Sequence[str], *, language: str | None = None,
                   k: int | None = None) -> list[Passage]:
        """The best passages of each donor's sheet for ``question``, donor by donor (a question across donors)."""
        if not donors:
            return []
        language = language or detect_language(question)
        reading = READING_ORDER.get(language, (language,))
        k = k or self.options.across_passages
        query = without_the_donors(question)
        # A long question's common words steer the search within one sheet ("proyectos de cooperación técnica"
        # found ILAB's grant agreements, not its audit): its rarest words are searched too.
        core = self.search.core_query(query, language)
        found: dict[str, Passage] = {}
        for donor in donors:
            where = Filters(donor=donor, languages=reading)
            for text, count in ((query, k), (core, self.options.across_core_passages)):
                for passage in self.search.search(text, k=count, filters=where, language=language).passages:
                    found.setdefault(passage.id, passage)
        return list(found.values())

    def for_criterion(self, query: str, *, language: str | None, donor: str | None, k: int) -> list[Passage]:
        """The passages that say why a criterion matters: the donor's first, in the first language of the
        reader's reading order that has any."""
        for reading in READING_ORDER.get(language or "es", ("es",)):
            for filters in (Filters(language=reading, donor=donor), Filters(language=reading)) if donor else (
                    Filters(language=reading),):
                passages = self.search.search(query, k=k, filters=filters).passages
                if passages:
                    return passages
        return []


def _put_first(result: SearchResult, first: Sequence[Passage]) -> SearchResult:
    """``result`` with ``first`` before its own passages, as many passages as before; they join its lens."""
    seen = {p.id for p in first}
    merged = [*first, *(p for p in result.passages if p.id not in seen)]
    return replace(result, passages=merged[:len(result.passages)], focused=result.focused + len(first))
