"""Ingest knowledge/ into a new index generation and switch to it when complete.

Only new or changed files are read and embedded; chunks of unchanged files are
copied with their stored vectors. With nothing changed the run reads the
pointer, hashes the files and stops: no model is loaded.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import date
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chromadb.errors import ChromaError
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from bot.index.chunking import ChunkSettings, chunk_document, indexed_text
from bot.index.front_matter import stale_documents
from bot.index.reading import FileLimits, UnreadableFile
from bot.index.isolation import read_source_isolated
from bot.index.encoders import TokenCounter, build_encoders, enabled_roles
from bot.models import IngestSummary
from bot.index.store import ActiveIndex, IndexStore, StoreError

log = logging.getLogger(__name__)

_WRITE_BATCH = 500
_EMBED_BATCH = 64


@dataclass(frozen=True)
class IngestProgress:
    stage: str  # "reading", "copying", "embedding", "verifying", "done"
    done: int
    total: int


ProgressCallback = Callable[[IngestProgress], None]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def knowledge_files(root: Path) -> dict[str, Path]:
    """Supported files under ``root`` by their path relative to it (hidden files and READMEs skipped)."""
    files: dict[str, Path] = {}
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.name.lower() in ("readme.md", "readme.txt"):
            continue
        files[relative.as_posix()] = path
    return files


# Raised when chunks carry new metadata (2: the documents' "checked" date; 3: the family of a
# document and its translations; 4: a route's status; 5: every chunk's language, detected when
# the document does not say), so that one rebuild adds it.
METADATA_VERSION = 5


def index_fingerprint(config) -> str:
    """Changes to any of these make the stored vectors or chunks invalid: rebuild everything."""
    chunking = ChunkSettings(**config.chunking.model_dump()).fingerprint()
    embedding = config.embedding
    leads = "leads" if embedding.lead_vectors else "no-leads"
    return f"{embedding.model}|{embedding.multilingual}|{embedding.e5}|{leads}|{chunking}|meta{METADATA_VERSION}"


def ingest(config, *, rebuild: bool = False, progress: ProgressCallback | None = None) -> IngestSummary:
    """Ingest without a running assistant (the CLI): lock, store, run; no model unless needed."""
    from bot.index.store import ProcessLock, open_store

    lock = ProcessLock.for_config(config)
    try:
        encoders: dict[str, Embeddings] = {}

        def lazy_encoders() -> dict[str, Embeddings]:
            if not encoders:
                encoders.update(build_encoders(config.embedding))
            return encoders

        return Ingestor(config, open_store(config), lazy_encoders).run(rebuild=rebuild, progress=progress)
    finally:
        if lock:
            lock.release()


class Ingestor:
    """Builds index generations from the knowledge directory."""

    def __init__(
        self,
        config,
        store: IndexStore,
        encoders: Callable[[], dict[str, Embeddings]],
    ) -> None:
        self.config = config
        self.store = store
        self._encoders = encoders  # a factory: nothing loads unless there is work to embed
        self.limits = FileLimits.from_config(config.limits)
        self.chunk_settings = ChunkSettings(**config.chunking.model_dump())

    def roles(self) -> tuple[str, ...]:
        return enabled_roles(self.config.embedding)

    def run(self, rebuild: bool = False, progress: ProgressCallback | None = None) -> IngestSummary:
        started = time.monotonic()
        notify = progress or (lambda _event: None)
        summary = IngestSummary()
        files = knowledge_files(self.config.knowledge_dir)
        hashes = {name: file_hash(path) for name, path in files.items()}
        active = self.store.active()
        fingerprint = index_fingerprint(self.config)
        full = rebuild or active is None or active.fingerprint != fingerprint
        old_manifest: dict[str, Any] = {} if active is None else active.manifest

        unchanged = {
            name for name, digest in hashes.items()
            if not full and name in old_manifest and old_manifest[name].get("hash") == digest
        }
        summary.removed = sorted(set(old_manifest) - set(hashes)) if not full else []
        to_read = [name for name in files if name not in unchanged]
        summary.unchanged = len(unchanged)
        manifest: dict[str, Any] = {name: dict(old_manifest[name]) for name in unchanged}
        for name in unchanged:  # still unreadable: report again, without re-reading
            if "skipped" in old_manifest[name]:
                summary.skipped[name] = old_manifest[name]["skipped"]

        if not to_read and not summary.removed and not full:
            summary.chunks = active.chunks
            summary.generation = active.generation
            summary.stale = stale_documents(old_manifest, date.today())
            summary.seconds = time.monotonic() - started
            notify(IngestProgress("done", 0, 0))
            return summary

        new_chunks: list[Document] = []
        count_tokens = TokenCounter(self.config.embedding.model) if to_read else None
        for number, name in enumerate(to_read, start=1):
            notify(IngestProgress("reading", number, len(to_read)))
            is_new = name not in old_manifest or full
            try:
                source = read_source_isolated(files[name], self.limits)
                chunks = chunk_document(source, name, count_tokens, self.chunk_settings)
            except UnreadableFile as exc:
                summary.skipped[name] = exc.reason_code + (f": {exc.detail}" if exc.detail else "")
                manifest[name] = {"hash": hashes[name], "skipped": summary.skipped[name]}
                log.warning("skipped %s: %s", name, exc)
                continue
            except Exception as exc:  # a broken file must not stop the others
                summary.skipped[name] = f"corrupt: {exc}"
                manifest[name] = {"hash": hashes[name], "skipped": summary.skipped[name]}
                log.warning("skipped %s", name, exc_info=True)
                continue
            for chunk in chunks:
                chunk.metadata["file_hash"] = hashes[name]
            new_chunks.extend(chunks)
            manifest[name] = {"hash": hashes[name], "chunks": len(chunks),
                              **{key: source.metadata[key] for key in ("kind", "checked") if source.metadata.get(key)}}
            (summary.added if is_new else summary.changed).append(name)

        lost = [name for name in summary.skipped if old_manifest.get(name, {}).get("chunks")]
        if not full and not summary.removed and not new_chunks and not summary.changed and not summary.added \
                and not lost:
            # Only unreadable files changed, none of which had chunks: the active generation is still right.
            summary.chunks = active.chunks
            summary.generation = active.generation
            summary.stale = stale_documents(old_manifest, date.today())
            summary.seconds = time.monotonic() - started
            return summary

        roles = self.roles()
        generation = self.store.new_generation(roles)
        try:
            kept = 0 if full else self._copy_unchanged(active, generation, roles, unchanged, notify)
            self._embed_and_add(generation, roles, new_chunks, notify)
            total = kept + len(new_chunks)
            notify(IngestProgress("verifying", 0, 1))
            switched = self.store.switch_to(generation, fingerprint, total, roles, manifest)
        except BaseException as exc:
            # The pointer was not moved: readers keep the old generation. Clean up ours.
            try:
                self.store.drop_generation(generation)
            except Exception:  # the store may be what failed; the next run cleans up
                log.warning("could not drop the unfinished generation %s", generation, exc_info=True)
            if isinstance(exc, (OSError, ChromaError)) and not isinstance(exc, StoreError):
                still = f"generation {active.generation} is still active" if active else "no index is active yet"
                raise StoreError(
                    f"ingest failed while writing generation {generation} ({exc}); {still}. "
                    "Check free disk space and permissions under the data directory (or the Chroma server), "
                    "then run the ingest again."
                ) from exc
            raise
        # The previous generation stays one more round: other instances sharing a Chroma
        # server may still be reading it until they notice the switch.
        self.store.drop_other_generations(keep={switched.generation} | ({active.generation} if active else set()))
        summary.chunks = total
        summary.embedded = len(new_chunks)
        summary.generation = switched.generation
        summary.switched = True
        summary.stale = stale_documents(manifest, date.today())
        summary.seconds = time.monotonic() - started
        notify(IngestProgress("done", total, total))
        return summary

    def _copy_unchanged(
        self, active: ActiveIndex, generation: str, roles: tuple[str, ...], keep: set[str],
        notify: ProgressCallback,
    ) -> int:
        copied = 0
        for role in roles:
            source = self.store.collection(active, role)
            target = self.store.client.get_collection(f"{self.store.prefix}-{generation}-{role}", embedding_function=None)
            total = source.count()
            offset = 0
            copied = 0
            while offset < total:
                page = source.get(
                    limit=_WRITE_BATCH, offset=offset, include=["embeddings", "documents", "metadatas"]
                )
                offset += _WRITE_BATCH
                rows = [
                    (id_, emb, doc, meta)
                    for id_, emb, doc, meta in zip(page["ids"], page["embeddings"], page["documents"], page["metadatas"])
                    if meta and meta.get("source") in keep
                ]
                if rows:
                    ids, embeddings, documents, metadatas = (list(column) for column in zip(*rows))
                    target.add(ids=ids, embeddings=embeddings, documents=documents, metadatas=metadatas)
                    copied += len(rows)
                notify(IngestProgress(f"copying {role}", min(offset, total), total))
        return copied

    def _embed_and_add(
        self, generation: str, roles: tuple[str, ...], chunks: list[Document], notify: ProgressCallback
    ) -> None:
        if not chunks:
            return
        encoders = self._encoders()
        for role in roles:
            encoder = encoders[role]
            texts = [indexed_text(role, chunk.metadata, chunk.page_content) for chunk in chunks]
            target = self.store.client.get_collection(f"{self.store.prefix}-{generation}-{role}", embedding_function=None)
            for start in range(0, len(chunks), _EMBED_BATCH):
                batch = chunks[start:start + _EMBED_BATCH]
                vectors = encoder.embed_documents(texts[start:start + _EMBED_BATCH])
                target.add(
                    ids=[chunk.metadata["id"] for chunk in batch],
                    embeddings=vectors,
                    documents=[chunk.page_content for chunk in batch],
                    metadatas=[_chroma_metadata(chunk.metadata) for chunk in batch],
                )
                notify(IngestProgress(f"embedding {role}", min(start + len(batch), len(chunks)), len(chunks)))


def _chroma_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in metadata.items() if isinstance(value, (str, int, float, bool))}
