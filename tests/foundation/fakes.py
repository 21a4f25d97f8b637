"""Test doubles and file builders for the foundation tests (no model, no network).

Importable from tests (``from tests.foundation.fakes import ...``) and from the
ingest worker subprocess.
"""

from __future__ import annotations

import hashlib
import io
import math
import time
import zipfile
import zlib
from pathlib import Path

from langchain_core.embeddings import Embeddings

DIMENSIONS = 16


def exact_vector(text: str) -> list[float]:
    """A unit vector that depends only on ``text``: the same text always finds itself first."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    values = [byte - 127.5 for byte in digest[:DIMENSIONS]]
    norm = math.sqrt(sum(value * value for value in values))
    return [value / norm for value in values]


class FakeEncoder(Embeddings):
    """Exact vectors and a record of every text it was asked to embed."""

    def __init__(self, sleep_per_batch: float = 0.0) -> None:
        self.batches: list[list[str]] = []
        self.queries: list[str] = []
        self.sleep_per_batch = sleep_per_batch

    @property
    def embedded(self) -> list[str]:
        return [text for batch in self.batches for text in batch]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        if self.sleep_per_batch:
            time.sleep(self.sleep_per_batch)
        return [exact_vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return exact_vector(text)


class EncoderFactory:
    """The Ingestor's ``encoders`` argument; counts how often it was asked for the models."""

    def __init__(self, roles: tuple[str, ...] = ("dense",), sleep_per_batch: float = 0.0) -> None:
        self.encoders = {role: FakeEncoder(sleep_per_batch) for role in roles}
        self.calls = 0

    def __call__(self) -> dict[str, Embeddings]:
        self.calls += 1
        return self.encoders

    @property
    def dense(self) -> FakeEncoder:
        return self.encoders["dense"]


# --- PDF by hand ------------------------------------------------------------------


def _pdf_text(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def page_content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 740 Td"]
    for line in lines:
        ops.append(b"(" + _pdf_text(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def build_pdf(pages: list[list[str]] | None = None, *, streams: list[bytes] | None = None,
              flate: bool = False) -> bytes:
    """A minimal valid PDF: one page per list of text lines (or per raw content stream)."""
    if streams is None:
        streams = [page_content(lines) for lines in (pages or [])]
        streams = [zlib.compress(s) for s in streams] if flate else streams
    objects: list[bytes] = []
    count = len(streams)
    font_number = 3
    first_page = 4
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, stream in enumerate(streams):
        content_number = first_page + 2 * i + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_number} 0 R >> >> /Contents {content_number} 0 R >>".encode()
        )
        filter_ = b" /Filter /FlateDecode" if flate else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(stream), filter_) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def deflated_whitespace(megabytes: int) -> bytes:
    """A Flate stream of valid page content that unpacks to ``megabytes`` MB (about 1000:1)."""
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(b"BT /F1 11 Tf 72 740 Td (bomb) Tj ET\n")]
    block = b" " * (1 << 20)
    for _ in range(megabytes):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


def encrypted_pdf(plain: bytes, password: str = "secreto") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- DOCX -------------------------------------------------------------------------


def build_docx(path: Path, heading: str, paragraphs: list[str], subheading: str | None = None,
               table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    if subheading:
        document.add_heading(subheading, level=2)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def zip_bomb_docx(path: Path, megabytes: int = 60) -> Path:
    """A DOCX-shaped zip whose document.xml unpacks to ``megabytes`` MB of zeros."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(megabytes):
                member.write(block)
    return path
