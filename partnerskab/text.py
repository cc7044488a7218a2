"""Tokenising and lemmatising for retrieval, with blank spaCy pipelines.

Both pipelines are ``spacy.blank(lang)`` plus the lookup lemmatizer whose tables
come from the installed ``spacy-lookups-data`` package: nothing is downloaded.
``make spacy`` writes them to ``build/spacy/<lang>`` (Rasa's SpacyNLP loads the
Danish one from there); when a build is missing we assemble the same pipeline in
memory, so tests and tools work without the build step.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import List

import spacy

BUILD_DIR = Path(__file__).resolve().parent.parent / "build" / "spacy"

# Words that carry no meaning for retrieval. Question words are NOT here: they
# help pick the right kind of fact ("hvem" -> people, "hvor mange" -> numbers).
STOPWORDS = {
    "da": frozenset(
        """
        og i at er det en et den de til på af med for som om så har var være blev bliver
        jeg du vi man jer os mig dig han hun dem deres der her nu kan skal vil ville kunne
        ikke også eller men noget nogle lidt meget mere bare lige godt gerne venligst tak
        fortæl fortælle sig sige hvad gå ud siger hos nogen hele ifølge egentlig
        """.split()
    ),
    "en": frozenset(
        """
        the a an and or of to in on at by for with is are was were be been being do does did
        it its this that these those i you we they them their me my our your he she his her
        can could would should will shall may might tell me about please what how some any
        there here just also more much very get got say says according actually
        """.split()
    ),
}
# Question words: kept for scoring, but not counted when judging how much of a
# question the catalogue covers.
QUESTION_WORDS = {
    "da": frozenset(
        "hvem hvor hvornår hvorfor hvilke hvilken hvilket mange hvad hvordan handle handler stå "
        "forklar forklare beskriv beskrive betyde betyder konkret".split()
    ),
    "en": frozenset("who where when why which many much how what explain describe mean means".split()),
}
# Facts whose answer holds a number also answer "hvor mange"/"how many".
NUMBER_HINTS = {"da": ("hvor", "mange"), "en": ("how", "many")}

_TOKEN_OK = re.compile(r"\w", re.UNICODE)
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def build_pipeline(lang: str) -> "spacy.Language":
    nlp = spacy.blank(lang)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=2)
def pipeline(lang: str) -> "spacy.Language":
    path = BUILD_DIR / lang
    if (path / "config.cfg").exists():
        return spacy.load(path)
    return build_pipeline(lang)


def lemmas(text: str, lang: str) -> List[str]:
    """Lower-cased lemmas of the meaningful tokens in ``text``.

    Example:
        >>> lemmas("Hvem hjalp brandvæsenet?", "da")
        ['hvem', 'hjælpe', 'brandvæsen']
    """
    # Split hyphenated compounds ("LEGO-projektet", "CSR-strategi"), which the
    # Danish tokenizer keeps whole, so each part can match.
    doc = pipeline(lang)(_HYPHEN.sub(" ", text.lower()))
    out = []
    stop = STOPWORDS[lang]
    for token in doc:
        if not _TOKEN_OK.search(token.text):
            continue
        lemma = (token.lemma_ or token.text).lower()
        if token.text in stop or lemma in stop:
            continue
        out.append(lemma)
    return out
