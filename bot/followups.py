"""Understanding follow-up questions ("¿y para el BID?") from the last turns.

Offline, a short follow-up that names a donor replaces the donor of the
previous question, and any other short or elliptical follow-up is read
together with the previous question. With an LLM configured, the model
rewrites it (prompts/condense.toml) and the offline rule is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import Turn

# Names officers use for each donor, accent-insensitive, whole words.
DONOR_ALIASES: dict[str, tuple[str, ...]] = {
    "ilab": ("usdol", "ilab", "dol", "departamento de trabajo de estados unidos", "department of labor", "estados unidos", "eeuu", "ee.uu.", "united states"),
    "idb": ("bid", "idb", "banco interamericano", "inter-american development bank", "bid lab", "idb lab"),
    "aecid": ("aecid", "aeci", "cooperacion espanola", "cooperación española", "cooperacion tecnica espanola",
              "cooperación técnica española", "cooperação espanhola", "cooperacao espanhola", "coopération espagnole",
              "cooperation espagnole", "spanish cooperation", "espana", "españa", "spain", "intercoonecta"),
    "canada": ("canada", "canadá", "gac", "esdc", "hrsdc", "cida", "acdi", "labour program", "programa del trabajo"),
    "ilo": ("oit", "ilo", "bit", "organizacion internacional del trabajo", "organización internacional del trabajo", "international labour organization"),
}

_FOLLOWUP_START = re.compile(
    r"^\s*[¿¡]?\s*(y|e|and|et|what about|how about|e quanto|et pour|y si|y en|y con|y para|and for|e para|e no|e na|y el|y la|y los|y las|and the|tambi[eé]n|also|aussi|tamb[eé]m)\b",
    re.IGNORECASE,
)
_PRONOUN_HINT = re.compile(
    r"\b(eso|esto|ello|ese|esa|esos|esas|it|that|this|those|them|isso|isto|disso|cela|ça|ceci|lo mismo|the same|o mesmo|la même)\b",
    re.IGNORECASE,
)


def donors_in(text: str) -> list[str]:
    """Donor ids named in ``text``, in order of first mention."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    for donor, aliases in DONOR_ALIASES.items():
        positions = [m.start() for alias in aliases for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", lowered)]
        if positions:
            found.append((min(positions), donor))
    return [donor for _, donor in sorted(found)]


def _replace_donor(text: str, old: str, new_mention: str) -> str:
    for alias in sorted(DONOR_ALIASES[old], key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)", re.IGNORECASE)
        if pattern.search(text):
            return pattern.sub(new_mention, text, count=1)
    return text


def looks_like_followup(question: str) -> bool:
    words = re.findall(r"\w+", question)
    return bool(_FOLLOWUP_START.match(question)) or len(words) <= 4 or (
        len(words) <= 8 and bool(_PRONOUN_HINT.search(question))
    )


def rewrite_offline(question: str, history: Sequence[Turn]) -> str:
    """A standalone version of ``question`` using the previous question, or the question itself."""
    if not history or not looks_like_followup(question):
        return question
    previous = history[-1].question
    new_donors = donors_in(question)
    old_donors = donors_in(previous)
    if new_donors and old_donors:
        mention = _donor_mention(question, new_donors[0])
        return _replace_donor(previous, old_donors[0], mention)
    return f"{previous} {question}".strip()


def _donor_mention(text: str, donor: str) -> str:
    lowered = text.lower()
    for alias in sorted(DONOR_ALIASES[donor], key=len, reverse=True):
        match = re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", lowered)
        if match:
            return text[match.start():match.end()]
    return donor


def format_history(history: Sequence[Turn], max_chars: int = 600) -> str:
    lines = []
    for turn in history:
        lines.append(f"User: {turn.question}")
        lines.append(f"Assistant: {turn.answer[:max_chars]}")
    return "\n".join(lines)
