"""The knowledge base as written: valid front matter, dated facts, translations said to be unofficial,
the changes of 2024-2026 in place (research notes, section 4b)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.index.front_matter import FrontMatter, is_stale, stale_documents
from bot.index.ingestion import knowledge_files
from bot.index.reading import read_source
from bot.vocabulary import UnreadableFile
from tests.foundation.conftest import PROJECT

KNOWLEDGE = PROJECT / "knowledge"
DOCUMENTS = knowledge_files(KNOWLEDGE)


def text_of(name: str) -> str:
    return (KNOWLEDGE / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_has_valid_front_matter_with_its_checked_date(name):
    metadata = read_source(DOCUMENTS[name]).metadata  # raises on an invalid value
    front = FrontMatter.model_validate(metadata)
    assert front.title and front.language and front.kind and front.verification
    assert front.checked and re.fullmatch(r"\d{4}-\d{2}", front.checked)
    assert not is_stale(metadata, date(2026, 12, 31)), f"{name} was checked {front.checked}"
    assert name.rsplit(".", 2)[-2] == front.language  # "*.pt.md" is Portuguese


@pytest.mark.parametrize("name", [
    "taller-cimt-2007.pt.md", "taller-cimt-2007.fr.md", "taller-cimt-2007.en.md",
    "guia-componentes-proposta.pt.md", "guide-composantes-proposition.fr.md",
    "examples/example-proposal-inspection.en.md", "examples/proposta-exemplo-inspecao.pt.md",
    "examples/proposition-exemple-inspection.fr.md",
])
def test_translations_say_they_are_unofficial_and_name_their_original(name):
    metadata = read_source(KNOWLEDGE / name).metadata
    assert metadata["unofficial_translation"] is True and metadata["translation_of"] in {
        n.split("/")[-1] for n in DOCUMENTS} | set(DOCUMENTS)
    assert re.search(r"(?i)unofficial|não oficial|non officielle", text_of(name))


def test_the_portuguese_and_french_guides_have_every_section_of_the_spanish_one():
    spanish = text_of("guia-componentes-propuesta.es.md")
    for name in ("guia-componentes-proposta.pt.md", "guide-composantes-proposition.fr.md"):
        translated = text_of(name)
        for marker in ("^## ", "^### ", "^- "):
            assert len(re.findall(marker, translated, re.M)) == len(re.findall(marker, spanish, re.M)), (name, marker)


@pytest.mark.parametrize("name", ["examples/example-proposal-inspection.en.md",
                                  "examples/proposta-exemplo-inspecao.pt.md",
                                  "examples/proposition-exemple-inspection.fr.md"])
def test_the_worked_examples_translations_keep_every_section_row_and_figure(name):
    # Nineteenth round: Portuguese and French readers were quoted the example in Spanish or English, the only
    # versions it had; the translations must say the same thing, figure for figure.
    original = "examples/propuesta-ejemplo-inspeccion.es.md"
    spanish, translated = (text_of(n).split("---", 2)[2] for n in (original, name))
    for marker in ("^#+ ", r"^\|", "^ *- "):
        assert len(re.findall(marker, translated, re.M)) == len(re.findall(marker, spanish, re.M)), marker
    if not name.endswith(".en.md"):  # the English version writes "1,760,000"; the others keep every digit group
        assert sorted(re.findall(r"\d+", translated)) == sorted(re.findall(r"\d+", spanish))


# How often something happens, in each version's words: a quarter, a semester, six months.
_FREQUENCIES = {"es": r"trimestr\w*|semestr\w*|seis meses", "en": r"quarter\w*|six.month\w*",
                "pt": r"trimestr\w*|semestr\w*|seis meses", "fr": r"trimestr\w*|semestr\w*|six mois"}


@pytest.mark.parametrize("name", ["examples/example-proposal-inspection.en.md",
                                  "examples/proposta-exemplo-inspecao.pt.md",
                                  "examples/proposition-exemple-inspection.fr.md"])
def test_the_worked_examples_translations_give_every_frequency_the_original_gives_and_no_other(name):
    # Noticed in the twenty-fifth round: the English example said the monitoring data came from the offices' registers "every
    # quarter" until the SIGI ran; the Spanish original gives no frequency there, and readers were quoted it.
    original = "examples/propuesta-ejemplo-inspeccion.es.md"
    language = name.rsplit(".", 2)[1]
    count = lambda text, lang: len(re.findall(_FREQUENCIES[lang], text, re.IGNORECASE))
    assert count(text_of(name), language) == count(text_of(original), "es")


def test_the_workshop_translations_keep_every_paragraph():
    spanish = read_source(KNOWLEDGE / "taller-cimt-2007.es.md").blocks
    for language in ("en", "pt", "fr"):
        translated = read_source(KNOWLEDGE / f"taller-cimt-2007.{language}.md").blocks
        assert len(translated) == len(spanish) + 1  # the note that it is an unofficial translation


@pytest.mark.parametrize("name, says", [
    ("donors/usdol-ilab.es.md", ["27 de marzo de 2025", "A diciembre de 2026", "no debe tratarse como una vía de financiamiento abierta"]),
    ("donors/usdol-ilab.en.md", ["27 March 2025", "As of December 2026", "should not be treated as an open funding route"]),
    ("donors/aecid.es.md", ["entidades públicas españolas", "Plan Director 2024–2027", "188/2025"]),
    ("donors/aecid.en.md", ["Spanish public entities", "Plan Director 2024–2027", "188/2025"]),
    ("donors/oit.es.md", ["Marco de Cooperación", "2019"]),
    ("donors/ilo.en.md", ["Cooperation Framework", "2019"]),
    ("donors/canada.en.md", ["Voluntary Cooperation Fund", "2010"]),
    ("methods/methods.en.md", ["FCDO", "2 September 2020"]),
])
def test_what_changed_in_2024_2026_is_in_the_documents_with_its_date(name, says):
    text = text_of(name)
    for phrase in says:
        assert phrase in text, (name, phrase)


def test_no_document_still_tells_a_ministry_to_apply_to_intercoonecta_or_to_an_open_ilab_call():
    for name in DOCUMENTS:
        text = text_of(name)
        assert not re.search(r"(?i)ask usdol\W+ilab whether an open foa covers your country", text), name
        for advice in re.finditer(r"(?i)(postule|apply|présentez|candidate-se)[^.\n]{0,40}intercoonecta", text):
            before = text[max(0, advice.start() - 20):advice.start()].lower()
            assert re.search(r"\b(not|no|ne|não)\b", before), (name, advice.group())  # "does not apply to…"


def test_spanish_text_never_writes_thousands_with_a_comma():
    for name in DOCUMENTS:
        if name.endswith(".es.md"):
            assert "4,477" not in text_of(name), name


def test_a_wrong_front_matter_value_refuses_the_file_naming_the_key(tmp_path):
    path = tmp_path / "nota.es.md"
    path.write_text('---\ntitle: "Nota"\nlanguage: "es"\nchecked: "2026-13"\n---\n# Nota\n\nTexto.\n', "utf-8")
    with pytest.raises(UnreadableFile) as refused:
        read_source(path)
    assert refused.value.reason_code == "front_matter" and "checked" in refused.value.detail
    path.write_text('---\ntitle: "Note"\nlanguage: "en"\ntranslation_of: "nota.es.md"\n---\n# Note\n\nText.\n', "utf-8")
    with pytest.raises(UnreadableFile, match="unofficial_translation"):
        read_source(path)
    # A document is the project's own version of another, or an unofficial translation: never both.
    path.write_text('---\ntitle: "Note"\nlanguage: "en"\ntranslation_of: "nota.es.md"\nunofficial_translation: true\n'
                    'version_of: "nota.es.md"\n---\n# Note\n\nText.\n', "utf-8")
    with pytest.raises(UnreadableFile, match="not both"):
        read_source(path)


def test_donor_documents_unchecked_for_a_year_are_named():
    manifest = {
        "donors/a.es.md": {"hash": "1", "chunks": 3, "kind": "donor", "checked": "2025-11"},
        "donors/b.es.md": {"hash": "2", "chunks": 3, "kind": "donor", "checked": "2025-12"},
        "donors/c.es.md": {"hash": "3", "chunks": 3, "kind": "donor"},
        "guia.es.md": {"hash": "4", "chunks": 3, "kind": "guide", "checked": "2020-01"},
        "donors/roto.es.md": {"hash": "5", "skipped": "corrupt"},
    }
    assert stale_documents(manifest, date(2026, 12, 4)) == [
        "donors/a.es.md (checked 2025-11)", "donors/c.es.md (never checked)"]


CARD_FILES = sorted(name for name in DOCUMENTS if name.startswith("faq/"))
SPANISH_CARDS = [name for name in CARD_FILES if name.endswith(".es.md")]


def test_every_answer_card_file_has_its_four_language_versions():
    assert len(SPANISH_CARDS) >= 7
    for name in SPANISH_CARDS:
        for language in ("en", "pt", "fr"):
            assert name.replace(".es.md", f".{language}.md") in DOCUMENTS


@pytest.mark.parametrize("name", SPANISH_CARDS)
def test_answer_card_translations_are_unofficial_and_keep_every_card_and_bullet(name):
    spanish = text_of(name)
    for language in ("en", "pt", "fr"):
        translated_name = name.replace(".es.md", f".{language}.md")
        metadata = read_source(KNOWLEDGE / translated_name).metadata
        assert metadata["unofficial_translation"] is True and metadata["translation_of"] == name
        assert re.search(r"(?i)unofficial|não oficial|non officielle", text_of(translated_name))
        for marker in ("^## ", "^- "):
            assert len(re.findall(marker, text_of(translated_name), re.M)) == len(re.findall(marker, spanish, re.M))


@pytest.mark.parametrize("name", CARD_FILES)
def test_every_card_asks_one_question_and_every_answer_names_its_source(name):
    text = text_of(name)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings and all(h.rstrip().endswith("?") for h in headings), name
    assert len(set(headings)) == len(headings)
    for bullet in re.findall(r"^- (.+)$", text, re.M):
        assert re.search(r"\([^()]*(?:\([^()]*\)[^()]*)*\)\.?$", bullet), (name, bullet)  # "… (ficha BID; 2025; verificado)."
        assert len(bullet) <= 350, (name, bullet)


def test_ilabs_cards_say_with_every_answer_that_its_grants_were_terminated():
    for language in ("es", "en", "pt", "fr"):
        status = read_source(KNOWLEDGE / f"faq/ilab-preguntas.{language}.md").metadata.get("status", "")
        assert "2025" in status and "ILAB" in status


# The documents the project wrote in English beside its Spanish originals: the same sections, in other words.
ENGLISH_VERSIONS = {
    "donors/aecid.en.md": "donors/aecid.es.md",
    "donors/canada.en.md": "donors/canada.es.md",
    "donors/idb.en.md": "donors/bid.es.md",
    "donors/ilo.en.md": "donors/oit.es.md",
    "donors/usdol-ilab.en.md": "donors/usdol-ilab.es.md",
    "methods/methods.en.md": "methods/metodos.es.md",
    "proposal-components-guide.en.md": "guia-componentes-propuesta.es.md",
}


@pytest.mark.parametrize("name", sorted(ENGLISH_VERSIONS))
def test_a_document_written_in_several_languages_is_one_family(name):
    """A Portuguese reader was quoted the English methods sheet's "Evaluability: …" beside its Portuguese
    version, and an English reader the Spanish IDB sheet beside the English one: the English versions were
    families of their own, so a version in the reader's language did not stand for them."""
    from bot.index.chunking import chunk_document

    original = ENGLISH_VERSIONS[name]
    assert text_of(name).count("\n#") == text_of(original).count("\n#")  # section for section
    families = {chunk.metadata["family"]
                for path in (name, original)
                for chunk in chunk_document(read_source(DOCUMENTS[path]), path, lambda text: len(text.split()))}
    assert families == {original}
