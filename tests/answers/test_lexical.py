"""Lexical matching: a word is a function word only in its own language."""

from __future__ import annotations

from bot.answers.lexical import STOPWORDS, char_ngrams, content_words, query_terms, tokenize


def test_sur_is_a_content_word_in_spanish_and_a_function_word_in_french():
    assert "sur" in tokenize("La cooperación Sur-Sur entre ministerios", "es")
    assert "sur" not in tokenize("Un atelier sur la coopération", "fr")
    assert "sur" in query_terms("¿Qué se dijo sobre la cooperación Sur-Sur?", "es")
    assert "sur" not in query_terms("Qu'a dit l'atelier sur la coopération ?", "fr")
    assert "what" not in query_terms("What replaced the UNDAF?", "en")
    assert "ur_" in char_ngrams("cooperación Sur-Sur", "es") and "ur_" not in char_ngrams("sur la table", "fr")


def test_every_collision_between_the_lists_stays_a_content_word_in_the_other_languages():
    for language, words in STOPWORDS.items():
        for other, other_words in STOPWORDS.items():
            for word in sorted(w for w in words - other_words if len(w) > 1):
                assert word in content_words(f"x {word} y", other), (word, language, other)


def test_a_text_of_unknown_language_drops_every_language_s_function_words():
    assert content_words("the plan de la OIT sur les projets") == ["plan", "oit", "projets"]
