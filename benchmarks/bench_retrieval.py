"""Retrieval quality on the question sets: this retriever against its parts and a plain recipe.

Every retrieval set under benchmarks/sets/ (benchmarks/sets.py), blind labels and pooled
adjudication (benchmarks/adjudication.md), in the order they were written: the first one
(fusion weights were chosen on it), then sets each written by someone who had read only
knowledge/ (the last five after every retrieval choice they measure).
Any configuration can be measured the same way through COACH_* variables, e.g.
``COACH_EMBEDDING__E5=multilingual-e5-small make bench`` (the copy of the index is rebuilt).

hit@5 and MRR per language, abstention on off-topic questions and the share of
on-topic questions answered. The hybrid retriever abstains at the configured
``retrieval.min_relevance``; single rankers and the plain recipe have no
calibrated cut-off, so they get the best threshold on this very set (optimistic).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from benchmarks._index import benchmark_coach
from benchmarks.sets import discover
from benchmarks.machine import machine_line
from bot.answers.evaluation import Outcome, Question, Report, first_hit_rank, load_questions
from bot.answers.search import HybridSearch
from bot.assembly import Experiments, build_answerer
from bot.models import Passage

LANGUAGE_ORDER = ("es", "en", "pt", "fr")
last_results: dict = {}

Searcher = Callable[[str], tuple[list[Passage], float]]


def _report(questions: list[Question], search: Searcher, judge=first_hit_rank) -> tuple[Report, float]:
    report = Report()
    started = time.perf_counter()
    for question in questions:
        passages, relevance = search(question.question)
        report.outcomes.append(Outcome(question, judge(passages, question), False, relevance))
    return report, (time.perf_counter() - started) / len(questions) * 1000


def _abstain_at(report: Report, threshold: float) -> None:
    for outcome in report.outcomes:
        outcome.abstained = outcome.relevance < threshold


def _best_threshold(report: Report) -> float:
    """The cut-off maximising the mean of abstention and answered on this set."""
    candidates = sorted({o.relevance for o in report.outcomes})
    best, best_score = 0.0, -1.0
    for threshold in candidates:
        _abstain_at(report, threshold)
        score = report.abstention() + report.answered()
        if score > best_score:
            best, best_score = threshold, score
    return best


def _ranker_searchers(coach) -> dict[str, Searcher]:
    from bot.answers.lexical import query_terms
    from bot.answers.search import _lexical_coverage

    snapshot = coach.search.snapshot()
    searchers: dict[str, Searcher] = {}
    for role in ("dense", "multilingual", "e5"):
        if role not in snapshot.vectorstores:
            continue

        def dense_search(query: str, role=role) -> tuple[list[Passage], float]:
            vector = coach.encoders[role].embed_query(query)
            hits = snapshot.vectorstores[role].similarity_search_by_vector_with_relevance_scores(vector, k=5)
            return [snapshot.passage(doc.id) for doc, _ in hits], max((1 - d for _, d in hits), default=0.0)

        searchers[role] = dense_search

    def bm25_search(query: str) -> tuple[list[Passage], float]:
        terms = query_terms(query)
        scores = snapshot.bm25.scores(terms)
        order = [i for i in np.argsort(-scores)[:5] if scores[i] > 0]
        ids = [snapshot.ids[i] for i in order]
        return [snapshot.passage(i) for i in ids], _lexical_coverage(snapshot, terms, ids[:1])

    searchers["bm25"] = bm25_search
    return searchers


@lru_cache(maxsize=1)
def _ablations(coach) -> tuple[tuple[str, object], ...]:
    """The same answer pipeline with one part switched off (built once, at construction)."""
    sentence_encoder = coach.answerer.sentence_encoder
    variants = [
        ("without the workshop lens", coach.search, Experiments(workshop_lens=False)),
        ("without the draft lens", coach.search, Experiments(draft_lens=False)),
    ]
    if coach.search.snapshot().opening_vectors:
        plain = HybridSearch(coach.store, coach.encoders, coach.config.retrieval, lead_vectors=False)
        variants.append(("without opening-sentence vectors", plain, Experiments(lead_vectors=False)))
    return tuple((name, build_answerer(search, sentence_encoder, coach.config, experiments=experiments))
                 for name, search, experiments in variants)


def _plain_recipe(coach) -> tuple[Searcher, int]:
    """RecursiveCharacterTextSplitter(1000, 200) over the raw files, Chroma, the same MiniLM, k=4."""
    import chromadb
    from chromadb.config import Settings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    root = coach.config.knowledge_dir
    documents = [
        Document(page_content=path.read_text(encoding="utf-8", errors="replace"),
                 metadata={"source": path.relative_to(root).as_posix()})
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.suffix.lower() in (".md", ".txt") and path.name.lower() != "readme.md"
    ]
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(documents)
    client = chromadb.EphemeralClient(settings=Settings(anonymized_telemetry=False))
    store = Chroma(client=client, collection_name="plain-recipe", embedding_function=coach.encoders["dense"],
                   collection_metadata={"hnsw:space": "cosine"})
    store.add_documents(chunks)

    def search(query: str) -> tuple[list[Passage], float]:
        hits = store.similarity_search_with_relevance_scores(query, k=4)
        passages = [
            Passage(id=str(i), text=doc.page_content, title="", section="", source=doc.metadata["source"], language="")
            for i, (doc, _) in enumerate(hits)
        ]
        return passages, max((score for _, score in hits), default=0.0)

    return search, len(chunks)


def overlap_hit_rank(passages: list[Passage], question: Question) -> int | None:
    """A recipe chunk is a hit when it comes from an expected file and contains that passage's
    expected text (or, when none is given, its expected section heading)."""
    for rank, passage in enumerate(passages, start=1):
        for alternative in question.expect:
            if passage.source != alternative.get("source"):
                continue
            needle = alternative.get("text") or alternative.get("section", "")
            if needle and needle.lower() in passage.text.lower():
                return rank
    return None


def _row(name: str, report: Report, threshold: float, ms: float, calibrated: bool) -> str:
    _abstain_at(report, threshold)
    cells = [f"{report.hit_at(5, lang):.2f} / {report.mrr(lang):.2f}" for lang in LANGUAGE_ORDER]
    last_results[name] = {**report.to_json(), "threshold": round(threshold, 4),
                          "threshold_calibrated": calibrated, "ms_per_query": round(ms, 1)}
    mark = "" if calibrated else "*"
    return (f"| {name} | " + " | ".join(cells) + f" | {report.hit_at(5):.3f} | {report.abstention():.2f}{mark} | "
            f"{report.answered():.2f}{mark} | {threshold:.3f} | {ms:.0f} |")


def _table(coach, path: Path, title: str) -> str:
    questions = load_questions(path)
    counts = {lang: sum(1 for q in questions if q.language == lang and not q.off_topic) for lang in LANGUAGE_ORDER}
    off_topic = sum(q.off_topic for q in questions)
    rows = []
    min_relevance = coach.search.min_relevance()

    def hybrid(query: str):
        result = coach.answerer.retrieve(query)
        return result.passages, result.relevance

    report, ms = _report(questions, hybrid)
    last_results[title] = report.to_json()
    rows.append(_row("this retriever (hybrid, configured cut-off)", report, min_relevance, ms, True))
    rows.append(_row("this retriever (best cut-off on this set)", report, _best_threshold(report), ms, False))
    for name, answerer in _ablations(coach):
        def without(query: str, answerer=answerer):
            result = answerer.retrieve(query)
            return result.passages, result.relevance

        report, ms = _report(questions, without)
        rows.append(_row(name, report, min_relevance, ms, True))

    def search_alone(query: str):
        result = coach.search.search(query)
        return result.passages, result.relevance

    report, ms = _report(questions, search_alone)
    rows.append(_row("hybrid search alone (no lens)", report, min_relevance, ms, True))
    names = {"dense": "dense only (MiniLM)", "multilingual": "multilingual only (USE v3)",
             "e5": "multilingual only (e5-small, 4-bit)", "bm25": "BM25 only"}
    for role, searcher in _ranker_searchers(coach).items():
        report, ms = _report(questions, searcher)
        rows.append(_row(names[role], report, _best_threshold(report), ms, False))
    recipe, chunk_count = _plain_recipe(coach)
    report, ms = _report(questions, recipe, judge=overlap_hit_rank)
    rows.append(_row(f"plain LangChain recipe ({chunk_count} chunks, k=4)", report, _best_threshold(report), ms, False))
    header = " | ".join(f"{lang} hit@5 / MRR (n={counts[lang]})" for lang in LANGUAGE_ORDER)
    return "\n".join([
        f"#### {title}: {sum(counts.values())} on-topic + {off_topic} off-topic",
        "",
        f"| retriever | {header} | hit@5 all | abstention | answered | cut-off | ms/query |",
        "|---|" + "---|" * (len(LANGUAGE_ORDER) + 6),
        *rows,
    ])


def run() -> str:
    """The same systems on every question set, blind labels and adjudicated."""
    with benchmark_coach() as coach:
        tables = []
        for found in discover("retrieval"):
            for labels, suffix in (("questions.jsonl", ""), ("adjudicated.jsonl", ", adjudicated")):
                if found.file(labels).exists():
                    tables.append(_table(coach, found.file(labels), f"{found.name}{suffix}"))
    return "\n".join([
        f"### Retrieval quality ({machine_line()})",
        "",
        *(f"{table}\n" for table in tables),
        "Notes: hit = a returned passage matches an expected source, section and text (bot/answers/evaluation.py). "
        "Each set was labelled blind; its *_adjudicated twin adds the passages an assessor judged "
        "relevant among those any system returned (pooling; benchmarks/adjudication.md). "
        "The plain recipe's chunks have no sections: a chunk is a hit when it comes from an expected file and "
        "contains that alternative's expected text (its section heading when no text is given); it returns 4 "
        "passages, so its hit@5 is hit@4. * = cut-off chosen on this set (best mean of abstention and answered), "
        "an upper bound; the hybrid's rows use the configured retrieval.min_relevance. "
        "Relevance: best cosine (dense rankers, recipe), share of idf mass matched (BM25), the mean of the "
        "multilingual encoders' best cosines (hybrid).",
    ])


if __name__ == "__main__":
    print(run())
