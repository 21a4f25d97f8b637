"""The Chroma index: generations of collections and an atomic switch between them.

An index *generation* is a set of collections (one per encoder) written in
full, verified, and only then made active by one write to the pointer
(the ``<prefix>-meta`` collection's metadata). Readers always follow the
pointer, so a crash at any moment leaves the previous generation answering.
The same scheme works embedded (PersistentClient under data_dir) and against a
Chroma server (http mode), where several bot instances share it.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
import httpx
from chromadb.config import Settings
from chromadb.errors import NotFoundError

from bot.vocabulary import EncoderRole
log = logging.getLogger(__name__)

ROLES = tuple(role.value for role in EncoderRole)  # one collection per encoder role (and passage view)


class StoreError(RuntimeError):
    """The index cannot be opened or written; the message says what to do."""


class StoreLocked(StoreError):
    """Another process owns the embedded index."""


@dataclass(frozen=True)
class ActiveIndex:
    generation: str
    fingerprint: str  # embedding models + chunking settings the generation was built with
    chunks: int
    created: float
    manifest: dict[str, Any]  # source path -> {"hash": ..., "skipped": reason?}

    def collection_name(self, prefix: str, role: str) -> str:
        return f"{prefix}-{self.generation}-{role}"


class ProcessLock:
    """An exclusive, non-blocking lock on the embedded index directory.

    Chroma's embedded store is not process-safe: a second writer corrupts it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = None

    @classmethod
    def for_config(cls, config) -> "ProcessLock | None":
        """The held lock for an embedded index; None in http mode (the server arbitrates)."""
        if config.vector_store.mode != "embedded":
            return None
        lock = cls(config.data_dir / "index.lock")
        lock.acquire()
        return lock

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise StoreLocked(
                f"the index at {self.path.parent} is in use by {owner}. Stop it, use /reingest "
                "from Telegram, or run Chroma in server mode ([vector_store] mode = \"http\") "
                "to share one index between processes."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def make_client(config) -> Any:
    """A Chroma client for the configured mode; telemetry off, nothing downloaded."""
    store = config.vector_store
    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if store.mode == "embedded":
        path = config.data_dir / "index"
        path.mkdir(parents=True, exist_ok=True)
        try:
            return chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception as exc:
            raise StoreError(f"cannot open the index at {path}: {exc}") from exc
    headers = dict(store.headers)
    token = os.environ.get("CHROMA_AUTH_TOKEN", "").strip()
    if token:
        headers.setdefault("Authorization", f"Bearer {token}")
    where = f"{store.host}:{store.port}"
    try:
        # Fail within timeout_seconds (not never) when the server is down or hung.
        scheme = "https" if store.ssl else "http"
        httpx.get(f"{scheme}://{where}/api/v2/heartbeat", headers=headers, timeout=store.timeout_seconds)
        client = chromadb.HttpClient(
            host=store.host, port=store.port, ssl=store.ssl, headers=headers or None, settings=settings
        )
    except Exception as exc:
        raise StoreError(f"cannot reach the Chroma server at {where}: {exc}") from exc
    _guard_http(client, where, store.timeout_seconds)
    return client


def _guard_http(client: Any, where: str, timeout: float) -> None:
    """Give every request of this client a timeout, and turn network failures into a clear StoreError.

    chromadb's HttpClient waits forever (httpx timeout=None) and raises bare httpx errors. The
    client keeps working once the server is back: httpx opens a new connection per failed one.
    """
    server = getattr(client, "_server", None)
    session = getattr(server, "_session", None)
    if session is None or not hasattr(server, "_make_request"):
        log.warning("cannot set a timeout on this chromadb client (version change?)")
        return
    session.timeout = httpx.Timeout(timeout)
    make_request = server._make_request

    def guarded(method: str, path: str, **kwargs: Any) -> Any:
        try:
            return make_request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise StoreError(f"the Chroma server at {where} did not answer within {timeout:g} s") from exc
        except httpx.TransportError as exc:
            raise StoreError(f"cannot reach the Chroma server at {where}: {exc}") from exc

    server._make_request = guarded


def open_store(config) -> "IndexStore":
    """The configured client and collection settings, as an IndexStore."""
    retrieval = config.retrieval
    hnsw = {
        "ef_search": retrieval.hnsw_ef_search,
        "ef_construction": retrieval.hnsw_ef_construction,
        "max_neighbors": retrieval.hnsw_m,
    }
    return IndexStore(make_client(config), config.vector_store.collection_prefix, hnsw)


class IndexStore:
    """Generations of the index in one Chroma client."""

    def __init__(self, client: Any, prefix: str = "coach", hnsw: dict[str, int] | None = None) -> None:
        self.client = client
        self.prefix = prefix
        self.hnsw = hnsw or {}

    @property
    def _meta_name(self) -> str:
        return f"{self.prefix}-meta"

    def _meta(self):
        # No embedding function: this collection only carries the pointer in its metadata.
        return self.client.get_or_create_collection(self._meta_name, embedding_function=None)

    def active(self) -> ActiveIndex | None:
        """The generation readers should use, or None before the first ingest."""
        try:
            metadata = self.client.get_collection(self._meta_name, embedding_function=None).metadata or {}
        except Exception as exc:
            if is_not_found(exc):
                return None
            raise
        if "generation" not in metadata:
            return None
        return ActiveIndex(
            generation=str(metadata["generation"]),
            fingerprint=str(metadata.get("fingerprint", "")),
            chunks=int(metadata.get("chunks", 0)),
            created=float(metadata.get("created", 0.0)),
            manifest=json.loads(str(metadata.get("manifest", "{}"))),
        )

    def collection(self, index: ActiveIndex, role: str):
        return self.client.get_collection(index.collection_name(self.prefix, role), embedding_function=None)

    def new_generation(self, roles: tuple[str, ...]) -> str:
        generation = time.strftime("%Y%m%d%H%M%S") + secrets.token_hex(3)
        for role in roles:
            configuration = {"hnsw": {"space": "cosine", **self.hnsw}}
            self.client.create_collection(
                f"{self.prefix}-{generation}-{role}",
                configuration=configuration,
                metadata={"generation": generation, "role": role, "complete": False},
                embedding_function=None,
            )
        return generation

    def switch_to(
        self, generation: str, fingerprint: str, chunks: int, roles: tuple[str, ...], manifest: dict[str, Any]
    ) -> ActiveIndex:
        """Verify the new generation, then point readers at it with one metadata write."""
        candidate = ActiveIndex(generation, fingerprint, chunks, time.time(), manifest)
        for role in roles:
            collection = self.client.get_collection(
                candidate.collection_name(self.prefix, role), embedding_function=None
            )
            count = collection.count()
            if count != chunks:
                raise StoreError(f"generation {generation} {role}: {count} chunks, expected {chunks}")
            if chunks:
                probe = collection.get(limit=1, include=["embeddings"])
                vector = probe["embeddings"][0]
                hit = collection.query(query_embeddings=[vector], n_results=1, include=[])
                if not hit["ids"] or not hit["ids"][0]:
                    raise StoreError(f"generation {generation} {role}: a query found nothing")
            collection.modify(metadata={"generation": generation, "role": role, "complete": True})
        self._meta().modify(
            metadata={
                "generation": generation,
                "fingerprint": fingerprint,
                "chunks": chunks,
                "created": candidate.created,
                "manifest": dumps(manifest),
            }
        )
        return candidate

    def drop_generation(self, generation: str) -> None:
        """Delete one generation's collections (an unfinished one after a failure)."""
        for role in ROLES:
            try:
                self.client.delete_collection(f"{self.prefix}-{generation}-{role}")
            except Exception:  # absent, or the store is what failed: the next ingest cleans up
                log.debug("could not drop %s-%s-%s", self.prefix, generation, role, exc_info=True)

    def drop_other_generations(self, keep: set[str]) -> list[str]:
        """Delete collections of generations that are not kept (old or abandoned)."""
        dropped = []
        # Only this prefix's generations: "coach" must not touch "coach-test-<generation>-dense".
        ours = re.compile(rf"{re.escape(self.prefix)}-(\d{{14}}[0-9a-f]{{6}})-({'|'.join(ROLES)})")
        for name in self._collection_names():
            match = ours.fullmatch(name)
            if not match:
                continue
            generation = match.group(1)
            if generation not in keep:
                try:
                    self.client.delete_collection(name)
                    dropped.append(name)
                except Exception:  # another instance may have dropped it already
                    log.warning("could not drop collection %s", name, exc_info=True)
        return dropped

    def _collection_names(self) -> list[str]:
        names = []
        for item in self.client.list_collections():
            names.append(item if isinstance(item, str) else item.name)
        return names


def is_not_found(exc: Exception) -> bool:
    """Whether Chroma says a collection is gone (another instance's ingest dropped its generation).

    The embedded client raises NotFoundError; some server versions answer with a plain error
    whose message says so, hence the fallback on the message.
    """
    if isinstance(exc, NotFoundError):
        return True
    text = str(exc).lower()
    return "does not exist" in text or "not found" in text


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def iter_chunks(collection, batch: int = 1000) -> Iterable[tuple[str, str, dict[str, Any]]]:
    """(id, text, metadata) of every chunk in a collection, page by page."""
    total = collection.count()
    for offset in range(0, total, batch):
        page = collection.get(limit=batch, offset=offset, include=["documents", "metadatas"])
        yield from zip(page["ids"], page["documents"], page["metadatas"])
