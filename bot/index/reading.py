"""Reading knowledge files and uploaded drafts into structured blocks, safely.

Every format becomes a list of ``Block``s (headings with their level, body text
with its page) so that chunking and critique can follow the document's own
structure. DOCX and PDF files are checked for bombs and limits before parsing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.index.front_matter import check_front_matter
from bot.vocabulary import KNOWLEDGE_SUFFIXES, UnreadableFile

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int = 10 * 1024 * 1024
    max_uncompressed_bytes: int = 50 * 1024 * 1024
    max_pages: int = 80
    max_compression_ratio: float = 100.0

    @classmethod
    def from_config(cls, limits: Any) -> "FileLimits":
        return cls(
            max_bytes=int(limits.max_file_mb * 1024 * 1024),
            max_uncompressed_bytes=int(limits.max_uncompressed_mb * 1024 * 1024),
            max_pages=limits.max_pages,
        )


@dataclass(frozen=True)
class Block:
    text: str
    heading_level: int = 0  # 1-6 for a heading, 0 for body text
    page: int | None = None


@dataclass
class SourceDocument:
    """A file's metadata (front matter) and its blocks."""

    path: Path
    metadata: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


# --- format readers -------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise UnreadableFile("corrupt", f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise UnreadableFile("corrupt", "front matter must be a mapping")
    return check_front_matter(meta), text[match.end():]


def markdown_blocks(text: str, headings: bool = True, page: int | None = None) -> list[Block]:
    """Headings, list items and paragraphs of a Markdown text, one block each."""
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            joined = " ".join(line.strip() for line in buffer).strip()
            if joined:
                blocks.append(Block(joined, page=page))
            buffer.clear()

    for line in text.splitlines():
        heading = _MD_HEADING.match(line) if headings else None
        if heading:
            flush()
            blocks.append(Block(heading.group(2).strip(), heading_level=len(heading.group(1))))
        elif not line.strip():
            flush()
        elif line.lstrip().startswith("|"):  # a table row: kept on its own line, its cells named by the header later
            flush()
            blocks.append(Block(line.strip(), page=page))
        elif _LIST_ITEM.match(line):
            flush()
            buffer.append(line.strip())
        else:
            buffer.append(line)
    flush()
    return blocks


def text_blocks(text: str, page: int | None = None) -> list[Block]:
    """Paragraphs of plain text (blank-line separated), with list items kept apart."""
    return markdown_blocks(text, headings=False, page=page)


def _read_text_file(path: Path, limits: FileLimits) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise UnreadableFile("corrupt", "binary content in a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _check_zip(path: Path, limits: FileLimits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFile("corrupt", f"not a valid DOCX (zip) file: {exc}") from exc
    if len(infos) > 2000:
        raise UnreadableFile("bomb", f"{len(infos)} entries in the archive")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > limits.max_uncompressed_bytes:
        raise UnreadableFile("bomb", f"unpacks to {total} bytes")
    if total > 1024 * 1024 and total / packed > limits.max_compression_ratio:
        raise UnreadableFile("bomb", f"compression ratio {total / packed:.0f}")


def docx_blocks(path: Path, limits: FileLimits) -> list[Block]:
    _check_zip(path, limits)
    import docx  # python-docx

    try:
        document = docx.Document(str(path))
    except MemoryError as exc:
        raise UnreadableFile("bomb", "out of memory while unpacking") from exc
    except Exception as exc:  # python-docx raises many kinds on broken files
        raise UnreadableFile("corrupt", f"cannot open DOCX: {exc}") from exc
    blocks: list[Block] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = 0
        match = re.match(r"(?:Heading|Título|Titulo|Title)\s*(\d)?", style, re.IGNORECASE)
        if match:
            level = int(match.group(1) or 1)
        blocks.append(Block(text, heading_level=min(level, 6)))
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                blocks.append(Block(" | ".join(dict.fromkeys(cells))))
    return blocks


def _check_pdf(path: Path, limits: FileLimits):
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    head = path.read_bytes()[:1024]
    if b"%PDF-" not in head:
        raise UnreadableFile("corrupt", "not a PDF file")
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            raise UnreadableFile("encrypted", "the PDF is password-protected")
        pages = len(reader.pages)
    except UnreadableFile:
        raise
    except LimitReachedError as exc:  # pypdf's own decompression caps (75 MB a stream)
        raise UnreadableFile("bomb", f"pypdf stopped unpacking: {exc}") from exc
    except MemoryError as exc:
        raise UnreadableFile("bomb", "out of memory while unpacking") from exc
    except (PdfReadError, Exception) as exc:  # pypdf raises several kinds on junk
        raise UnreadableFile("corrupt", f"cannot open PDF: {exc}") from exc
    if pages > limits.max_pages:
        raise UnreadableFile("too_many_pages", f"{pages} pages (limit {limits.max_pages})")
    return reader


def pdf_pages(path: Path, limits: FileLimits) -> list[tuple[int, str]]:
    """(page number, text) for each page, refusing encrypted files and decompression bombs."""
    from pypdf.errors import LimitReachedError

    reader = _check_pdf(path, limits)
    budget = limits.max_uncompressed_bytes
    pages: list[tuple[int, str]] = []
    try:
        for number, page in enumerate(reader.pages, start=1):
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
            budget -= size
            if budget < 0:
                raise UnreadableFile("bomb", "page streams unpack beyond the limit")
            pages.append((number, page.extract_text() or ""))
    except UnreadableFile:
        raise
    except LimitReachedError as exc:  # a stream beyond pypdf's own cap is a bomb, not a broken file
        raise UnreadableFile("bomb", f"pypdf stopped unpacking: {exc}") from exc
    except MemoryError as exc:
        raise UnreadableFile("bomb", "out of memory while unpacking") from exc
    except Exception as exc:
        raise UnreadableFile("corrupt", f"cannot read PDF text: {exc}") from exc
    return pages


def html_blocks(text: str) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "noscript"]):
        tag.decompose()
    blocks: list[Block] = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre"]):
        if element.name in ("p", "li", "td") and element.find_parent(["li", "td"]) is not None:
            continue  # nested in an item already taken whole
        content = " ".join(element.get_text(" ").split())
        if not content:
            continue
        level = int(element.name[1]) if element.name[0] == "h" and element.name[1:].isdigit() else 0
        blocks.append(Block(content, heading_level=level))
    return blocks


def html_title(text: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    return " ".join(match.group(1).split()) if match else None


def read_source(path: Path, limits: FileLimits = FileLimits()) -> SourceDocument:
    """Read one file into metadata and blocks; raise UnreadableFile with a reason."""
    suffix = path.suffix.lower()
    if suffix not in KNOWLEDGE_SUFFIXES:
        raise UnreadableFile("unsupported", f"'{suffix}' files are not read")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile("corrupt", str(exc)) from exc
    if size > limits.max_bytes:
        raise UnreadableFile("too_large", f"{size} bytes (limit {limits.max_bytes})")
    doc = SourceDocument(path)
    if suffix == ".md":
        doc.metadata, body = split_front_matter(_read_text_file(path, limits))
        doc.blocks = markdown_blocks(body)
    elif suffix == ".txt":
        doc.blocks = text_blocks(_read_text_file(path, limits))
    elif suffix in (".html", ".htm"):
        raw = _read_text_file(path, limits)
        doc.blocks = html_blocks(raw)
        title = html_title(raw)
        if title:
            doc.metadata["title"] = title
    elif suffix == ".docx":
        doc.blocks = docx_blocks(path, limits)
    elif suffix == ".pdf":
        for number, text in pdf_pages(path, limits):
            doc.blocks.extend(text_blocks(text, page=number))
    if not any(block.text.strip() for block in doc.blocks):
        raise UnreadableFile("empty", "no text found")
    return doc


def extract_blocks(path: Path, limits: FileLimits = FileLimits()) -> list[Block]:
    """The blocks of a draft, parsed in this process (uploads go through bot.index.isolation instead)."""
    return read_source(path, limits).blocks
