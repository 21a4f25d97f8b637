"""The one place that builds the Coach from the configuration: every piece, once, with its options.

Benchmarks that measure a piece switched off pass ``Experiments`` here instead of
flipping attributes on built objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.answers.compose import AnswerOptions, Answerer
from bot.answers.policy import PolicyOptions, RetrievalPolicy
from bot.answers.search import HybridSearch
from bot.answers.understanding import DraftLens
from bot.coach import Coach
from bot.config import Config
from bot.critique import Critic, CriticOptions, Rubric, heading_types, load_rubric
from bot.index.encoders import build_encoders
from bot.index.ingestion import Ingestor
from bot.index.store import ProcessLock, open_store
from bot.llm import build_chat_model
from bot.vocabulary import EncoderRole


@dataclass(frozen=True)
class Experiments:
    """Parts of retrieval a benchmark can switch off to measure what they bring; all on in the product."""

    workshop_lens: bool = True
    draft_lens: bool = True
    lead_vectors: bool = True  # rank passages by their opening sentences too, when the index has them


def build_answerer(
    search: HybridSearch,
    sentence_encoder: Any,
    config: Config,
    *,
    chat_model: Any = None,
    rubric: Rubric | None = None,
    experiments: Experiments = Experiments(),
) -> Answerer:
    """The answer pipeline over a search: query understanding, the retrieval policy, composition."""
    rubric = rubric or load_rubric()
    draft_lens = DraftLens.load(lambda question: heading_types(question, rubric), rubric.section_types)
    policy = RetrievalPolicy(
        search,
        draft_lens,
        PolicyOptions(k=config.retrieval.k, workshop_lens=experiments.workshop_lens, draft_lens=experiments.draft_lens),
    )
    return Answerer(policy, sentence_encoder, chat_model, AnswerOptions(llm_timeout_seconds=config.llm.timeout_seconds))


def build_coach(
    config: Config, *, chat_model: Any = None, lock: ProcessLock | None = None, experiments: Experiments = Experiments()
) -> Coach:
    """Open the store, load the encoders and the rubric, and wire search, answers, critique and ingest."""
    store = open_store(config)
    encoders = build_encoders(config.embedding)
    search = HybridSearch(store, encoders, config.retrieval, lead_vectors=experiments.lead_vectors)
    chat_model = chat_model if chat_model is not None else build_chat_model(config.llm)
    rubric = load_rubric()  # one parse: the critic judges with it, the draft lens reads its headings
    sentence_encoder = encoders.get(EncoderRole.MULTILINGUAL, encoders[EncoderRole.DENSE])
    multilingual = encoders.get(EncoderRole.MULTILINGUAL)  # the learned section typer reads its vectors
    answerer = build_answerer(
        search, sentence_encoder, config, chat_model=chat_model, rubric=rubric, experiments=experiments
    )
    policy = answerer.policy
    critic = Critic(
        rubric,
        retrieve=policy.for_criterion,
        chat_model=chat_model,
        options=CriticOptions(
            max_text_chars=config.limits.max_paste_chars,
            max_sections=config.limits.max_sections,
            llm_timeout=config.llm.timeout_seconds,
        ),
        embed=multilingual.embed_query if multilingual is not None else None,
    )
    ingestor = Ingestor(config, store, lambda: encoders)
    return Coach(
        config,
        store=store,
        encoders=encoders,
        search=search,
        policy=policy,
        answerer=answerer,
        critic=critic,
        ingestor=ingestor,
        chat_model=chat_model,
        lock=lock,
    )
