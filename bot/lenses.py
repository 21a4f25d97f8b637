"""Lenses: what a question names decides which passages the answerer puts first.

The workshop lens: naming the 2007 workshop ("según el taller de la CIMT de 2007")
says where to look, not what to look for. Left in the query, "taller de la CIMT de
2007" pulls up every passage that merely mentions the workshop (the donor
documents' summaries of it, its introduction) above the conclusion that answers.
So the answerer searches without those words and puts the workshop's own best
passages first, as it does for a named donor.

The draft lens: "el revisor marcó mi indicador como débil, ¿cómo lo reformulo?"
asks for the guide's common mistakes and how-to-improve passages on indicators,
which a plain search ranks below passages that share the question's other words.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.critique.rubric import Rubric, load_rubric
from bot.critique.sections import heading_types
from bot.lexical import fold
from bot.prompts import PROMPTS_DIR

# The proposal guide's kind in knowledge/ front matter.
GUIDE_KIND = "guide"

# The workshop's kind in knowledge/ front matter.
WORKSHOP_KIND = "workshop"

# A question names the workshop when it has a workshop word and one that pins down which
# event: "oficina" alone is an office in Spanish, "2007" alone is any year.
_WORKSHOP_WORD = re.compile(r"(?<!\w)(?:taller|workshop|oficina|atelier|seminario|s[eé]minaire)(?!\w)", re.IGNORECASE)
_EVENT_WORD = re.compile(r"(?<!\w)(?:cimt|iacml|rial|oea|oas|2007|san jos[eé])(?!\w)", re.IGNORECASE)


# Or "the workshop" with a definite article: talking to this assistant, "¿qué dijo el taller…?",
# "did the workshop say…", "a oficina falou…" mean the 2007 one ("un taller" does not; nor does
# Spanish "la oficina", an office).
_THE_WORKSHOP = re.compile(
    r"(?<!\w)(?:(?:el|del|al|the|o|do|no|ao|le|du|au)\s+(?:taller|workshop|atelier|seminario|s[eé]minaire)"
    r"|l['’]\s*atelier|(?:a|da|na)\s+oficina)(?!\w)",
    re.IGNORECASE,
)


def names_workshop(question: str) -> bool:
    """True when ``question`` asks about the 2007 CIMT workshop by name, or as "the workshop"."""
    return bool(_WORKSHOP_WORD.search(question) and _EVENT_WORD.search(question)) or bool(
        _THE_WORKSHOP.search(question)
    )


def without_workshop_names(question: str) -> str:
    """``question`` without the words that name the workshop (what is left is what is asked)."""
    stripped = _EVENT_WORD.sub(" ", _WORKSHOP_WORD.sub(" ", question))
    stripped = re.sub(r"\s{2,}", " ", stripped)
    return re.sub(r"\s+([?,.!;:])", r"\1", stripped).strip() or question


@dataclass(frozen=True)
class DraftLens:
    """Finds "how do I fix my <element>?" questions and the guide's advice sections on that element."""

    fix_intent: re.Pattern[str]
    advice_sections: tuple[str, ...]
    elements: dict[str, tuple[str, ...]]  # rubric section type -> the guide's headings for it
    rubric: Rubric

    @classmethod
    def load(cls, path: Path = PROMPTS_DIR / "draft_lens.toml", rubric: Rubric | None = None) -> DraftLens:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        rubric = rubric or load_rubric()
        unknown = set(data["elements"]) - set(rubric.section_types)
        if unknown:
            raise ValueError(f"{path}: elements {sorted(unknown)} are not rubric section types")
        return cls(
            fix_intent=re.compile("|".join(f"(?:{pattern})" for pattern in data["fix_intent"])),
            advice_sections=tuple(data["advice_sections"]),
            elements={element: tuple(headings) for element, headings in data["elements"].items()},
            rubric=rubric,
        )

    def element(self, question: str) -> str | None:
        """The element of the officer's proposal that ``question`` asks how to fix, if it asks that."""
        if not self.fix_intent.search(fold(question)):  # folded: lower case, no accents
            return None
        return next((kind for kind in heading_types(question, self.rubric) if kind in self.elements), None)

    def sections(self, element: str, metadatas: Iterable[dict[str, Any]]) -> tuple[str, ...]:
        """The guide's advice sections on ``element``, as the index names them."""
        headings = self.elements[element]
        found = {
            section
            for meta in metadatas
            if meta.get("kind") == GUIDE_KIND
            and (section := meta.get("section", "")).startswith(headings)
            and section.rsplit(" › ", 1)[-1].startswith(self.advice_sections)
        }
        return tuple(sorted(found))
