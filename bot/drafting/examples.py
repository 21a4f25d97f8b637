"""A short excerpt of the worked example in knowledge/ for a step, with its citation (document › section).

Fixed references (prompts/drafting.toml: file, section, opening words) rather than a retrieval: the excerpt
is the same for every officer, is always about the component asked, needs no index or model (so `coach
draft` works before any ingest), and can only quote the knowledge base. A reference that no longer matches
its file shows no example; tests/drafting names such references.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.drafting.steps import ExampleRef, Interview, Step
from bot.index.reading import split_front_matter

log = logging.getLogger(__name__)

_MARKUP = re.compile(r"\*\*|__|`")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s")


@dataclass(frozen=True)
class Example:
    excerpt: str
    citation: str  # "document title › section"


def example_for(step: Step, language: str, knowledge_dir: Path, interview: Interview) -> Example | None:
    """The step's example in ``language`` or the closest language that has one; None when there is none."""
    for candidate in interview.examples.fallback.get(language, (language,)):
        reference = step.examples.get(candidate)
        if reference is not None:
            example = read_example(reference, Path(knowledge_dir), interview.examples.max_chars)
            if example is not None:
                return example
    return None


def read_example(reference: ExampleRef, knowledge_dir: Path, max_chars: int) -> Example | None:
    path = knowledge_dir / reference.file
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _excerpt(str(path), stamp, reference, max_chars)


@lru_cache(maxsize=64)
def _excerpt(path: str, stamp: int, reference: ExampleRef, max_chars: int) -> Example | None:
    try:
        meta, body = split_front_matter(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("drafting example %s unreadable: %s", path, exc)
        return None
    section = _section(body, reference.section)
    if section is None:
        return None
    text = _MARKUP.sub("", section)
    start = text.find(reference.starts)
    if start < 0:
        return None
    block = text[start:].split("\n\n", 1)[0]
    lines = [line.strip().lstrip("-•* ").strip() for line in block.splitlines() if line.strip()]
    # Whole list items while they fit (activities 1.1, 1.2, 1.3); a long paragraph is cut at a sentence.
    kept = lines[:1]
    for line in lines[1:]:
        if len(" ".join([*kept, line])) > max_chars:
            break
        kept.append(line)
    excerpt = " ".join(kept)
    if len(kept) < len(lines) and len(excerpt) <= max_chars:
        excerpt += " …"
    return Example(_cut(excerpt, max_chars), f"{meta.get('title') or Path(path).stem} › {reference.section}")


def _section(body: str, heading: str) -> str | None:
    """The text under the Markdown heading ``heading`` (any level), up to the next heading."""
    lines = body.splitlines()
    for index, line in enumerate(lines):
        if line.lstrip("#").strip() == heading and line.startswith("#"):
            rest = []
            for following in lines[index + 1:]:
                if following.startswith("#"):
                    break
                rest.append(following)
            return "\n".join(rest)
    return None


def _cut(text: str, max_chars: int) -> str:
    """At most ``max_chars``, ending at a sentence (or a clause) when one ends late enough."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    ends = [m.start() for m in _SENTENCE_END.finditer(head + " ")]
    good = [e for e in ends if e >= max_chars // 3]
    return head[: good[-1]] + " …" if good else head.rsplit(" ", 1)[0] + " …"
