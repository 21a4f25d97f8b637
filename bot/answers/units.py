"""The units an extractive answer quotes: sentences and list items, and what may be quoted at all.

A unit is a sentence or a list item of a retrieved passage. A sentence that qualifies the one
before it ("However, …") stays with it; a unit cut by the passage's edge is marked with "…";
lists of sources and a document's introduction are never quoted; a sentence that only restates
the question is worth less than one that answers it. Word lists: prompts/words.toml, [answers].
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.answers.lexical import content_words, names_in, tokenize
from bot.language import fold
from bot.models import Passage
from bot.resources import words

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(¿¡A-ZÁÉÍÓÚÑÇ])")
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Fed|Reg|p|pp|ej|e\.g|i\.e|etc|Sr|Sra|No|núm|art|vol|ed|aprox|approx|cf|vs|Dr|St|Jan|Feb|Mar|Apr|Aug"
    r"|Sept|Sep|Oct|Nov|Dec|ene|dic|U\.S|EE\.UU|EE|UU|a\.m|p\.m)|\b[A-Z])\.$"
)
_BOLD_LEAD = re.compile(r"^\s*\*\*(.+?)[.:]?\*\*\s*")
_TABLE_RULE = re.compile(r"^:?-{2,}:?$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
_COMPLETE = re.compile(r"[.!?)»\"”]$")
ELLIPSIS = "…"
# Kinds whose text before the first heading introduces the document ("This sheet gathers…").
_INTRODUCED_KINDS = ("donor", "methods", "guide")
# Answer cards take the kind of the documents they answer from (a donor's cards are kind "donor").
ANSWER_CARDS_FOLDER = "faq/"
# A unit with this share of the question's words and less than this share of its own restates it.
ECHO_COVERAGE = 0.6
ECHO_NOVELTY = 0.55


@dataclass(frozen=True)
class Unit:
    """A sentence or list item of a passage, the smallest thing an answer quotes."""

    text: str
    passage_index: int


@lru_cache(maxsize=1)
def _lists() -> dict[str, tuple[str, ...]]:
    answers = words()["answers"]
    return {key: tuple(fold(item) for item in answers[key])
            for key in ("reference_sections", "qualifiers", "project_advice", "mistake_sections", "example_words",
                        "worked_example")}


def split_units(text: str, min_chars: int = 25, whole_lines: bool = False) -> list[str]:
    """The sentences and list items of ``text``; a qualifying sentence stays with the one before.
    ``whole_lines``: each line (a card's bullet) is one unit."""
    qualifiers = _lists()["qualifiers"]
    units: list[str | _Row] = []
    header: tuple[str, ...] = ()  # the current table's header row
    for line in text.splitlines():
        if line.lstrip().startswith("|"):  # a table row is one unit, its cells named by the header
            cells = tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
            if all(_TABLE_RULE.match(cell) for cell in cells):  # the rule under the header row
                header = units.pop().cells if units and isinstance(units[-1], _Row) else ()
                continue
            units.append(_Row(cells, header))
            continue
        header = ()  # a line outside a table ends it
        line = _LIST_MARK.sub("", line)
        line = _BOLD_LEAD.sub(r"\1: ", line).replace("**", "").strip()  # "**Lead.** Text" -> "Lead: Text"
        if not line:
            continue
        sentences: list[str] = []
        for piece in [line] if whole_lines else _SENTENCE_END.split(line):
            opening = fold(piece[:20])
            qualifies = any(re.match(rf"{re.escape(word)}\b", opening) for word in qualifiers)
            if sentences and (_ABBREVIATION.search(sentences[-1]) or qualifies):
                sentences[-1] = f"{sentences[-1]} {piece}"
            else:
                sentences.append(piece)
        units.extend(s.strip() for s in sentences if len(s.strip()) >= min_chars)
    read = [unit.read() if isinstance(unit, _Row) else unit for unit in units]
    return [unit for unit in read if len(unit) >= min_chars]


@dataclass(frozen=True)
class _Row:
    """A table row, and the header of its table (empty when the passage starts below the header)."""

    cells: tuple[str, ...]
    header: tuple[str, ...]

    def read(self) -> str:
        """The row as a sentence: "Resultado 1 — Resumen narrativo: Matriz…; Supuestos: …" (split at its full
        stops, a logframe row was quoted from the middle of one cell to the middle of another)."""
        named = [f"{self.header[i]}: {cell}" if i < len(self.header) and self.header[i] else cell
                 for i, cell in enumerate(self.cells) if i > 0 and cell]
        first = self.cells[0] if self.cells else ""
        return f"{first} — {'; '.join(named)}" if first and named else "; ".join(c for c in self.cells if c)


def innermost_section(passage: Passage) -> str:
    return passage.section.rsplit("›", 1)[-1].strip()


def quotable(passage: Passage) -> bool:
    """Not a list of sources, and not the introduction that says what a document covers."""
    section = fold(innermost_section(passage))
    if any(section.startswith(name) for name in _lists()["reference_sections"]):
        return False
    if is_answer_card(passage):
        return innermost_section(passage).endswith("?")  # a card; not the file's introduction
    # The introduction sits under the title alone: no section, or the level-1 heading as its section.
    introduction = not passage.section.strip() or passage.section.strip() == passage.title.strip()
    return not (passage.kind in _INTRODUCED_KINDS and introduction)


def is_answer_card(passage: Passage) -> bool:
    """A passage of knowledge/faq/: a question as its heading, a short answer citing its source."""
    return (passage.family or passage.source or "").startswith(ANSWER_CARDS_FOLDER)


def asks_for_an_example(question: str) -> bool:
    """"Show me a good one": only then is the illustrative worked proposal quoted."""
    folded = fold(question)
    return any(re.search(rf"\b{re.escape(word)}", folded) for word in _lists()["example_words"])


def refers_to_the_worked_example(question: str) -> bool:
    """"In the example proposal, who forms the management unit?": a question about the worked example itself."""
    return worked_example_phrase(question) is not None


def worked_example_phrase(question: str) -> str | None:
    """How ``question`` names the worked example ("proposta de exemplo"), folded; None when it does not."""
    folded = re.sub(r"[-\u2010-\u2013]", " ", fold(question).replace("\u2019", "'"))
    named = next((phrase for phrase in _lists()["worked_example"] if phrase in folded), None)
    definite = None if named else _worked_example_definite().search(folded.lower())
    return named or (definite.group(0) if definite else None)


@lru_cache(maxsize=1)
def _worked_example_definite() -> re.Pattern[str]:
    return re.compile(words()["answers"]["worked_example_definite"])


@lru_cache(maxsize=1)
def _worked_example_names() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["worked_example_names"]))


@lru_cache(maxsize=4096)
def _folded_character(char: str) -> str:
    return fold(char).replace("\u2019", "'")


def without_the_worked_example(question: str) -> str:
    """``question`` without the words that name the worked example ("in the sample proposal"): what it asks.

    Every card of the example opens "In the example inspection proposal, …", so with those words
    any of them looked like the officer's question. A question that is nothing but the name stays whole.
    """
    # Folded character by character, so that a match in the folded text maps back to the question as written.
    pieces = [_folded_character(char) for char in question]
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    spans = [(origin[m.start()], origin[m.end() - 1] + 1)
             for m in _worked_example_names().finditer("".join(pieces)) if m.end() > m.start()]
    if not spans:
        return question
    cut, start = [], 0
    for begin, end in spans:
        cut += [question[start:begin], "\0"]
        start = end
    stripped = "".join([*cut, question[start:]])
    stripped = re.sub(r"\s*\0\s*(?=[?,.!;:])", "", stripped)  # "… the data in the sample proposal?"
    stripped = re.sub(r"\s*\0\s*", " ", stripped).strip()
    stripped = re.sub(r"^[,;:.]\s*", "", stripped).strip()
    return stripped if len(content_words(stripped)) >= 2 else question


@lru_cache(maxsize=1)
def _list_question() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["list_questions"]))


# Where a message's sentences break; a Spanish question opens with "¿" after any preamble.
SENTENCE_BREAK = re.compile(r"(?<=[?!.])\s+|\s+(?=¿)")


@lru_cache(maxsize=1)
def _question_joints() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a conjunction before an interrogative word, an interrogative word opening a text)."""
    interrogative = rf"¿?(?:{words()['answers']['interrogatives']})\b"
    return (re.compile(rf"[,;]?\s+(?:y|and|e|et)\s+(?={interrogative})", re.IGNORECASE),
            re.compile(rf"^{interrogative}", re.IGNORECASE))


def _split_at_joints(sentence: str, joint: re.Pattern[str], min_words: int = 3) -> list[str]:
    """``sentence`` cut where a second question joins it; "¿Cuándo y dónde…" stays whole (too short to stand)."""
    pieces, start = [], 0
    for match in joint.finditer(sentence):
        if len(sentence[start:match.start()].split()) >= min_words:
            pieces.append(sentence[start:match.start()].strip())
            start = match.end()
    pieces.append(sentence[start:].strip())
    return [piece for piece in pieces if piece]


def asked_questions(question: str) -> list[str]:
    """The questions a message asks, when it asks more than one ("¿Cuándo fue el taller, y quiénes
    participaron?", "¿Qué es X? ¿Cómo se hace?"); a single question gives a list of one."""
    joint, interrogative = _question_joints()
    parts = [piece for sentence in SENTENCE_BREAK.split(question.strip())
             for piece in _split_at_joints(sentence, joint)]
    asking = [part for part in parts if part.endswith("?") or interrogative.match(part)]
    return asking if len(asking) > 1 else [question]


@lru_cache(maxsize=1)
def _each_item_lead() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["each_item_leads"]))


def introduces_items(unit: str) -> bool:
    """Whether ``unit`` leads into the items after it: a lead-in ending in ":" or a sentence about each of them
    ("Cada resultado tiene una unidad responsable del Ministerio", then R1, R2 and R3 with theirs)."""
    return unit.rstrip().endswith(":") or bool(_each_item_lead().match(fold(unit)))


@lru_cache(maxsize=1)
def _verdict() -> re.Pattern[str]:
    return re.compile(words()["answers"]["verdicts"], re.IGNORECASE)


def opens_with_a_verdict(unit: str) -> bool:
    """"No: the example only illustrates…": a card's answer that opens by answering its own yes-or-no question."""
    return bool(_verdict().match(unit))


def without_verdict(unit: str) -> str:
    """The unit without the yes or no it opens with, its first letter raised ("Un presupuesto completo…")."""
    rest = _verdict().sub("", unit, count=1)
    return rest[:1].upper() + rest[1:] if rest else unit


@lru_cache(maxsize=1)
def _link_question() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["link_questions"]))


_ADDRESS = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|gov|int|net|es|ca|br|ar|pe|cl|mx|co|uk|eu)/\S*")


def asks_for_a_link(question: str) -> bool:
    """"link please", "¿dónde lo encuentro?": the officer wants the address."""
    return bool(_link_question().search(fold(question)))


@lru_cache(maxsize=1)
def _definition_question() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["definition_questions"]))


def defined_name(question: str) -> str | None:
    """The acronym a question asks the meaning of ("what exactly is the RIAL?", "¿qué significa DICI?"): it comes
    within a few words after the asking ("What are the DAC criteria?" asks for a list, not for DAC); else None."""
    folded = fold(question).lower()
    for asking in _definition_question().finditer(folded):
        for name in names_in(question):
            at = folded.find(fold(name).lower(), asking.end())
            if at >= 0 and len(folded[asking.end():at].split()) <= _DEFINED_NAME_WITHIN:
                following = folded[at + len(name):].split()
                if not following or not following[0][:1].isalpha() or following[0].strip(".,;:!?…") in _JOINING_WORDS:
                    return name
    return None


_DEFINED_NAME_WITHIN = 2  # words between "what is" and the name: "the", "exactly the"
# After the name, a question on its meaning ends or joins another ("what is the RIAL, and…", "the RIAL and how…").
# A preposition may follow ("¿qué es el DEF del BID?"); a noun makes the name a modifier ("the DAC criteria").
_JOINING_WORDS = frozenset({"and", "y", "e", "et", "or", "o", "ou", "exactly", "exactamente", "exatamente",
                            "de", "del", "da", "do", "du", "des", "of", "in", "en", "em", "para", "for", "pour"})


@lru_cache(maxsize=1)
def _meaning_question() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in words()["answers"]["meaning_questions"]))


# A term quoted in guillemets, curly or straight double quotes, or single quotes that are no apostrophes.
_QUOTED = re.compile(r"[«“\"]\s*([^«»“”\"\n]{3,60}?)\s*[»”\"]|(?<![\w])['‘]([^'‘’\n]{3,60}?)['’](?![\w])")
_QUOTED_TERM_WORDS = 7


def quoted_term(question: str) -> str | None:
    """The term a question quotes and asks the meaning of ("un point « évaluabilité ». Ça veut dire quoi ?",
    "what do ppl mean by the 'vertical logic'?"); None when it quotes none, or a phrase rather than a term."""
    folded = fold(question).lower()
    if not (_definition_question().search(folded) or _meaning_question().search(folded)):
        return None
    return quoted_phrase(question)


def quoted_phrase(question: str) -> str | None:
    """The first term or short phrase a question quotes, whatever it asks about it ("nos piden incluir «factores de
    viabilidad». ¿Cuáles son?"); None when it quotes none, or quotes a whole sentence."""
    for match in _QUOTED.finditer(question):
        term = (match.group(1) or match.group(2)).strip(" .,;:!?¿¡")
        if 0 < len(term.split()) <= _QUOTED_TERM_WORDS and not term.endswith("?"):
            return term
    return None


def term_definition_strength(text: str, term: str) -> int:
    """1 when ``text`` says what a quoted term means: a line or list item opens with it ("- Évaluabilité : un
    examinateur…", "18. Evaluabilidad: …") or quotes it ("una «triple transición» social, económica y ecológica");
    else 0 (a text that only uses the word does not say what it means)."""
    folded, plain = fold(text).lower(), fold(term).lower()
    if plain not in folded:
        return 0
    wanted = re.escape(plain)
    opens = rf"^\W{{0,4}}(?:\d{{1,2}}[.)]\s*)?\**{wanted}\**\s*(?:[:(]|\s[-–—]\s)"
    run_in = rf"^\W{{0,4}}\*\*{wanted}\.?\*\*"  # the guide's run-in headings: "- **Hilo conductor.** La propuesta…"
    defined = rf"[«“\"']\s*{wanted}\s*[»”\"']"  # the knowledge base quotes a term where it introduces it
    return 1 if (re.search(opens, folded, re.MULTILINE) or re.search(run_in, folded, re.MULTILINE)
                 or re.search(defined, folded)) else 0


def definition_strength(text: str, name: str) -> int:
    """How directly ``text`` says what ``name`` is: 2 for "RIAL is…", "la RIAL es…"; 1 for an expansion, "… Network
    for Labour Administration (RIAL)"; 0 when it only names it (a citation, "(RIAL, 2007; verificado)", is none)."""
    if name not in text:
        return 0
    escaped = re.escape(name)
    # "RIAL is the…", "El ITLP de 2007 es hoy la línea…" (a year, and "today", may come between).
    if re.search(rf"\b{escaped}\b\s*(?:\([^)]{{3,120}}\)\s*)?(?:(?:de|of|do|du|in|en|em)\s+(?:19|20)\d\d\s+)?"
                 rf"(?:is|are|was|es|son|era|fue|e|é|sao|são|est|sont)\s+(?:hoy\s+|now\s+|today\s+|hoje\s+)?"
                 rf"(?:the|an?|el|la|los|las|un|una|o|a|um|uma|le|l'|une)\b", text):
        return 2
    # An expansion, "… Network for Labour Administration (RIAL)", or the name as what something was or is:
    # "the Labour Program's instrument for cooperation was the ITLP".
    return 1 if re.search(rf"\(\s*{escaped}\s*\)|\b{escaped}\s*\([^)]{{10,120}}\)|"
                          rf"\b(?:is|was|es|era|fue|é|foi|est|était)\s+(?:the|el|la|o|a|le|l')\s+{escaped}\b", text) else 0


def has_an_address(unit: str) -> bool:
    return bool(_ADDRESS.search(unit))


def is_a_source_list(passage: Passage) -> bool:
    return is_source_list_section(passage.section)


@lru_cache(maxsize=16_384)  # a few thousand sections, asked about on every search
def is_source_list_section(section: str) -> bool:
    """"Fuentes", "Sources", "Referencias"…: a document's list of sources (its innermost heading)."""
    innermost = fold(section.rsplit("›", 1)[-1].strip())
    return any(innermost.startswith(name) for name in _lists()["reference_sections"])


def asks_for_a_list(question: str) -> bool:
    """"¿Cuáles son los problemas…?", "What are the key components…?"."""
    return bool(_list_question().search(fold(question)))


def is_a_list(unit: str) -> bool:
    """A unit that enumerates: a lead and at least three items ("…son: a; b; c", "a, b, c y d")."""
    body = unit.split(":", 1)[1] if ":" in unit else unit
    return body.count(";") >= 2 or body.count(",") >= 3


def lists_mistakes(passage: Passage) -> bool:
    """Whether the passage sits under a "common mistakes" heading (its innermost section)."""
    section = fold(innermost_section(passage))
    return any(section.startswith(prefix) for prefix in _lists()["mistake_sections"])


def is_project_advice(text: str) -> bool:
    """This project's own advice ("Pauta de este proyecto…"), as opposed to what a donor asks."""
    return fold(text).startswith(_lists()["project_advice"])


def restates(unit: str, question: str, language: str = "es") -> bool:
    """Whether ``unit`` only echoes the question (the workshop's "identification of the specific
    problems the ministries faced with donors", quoted for "what problems do ministries face?").

    It has most of the question's words (stems, both read in the reader's ``language``) and few of its own.
    """
    asked, own = set(tokenize(question, language)), set(tokenize(unit, language))
    if not asked or not own:
        return False
    covered = len(asked & own) / len(asked)
    novelty = len(own - asked) / len(own)
    return covered >= ECHO_COVERAGE and novelty < ECHO_NOVELTY


def overlap(first: str, second: str) -> float:
    """Jaccard overlap of two texts' words: the same fact said twice scores high."""
    a, b = set(content_words(first)), set(content_words(second))
    return len(a & b) / len(a | b) if a | b else 0.0


def with_cut_marks(unit: str, passage_text: str) -> str:
    """``unit`` with "…" where the passage's edge cut it: a list or sentence that goes on elsewhere."""
    body = passage_text.strip()
    tail = _BOLD_LEAD.sub(r"\1: ", _LIST_MARK.sub("", body.splitlines()[-1] if body else "")).replace("**", "")
    marked = unit
    if unit.endswith((",", ";", ":")) or (tail.strip().endswith(unit) and not _COMPLETE.search(unit)):
        marked = f"{unit.rstrip(',;')} {ELLIPSIS}"
    if unit[:1].islower():
        marked = f"{ELLIPSIS} {marked}"
    return marked


def already_said(unit: str, previous_answers: Iterable[str]) -> bool:
    """Whether a previous answer of the conversation quoted this unit."""
    return any(unit in answer for answer in previous_answers)


@lru_cache(maxsize=1)
def _source_label() -> re.Pattern[str]:
    return re.compile(words()["answers"]["source_labels"])


def defines_a_source_label(text: str) -> bool:
    """Whether ``text`` says what a source label means ("«Fuente secundaria» significa…", "'Verified' means…"), or
    asks it."""
    return bool(_source_label().search(fold(text).lower()))


# "1) …; 2) …", "(a) … (b) …": the points of a message that asks to check several statements.
_POINT = re.compile(r"(?:(?<=\s)|^)(?:\((\d|[a-e])\)|(\d|[a-e])\))\s+")
_TRAILING_QUESTION = re.compile(r"(?<=[.!])\s+[^.!?]*\?\s*$")
MIN_POINT_WORDS = 3


def enumerated_points(question: str) -> list[tuple[str, str]]:
    """The numbered or lettered points of ``question`` ("1) La OIT evalúa con cinco criterios. 2) …"), each with its
    label, when it has two or more that each say something; else []. A question after the last point ("¿Está todo
    bien?") is not part of it."""
    marks = list(_POINT.finditer(question))
    if len(marks) < 2:
        return []
    points = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(question)
        text = question[mark.end():end].strip()
        if index + 1 == len(marks):
            text = _TRAILING_QUESTION.sub("", text)
        text = text.strip(" ;,.").strip("«»\"“”'")
        if len(text.split()) < MIN_POINT_WORDS:
            return []
        points.append((mark.group(1) or mark.group(2), text))
    return points

