"""Structure-aware chunking: headings first, then list items and paragraphs.

Each chunk stays inside the embedding model's token window (counted with the
model's own tokenizer, including the "title › section" header that is embedded
with it) and carries the metadata a citation needs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from bot.index.reading import Block, SourceDocument
from bot.language import detect_language
from bot.vocabulary import LEAD_SUFFIX

# Keys of the front matter that travel with every chunk (Chroma accepts str, int, float, bool).
CARRIED_METADATA = ("title", "language", "source_name", "url", "year", "donor", "kind", "verification", "checked", "status")
_SENTENCE_SEPARATORS = ["\n", ". ", "? ", "! ", "; ", ": ", ", ", " ", ""]
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+|\n+")
_MARKUP = re.compile(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+|\*\*")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")  # the row under a table's header
_LEAD_MIN_CHARS = 16  # skip a bare label ("Nota:") and take the sentence after it


@dataclass(frozen=True)
class ChunkSettings:
    max_tokens: int = 230
    min_chars: int = 40
    overlap_sentences: int = 1

    def fingerprint(self) -> str:
        # v3: a table's rows keep their own lines (and its header in each chunk); an index of v2 is rebuilt.
        return f"v3:{self.max_tokens}:{self.min_chars}:{self.overlap_sentences}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embedding_text(metadata: dict[str, Any], text: str) -> str:
    """What is embedded and indexed: the citation header, then the passage."""
    header = " › ".join(part for part in (metadata.get("title"), metadata.get("section")) if part)
    return f"{header}\n{text}" if header else text


def lead_text(text: str) -> str:
    """The passage's opening sentence (or clause before a colon), without list or bold markup.

    Embedded on its own beside the whole passage: a long list whose opening says what
    it lists ("Los problemas específicos ... con los donantes son: ...") is found by
    that opening, which the whole passage's vector dilutes (benchmarks/, README).
    """
    plain = _MARKUP.sub("", text).strip()
    for sentence in _SENTENCE_END.split(plain):
        if len(sentence.strip()) >= _LEAD_MIN_CHARS:
            return sentence.strip()
    return plain


def indexed_text(role: str, metadata: dict[str, Any], text: str) -> str:
    """What one encoder role embeds for a chunk: its opening sentence for a ``*-lead`` role, else the full text."""
    return lead_text(text) if role.endswith(LEAD_SUFFIX) else embedding_text(metadata, text)


def _file_metadata(doc: SourceDocument, relative_source: str) -> dict[str, Any]:
    meta = dict(doc.metadata)
    meta["source_name"] = meta.pop("source", None)
    meta.setdefault("title", Path(relative_source).stem.replace("-", " ").replace("_", " ").strip())
    if not meta.get("language"):
        # A document without front matter (a PDF an admin added) is searched in the language it is written in.
        sample = " ".join(block.text for block in doc.blocks)[:2000]
        meta["language"] = detect_language(sample)
    carried = {key: meta.get(key) for key in CARRIED_METADATA}
    # A document and its translations or versions share a family: the original's path under knowledge/.
    carried["family"] = meta.get("translation_of") or meta.get("version_of") or relative_source
    if carried.get("year") is not None:
        carried["year"] = int(carried["year"])
    return {key: value for key, value in carried.items() if value not in (None, "")}


def _sections(blocks: list[Block]) -> list[tuple[list[str], list[Block]]]:
    """Group body blocks under their heading path."""
    path: list[tuple[int, str]] = []
    groups: list[tuple[list[str], list[Block]]] = []
    current: list[Block] = []

    def close() -> None:
        if current:
            groups.append(([text for _, text in path], list(current)))
            current.clear()

    for block in blocks:
        if block.heading_level:
            close()
            path = [(level, text) for level, text in path if level < block.heading_level]
            path.append((block.heading_level, block.text))
        else:
            current.append(block)
    close()
    return groups


def _section_label(heading_path: list[str]) -> str:
    # The document title is usually the lone level-1 heading; the citation shows it once.
    return " › ".join(heading_path[1:] if len(heading_path) > 1 else heading_path)


def chunk_document(
    doc: SourceDocument,
    relative_source: str,
    count_tokens: Callable[[str], int],
    settings: ChunkSettings = ChunkSettings(),
) -> list[Document]:
    """Split one source document into cited chunks, each within the token window."""
    file_meta = _file_metadata(doc, relative_source)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=settings.max_tokens,
        chunk_overlap=min(40, settings.max_tokens // 6) if settings.overlap_sentences else 0,
        length_function=count_tokens,
        separators=_SENTENCE_SEPARATORS,
        keep_separator="end",
    )
    chunks: list[Document] = []
    seen_ids: dict[str, int] = {}
    for heading_path, blocks in _sections(doc.blocks):
        section = _section_label(heading_path)
        base = _fit_header({**file_meta, "section": section, "source": relative_source},
                           count_tokens, settings.max_tokens // 2)
        header_tokens = count_tokens(embedding_text(base, ""))
        budget = settings.max_tokens - header_tokens
        for text, page in _merge_blocks(blocks, budget, count_tokens, settings.min_chars):
            pieces = [text] if count_tokens(text) <= budget else _split(splitter, text, budget, count_tokens)
            for piece in pieces:
                meta = dict(base)
                if page is not None:
                    meta["page"] = page
                digest = content_hash(f"{relative_source}\n{section}\n{piece}")[:20]
                occurrence = seen_ids.get(digest, 0)
                seen_ids[digest] = occurrence + 1
                meta["id"] = digest if occurrence == 0 else f"{digest}-{occurrence}"
                meta["chunk_index"] = len(chunks)
                chunks.append(Document(page_content=piece, metadata=meta, id=meta["id"]))
    return chunks


def _merge_blocks(
    blocks: list[Block], budget: int, count_tokens: Callable[[str], int], min_chars: int
) -> list[tuple[str, int | None]]:
    """Join consecutive short items of one section while they fit the budget. A table that goes on in the
    next chunk repeats its header there, so that each row is still read with its column names."""
    merged: list[tuple[str, int | None]] = []
    table_header = ""  # the header and rule rows of the table being read
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        is_rule = bool(_TABLE_RULE.match(text))
        if is_rule and merged:
            table_header = f"{merged[-1][0].splitlines()[-1]}\n{text}"
        elif not text.startswith("|"):
            table_header = ""
        if merged and merged[-1][1] == block.page:  # a chunk cites one page
            previous, page = merged[-1]
            candidate = f"{previous}\n{text}"
            too_small = len(previous) < min_chars or len(text) < min_chars
            if (too_small or count_tokens(candidate) <= budget // 2) and count_tokens(candidate) <= budget:
                merged[-1] = (candidate, page)
                continue
        if table_header and not is_rule:
            text = f"{table_header}\n{text}"
        merged.append((text, block.page))
    return merged


def _fit_header(meta: dict[str, Any], count_tokens: Callable[[str], int], limit: int) -> dict[str, Any]:
    """Shorten an overlong section label, then title, so the header leaves room for the passage."""
    meta = dict(meta)
    for key in ("section", "title"):
        while count_tokens(embedding_text(meta, "")) > limit and meta.get(key):
            words = str(meta[key]).rstrip(" …").split()
            meta[key] = " ".join(words[: len(words) // 2]) + " …" if len(words) > 1 else ""
    return meta


def _split(splitter: RecursiveCharacterTextSplitter, text: str, budget: int, count_tokens) -> list[str]:
    splitter._chunk_size = budget  # same splitter, this section's budget (header excluded)
    pieces = [piece.strip() for piece in splitter.split_text(text) if piece.strip()]
    # The splitter measures pieces before joining; guard the window strictly.
    safe: list[str] = []
    for piece in pieces:
        while count_tokens(piece) > budget and len(piece) > 1:
            cut = int(len(piece) * budget / count_tokens(piece) * 0.95) or 1
            safe.append(piece[:cut])
            piece = piece[cut:]
        safe.append(piece)
    return safe
