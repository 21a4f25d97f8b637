"""Bad input never crashes the loaders, the config loader or the critic, and is refused clearly."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import ConfigError, load_config
from bot.critique import Critic, CriticOptions, load_rubric
from bot.index.reading import FileLimits, UnreadableFile, read_source

SUFFIXES = (".md", ".txt", ".pdf", ".docx", ".html")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_are_read_or_refused_with_a_reason(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("junk") / f"file{suffix}"
    path.write_bytes(data)
    try:
        document = read_source(path)
    except UnreadableFile as exc:
        assert exc.reason_code in UnreadableFile.REASONS
    else:
        assert any(block.text.strip() for block in document.blocks)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000))
def test_any_markdown_text_gives_blocks_or_empty(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("md") / "doc.md"
    path.write_text(text, encoding="utf-8")
    try:
        document = read_source(path)
    except UnreadableFile as exc:
        assert exc.reason_code in ("empty", "corrupt")
    else:
        joined = " ".join(block.text for block in document.blocks)
        # Every word of the body survives (front matter aside).
        assert joined.strip()


_KEYS = st.sampled_from(["paths", "embedding", "retrieval", "limits", "nonsense"])
_VALUES = st.one_of(st.integers(), st.text(max_size=20), st.booleans(), st.floats(allow_nan=False), st.lists(st.integers(), max_size=3))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(section=_KEYS, key=st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=20), value=_VALUES)
def test_config_loader_accepts_or_names_the_key(tmp_path_factory, section, key, value):
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    rendered = repr(value).lower() if isinstance(value, bool) else (f'"{value}"' if isinstance(value, str) else repr(value))
    rendered = rendered.replace("\\", "\\\\") if isinstance(value, str) else rendered
    try:
        path.write_text(f"[{section}]\n{key} = {rendered}\n", encoding="utf-8")
        config = load_config(path, environ={})
    except ConfigError as exc:
        assert str(path) in str(exc)
    else:
        assert config.source == str(path)


def test_environment_junk_is_reported_not_crashed():
    with pytest.raises(ConfigError, match="COACH_NOSUCH__KEY"):
        load_config(None, environ={"COACH_NOSUCH__KEY": "1"})
    with pytest.raises(ConfigError, match="limits.max_file_mb"):
        load_config(None, environ={"COACH_LIMITS__MAX_FILE_MB": "lots"})


def test_a_25_mb_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.pdf"
    with open(path, "wb") as handle:
        handle.truncate(25 * 1024 * 1024)
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as caught:
        read_source(path, FileLimits())
    assert caught.value.reason_code == "too_large"
    assert time.monotonic() - started < 5


def test_binary_junk_named_pdf_is_corrupt(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(UnreadableFile) as caught:
        read_source(path)
    assert caught.value.reason_code == "corrupt"


def test_a_docx_that_is_not_a_zip_is_corrupt(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_text("this is not a docx", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        read_source(path)
    assert caught.value.reason_code == "corrupt"


def test_a_zip_with_thousands_of_members_is_a_bomb(tmp_path):
    path = tmp_path / "many.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(2100):
            archive.writestr(f"word/f{number}.xml", "")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(UnreadableFile) as caught:
        read_source(path)
    assert caught.value.reason_code == "bomb"


def test_a_200000_character_paste_is_reviewed_quickly_with_a_note():
    critic = Critic(load_rubric(), options=CriticOptions(max_text_chars=60_000))
    paste = ("Objetivo general: reducir la informalidad laboral en 10 % para 2027. " * 4000)[:200_000]
    started = time.monotonic()
    review = critic.critique(paste, language="es")
    assert time.monotonic() - started < 5
    assert review.findings
    assert review.note and "60000" in review.note.replace(".", "").replace(",", "").replace(" ", "")


def _pdf_with_big_pages(pages: int, unpacked_bytes: int) -> bytes:
    """A valid PDF whose page content streams are tiny when packed and huge when unpacked."""
    import zlib

    stream = zlib.compress(b" " * unpacked_bytes, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    for i in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_that_unpacks_beyond_the_memory_limit_is_refused_not_fatal(tmp_path, monkeypatch):
    """Even past our own size checks, parsing in a limited child process keeps the bot alive."""
    import bot.index.isolation as isolation

    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf_with_big_pages(pages=4, unpacked_bytes=60 * 1024 * 1024))
    monkeypatch.setattr(isolation, "MEMORY_LIMIT_BYTES", 160 * 1024 * 1024)
    lenient = FileLimits(max_uncompressed_bytes=10 * 1024**3)  # our own budget would not stop it
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as caught:
        isolation.read_source_isolated(path, lenient)
    assert caught.value.reason_code == "bomb"
    assert time.monotonic() - started < 30
