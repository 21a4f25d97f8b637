"""The front matter of a knowledge document, checked before anything of it is indexed.

    ---
    title: "USDOL – ILAB: cómo financia la asistencia técnica"
    language: "es"          # es, en, pt or fr
    kind: "donor"           # workshop, donor, methods, guide, example
    donor: "ilab"           # ilab, idb, aecid, canada, ilo; omit when none
    verification: "mixed"   # verified, mixed, secondary, unverified, illustrative
    checked: "2026-12"      # when its facts were last checked against their sources (YYYY-MM)
    status: "…"             # optional: a route's current standing, shown with every answer quoting it
    year: 2026
    source: "…"
    url: "…"
    translation_of: "taller-cimt-2007.es.md"   # translations only,
    unofficial_translation: true               # and said to be unofficial
    version_of: "donors/bid.es.md"             # or: the same document, written by the project in this language
    ---

A document and its translations or versions are one family: a reader is quoted the version in their language.

Other keys are kept out of the index (a document added by an admin may carry its own).
A wrong value refuses the file with the reason "front_matter", naming the key.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.vocabulary import DOCUMENT_KINDS, DONORS, LANGUAGES, STALE_AFTER_MONTHS, VERIFICATION_STATUSES, UnreadableFile

Language = Literal[LANGUAGES]  # type: ignore[valid-type]
Kind = Literal[DOCUMENT_KINDS]  # type: ignore[valid-type]
Donor = Literal[DONORS]  # type: ignore[valid-type]
Verification = Literal[VERIFICATION_STATUSES]  # type: ignore[valid-type]


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    title: str | None = Field(None, min_length=1)
    language: Language | None = None
    kind: Kind | None = None
    donor: Donor | None = None
    verification: Verification | None = None
    checked: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    year: int | None = Field(None, ge=1900, le=2100)
    source: str | None = None
    url: str | None = None
    # A route's current standing, shown with every answer that quotes the document ("grants terminated…").
    status: str | None = Field(None, min_length=10, max_length=300)
    translation_of: str | None = None
    unofficial_translation: bool | None = None
    # The project's own text in another language (not a translation of an outside text, so not "unofficial").
    version_of: str | None = None

    @model_validator(mode="after")
    def _translations_say_so(self) -> FrontMatter:
        if self.translation_of and self.unofficial_translation is not True:
            raise ValueError("a translation (translation_of) must say unofficial_translation: true")
        if self.translation_of and self.version_of:
            raise ValueError("a document is a translation (translation_of) or a version (version_of), not both")
        return self


def check_front_matter(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` validated; raises UnreadableFile("front_matter") naming the bad key."""
    try:
        FrontMatter.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'front matter'}: {e['msg']}" for e in exc.errors())
        raise UnreadableFile("front_matter", problems) from None
    return data


def months_since(checked: str, today: date) -> int:
    """Whole months from a ``checked`` date (YYYY-MM) to ``today``."""
    year, month = map(int, checked.split("-"))
    return (today.year - year) * 12 + today.month - month


def is_stale(metadata: dict[str, Any], today: date) -> bool:
    """A donor document not checked in the last STALE_AFTER_MONTHS months (or never)."""
    if metadata.get("kind") != "donor":
        return False
    checked = metadata.get("checked")
    return not checked or months_since(str(checked), today) > STALE_AFTER_MONTHS


def stale_documents(manifest: dict[str, dict[str, Any]], today: date) -> list[str]:
    """The donor documents of an index manifest that need their facts checked again, as
    "donors/aecid.es.md (checked 2024-05)" or "… (never checked)"."""
    found = []
    for name, entry in sorted(manifest.items()):
        if entry.get("chunks") and is_stale(entry, today):
            checked = entry.get("checked")
            found.append(f"{name} (checked {checked})" if checked else f"{name} (never checked)")
    return found
