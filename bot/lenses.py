"""Questions that name the 2007 workshop as their source ("según el taller de la CIMT de 2007").

Naming the workshop says where to look, not what to look for: left in the query,
"taller de la CIMT de 2007" pulls up every passage that merely mentions the
workshop (the donor documents' summaries of it, its introduction) above the
conclusion that answers. So the answerer searches without those words and puts
the workshop's own best passages first, as it does for a named donor.
"""

from __future__ import annotations

import re

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
