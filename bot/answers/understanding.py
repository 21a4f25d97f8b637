"""Reading a question: is it a follow-up, which donor does it name, does it name the workshop or a draft element.

Follow-ups ("¿y para el BID?"): offline, a short follow-up that names a donor
replaces the donor of the previous question; one that asks its own question is
searched on its own words, within the conversation's topic (the worked example,
the donor, the workshop) when it names none; any other short or elliptical
follow-up is read together with the previous question. With an LLM configured,
the model rewrites it (prompts/condense.toml) and the offline rule is the fallback.

The workshop: naming the 2007 workshop ("según el taller de la CIMT de 2007")
says where to look, not what to look for. Left in the query, "taller de la CIMT de
2007" pulls up every passage that merely mentions the workshop above the
conclusion that answers, so the search runs without those words.

The draft element: "el revisor marcó mi indicador como débil, ¿cómo lo reformulo?"
asks for the guide's common mistakes and how-to-improve passages on indicators.

The word lists are data (prompts/words.toml, prompts/draft_lens.toml);
bot/answers/policy.py decides what each reading does to the search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.answers.lexical import content_words
from bot.answers.units import worked_example_phrase
from bot.language import detect_language, fold
from bot.models import Turn
from bot.resources import load_toml, resource_path, words

# The proposal guide's kind in knowledge/ front matter.
GUIDE_KIND = "guide"

# A follow-up with this many content words of its own (besides its opening "y"/"and" and a donor's
# name) asks its own question.
OWN_QUESTION_WORDS = 3
OWN_QUESTION_WORDS_DESPITE_A_PRONOUN = 7
SHORT_FOLLOWUP_WORDS = 8  # a message this short may lean on the previous question
POINTING_BACK_WORDS = 12  # … and one this short that points back ("it", "they") is still on the workshop
# A follow-up with at most this many words of its own that names no topic goes on with the section the previous
# answer quoted.
_VAGUE_FOLLOWUP_WORDS = 6
# An offline answer cites a bullet's source as "(document, «section»)"; English answers quote with "…".
_CITED_SECTION = re.compile(r"\([^()]*?,\s*[«\"“]\s?([^»\"”()]{3,80}?)\s?[»\"”]")
# The workshop's kind in knowledge/ front matter.
WORKSHOP_KIND = "workshop"
EXAMPLE_KIND = "example"  # the illustrative worked proposal: quoted when an example is asked for


def _alternatives(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    """The word lists of prompts/words.toml, compiled once."""
    data = words()
    followups, workshop = data["followups"], data["workshop"]
    return {
        "donors": {donor: tuple(aliases) for donor, aliases in data["donors"].items()},
        "capitals_only": frozenset(data["donor_capitals"]["aliases"]),
        "programmes": {name: re.compile(rf"(?<!\w)(?:{_alternatives(map(re.escape, aliases))})(?!\w)")
                       for name, aliases in data["programmes"].items()},
        "article": rf"(?:(?:{_alternatives(map(re.escape, followups['articles']))})\s*)?",
        "followup_start": re.compile(rf"^\s*[¿¡]?\s*({_alternatives(followups['starts'])})\b", re.IGNORECASE),
        "pronoun": re.compile(rf"\b({_alternatives(map(re.escape, followups['pronouns']))})\b", re.IGNORECASE),
        "donor_asks": re.compile(_alternatives(data["donor_questions"]["asks"])),
        "standard": re.compile(data["donor_questions"]["standard"]),
        "standard_asks": re.compile(_alternatives(data["donor_questions"]["standard_asks"])),
        "across_donors": re.compile(_alternatives(data["donor_questions"]["across"])),
        "methods": re.compile(_alternatives(data["donor_questions"]["methods"])),
        "acknowledgement": re.compile(rf"^\s*(?:(?:{_alternatives(followups['acknowledgements'])})(?!\w)[^\w¿¡]*)+",
                                      re.IGNORECASE),
        "topic_opener": re.compile(rf"\b({_alternatives(map(re.escape, followups['topic_openers']))})\b", re.IGNORECASE),
        "workshop_word": re.compile(rf"(?<!\w)(?:{_alternatives(workshop['words'])})(?!\w)", re.IGNORECASE),
        "event_word": re.compile(rf"(?<!\w)(?:{_alternatives(workshop['event'])})(?!\w)", re.IGNORECASE),
        "workshop_name": re.compile(rf"(?<!\w)(?:{_alternatives(workshop['name'])})(?!\w)", re.IGNORECASE),
        "dangling": re.compile(workshop["dangling"], re.IGNORECASE),
        "the_workshop": re.compile(rf"(?<!\w)(?:{_alternatives(workshop['definite'])})(?!\w)", re.IGNORECASE),
    }


def donor_aliases() -> dict[str, tuple[str, ...]]:
    """Donor id -> the names officers use for it."""
    return _patterns()["donors"]


# --- follow-ups ---------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _alias_pattern(alias: str, article: str = "") -> re.Pattern[str]:
    """A donor name as a whole word ("l'OIT" names the ILO), after an optional ``article`` (which then
    starts the word); one that is also a common word ("bit") only in capitals ("BIT")."""
    before = r"(?<![\w'’])" if article else r"(?<!\w)"
    if alias in _patterns()["capitals_only"]:
        return re.compile(rf"{before}(?i:{article}){re.escape(alias.upper())}(?!\w)")
    return re.compile(rf"{before}{article}{re.escape(alias)}(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def programmes_in(text: str) -> frozenset[str]:
    """The donors' programmes ``text`` names ("BID Lab", "INTERCOONECTA"), accent- and case-insensitively."""
    folded = fold(text).lower()
    return frozenset(name for name, pattern in _patterns()["programmes"].items() if pattern.search(folded))


def asks_about_a_donor(question: str) -> bool:
    """"Can I still apply to ILAB?": a donor or programme named, and whether or how to apply, what it funds or asks."""
    if not (donors_in(question) or programmes_in(question)):
        return False
    folded = fold(question)
    asks = _patterns()["standard_asks" if _patterns()["standard"].search(folded) else "donor_asks"]
    return bool(asks.search(folded))


def names_a_method(question: str) -> bool:
    """"Good reading on theory of change?": a design method the knowledge base explains is named."""
    return bool(_patterns()["methods"].search(fold(question)))


def donors_compared(question: str) -> list[str]:
    """The donors a question asks across: the two or more it names ("compare o BID e a OIT"), or every donor
    when it asks about donors without naming one ("which donors have documented weaknesses?"); else []."""
    named = donors_in(question)
    if len(named) >= 2:
        return named
    if named or programmes_in(question) or not _patterns()["across_donors"].search(fold(question).lower()):
        return []
    return list(donor_aliases())


def without_the_donors(question: str) -> str:
    """``question`` without the words that ask across donors ("which donors", "cada donante"): searched within one
    donor's sheet, "donantes" matched a passage on coordinating with other donors instead of the answer."""
    folded = fold(question)
    kept, last = [], 0
    for match in _patterns()["across_donors"].finditer(folded.lower()):
        kept.append(question[last:match.start()])
        last = match.end()
    kept.append(question[last:])
    return re.sub(r"\s{2,}", " ", "".join(kept)).strip()


def donors_in(text: str) -> list[str]:
    """Donor ids named in ``text``, in order of first mention."""
    found: list[tuple[int, str]] = []
    for donor, aliases in donor_aliases().items():
        positions = [m.start() for alias in aliases for m in _alias_pattern(alias).finditer(text)]
        if positions:
            found.append((min(positions), donor))
    return [donor for _, donor in sorted(found)]


def _with_its_preposition(before: str, mention: str, language: str) -> tuple[str, str]:
    """``before`` and ``mention`` with the preposition that ends ``before`` fused again with the mention's article:
    "la ficha del" + "la OIT" -> "la ficha " + "de la OIT"; "o escritório da" + "o BID" -> "o escritório " + "do BID"."""
    fused = words()["followups"]["contractions"].get(language, {})
    prepositions = {expansion.split()[0] for expansion in fused.values()}
    last = re.search(r"(\w+)\s+$", before)
    word = last.group(1) if last else ""
    if word.lower() in fused:
        preposition = fused[word.lower()].split()[0]
    elif word.lower() in prepositions:
        preposition = word.lower()
    else:
        return before, mention
    phrase = f"{preposition} {mention}"
    for contraction, expansion in fused.items():
        if re.match(rf"{re.escape(expansion)}\s", phrase, re.IGNORECASE):
            phrase = contraction + phrase[len(expansion):]
            break
    if word[:1].isupper():
        phrase = phrase[:1].upper() + phrase[1:]
    return before[:last.start(1)], phrase


def _replace_donor(text: str, old: str, new_mention: str) -> str:
    """``text`` with the first mention of donor ``old`` (and its article) replaced by ``new_mention``."""
    article = _patterns()["article"]
    aliases = sorted(donor_aliases()[old], key=len, reverse=True)
    for alias in aliases:
        found = _alias_pattern(alias, article).search(text)
        if found:
            before, mention = _with_its_preposition(text[:found.start()], new_mention, detect_language(text))
            replaced = before + mention + text[found.end():]
            # "el Departamento de Trabajo de EE. UU. (ILAB)" -> "el BID", not "el BID (ILAB)".
            another_name = "|".join(map(re.escape, aliases))
            return re.sub(rf"\s*\((?:{another_name})\)", "", replaced, count=1, flags=re.IGNORECASE)
    return text


def looks_like_followup(question: str) -> bool:
    acknowledged = _patterns()["acknowledgement"].match(question)
    if acknowledged:  # "ok thanks - any references for building it?", "ok and at what point…?"
        question = question[acknowledged.end():]
        if refers_back(question):
            return True
    words = re.findall(r"\w+", question)
    return bool(_patterns()["followup_start"].match(question)) or len(words) <= 4 or (
        len(words) <= SHORT_FOLLOWUP_WORDS and refers_back(question)
    )


def is_short(question: str) -> bool:
    """A message short enough to lean on the conversation ("Alors on se tourne vers qui ?")."""
    return len(re.findall(r"\w+", question)) <= SHORT_FOLLOWUP_WORDS


def read_with_previous(question: str, history: Sequence[Turn]) -> str:
    """``question`` read together with the previous question of the conversation."""
    return f"{history[-1].question} {question}".strip()


def refers_back(text: str) -> bool:
    """Whether ``text`` points back at something said before ("esa sección", "that", "isso"); "eso de
    la gestión por resultados" names its topic instead."""
    return bool(_patterns()["pronoun"].search(_patterns()["topic_opener"].sub(" ", text)))


def rewrite_offline(question: str, history: Sequence[Turn]) -> str:
    """A standalone version of ``question`` using the previous question, or the question itself."""
    if not history or not looks_like_followup(question):
        return question
    previous = history[-1].question
    new_donors = donors_in(question)
    old_donors = donors_in(previous)
    # "¿Y si fuera por BID Lab, qué documentos hay que presentar?", "and the cost-sharing bit - how should
    # we show our counterpart in the budget?": run together with the previous question, a follow-up that
    # asks its own question was answered as that question again. It is searched on its own words, within
    # the conversation's topic when it names none of its own: still the worked example ("e no objetivo
    # geral eles colocam meta?"), the donor asked about ("y de esas, ¿cuáles no están verificadas?" after
    # the IDB), or the workshop ("Et qui y participait ?"). So is one that points back but says what it
    # asks ("and who keeps that risk table up to date?" after the example's risk table).
    topic = None if names_a_topic(question) else conversation_topic(previous, question)
    if asks_its_own_question(question):
        if topic:
            return f"{question} ({topic})"
        # "ok y cómo lo muestro concretamente en la propuesta?" after the DAC's coherence criterion: searched on its
        # own words it got budget advice (nineteenth round, blind); it goes on with the section last quoted.
        section = quoted_section(history[-1].answer) if _own_words(question) <= _VAGUE_FOLLOWUP_WORDS else None
        return f"{question} ({section})" if section else question
    if topic and _own_words(question) >= OWN_QUESTION_WORDS:
        return f"{question} ({topic})"
    asked_of_another = _with_the_new_number(question, previous)
    if asked_of_another:  # "¿y en 2013?" after a question on 2008
        return asked_of_another
    if new_donors and old_donors and new_donors[0] != old_donors[0]:  # "And Canada?" after the IDB
        mention = _donor_mention(question, new_donors[0])
        return _replace_donor(previous, old_donors[0], mention)
    return read_with_previous(question, history)


# What a follow-up may ask of another number, as (in the previous question, in the follow-up): a year; a month of
# the project ("month 24", "mes 24", "mês 24", "mois 24"); an item of a list ("O ponto 6 …" then "e o 17?").
_MONTH = re.compile(r"\b(?:month|mes|m[eê]s|mois)\s+(\d{1,2})\b", re.IGNORECASE)
_NUMBERED = (
    (re.compile(r"\b(?:19|20)\d\d\b"),) * 2,
    (_MONTH, _MONTH),
    (re.compile(r"\b(?:punto|ponto|point|item|[ií]tem|paso|passo|step|[ée]tape|etapa|crit[eé]rio|criterion|crit[eè]re)\s+"
                r"(?:n[º°o.]\s*)?(\d{1,2})\b", re.IGNORECASE), re.compile(r"(?<![\d.,])(\d{1,2})(?![\d.,])")),
)
_NUMBER_ONLY_WORDS = 2  # "and month 24?": the number and its unit


def _with_the_new_number(question: str, previous: str) -> str | None:
    """``previous`` asked of the year, month or list item that ``question`` names and nothing else ("¿y en 2013?",
    "and month 24?", "e o 17?" after "O ponto 6 …"), when ``previous`` names one of that kind; else None. Read
    together, the two got 2008's facts again (twenty-fifth round, on the spent sets), and "e o 17?" got point 6's
    (twenty-sixth round, answers-unseen-30, spent)."""
    if _own_words(question) > _NUMBER_ONLY_WORDS:
        return None
    for in_previous, in_question in _NUMBERED:
        new, old = in_question.findall(question), list(in_previous.finditer(previous))
        if len(new) == 1 and len(old) == 1:
            found = old[0]
            start, end = found.span(1) if in_previous.groups else found.span()
            return previous[:start] + new[0] + previous[end:]
    return None


def quoted_section(answer: str) -> str | None:
    """The section an offline answer cited first ("(guía de componentes, «Cómo mejorar el presupuesto»)")."""
    found = _CITED_SECTION.search(answer)
    return found.group(1).strip() if found else None


def within_the_worked_example(rewritten: str, question: str, history: Sequence[Turn]) -> str:
    """A model's rewrite of a follow-up, still about the worked example when the conversation was and the rewrite
    names no topic of its own: "and in that sample table, which indicators does the IT directorate own?" came back
    as "In the sample indicator table…, which indicators does the IT directorate own?", and the model was not
    given the example (fourteenth round, blind)."""
    if not history or not looks_like_followup(question) or names_a_topic(rewritten):
        return rewritten
    example = worked_example_phrase(history[-1].question)
    return f"{rewritten} ({example})" if example else rewritten


def names_a_topic(question: str) -> bool:
    """Whether ``question`` says what it is about: a donor, the worked example or the workshop."""
    return bool(donors_in(question) or worked_example_phrase(question) or names_workshop(question))


def workshop_mention(question: str) -> str:
    """The workshop's name in ``question``'s language ("taller de la CIMT de 2007")."""
    mentions = words()["workshop"]["mention"]
    return mentions.get(detect_language(question), mentions["es"])


def conversation_topic(previous: str, question: str) -> str | None:
    """What ``previous`` was about, named for ``question``: the worked example, its donor, or the workshop."""
    example = worked_example_phrase(previous)
    if example:
        return example
    donors = donors_in(previous)
    if donors:
        return _donor_mention(previous, donors[0])
    # The workshop discussed nearly everything: only a short follow-up ("Et qui y participait ?") is
    # still about it ("y lo de los años fiscales, ¿cómo lo reflejo en el cronograma?" asks the guide).
    # So is one that points back at it in a dozen words ("and what were they hoping to get out of it?", read with the
    # whole previous question, got its opening line; twenty-second round, blind).
    pointing_back = refers_back(question) and len(re.findall(r"\w+", question)) <= POINTING_BACK_WORDS
    return workshop_mention(question) if names_workshop(previous) and (is_short(question) or pointing_back) else None


def _own_words(question: str) -> int:
    """How many content words ``question`` has besides its opening ("y", "ok and") and donors' names."""
    rest = _patterns()["followup_start"].sub("", _patterns()["acknowledgement"].sub("", question))
    for donor in donors_in(rest):
        for alias in donor_aliases()[donor]:
            rest = _alias_pattern(alias).sub(" ", rest)
    return len(content_words(rest))


def asks_its_own_question(question: str) -> bool:
    """A follow-up that names what it asks about ("y lo de los años fiscales, ¿cómo lo reflejo en el
    cronograma?"), not one that only swaps the donor ("¿y para el BID?") or points back ("¿y eso?")."""
    # A pronoun points back, unless the follow-up names enough of its own ("does either of them [the
    # decrees it names] give a ministry a way to apply for money?").
    return _own_words(question) >= (OWN_QUESTION_WORDS_DESPITE_A_PRONOUN if refers_back(question) else OWN_QUESTION_WORDS)


def _donor_mention(text: str, donor: str) -> str:
    """How ``text`` names ``donor``, with the article it uses ("el BID", "Canada")."""
    article = _patterns()["article"]
    for alias in sorted(donor_aliases()[donor], key=len, reverse=True):
        match = _alias_pattern(alias, article).search(text)
        if match:
            return match.group(0)
    return donor


def format_history(history: Sequence[Turn], max_chars: int = 600) -> str:
    lines = []
    for turn in history:
        lines.append(f"User: {turn.question}")
        lines.append(f"Assistant: {turn.answer[:max_chars]}")
    return "\n".join(lines)


# --- the workshop and the draft element -------------------------------------------------

def names_workshop(question: str) -> bool:
    """True when ``question`` asks about the 2007 CIMT workshop by name, or as "the workshop"."""
    return bool(_patterns()["workshop_word"].search(question) and _patterns()["event_word"].search(question)) or bool(
        _patterns()["the_workshop"].search(question)
    )


def without_workshop_names(question: str) -> str:
    """``question`` without the words that name the workshop (what is left is what is asked)."""
    stripped = _patterns()["workshop_name"].sub(" ", question)
    stripped = _patterns()["event_word"].sub(" ", _patterns()["workshop_word"].sub(" ", stripped))
    stripped = _patterns()["dangling"].sub("", re.sub(r"\s{2,}", " ", stripped))
    return re.sub(r"\s+([?,.!;:])", r"\1", stripped).strip() or question


@dataclass(frozen=True)
class DraftLens:
    """Finds "how do I fix my <element>?" questions and the guide's advice sections on that element.

    ``classify`` reads the elements a question names (the critic's heading typing, handed
    in by the assembler: this side does not reach into the critic).
    """

    fix_intent: re.Pattern[str]
    advice_sections: tuple[str, ...]
    elements: dict[str, tuple[str, ...]]  # rubric section type -> the guide's headings for it
    classify: Callable[[str], Sequence[str]]

    @classmethod
    def load(
        cls, classify: Callable[[str], Sequence[str]], section_types: Iterable[str], path: Path | None = None
    ) -> DraftLens:
        path = Path(path) if path else resource_path("draft_lens.toml")
        data = load_toml(path)
        unknown = set(data["elements"]) - set(section_types)
        if unknown:
            raise ValueError(f"{path}: elements {sorted(unknown)} are not rubric section types")
        return cls(
            fix_intent=re.compile(_alternatives(data["fix_intent"])),
            advice_sections=tuple(data["advice_sections"]),
            elements={element: tuple(headings) for element, headings in data["elements"].items()},
            classify=classify,
        )

    def element(self, question: str) -> str | None:
        """The element of the officer's proposal that ``question`` asks how to fix, if it asks that."""
        if not self.fix_intent.search(fold(question)):  # folded: lower case, no accents
            return None
        return next((kind for kind in self.classify(question) if kind in self.elements), None)

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
