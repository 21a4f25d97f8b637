"""Hybrid retrieval: dense (sentence-transformers) + multilingual dense + BM25, fused.

Four rankers propose candidates: MiniLM (English questions only), USE
multilingual (each passage by the closer of two vectors: the whole passage and
its opening sentence), BM25 over stems and BM25 over character trigrams
(cognates across languages), plus multilingual-e5-small when configured;
weighted reciprocal rank fusion orders them;
a calibrated relevance score (from the best raw similarities) decides whether
anything relevant was found at all. Exposed as a LangChain retriever too.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.answers.lexical import BM25Index, char_ngrams, content_words, names_in, query_terms, tokenize
from bot.answers.scope import ScopeModel, packaged_scope_model
from bot.index.chunking import embedding_text
from bot.models import Passage
from bot.index.store import ActiveIndex, IndexStore, StoreError, is_not_found, iter_chunks
from bot.language import detect_language, fold
from bot.vocabulary import RELEVANCE_ROLES, EncoderRole, IndexNotReady

log = logging.getLogger(__name__)

# Fusion weight of the character-trigram ranker (half the stem BM25's): it raised MRR
# in every language of benchmarks/sets/retrieval-first, on both halves, without changing hit@5.


@dataclass(frozen=True)
class Filters:
    language: str | None = None
    donor: str | None = None
    kind: str | None = None
    sections: tuple[str, ...] = ()  # any of these exact sections
    languages: tuple[str, ...] = ()  # any of these languages

    def where(self, *, languages: bool = True) -> dict[str, Any] | None:
        """The Chroma filter; ``languages=False`` leaves the reader's languages to be checked after."""
        clauses: list[dict[str, Any]] = [
            {key: value} for key, value in (("language", self.language), ("donor", self.donor), ("kind", self.kind)) if value
        ]
        if self.sections:
            clauses.append({"section": {"$in": list(self.sections)}})
        if self.languages and languages:
            clauses.append({"language": {"$in": list(self.languages)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def allows(self, metadata: dict[str, Any]) -> bool:
        return all(
            metadata.get(key) == value
            for key, value in (("language", self.language), ("donor", self.donor), ("kind", self.kind))
            if value
        ) and (not self.sections or metadata.get("section") in self.sections) and (
            not self.languages or metadata.get("language") in self.languages)


RARE_TERM_IDF = 3.0  # a word in at most about 5 % of the passages (idf ≈ ln(1 / 0.05))
RARE_TERM_COVERAGE = 0.45
RARE_TERM_FLOOR = 0.15  # the scope model reads "INTERCOONECTA" as an unknown word: 0.16 for "How do I take part in INTERCOONECTA?"


@dataclass
class Signals:
    """Raw evidence of relevance for one query, used to abstain."""

    dense: float = 0.0          # best cosine similarity, sentence-transformers model
    multilingual: float = 0.0   # best cosine similarity, USE multilingual
    e5: float = 0.0             # best cosine similarity, multilingual-e5
    lexical: float = 0.0        # share of the query's rare terms found in the best lexical match
    rarest: float = 0.0         # idf of the rarest query term the best lexical match shares
    scope: float | None = None  # the scope model's probability that the question is in scope (bot/answers/scope.py)

    def record(self, role: str, similarity: float) -> None:
        """The best similarity ``role``'s encoder found (the opening-sentence views do not count)."""
        match EncoderRole(role):
            case EncoderRole.DENSE:
                self.dense = similarity
            case EncoderRole.MULTILINGUAL:
                self.multilingual = similarity
            case EncoderRole.E5:
                self.e5 = similarity
            case other:
                raise ValueError(f"{other} is not a relevance signal")

    def names_a_rare_corpus_term(self) -> bool:
        """A rare word of the corpus ("UNDAF", "Mercosur") matched verbatim, with most of the question.

        Evidence of relevance that the similarities miss on short questions built around one
        term. Measured on the ten retrieval sets' 102 off-topic questions: none shares more than
        0.29 of its idf mass with the best lexical match, so the bar is 0.45; the shared word must
        be rare (RARE_TERM_IDF) and the similarity still above a floor.
        """
        return (self.rarest >= RARE_TERM_IDF and self.lexical >= RARE_TERM_COVERAGE
                and self.relevance() >= RARE_TERM_FLOOR)

    def relevance(self) -> float:
        """The scope model's probability when it applies; else the mean of the multilingual encoders'
        best similarities (MiniLM's without them).

        Calibrated on on-topic and off-topic questions (benchmarks/): USE's best similarity
        separated them better than any mix with the MiniLM or lexical signals we tried, and
        with e5 configured too, the mean of both did better than either alone.
        """
        if self.scope is not None:
            return self.scope
        multilingual = [value for value in (self.multilingual, self.e5) if value]
        return float(sum(multilingual) / len(multilingual)) if multilingual else float(self.dense)


@dataclass
class SearchResult:
    passages: list[Passage]
    signals: Signals = field(default_factory=Signals)
    # Set by a lens that recognised a request about the officer's own proposal ("¿cómo
    # reformulo mi indicador?"): in scope whatever the similarities say, so never turned away.
    in_scope: bool = False
    # How many of the first passages a lens chose (the named donor's, the draft element's advice,
    # the workshop's): the answer is built around them.
    focused: int = 0
    # A rare term or phrase the question quotes and the knowledge base carries word for word ("«factores de
    # viabilidad»"): its passages come first, and an answer card that never names it gives way to them.
    quoted: str | None = None

    @property
    def relevance(self) -> float:
        return 1.0 if self.in_scope or self.signals.names_a_rare_corpus_term() else self.signals.relevance()


# Up to this many chunks, passages are ranked by an exact matrix product in memory (a few KB a chunk: about 180 MB at
# the limit with MiniLM and USE): exact, and the same in every process. Above it, Chroma's HNSW index answers.
EXACT_SEARCH_CHUNKS = 50_000


class IndexSnapshot:
    """One index generation opened for reading: vector stores, BM25 and the chunk table."""

    def __init__(self, store: IndexStore, active: ActiveIndex, encoders: dict[str, Embeddings]) -> None:
        self.active = active
        self.encoders = encoders
        self.vectorstores = {
            role: Chroma(
                client=store.client,
                collection_name=active.collection_name(store.prefix, role),
                embedding_function=encoder,
                create_collection_if_not_exists=False,
            )
            for role, encoder in encoders.items()
            if not EncoderRole(role).is_lead
        }
        dense_collection = store.collection(active, "dense")
        self.ids: list[str] = []
        self.texts: list[str] = []
        self.metadatas: list[dict[str, Any]] = []
        for chunk_id, text, metadata in iter_chunks(dense_collection):
            self.ids.append(chunk_id)
            self.texts.append(text)
            self.metadatas.append(metadata or {})
        self.position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        # Every chunk of a section, in document order: an answer quotes a whole list that the
        # chunker cut in two, not only the half that was retrieved.
        sections: dict[tuple[str, str], list[int]] = {}
        for i, meta in enumerate(self.metadatas):
            sections.setdefault((str(meta.get("source", "")), str(meta.get("section", ""))), []).append(i)
        self.sections = {key: sorted(rows, key=lambda i: int(self.metadatas[i].get("chunk_index", 0)))
                         for key, rows in sections.items()}
        self._masks: dict[Filters, np.ndarray] = {}
        indexed = [embedding_text(meta, text) for meta, text in zip(self.metadatas, self.texts)]
        languages = [meta.get("language", "es") for meta in self.metadatas]
        self.bm25 = BM25Index(indexed, languages)
        self.ngrams = BM25Index(indexed, languages, analyzer=char_ngrams)
        # Opening-sentence vectors (encoder -> one unit row per chunk, in self.ids order), searched
        # exactly in memory: a second HNSW query per search cost more than this matrix product.
        self.opening_vectors: dict[str, np.ndarray] = {}
        for role in encoders:
            if EncoderRole(role).is_lead and self.ids:
                self.opening_vectors[EncoderRole(role).encoder] = _unit_rows(store.collection(active, role), self.position)
        # Whole-passage vectors, searched exactly too while the corpus is small: HNSW is approximate, and the
        # same question got a different 40th candidate from one process to the next (so a model read other
        # passages; twenty-fourth round). A large corpus keeps Chroma's HNSW search.
        self.passage_vectors: dict[str, np.ndarray] = {}
        if 0 < len(self.ids) <= EXACT_SEARCH_CHUNKS:
            for role in self.vectorstores:
                self.passage_vectors[role] = _unit_rows(store.collection(active, role), self.position)

    @property
    def generation(self) -> str:
        return self.active.generation

    def check_still_stored(self, store: IndexStore) -> None:
        """Raise Chroma's not-found error when another instance's ingest has dropped this generation. An exact search
        reads memory only, so it looks the generation up once, as an HNSW query would have found it gone (about
        1 ms), and the search follows the pointer to the new one."""
        if self.passage_vectors:
            store.collection(self.active, next(iter(self.passage_vectors)))

    @cached_property
    def folded_texts(self) -> list[str]:
        """Every chunk's text folded (lower case, no accents), made once per generation on first use."""
        return [fold(text).lower() for text in self.texts]

    @cached_property
    def folded_headings(self) -> dict[tuple[str, str], str]:
        """Each section's own heading (the innermost of its path), folded, by (source, section)."""
        return {key: fold(key[1].rsplit("›", 1)[-1].strip()).lower() for key in self.sections}

    def mask(self, filters: Filters) -> np.ndarray:
        """Which chunks ``filters`` allows, computed once per filter (most queries share a few)."""
        found = self._masks.get(filters)
        if found is None:
            found = np.array([filters.allows(meta) for meta in self.metadatas], dtype=bool)
            if len(self._masks) < 256:
                self._masks[filters] = found
        return found

    def passage(self, chunk_id: str, score: float = 0.0) -> Passage:
        index = self.position[chunk_id]
        return to_passage(chunk_id, self.texts[index], self.metadatas[index], score)

    @cached_property
    def versions(self) -> dict[tuple[str, str], list[list[int]]]:
        """(family, language) -> that version's sections in document order, each as its chunk rows; a family with
        two documents in one language is left out (which of them is the reader's version is not known)."""
        by_source: dict[str, list[list[int]]] = {}
        for (source, _section), rows in self.sections.items():
            by_source.setdefault(source, []).append(rows)
        found: dict[tuple[str, str], list[list[int]]] = {}
        doubled: set[tuple[str, str]] = set()
        for source, sections in by_source.items():
            meta = self.metadatas[sections[0][0]]
            key = (str(meta.get("family") or source), str(meta.get("language", "")))
            if key in found:
                doubled.add(key)
            found[key] = sorted(sections, key=lambda rows: int(self.metadatas[rows[0]].get("chunk_index", 0)))
        return {key: sections for key, sections in found.items() if key not in doubled}

    def version_in(self, passage: Passage, language: str) -> Passage | None:
        """``passage`` in its family's ``language`` version: the chunk at the same place of the same section, when
        the two versions have the same sections (translations and versions keep them); else None."""
        if not passage.family or passage.language == language or passage.id not in self.position:
            return None
        own = self.versions.get((passage.family, passage.language))
        other = self.versions.get((passage.family, language))
        if not own or not other or len(own) != len(other):
            return None
        row = self.position[passage.id]
        for place, rows in enumerate(own):
            if row in rows:
                counterpart = other[place]
                found = counterpart[min(rows.index(row), len(counterpart) - 1)]
                return self.passage(self.ids[found], passage.score)
        return None

    def section_passages(self, passage: Passage) -> list[Passage]:
        """Every chunk of ``passage``'s section, in document order (``passage`` itself among them)."""
        rows = self.sections.get((passage.source, passage.section), [])
        return [passage if self.ids[i] == passage.id else self.passage(self.ids[i]) for i in rows] or [passage]


def to_passage(chunk_id: str, text: str, metadata: dict[str, Any], score: float = 0.0) -> Passage:
    page = metadata.get("page")
    return Passage(
        id=chunk_id,
        text=text,
        title=str(metadata.get("title", "")),
        section=str(metadata.get("section", "")),
        source=str(metadata.get("source", "")),
        language=str(metadata.get("language", "")),
        url=metadata.get("url") or None,
        donor=metadata.get("donor") or None,
        kind=metadata.get("kind") or None,
        page=int(page) if page is not None else None,
        verification=metadata.get("verification") or None,
        checked=metadata.get("checked") or None,
        family=metadata.get("family") or None,
        status=metadata.get("status") or None,
        position=int(metadata.get("chunk_index", 0)),
        score=score,
    )


class HybridSearch:
    """Searches the active index generation; follows the pointer when another ingest switches it."""

    def __init__(
        self, store: IndexStore, encoders: dict[str, Embeddings], settings, *, lead_vectors: bool = True
    ) -> None:
        self.store = store
        self.encoders = encoders
        self.settings = settings
        self._snapshot: IndexSnapshot | None = None
        self._lock = threading.Lock()
        self._query_vectors: dict[tuple[str, str], list[float]] = {}
        self._cache_lock = threading.Lock()
        self.lead_vectors = lead_vectors  # rank by opening sentences too, when the index has them

    def query_vector(self, role: str, query: str) -> list[float]:
        """The query's embedding, remembered: the donor lens searches the same question twice."""
        key = (role, query)
        vector = self._query_vectors.get(key)
        if vector is None:
            vector = self.encoders[role].embed_query(query)
            with self._cache_lock:  # handlers search from several threads at once
                if len(self._query_vectors) >= 256:
                    self._query_vectors.pop(next(iter(self._query_vectors)))
                self._query_vectors[key] = vector
        return vector

    def snapshot(self) -> IndexSnapshot:
        if self._snapshot is None:
            self.refresh()
        if self._snapshot is None:
            raise IndexNotReady("the knowledge index is empty: run `coach ingest` first")
        return self._snapshot

    def refresh(self) -> bool:
        """Load the active generation if it differs from the one in use. True if it changed."""
        active = self.store.active()
        if active is None:
            return False
        with self._lock:
            if self._snapshot is not None and self._snapshot.generation == active.generation:
                return False
            roles = {role: enc for role, enc in self.encoders.items() if _has_role(self.store, active, role)}
            self._snapshot = IndexSnapshot(self.store, active, roles)
            log.info("serving index generation %s (%d chunks)", active.generation, active.chunks)
            return True

    def warm_up(self, *extra: Callable[[], object]) -> None:
        """Load every query encoder and the active index now, side by side, plus any ``extra`` loaders.

        The USE model, the numpy MiniLM, lingua and the BM25 build overlap: on 2 cores
        this takes about the time of the slowest piece, not the sum.
        """
        distinct = {id(encoder): encoder for encoder in self.encoders.values()}  # one model serves two roles
        jobs: list[Callable[[], object]] = [
            (lambda encoder=encoder: encoder.embed_query("warm up")) for encoder in distinct.values()
        ]
        jobs += [self.refresh, *extra]
        with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="warm-up") as pool:
            for future in [pool.submit(job) for job in jobs]:
                future.result()

    def weights(self, language: str | None) -> dict[str, float]:
        """Fusion weight per ranker; MiniLM only helps English questions (benchmarks/)."""
        settings = self.settings
        dense = settings.weight_dense if language in (None, "en") else settings.weight_dense_other_languages
        return {
            "dense": dense,
            "multilingual": settings.weight_multilingual,
            "e5": settings.weight_e5,
            "lexical": settings.weight_lexical,
            "ngram": settings.weight_ngram,
        }

    def search(
        self, query: str, k: int | None = None, filters: Filters = Filters(), language: str | None = None
    ) -> SearchResult:
        """The k best passages for ``query`` (written in ``language``: detected when not given)."""
        return self._retrying(lambda: self._search(query, k, filters, language))

    def core_query(self, query: str, language: str | None, most: int = 3) -> str:
        """The ``most`` rarest content words of ``query`` in the corpus, in the question's order: what a long
        question is about ("debilidades documentadas" in "¿Qué tienen debilidades documentadas en sus proyectos
        de cooperación técnica? Quiero citarlas."), for a search that its common words would otherwise steer."""
        language = language or "es"
        words = content_words(query, language)
        bm25 = self.snapshot().bm25
        rarity = {word: max((bm25.idf(term) for term in tokenize(word, language)), default=0.0) for word in words}
        chosen = set(sorted(words, key=lambda word: -rarity[word])[:most])
        return " ".join(word for word in words if word in chosen)

    def min_relevance(self) -> float:
        """The abstention cut-off: the configured one, or the one measured for this index's encoders."""
        configured = self.settings.min_relevance
        if configured != "auto":
            return float(configured)
        scope = self.scope_model()
        if scope is not None:
            return scope.threshold
        return CALIBRATED_MIN_RELEVANCE[_relevance_roles(self.snapshot())]

    def scope_model(self) -> ScopeModel | None:
        """The scope model, when abstention is automatic and this index has the encoder it reads."""
        if self.settings.min_relevance != "auto":
            return None
        model = packaged_scope_model()
        if model is None or model.encoder not in self.snapshot().vectorstores:
            return None
        return model

    def _record_scope(self, signals: Signals, query: str) -> None:
        model = self.scope_model()
        if model is not None:
            vector = self.query_vector(model.encoder, query)
            if len(vector) == model.weights.shape[0]:  # a test encoder of another size: the cut-off applies
                signals.scope = model.probability(vector, query)

    def relevance_signals(self, query: str) -> Signals:
        """Only the abstention signal for ``query``: one embedding and its nearest passage."""
        return self._retrying(lambda: self._relevance_signals(query))

    def _retrying(self, run: Callable[[], Any]) -> Any:
        try:
            return run()
        except Exception as exc:
            # Another instance's ingest dropped the generation in use: follow the pointer, retry once.
            if not is_not_found(exc) or not self.refresh():
                raise
            log.info("index generation was dropped under a search; retried on the new one")
            return run()

    def _relevance_signals(self, query: str) -> Signals:
        snapshot = self.snapshot()
        snapshot.check_still_stored(self.store)
        signals = Signals()
        for role in _relevance_roles(snapshot):
            vector = self.query_vector(role, query)
            exact = snapshot.passage_vectors.get(role)
            if exact is not None:
                signals.record(role, float(np.max(exact @ _unit(vector), initial=0.0)))
                continue
            hits = snapshot.vectorstores[role].similarity_search_by_vector_with_relevance_scores(vector, k=1)
            signals.record(role, max((1.0 - distance for _, distance in hits), default=0.0))
        self._record_scope(signals, query)
        return signals

    def _search(self, query: str, k: int | None, filters: Filters, language: str | None) -> SearchResult:
        snapshot = self.snapshot()
        snapshot.check_still_stored(self.store)
        settings = self.settings
        if language is None:
            language = detect_language(query)
        k = k or settings.k
        candidates = max(settings.candidates, k)
        # The reader's languages are checked on the hits, not in Chroma: a language filter there made
        # every query two to three times slower (measured on the quality-check set).
        where = filters.where(languages=False)
        weights = self.weights(language)
        rankings: list[tuple[float, list[str]]] = []
        signals = Signals()
        constrained = bool(where) or bool(filters.languages)
        mask = snapshot.mask(filters) if constrained else None
        relevance_roles = _relevance_roles(snapshot)  # always searched: they decide abstention
        for role, store in snapshot.vectorstores.items():
            if not weights[role] and role not in relevance_roles:
                continue  # not used for this language: save the embedding
            vector = self.query_vector(role, query)
            exact = snapshot.passage_vectors.get(role)
            if exact is not None:
                passage_similarity = exact @ _unit(vector)
                best = {chunk_id: float(passage_similarity[snapshot.position[chunk_id]])
                        for chunk_id in _top_ids(snapshot, passage_similarity, mask, candidates)}
            else:
                hits = store.similarity_search_by_vector_with_relevance_scores(vector, k=candidates, filter=where)
                if filters.languages:
                    hits = [(doc, distance) for doc, distance in hits
                            if doc.id in snapshot.position and mask[snapshot.position[doc.id]]]
                best = {doc.id: 1.0 - distance for doc, distance in hits if doc.id in snapshot.position}
            # Abstention stays calibrated on whole passages.
            signals.record(role, max(best.values(), default=0.0))
            openings = snapshot.opening_vectors.get(role) if self.lead_vectors else None
            if openings is not None:
                # A passage ranks by the closer of its two vectors: the whole passage, its opening sentence.
                similarity = openings @ _unit(vector)
                for chunk_id in _top_ids(snapshot, similarity, mask, candidates):
                    opening = float(similarity[snapshot.position[chunk_id]])
                    best[chunk_id] = max(best.get(chunk_id, opening), opening)
            ranked = sorted(best, key=best.__getitem__, reverse=True)[:candidates]
            rankings.append((weights[role], ranked))
        terms = query_terms(query, language)
        lexical_scores = snapshot.bm25.scores(terms)
        lexical_ids = _top_ids(snapshot, lexical_scores, mask, candidates)
        rankings.append((weights["lexical"], lexical_ids))
        if weights["ngram"]:
            ngram_ids = _top_ids(snapshot, snapshot.ngrams.scores(char_ngrams(query, language)), mask, candidates)
            rankings.append((weights["ngram"], ngram_ids))
        named = _naming_ids(snapshot, query, language, lexical_scores, mask, candidates)
        if named:
            rankings.append((settings.weight_rare_name, named))
        signals.lexical, signals.rarest = _lexical_match(snapshot, terms, lexical_ids[:1])
        self._record_scope(signals, query)
        fused = reciprocal_rank_fusion(rankings, settings.rrf_k)
        passages = [snapshot.passage(chunk_id, score) for chunk_id, score in fused[:k]]
        return SearchResult(passages, signals)


# Abstention cut-offs measured on on-topic and off-topic questions (benchmarks/bench_retrieval.py)
# for each set of encoders the relevance signal can come from. USE's was 0.31, the best on the
# first question set; the later sets showed it turned away one real question in twenty (informal
# ones about pilots or Gantt charts score 0.23-0.28), and 0.28 kept 60 of 62 off-topic ones out.
CALIBRATED_MIN_RELEVANCE: dict[tuple[str, ...], float] = {
    ("multilingual", "e5"): 0.58,
    ("multilingual",): 0.28,
    ("e5",): 0.85,
    ("dense",): 0.53,  # the packaged MiniLM
}


def _relevance_roles(snapshot: IndexSnapshot) -> tuple[str, ...]:
    """The encoders whose best similarities make the abstention signal (see Signals.relevance)."""
    return tuple(role.value for role in RELEVANCE_ROLES if role in snapshot.vectorstores) or (EncoderRole.DENSE.value,)


def _unit_rows(collection, position: dict[str, int], batch: int = 1000) -> np.ndarray:
    """A collection's embeddings as unit rows, row i for the chunk at ``position`` i."""
    rows: np.ndarray | None = None
    for offset in range(0, collection.count(), batch):
        page = collection.get(limit=batch, offset=offset, include=["embeddings"])
        vectors = np.asarray(page["embeddings"], dtype=np.float32)
        if rows is None:
            rows = np.zeros((len(position), vectors.shape[1]), dtype=np.float32)
        for chunk_id, vector in zip(page["ids"], vectors):
            if chunk_id in position:
                rows[position[chunk_id]] = vector / (np.linalg.norm(vector) or 1.0)
    if rows is None:  # the generation switch checks every collection's count, so this means corruption
        raise StoreError(f"{collection.name}: no opening-sentence vectors; run `coach ingest --rebuild`")
    return rows


def _unit(vector: Sequence[float]) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    return array / (np.linalg.norm(array) or 1.0)


def _top_ids(snapshot: IndexSnapshot, scores: np.ndarray, mask: np.ndarray | None, n: int) -> list[str]:
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    order = np.argpartition(-scores, n)[:n] if len(scores) > n else np.arange(len(scores))
    order = order[np.argsort(-scores[order], kind="stable")]
    return [snapshot.ids[i] for i in order if scores[i] > 0]


def _has_role(store: IndexStore, active: ActiveIndex, role: str) -> bool:
    try:
        store.collection(active, role)
        return True
    except Exception:
        return False


def _lexical_coverage(snapshot: IndexSnapshot, terms: Sequence[str], best_ids: Sequence[str]) -> float:
    """Share of the query's idf mass (over terms the corpus knows) present in the best lexical match."""
    return _lexical_match(snapshot, terms, best_ids)[0]


# An acronym the question uses verbatim that at most this many passages carry ("PIFTE": 12 of about
# 6,000) is evidence: those passages get a ranking of their own. Commoner ones (ILAB: hundreds) are
# left to BM25.
RARE_NAME_PASSAGES = 30


def _naming_ids(snapshot: IndexSnapshot, query: str, language: str | None, lexical_scores: np.ndarray,
                mask: np.ndarray | None, candidates: int) -> list[str]:
    """The passages that carry a rare name of the question, best BM25 match first; [] when it names none."""
    rows: set[int] = set()
    for name in names_in(query):
        for term in dict.fromkeys(tokenize(name, language or "es")):
            found = snapshot.bm25.containing(term)
            if 0 < len(found) <= RARE_NAME_PASSAGES:
                rows.update(int(row) for row in found)
    if mask is not None:
        rows = {row for row in rows if mask[row]}
    if not rows:
        return []
    ordered = sorted(rows, key=lambda row: -float(lexical_scores[row]))[:candidates]
    return [snapshot.ids[row] for row in ordered]


def _lexical_match(snapshot: IndexSnapshot, terms: Sequence[str], best_ids: Sequence[str]) -> tuple[float, float]:
    """(share of the query's idf mass present in the best lexical match, the highest idf among the
    query terms it contains: how rare a word of the question the best match shares)."""
    if not best_ids:
        return 0.0, 0.0
    index = snapshot.position[best_ids[0]]
    meta = snapshot.metadatas[index]
    present = set(tokenize(embedding_text(meta, snapshot.texts[index]), meta.get("language", "es")))
    # A term the corpus never uses weighs as much as the rarest one: "paella" must count against.
    unseen = snapshot.bm25.max_idf() + 1.0
    words_idf = [(term, snapshot.bm25.idf(term) or unseen) for term in terms]
    total = sum(idf for _, idf in words_idf) or 1.0
    shared = [idf for term, idf in words_idf if term in present]
    return sum(shared) / total, max(shared, default=0.0)


def reciprocal_rank_fusion(rankings: Sequence[tuple[float, Sequence[str]]], k: int = 60) -> list[tuple[str, float]]:
    """Weighted RRF: sum of weight / (k + rank) over the rankings that contain an id."""
    totals: dict[str, float] = {}
    for weight, ids in rankings:
        for rank, chunk_id in enumerate(ids, start=1):
            totals[chunk_id] = totals.get(chunk_id, 0.0) + weight / (k + rank)
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)


class KnowledgeRetriever(BaseRetriever):
    """LangChain retriever over the hybrid search (for chains and agents)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search: Any
    k: int = 5
    filters: Filters = Filters()

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        result = self.search.search(query, k=self.k, filters=self.filters)
        return [
            Document(
                page_content=p.text,
                id=p.id,
                metadata={"title": p.title, "section": p.section, "source": p.source, "url": p.url,
                          "language": p.language, "score": p.score, "relevance": result.relevance},
            )
            for p in result.passages
        ]
