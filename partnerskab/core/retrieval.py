"""Finds the catalogue fact that answers a free-text question.

BM25 over spaCy lemmas, one index per language. Each fact is indexed with its
answer, its label and keywords (weighted up: they are the ways people ask), and
its case's name and aliases (so "LEGO" finds every LEGO fact and the question
words pick among them).

On top of the ranking:
* **Case context.** A case named in the question (partnerskab.core.names, the
  same decision as the NLU's ``case`` entity) boosts that case's facts and damps
  other cases'. With no case named, the conversation's current case is boosted,
  so "Hvem hjalp dem?" after BRFkredit is about BRFkredit. With neither, the
  general topics rank higher: "hvad får politikerne ud af partnerskaber?" asks
  about partnerships in general, not about the one case that has politicians.
* **The last answer.** A follow-up after a general topic stays with that topic
  and most with the last answer's own section (the colophon, the foreword);
  "han", "she" point at the people the last answer named, so facts naming them
  rank higher and "what does he do" asks for his role; "its", "dens" point at
  what else it named (advice 2's ABCD method); "andre virksomheder …"
  asks for another case; a follow-up of small words only ("what did they do
  about it?") is answered from the facts in context by the kind it asks for.
* **Advice numbers.** "råd nummer 5", "femte råd", "advice 5" go straight to
  that piece of advice.
* **Question kinds.** knowledge/kinds.yml says how people ask for each kind of
  fact ("Hvad fik … ud af" -> gains); facts of the asked kind rank higher.
* **Near ties.** Of a case's facts about as good as the best, those that state
  the detail asked for (knowledge/details.yml: how often, where, who, what
  someone said, …) rank higher; this never makes a question "not covered".
* **Confidence.** ``coverage`` is the IDF-weighted share of the question's
  content words (question words and kind words left out, unknown words at the
  highest IDF) known to the best fact (half) and to its case or topic (half).
* **Decision.** Whether to answer is a calibrated probability that the best
  fact is the right answer: a logistic model over coverage, the nearest bank
  question, the margin over the next fact, a named topic, unknown words and
  whether the question leans on the conversation (``decision_features``),
  fitted on DEV data by tools/calibrate.py into ``calibration.json`` beside this
  module (docs/results/calibration.md). Below its threshold we offer the
  nearest facts when the question names something or ``SUGGEST`` of it is
  covered, and otherwise say the catalogue does not cover it.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Optional, Pattern, Sequence, Set, Tuple

import yaml

from partnerskab.core.knowledge import KNOWLEDGE_DIR, LANGUAGES, PERSON, Fact, Knowledge
from partnerskab.core.language import only_in, other_language
from partnerskab.core.names import Names
from partnerskab.core.references import References
from partnerskab.core.spelling import folded_forms, spelled_in, spelled_out
from partnerskab.core.words import (
    CARDINALS,
    CATALOGUE_WORDS,
    COUNTING_WORDS,
    FALSE_FRIENDS,
    FILLERS,
    NUMBER_HINTS,
    ORDINALS,
    QUESTION_WORDS,
    STOPWORDS,
    asking_sentence,
    asks_verb,
    compound_parts,
    dictionary_has,
    first_person,
    follow_ups,
    lemmas,
    particle_verbs,
    pipeline,
    question_word,
    spoken_numbers,
    typed_lemmas,
    with_compound_parts,
    with_word_lists,
    without_quotations,
)

SUGGEST = 0.3  # coverage at which an unanswered question still gets "Mente du …?"
# How clearly the best piece of advice or case must win over the next one to answer
# "which piece of advice …?" or "which of the cases …?" whatever else the decision
# weighs (on the dev sets every one that won by 1.3 or more was right; wrong ones won by
# 1.14 and 1.21).
PICK_MARGIN = 1.3
# ... and how like a question of its bank the question must be: a word the catalogue
# never uses must not pick by the one part of it that it happens to know ("tandlæge"
# is not "læg").
PICK_NEAREST = 0.2
CALIBRATION_FILE = Path(__file__).with_name("calibration.json")  # tools/calibrate.py writes it
# The signals the decision weighs, in the order of calibration.json's weights.
FEATURES = (
    "coverage",
    "nearest",
    "log_margin",
    "named",
    "unknown",
    "follow_up",
    "log_score",
    "coverage_x_margin",
)
# A question that names nothing of the catalogue's and whose words are this much
# (IDF-weighted) unknown to it is about something else ("Kan I bestille pizza?"):
# on the dev sets this held back 18 not-covered questions for 5 right answers.
UNKNOWN_UNNAMED = 0.4
SAME_QUESTION = 0.98  # nearest-bank-question similarity at which it is the same question
LEMMA_WEIGHT = 3  # a whole lemma in the bank-question vectors counts as this many trigrams
NEAREST_WEIGHT = 1.0  # how much the nearest bank question adds to a fact's normalised score
ANSWER_WEIGHT = 0.3  # how much matching the answer text alone adds (details are stated there)
K1 = 1.2
B = 0.75
NAMED_BOOST = 1.6
# The words of a question about today ("kører det stadig?"): a message with no other
# word of its own asks how the last answer stands now (``Retriever.asks_only_about_today``).
_TODAY_WORDS = {
    "da": frozenset(
        "stadig stadigvaek stadigvæk nu dag idag fortsat aktuel aktiv relevant koere koerer"
        " køre kører finde findes eksistere eksisterer virke virker gaelde gaelder gælde"
        " gælder".split()
    ),
    "en": frozenset(
        "still now today currently anymore current relevant active run running go going exist"
        " exists work working operate operating happen happening".split()
    ),
}
SHARED_PLACE_BOOST = 1.2  # the other case of a place two cases share ("Vejle")
SECTION_NAMED_BOOST = 2.5  # the facts of a section the question names ("i forordet")
OTHER_CASE_DAMPING = 0.5
TOPIC_NAMED_CASE_DAMPING = 0.75  # the cases, in a question that names only a general topic
CONTEXT_CASE_BOOST = 2.0
KIND_BOOST = 1.5
TOPIC_WEIGHT = 0.5
CONTEXT_OTHER_DAMPING = 0.5  # other cases than the one in context, in a follow-up that names none
LAST_TOPIC_BOOST = 2.0  # the general topic of the last answer (models, advice, …) in a follow-up
LAST_SECTION_BOOST = 1.5  # and the last answer's own section of it (the colophon, the foreword)
CONTEXT_GENERAL_DAMPING = (
    0.75  # general topics, in a follow-up that names nothing while a case is in context
)
GENERAL_BOOST = 1.3  # the general topics, in a question that names no case with none in play
ANOTHER_CASE_BOOST = 1.5  # the cases, for "er der andre virksomheder …"
PERSON_BOOST = 1.5  # facts naming the person a follow-up's "han", "she" points at
SOMETHING_ELSE_DAMPING = 0.5  # "og den anden?", "what else …": not the last answer again
SUGGESTED_BOOST = 1.5  # the facts "Mente du …?" offered, in the question after it
PICKS = ("first_one", "second_one", "third_one")  # "ja", "den anden": one of the offered facts
PUBLICATION = "publication"  # the kind of the facts about the catalogue itself (the colophon)
GAINS = frozenset({"gains_area", "gains_company"})  # what each side gets out of it
GENERAL_GAINS_BOOST = 1.3  # the general gains of the side a question names as who gains
DETAIL_ALONE_WORDS = 1  # words besides a detail asked (a verb: "meet") in "how often do they meet?"
CATALOGUE_OVERVIEW = "general.cases_overview"  # what the catalogue holds, for "what is it about?"
# A follow-up of at most this many words besides question words that asks a kind of
# detail (knowledge/answer_types.yml: "beløb", "which year") asks it of the case in play.
TYPE_ALONE_WORDS = 2
ADVICE_OVERVIEW = "advice.overview"  # the twelve pieces of advice in one list
SUMMARY_DAMPING = 0.8  # the overview, for a question that asks for a detail
ANSWER_TYPES_FILE = KNOWLEDGE_DIR / "answer_types.yml"
BESIDE_NUMBER = 8  # words at most between a count and what it counts ("70 per cent of residents …")
TYPE_BOOST = 1.5  # a fact that states the kind of detail asked for (an amount, a year, an age)
DETAILS_FILE = KNOWLEDGE_DIR / "details.yml"
# Missing details that no other fact of the same case gives either.
_NOT_IN_CATALOGUE = frozenset({"name", "unknown_year", "later"})
DETAIL_TIE = 0.95  # a near tie that states the missing detail is given instead
COUNT_TIE = 0.85  # ... and one that counts what "how many" asks for, beside its number
# ... words at most between that number and what it counts ("20 of them firefighters"):
COUNTED_CLOSE = 3
NEAR_TIE = 0.8  # facts within this share of the best score are near ties
DETAIL_BOOST = 1.25  # a near tie that states the detail asked for (how often, where, …)

_SUFFIXES = {
    "da": ("erne", "ene", "ende", "ers", "ets", "ens", "er", "en", "et", "es", "e", "s", "r", "t"),
    "en": ("ing", "ies", "ed", "es", "s", "'s"),
}

# The endings a Danish sentence gives an English word ("business casen", "outcomet",
# "donatede", "ownede"); an English sentence uses Danish words as they are.
_BORROWED_ENDINGS = {"da": ("ede", "ene", "en", "et", "er", "ed", "e", "s", "t"), "en": ()}

_WHAT = {"da": frozenset({"hvad"}), "en": frozenset({"what"})}
# Question words that ask for one detail (not "hvad"/"what", which also ask "what is X?"):
# lemmas, the words of words.QUESTION_OPENERS but those.
_DETAIL_WORDS = {
    "da": frozenset("hvem hvor hvornår hvorfor hvordan hvilken hvilke hvilket".split()),
    "en": frozenset("who where when why how which".split()),
}

# "Hvad slags kameraer …", "what kind of …": "hvad"/"what" asking for one detail too.
_DETAIL_PHRASE = re.compile(
    r"\bhvad (?:slags|for (?:en|et|nogle))\b|\bwhat (?:kinds?|sorts?|types?) of\b"
)

_ORDINALS = {**ORDINALS["da"], **ORDINALS["en"]}
_CARDINALS = {**CARDINALS["da"], **CARDINALS["en"]}
_ADVICE = r"(?:r(?:å|aa)d(?:et)?|piece of advice|advice|tip)"
_NUMBER_WORD = "|".join(sorted(_CARDINALS, key=len, reverse=True))
_ORDINAL_WORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
# "råd 5", "advice no. 5", "råd nummer fem": a number after the word. Number
# words need "nummer"/"number" before them ("rådet" must not read as "råd et").
_AFTER = re.compile(
    rf"\b{_ADVICE}\s*(?:nummer|nr\.?|number|no\.?|#)?\s*(\d{{1,2}})\b"
    rf"|\b{_ADVICE}\s+(?:nummer|number)\s+({_NUMBER_WORD})\b"
)
# "5. råd", "5th piece of advice", "femte råd": an ordinal before the word. A bare
# number before it ("12 gode råd", "de 12 råd") is the list, not one piece.
_BEFORE = re.compile(
    rf"(?:\b(\d{{1,2}})(?:\.|st|nd|rd|th)|\b({_ORDINAL_WORD}))\s+(?:gode\s+)?{_ADVICE}"
)
# "der var vist 10 gode råd, hvad var det første?", "the advice at the back – what was
# the first one?": the pieces spoken of, then an ordinal that ends the question.
_ORDINAL_LAST = re.compile(
    rf"\b(?:det|den|the)\s+(?:(\d{{1,2}})\.|({_ORDINAL_WORD}))(?:\s+(?:one|af dem|of them))?"
    rf"\s*[?.!]*\s*$"
)
_ADVICE_SPOKEN_OF = re.compile(rf"\b{_ADVICE}")  # ("gode råd", "pieces of advice" too)
# "12 råd", "12 tips partnerships", "the twelve pieces of advice?": how many pieces
# there are (a bare number before the word, as _BEFORE reads it), and nothing else
# asked: the list, not the twelfth piece, whose "12" ranks it first.
_LIST_WORDS = (
    r"(?:hvad|what|er|are|is|de|the|alle|all|om|about|sociale?|partnerskab\w*|partnerships?"
    r"|i|in|kataloget?s?|catalogue'?s?|liste|list|oversigt|overview|giv|give|mig|me|vis|show)"
)
_TWELVE_LISTED = re.compile(
    rf"^\W*(?:{_LIST_WORDS}\W+)*(?:12|tolv|twelve)\s+(?:gode\s+|good\s+)?"
    rf"(?:r(?:å|aa)d(?:ene)?|tips|pieces of advice|advice|anbefalinger|recommendations)"
    rf"(?:\W+{_LIST_WORDS})*\W*$"
)
# ... unless other things counted stand between ("the advice at the back mentions two
# models, what is the first one?" asks for the first model).
_OTHER_COUNTED = re.compile(
    r"\b(model\w*|cases?|casen?e?\w*|eksempl\w*|examples?|virksomhed\w*|compan\w*|trin|steps?"
    r"|skridt|klasser?\w*|class(es)?|partnerskab\w*|partnerships?)\b"
)


@functools.lru_cache(maxsize=1)
def answer_types() -> Dict[str, dict]:
    """knowledge/answer_types.yml, read once: the kinds of detail a question can ask
    for (an amount, a share, an age, …), what asks for each and what gives it. The
    retriever and the router's "a figure asked of others" (``SkillCues``) read it."""
    return yaml.safe_load(ANSWER_TYPES_FILE.read_text(encoding="utf-8"))


def parse_advice_number(text: str) -> Optional[int]:
    """The advice number a question asks about, or None.

    Example:
        >>> parse_advice_number("Hvad går råd nummer 5 ud på?")
        5
        >>> parse_advice_number("what is the fifth piece of advice")
        5
        >>> parse_advice_number("Hvad er de 12 gode råd?") is None
        True
        >>> parse_advice_number("hvad er næste råd efter råd 5")
        6
        >>> parse_advice_number("der var vist 10 gode råd bagerst, hvad var det første?")
        1
        >>> parse_advice_number("the advice mentions two models, what is the first one?") is None
        True
    """
    low = text.lower()
    match = _AFTER.search(low)
    if match:
        number = int(match.group(1)) if match.group(1) else _CARDINALS[match.group(2)]
        return number + _relative(low[: match.start()])
    match = _BEFORE.search(low)
    if match:
        number = int(match.group(1)) if match.group(1) else _ORDINALS[match.group(2)]
        return number + _relative(low[: match.start()])
    match = _ORDINAL_LAST.search(low)
    spoken = _ADVICE_SPOKEN_OF.search(low[: match.start()]) if match else None
    if match and spoken and not _OTHER_COUNTED.search(low[spoken.end() : match.start()]):
        return int(match.group(1)) if match.group(1) else _ORDINALS[match.group(2)]
    return None


# "næste råd efter råd 5", "the one before advice 3": the piece after or before the
# one named (a number outside 1-12 is one the catalogue does not have).
_NEXT_TO = re.compile(r"\b(efter|after|før|foer|inden|before)\s+(?:the\s+|det\s+)?$")


def _relative(before: str) -> int:
    """+1 or -1 when the words just before a piece of advice's number put the one
    asked for after or before it, else 0."""
    found = _NEXT_TO.search(before)
    if found is None:
        return 0
    return 1 if found.group(1) in ("efter", "after") else -1


# The words of speech ("altså", "øh", "um": ``words.FILLERS``), as typed and without
# æ/ø/å ("altsaa"), for a pattern over the lower-cased message that knows no language:
# not those that are a small word of the other language (English "er" is Danish "is").
_FILLER_WORDS = "|".join(
    sorted(
        {
            form
            for lang, words in FILLERS.items()
            for word in words
            if not any(word in STOPWORDS[o] - FILLERS[o] for o in LANGUAGES if o != lang)
            for form in (word, *folded_forms(word))
        },
        key=len,
        reverse=True,
    )
)
# "og nr 5", "and 11", "nummer 7?", "og så nummer elleve", "og det sidste altså nummer
# tolv", "okay og nummer syv": after a piece of advice, a number alone is another one (a
# number word only after "nummer"/"number": "og to" is no number).
_NUMBER_ALONE = re.compile(
    r"^\W*(?:(?:ok|okay|okey|ja|yes|og|and|så|saa|then|hvad med|what about|how about|det|den|the|"
    r"sidste|last|"
    rf"{_FILLER_WORDS})\s+)*"
    rf"(?:(?:(?:nummer|nr|number|no)\.?\s*|#\s*)?(\d{{1,2}})|(?:nummer|number)\s+({_NUMBER_WORD}))"
    r"\W*(?:tak|please|pls|thx|thanks)?\W*$"
)


def advice_number_alone(text: str) -> Optional[int]:
    """A number written alone, as a follow-up to a piece of advice, or None.

    Example:
        >>> advice_number_alone("og nr 5")
        5
        >>> advice_number_alone("and 11?")
        11
        >>> advice_number_alone("og 12 gode råd?") is None
        True
        >>> advice_number_alone("og så nummer elleve")
        11
    """
    match = _NUMBER_ALONE.match(text.lower())
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else _CARDINALS[match.group(2)]


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Units after a number that make it a length or an amount, not a count of what stands
# near it: "the 130-metre wall" counts no children. (A share does answer how many: "70 per
# cent of residents".)
_MEASURES = frozenset(
    "metre metres meter meters m km kilometer kilometre kr kroner dkk mio million millioner "
    "mia".split()
)


def _is_measure(words: Sequence[str], i: int) -> bool:
    """Whether the number at ``words[i]`` is followed by a unit of measure."""
    return i + 1 < len(words) and words[i + 1] in _MEASURES


# A question when something began, not after a detail of the last answer.
_BEGAN = re.compile(r"\b(siden|since|start\w*|begynd\w*|beg[ai]n\w*|startede)\b")
# Words that introduce the one who asks, not what is asked about: a name ("jeg hedder",
# "my name is", "hilsen"), or the verbs of asking of a question passed on ("spørger
# Mette", "wrote Lene": words.ASKS_VERBS, the one list of them).
_INTRODUCES = re.compile(
    rf"\b(hedder|named|name is|i'm|i am|hilsen|regards|{asks_verb()})\s*$", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[.,;:!?–]\s+|\s+-\s+")


def _asking_part(text: str, boundary: Pattern[str]) -> str:
    """Of the parts of ``text`` between ``boundary``'s matches, the one that asks:
    the last one with a question mark, else the last one."""
    parts = [c for c in boundary.split(text.strip()) if c.strip()]
    if not parts:
        return text
    asked = [c for c in parts if c.rstrip().endswith("?")]
    return (asked or parts)[-1]


def _question_clause(text: str) -> str:
    """The clause that asks ("I 2024 vil vi starte. Hvordan kommer vi i gang?" ->
    "Hvordan kommer vi i gang?")."""
    return _asking_part(text, _CLAUSE_END)


# The sentence that asks, and whether it speaks of the one who asks: "I år har vi
# fået midler. Hvem kan søge?" and "What can we do about the vandalism we have right
# now?" tell of our own present, not ask how things stand today in the catalogue (the
# first person: words.FIRST_PERSON).
_OURS = {lang: re.compile(rf"\b({first_person(lang)})\b") for lang in LANGUAGES}


def _question_sentence(text: str) -> str:
    """The sentence that asks (``words.asking_sentence``)."""
    return asking_sentence(text) or text


# A clause that asks by its first word: "Could we donate through them in 2027, and where
# is the form?" asks about 2027 too; "I 2024 vil vi starte, hvordan …?" does not.
_ASKS_FIRST = re.compile(rf"^\s*(og |and |men |but )?({question_word(verbs=True)})\b")
# A question word anywhere ("ok noget andet: hvad var galleri hamlet" asks its own).
_ASKS_ANYWHERE = {lang: re.compile(rf"\b({question_word(lang)})\b") for lang in LANGUAGES}


def _asking_clauses(text: str) -> List[str]:
    """The clauses of the sentence that asks that ask by their first word."""
    sentence = _question_sentence(text)
    return [c for c in _CLAUSE_END.split(sentence) if _ASKS_FIRST.match(c.lower())]


# "Hvor mange ansatte …", "how many employees …": what is counted (the words after),
# leaving out small verbs and units of time ("hvor mange gange om året"). Counted first,
# a unit of time says the question asks how long or how often, and the words after it
# are what goes on, not what is counted ("hvor mange år kører det", "løber over 4 år").
_UNITS_OF_TIME = {
    "da": frozenset("gang gange år dag uge måned time".split()),
    "en": frozenset("time year day week month hour".split()),
}
# Words that say which one is next, besides knowledge/follow_ups.yml's ("og den næste
# case tak", "next case please").
_NEXT_WORDS = {
    "da": frozenset("case cases sag projekt eksempel tak venligst".split()),
    "en": frozenset("case cases project example one please pls".split()),
}
_NOT_COUNTED = {
    "da": _UNITS_OF_TIME["da"]
    | frozenset(
        "have være blive give gøre få komme gå mange skulle kunne ville burde måtte "
        "væk ud op ind".split()  # particles, as English "out", "up": "gav de væk"
    ),
    "en": _UNITS_OF_TIME["en"]
    | frozenset("have be do get give make go come out up should could would might must".split()),
}
# The other language's small words ("hej, what is …" in an English question).
_OTHER_SMALL_WORDS = {
    lang: frozenset().union(*(STOPWORDS[other] for other in LANGUAGES if other != lang))
    for lang in LANGUAGES
}
# The words that ask for an amount ("hvor mange penge gav …", "how much did … cost"):
# not what the amount is asked of.
_MONEY_WORDS = {
    "da": frozenset(
        "krone kroner kr penge beløb budget koste kostede betale pris midler støtte tilskud "
        "give gav donere mange meget alt samlet ende få fik modtage have være bruge involvere "
        "indgå komme råde rådighed disponere over "  # "at råde over": to have
        "gøre gør gjorde godt".split()  # "at gøre godt med": to have to spend
    ),
    "en": frozenset(
        "krone kroner crown euro dollar money amount budget cost costing pay price funding fund "
        "give donate spend much many total end get receive have be use involve go put "
        "disposal available".split()
    ),
}
# ... and those that ask for a share ("hvor stor en del af beboerne …").
_SHARE_WORDS = {
    "da": frozenset("hvor stor store mange del andel procent pct procentdel være have".split()),
    "en": frozenset(
        "what which share proportion percentage fraction part large big many per cent percent "
        "be have".split()
    ),
}
# What a figure of each kind must be said of (``Retriever._said_of``).
_ASKING_WORDS = {"money": _MONEY_WORDS, "share": _SHARE_WORDS}
# The words that name the advice itself ("hvilket råd …", "which tip …").
_ADVICE_WORDS = {
    "da": frozenset("råd raad rådene god gode 12 tolv".split()),
    "en": frozenset("advice piece pieces tip tips 12 twelve".split()),
}
_WHICH = {"da": re.compile(r"\bhvilke[nt]?\b"), "en": re.compile(r"\bwhich\b")}
# A question of at most this many words that asks how many (words.NUMBER_HINTS) or
# where (knowledge/details.yml ``place``) ("hvor mange klasser?", "i hvilket område?",
# "which town?") may ask it of the last answer.
_SHORT_DETAIL = 4
_ASKS_HOW_MANY = {lang: " ".join(NUMBER_HINTS[lang]) for lang in LANGUAGES}  # "hvor mange"
_HOW_MANY_WORDS = frozenset({"mange", "mangen", "many", "much"})
_CODE = re.compile(r"\d+(?:-\d+){2,}")  # an ISBN, not a count
# The catalogue itself, named in a question ("idékataloget", "idé kataloget", "this
# catalogue"): words.CATALOGUE_WORDS.
_WHOLE_CATALOGUE = re.compile(
    r"\b(?:id[ée] |idea )?(?:"
    + "|".join(sorted(set().union(*CATALOGUE_WORDS.values()), key=len, reverse=True))
    + r")\b"
)
_PARTITIVE = frozenset({"af", "of"})  # "hvor mange af de unge": what is counted follows
# Where a question says who gets something out of it: "hvad får beboerne (egentlig) ud
# af …", "gevinsten for området", "what does a deprived area gain", "what's in it for
# the residents", "benefits for the staff" (the words that name who: kinds.yml gainer).
_GAINER = {
    "da": re.compile(
        r"\bhvad (?:får|faar|fik|kan|vil|skal|ville|kunne|har) (.{1,50}?) "
        r"(?:få |faa |fået |faaet )?ud af\b"
        r"|\b(?:gevinst|fordel|gavn|udbytte)\w* (?:for|til) (.{1,40})"
    ),
    "en": re.compile(
        r"\bwhat (?:does|do|did|will|would|can|could|should|might) (.{1,50}?) "
        r"(?:gain|get|gets|got|benefit|earn)\b"
        r"|\bwhat'?s in it for (.{1,40})|\b(?:gains?|benefits?) (?:for|to) (.{1,40})"
        r"|\bhow (?:does|do|did|will|would|can|could) (.{1,50}?) benefit\b"
    ),
}
_HOW_MANY = {
    lang: re.compile(rf"\b{_ASKS_HOW_MANY[lang]} ((?:\w+ ){{0,2}}\w+)") for lang in LANGUAGES
}


# What a page says, asked of the page alone ("hvad står der på side 24?", "what's on
# page 20?"): no word of what is asked.
_SAYS = {
    "da": frozenset("stå står skrive skriver sige siger have være".split()),
    "en": frozenset("have be say says write writes mention mentions s".split()),  # "whats"
}


@functools.lru_cache(maxsize=4096)
def _word_lemmas(word: str, language: str) -> Tuple[str, ...]:
    return tuple(lemmas(word, language))


def _beside(text: str, one: Tuple[int, int], other: Tuple[int, int]) -> bool:
    """Whether two spans of ``text`` stand in one clause with at most seven words
    between them ("Mikael Kamber var chefredaktør på JydskeVestkysten og er nu
    mediedirektør"), or overlap ("Mayor Klaus Bondam" read as a name). A sentence
    end, a semicolon, a dash or a bracket between them parts them ("borgmesterens
    overrækkelse … (Steen Søgaard)" quotes him, it does not name the mayor)."""
    start, end = min(one[1], other[1]), max(one[0], other[0])
    if start >= end:
        return True
    between = text[start:end]
    return not re.search(r"[.;!?](\s|$)|[–()]", between) and len(re.findall(r"\w+", between)) <= 7


_WORD_END = re.compile(r"\w*$")  # the start of the word a match is the end of
# Where a role is held: "mediedirektør i DR", "project manager at the Danish Refugee Council".
_OF_PLACE = re.compile(r"\s+(?:i|hos|på|for|at|of|in|af)\s+(?:the\s+)?([A-ZÆØÅ][\w-]*)")


def _owns(word: str) -> bool:
    """Whether ``word`` is in the genitive ("borgmesterens", "mayor's")."""
    word = word.strip('.,;:!?"“”„')
    return word.endswith(("'s", "’s")) or (word.endswith("s") and word[:-1].endswith(("en", "et")))


# A name in quotation marks is this long at most (``words.quotations``).
_QUOTED_NAME = 80


def _states_detail(
    fact: Fact, language: str, detail: Dict, names: FrozenSet[str] = frozenset()
) -> bool:
    """Whether ``fact`` states a detail of knowledge/details.yml: it is of one of the
    detail's ``kinds``, or its answer matches one of its ``answer`` patterns. With
    ``not_names``, a name the catalogue knows (``names``: its aliases, lower-cased)
    in quotation marks is left out first: „Gennem Ild og Vand“ is named, not said."""
    if fact.kind in detail.get("not_kinds", ()):
        return False
    answer = fact.answer[language]
    if detail.get("not_names"):
        answer = without_quotations(
            answer, _QUOTED_NAME, which=lambda quoted: quoted.strip().lower() in names
        )
    return fact.kind in detail.get("kinds", ()) or any(
        re.search(p, answer) for p in detail.get("answer", ())
    )


def _mentions(text: str, name: str, by_surname: bool) -> bool:
    """Whether ``text`` names the person ``name``: in full, or by surname when no
    one else the catalogue names has it (also with a genitive s)."""
    forms = (name, name.split()[-1]) if by_surname else (name,)
    # ... also in the Danish genitive ("Karsten Vesters telefonnummer").
    return any(re.search(rf"\b{re.escape(n)}s?\b", text) for n in forms)


@dataclass(frozen=True)
class About:
    """What a question is about, for whether a detail is stated of it: the cases
    and topics it names, the people it names, the people "han"/"she" points at,
    and the case in play."""

    named: Sequence[str]
    people: frozenset
    pointed: frozenset
    context_case: Optional[str]


@dataclass
class Hit:
    fact: Fact
    score: float


@dataclass
class Retrieval:
    """What the retriever found for one question."""

    language: str
    hits: List[Hit]
    coverage: float
    cases: List[str] = field(default_factory=list)
    advice_number: Optional[int] = None
    named: List[str] = field(default_factory=list)  # cases and topics the question names
    nearest: float = 0.0  # similarity of the best fact's nearest bank question (0-1)
    margin: float = 0.0  # best score / second best score
    unknown: float = 0.0  # IDF-weighted share of the asked words the catalogue does not know at all
    follow_up: bool = False  # named nothing, and leaned on the conversation's context
    # Asked for a kind of detail (an amount, a year, an age, contact details) that the
    # best fact does not state, or a year or name the catalogue never uses.
    lacks_detail: bool = False
    # What it asks for that is missing: (kind, word), e.g. ("money", ""), ("name", "Odense").
    missing: Tuple[str, str] = ("", "")
    people: frozenset = frozenset()  # the catalogue's people the question names
    # Points at one of several facts without saying which ("og den anden?" right
    # after one piece of advice): the user picks ("Mente du …?").
    ambiguous: bool = False
    # Asks which of the 12 pieces of advice or of the six cases says or did something
    # ("hvilket råd handler om at fejre resultaterne?", "which case is about a mortgage
    # lender?"): how clearly the best one wins over the next one (0 for other questions).
    pick_margin: float = 0.0

    @property
    def best(self) -> Optional[Fact]:
        return self.hits[0].fact if self.hits else None

    @property
    def certain(self) -> bool:
        """Settled before any weighing: an advice number, a case or topic named alone."""
        return bool(self.hits) and math.isinf(self.hits[0].score)

    @property
    def decision(self) -> str:
        """ "answer", "suggest" or "none", by the calibrated decision."""
        return decide(self)

    def candidates(self, n: int = 3) -> List[Fact]:
        return [h.fact for h in self.hits[:n]]


def decision_features(found: Retrieval) -> List[float]:
    """The signals the decision weighs (``FEATURES``), for a question with hits."""
    if not found.hits:
        return [0.0] * len(FEATURES)
    score = found.hits[0].score
    log_margin = math.log(min(max(found.margin, 1.0), 4.0))
    return [
        found.coverage,
        found.nearest,
        log_margin,
        float(bool(found.named)),
        found.unknown,
        float(found.follow_up),
        math.log1p(min(score, 50.0)),
        found.coverage * log_margin,  # a clear winner counts only if it covers the question
    ]


@functools.lru_cache(maxsize=1)
def _calibration() -> Dict:
    calibration = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    if tuple(calibration["features"]) != FEATURES:
        raise ValueError(f"{CALIBRATION_FILE.name} is for other features: run tools/calibrate.py")
    return calibration


def answer_probability(found: Retrieval, calibration: Optional[Dict] = None) -> float:
    """How likely the best fact is the right answer (calibrated on DEV data)."""
    if not found.hits:
        return 0.0
    if found.certain:
        return 1.0
    return logistic((calibration or _calibration())["weights"], decision_features(found))


def logistic(weights: Sequence[float], features: Sequence[float]) -> float:
    """The logistic model: ``weights`` are one per feature and the bias last."""
    z = sum(w * x for w, x in zip(weights, [*features, 1.0]))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def decide(
    found: Retrieval, calibration: Optional[Dict] = None, bar: Optional[float] = None
) -> str:
    """ "answer" when the calibrated probability that the best fact answers the
    question reaches the threshold, unless it asks for a detail the best fact
    does not state or mostly for things the catalogue never mentions (a question
    the bank holds word for word is answered even then); "answer" also, whatever
    the probability and ``bar``, when the question asks which piece of advice or
    which case and one clearly wins (``PICK_MARGIN``), unless it lacks the detail
    asked for; "suggest" (offer the nearest facts) when it does not but the
    question names a case, person, project or catalogue term (never "none" for
    those) or is partly covered; "none" (not covered) below. ``bar`` is the
    probability an answer must reach when it is not the calibrated threshold."""
    if not found.hits:
        return "none"
    if found.ambiguous:
        return "suggest"
    if found.nearest >= SAME_QUESTION:
        return "answer"  # the bank holds this very question (a reviewer may have put it there)
    picked = (
        found.pick_margin >= PICK_MARGIN and found.coverage > 0 and found.nearest >= PICK_NEAREST
    )
    held_back = found.lacks_detail or (
        not found.named and not picked and found.unknown >= UNKNOWN_UNNAMED
    )
    if held_back and not found.certain:
        return "suggest" if found.named or found.coverage >= SUGGEST else "none"
    if picked:
        # A piece of advice or a case that clearly wins answers "which one …?", also
        # when it is asked in words the catalogue does not use ("offentligheden",
        # "udrykningskøretøjerne"); nearer ties are weighed as any question.
        return "answer"
    calibration = calibration or _calibration()
    if answer_probability(found, calibration) >= (calibration["answer"] if bar is None else bar):
        return "answer"
    if found.coverage >= SUGGEST or found.named:
        return "suggest"
    return "none"


def foreign(term: str) -> str:
    """How an index writes a term of the other language (``_Index.take_in``)."""
    return "~" + term


class _Index:
    """A BM25 index of all facts in one language."""

    def __init__(self, kb: Knowledge, lang: str, answers_only: bool = False) -> None:
        self.lang = lang
        self.facts: List[Fact] = list(kb.facts.values())
        self.position = {fact.id: i for i, fact in enumerate(self.facts)}
        self.docs: List[Counter] = []
        for fact in self.facts:
            topic = kb.topics[fact.topic]
            terms: List[str] = []
            terms += lemmas(fact.answer[lang], lang)
            if answers_only:
                self.docs.append(Counter(with_compound_parts(terms, lang)))
                continue
            keywords = (*fact.keywords[lang], *kb.kind_keywords.get(fact.kind, {}).get(lang, ()))
            weighted = lemmas(fact.label[lang], lang) + [
                t for k in dict.fromkeys(keywords) for t in lemmas(k, lang)
            ]
            terms += weighted * 2
            terms += lemmas(topic.name[lang], lang)
            terms += [t for a in topic.aliases for t in lemmas(a, lang)]
            # The question bank: the words people use when they ask for this fact.
            terms += [
                t for q in fact.questions.get(lang, ()) for t in dict.fromkeys(lemmas(q, lang))
            ]
            if any(ch.isdigit() for ch in fact.answer[lang]):
                terms += list(NUMBER_HINTS[lang])
            self.docs.append(Counter(with_compound_parts(terms, lang)))
        self.topic_terms: Dict[str, set] = {}
        for fact, doc in zip(self.facts, self.docs):
            self.topic_terms.setdefault(fact.topic, set()).update(doc)
        # A case knows its own town, municipality, company and project even where no
        # one fact names them ("hvad hed borgmesteren i København?" is Mimersgade's).
        for topic_id, topic in kb.topics.items():
            if topic.details and topic_id in self.topic_terms:
                words = [t for v in topic.details.values() for t in lemmas(v, lang)]
                self.topic_terms[topic_id].update(with_compound_parts(words, lang))
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg_len = sum(self.lengths) / len(self.lengths)
        self._weigh()
        self.max_idf = max(self.idf.values())

    def _weigh(self) -> None:
        df: Counter = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def take_in(self, theirs: Sequence[Counter]) -> None:
        """Also index each fact by the terms of the other language's index, marked
        (``foreign``), for the words of that language in a message written in this
        one ("hvem var key stakeholders i kulturringen", "what are the tre trin in
        the ABCD-metode"): the facts are the same in both languages. The marked
        terms have weights of their own and leave this language's lengths, and what
        counts as a word this catalogue does not know (``max_idf``), as they were."""
        for doc, their_doc, fact in zip(self.docs, theirs, self.facts):
            doc.update({foreign(t): c for t, c in their_doc.items()})
            self.topic_terms[fact.topic].update(foreign(t) for t in their_doc)
        self._weigh()

    def doc(self, fact: Fact) -> Counter:
        """The indexed terms of ``fact``."""
        return self.docs[self.position[fact.id]]

    def normalise(self, term: str) -> Optional[str]:
        """A vocabulary term for ``term``: itself, or itself without a suffix."""
        if term in self.idf:
            return term
        if self.lang == "da" and term + "e" in self.idf:
            return term + "e"  # "finansier" (noun lemma of "finansierer") -> "finansiere"
        for suffix in _SUFFIXES[self.lang]:
            if term.endswith(suffix) and len(term) - len(suffix) >= 3:
                stem = term[: -len(suffix)]
                if stem in self.idf:
                    return stem
                for other in (stem + "e", stem + "en", stem + "er"):
                    if other in self.idf:
                        return other
        return None

    def score(self, terms: Sequence[str]) -> List[float]:
        scores = [0.0] * len(self.docs)
        for term in terms:
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, doc in enumerate(self.docs):
                tf = doc.get(term)
                if tf:
                    norm = K1 * (1 - B + B * self.lengths[i] / self.avg_len)
                    scores[i] += idf * tf * (K1 + 1) / (tf + norm)
        return scores


class _Nearest:
    """The question bank (and labels) as character-trigram vectors: how alike a
    question is to the nearest way people asked for each fact. Robust to typos,
    compounds written apart and endings the lemmatizer does not know."""

    def __init__(self, kb: Knowledge, lang: str) -> None:
        self.lang = lang
        items = [
            (f.id, q)
            for f in kb.facts.values()
            for q in (f.label[lang], *f.questions.get(lang, ()))
        ]
        self.fact_ids = [fid for fid, _ in items]
        grams = [self.grams(q) for _, q in items]
        df: Counter = Counter(g for gs in grams for g in gs)
        n = len(items)
        self.idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self.max_idf = max(self.idf.values())
        self.postings: Dict[str, List[Tuple[int, float]]] = {}
        for i, gs in enumerate(grams):
            weights = {g: (1 + math.log(c)) * self.idf[g] for g, c in gs.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for g, w in weights.items():
                self.postings.setdefault(g, []).append((i, w / norm))

    def grams(self, text: str) -> Counter:
        """Character trigrams of the words (æ/ø/å folded both ways), and each lemma
        as a whole, which counts as much as LEMMA_WEIGHT trigrams."""
        words = [w for w in re.findall(r"\w+", text.lower()) if w not in STOPWORDS[self.lang]]
        out: Counter = Counter()
        for word in words:
            for form in {*folded_forms(word)} if not word.isdigit() else {word}:
                padded = f" {form} "
                out.update(padded[i : i + 3] for i in range(len(padded) - 2))
        for term in with_compound_parts(lemmas(text, self.lang), self.lang):
            out["=" + term] += LEMMA_WEIGHT
        return out

    def similarity(self, text: str) -> Dict[str, float]:
        """Fact id -> cosine of the question with that fact's nearest bank question."""
        grams = self.grams(text)
        # Grams no bank question has count in the norm at the highest weight: a
        # question about pizza is not like "kan man bestille kataloget".
        weights = {g: (1 + math.log(c)) * self.idf.get(g, self.max_idf) for g, c in grams.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        weights = {g: w for g, w in weights.items() if g in self.postings}
        dots: Dict[int, float] = {}
        for g, w in weights.items():
            for i, v in self.postings[g]:
                dots[i] = dots.get(i, 0.0) + w * v
        best: Dict[str, float] = {}
        for i, dot in dots.items():
            fid = self.fact_ids[i]
            best[fid] = max(best.get(fid, 0.0), dot / norm)
        return best


class Retriever:
    """Ranks catalogue facts for a question. Build once, share everywhere."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.names = Names(kb)
        self.references = References(kb, self.names)
        self.indexes = {lang: _Index(kb, lang) for lang in LANGUAGES}
        # The answers alone: a detail ("2004", "skoler", "department") is where it is stated.
        self.answer_indexes = {lang: _Index(kb, lang, answers_only=True) for lang in LANGUAGES}
        # Each index also knows the other language's words, marked (_Index.take_in):
        # from each one's own terms, before either takes the other's in.
        for indexes in (self.indexes, self.answer_indexes):
            native = {lang: [Counter(doc) for doc in index.docs] for lang, index in indexes.items()}
            for lang, index in indexes.items():
                index.take_in(native[other_language(lang)])
        self.nearest = {lang: _Nearest(kb, lang) for lang in LANGUAGES}
        # knowledge/answer_types.yml: the kinds of detail a question can ask for and
        # which facts state one (matched in either language's answer).
        types = answer_types()
        self.type_asks = {
            lang: {name: [re.compile(p) for p in t["ask"][lang]] for name, t in types.items()}
            for lang in LANGUAGES
        }
        self.type_order = list(types)  # the first one asked for is the one named as missing
        # knowledge/details.yml: details that only decide between near ties.
        details = yaml.safe_load(DETAILS_FILE.read_text(encoding="utf-8"))
        self.detail_asks = {
            lang: {name: [re.compile(p) for p in d["ask"][lang]] for name, d in details.items()}
            for lang in LANGUAGES
        }
        self.detail_unless = {
            name: frozenset(d.get("unless_kinds", ())) for name, d in details.items()
        }
        self.details_alone = frozenset(name for name, d in details.items() if d.get("alone"))
        aliases = frozenset(a.lower() for topic in kb.topics.values() for a in topic.aliases)
        self.detail_facts = {
            (name, lang): frozenset(
                fact.id for fact in kb.facts.values() if _states_detail(fact, lang, d, aliases)
            )
            for name, d in details.items()
            for lang in LANGUAGES
        }
        self.figure_answers = {kind: types[kind]["answer"] for kind in _ASKING_WORDS}
        # A year said to be about so many, and a year asked what came after (the "year"
        # type's ``guessed`` and ``after``).
        self.year_guessed = re.compile(types["year"]["guessed"])
        self.year_after = re.compile(types["year"]["after"])
        # A person asked for by role: the role's pattern per language (the "person" type).
        self.roles = {
            role: {lang: re.compile(p) for lang, p in patterns.items()}
            for role, patterns in types.get("person", {}).get("roles", {}).items()
        }
        self.known_years = frozenset(
            year
            for fact in kb.facts.values()
            for a in fact.answer.values()
            for year in _YEAR.findall(a)
        )
        # The latest year each topic's facts mention: "what happened after 2008?" about
        # a case whose facts end in 2008 asks for what the catalogue does not tell.
        self.last_year = {
            tid: max(
                (
                    int(y)
                    for f in topic.facts
                    if f.kind != "read_more"  # "the addresses are from 2010" is our note
                    for a in f.answer.values()
                    for y in _YEAR.findall(a)
                ),
                default=0,
            )
            for tid, topic in kb.topics.items()
        }
        # (A type's ``not_kinds`` never state it: "the addresses are from 2010" in a
        # web reference is not when anything happened.)
        self.fact_types = {
            fact.id: frozenset(
                name
                for name, t in types.items()
                if fact.kind not in t.get("not_kinds", ())
                and any(
                    re.search(p, fact.answer[lang].lower())
                    for p in t["answer"]
                    for lang in LANGUAGES
                )
            )
            for fact in kb.facts.values()
        }
        self.kind_patterns = {
            lang: {
                kind: [re.compile(p) for p in pats[lang]] for kind, pats in kb.kind_patterns.items()
            }
            for lang in LANGUAGES
        }
        # Lemmatised once here, not per question: each kind's keywords (the words
        # that only say what is asked), each topic's aliases and each fact's label.
        self.kind_terms = {
            lang: {
                kind: frozenset(t for k in kws[lang] for t in lemmas(k, lang))
                for kind, kws in kb.kind_keywords.items()
            }
            for lang in LANGUAGES
        }
        self.alias_terms = {
            lang: {
                tid: frozenset(t for a in topic.aliases for t in lemmas(a, lang))
                for tid, topic in kb.topics.items()
            }
            for lang in LANGUAGES
        }
        self.name_terms = {
            lang: {
                tid: frozenset(
                    lemmas(topic.name[lang], lang) + lemmas(topic.aliases[0], lang)
                    if topic.aliases
                    else lemmas(topic.name[lang], lang)
                )
                for tid, topic in kb.topics.items()
            }
            for lang in LANGUAGES
        }
        self.label_terms = {
            lang: {fid: frozenset(lemmas(fact.label[lang], lang)) for fid, fact in kb.facts.items()}
            for lang in LANGUAGES
        }
        # The people the catalogue names (the names among the key-people facts'
        # keywords), and which of them each fact's answer mentions: "han", "she"
        # in a follow-up points at someone the last answer named.
        people = sorted(kb.people)
        surnames = Counter(name.split()[-1] for name in people)
        self.people = {name: surnames[name.split()[-1]] == 1 for name in people}  # -> by surname
        self.fact_people = {
            fact.id: frozenset(
                name
                for name in people
                if any(_mentions(fact.answer[lang], name, self.people[name]) for lang in LANGUAGES)
            )
            for fact in kb.facts.values()
        }
        # ... and everyone a topic's facts name: "hvem er hun?" after an answer that
        # named no one points at someone of the case in play.
        self.topic_people = {
            tid: frozenset(
                name
                for fact in kb.facts.values()
                if fact.topic == tid
                for name in self.fact_people[fact.id]
            )
            for tid in kb.topics
        }
        cues = follow_ups()
        self.follow_up_patterns = {
            lang: {
                cue: [re.compile(with_word_lists(p, lang)) for p in pats[lang]]
                for cue, pats in cues.items()
                if cue not in ("words", "starts")
            }
            for lang in LANGUAGES
        }
        # The words of each case's place and municipality ("nørrebro", "vejle"): said
        # beside a case's name, they name nothing else (``only_a_case``).
        self.whereabouts = {
            t.id: frozenset(
                w.lower()
                for key in ("place", "municipality")
                for w in re.findall(r"\w+", t.details[key])
            )
            for t in kb.cases
        }
        self.follow_up_words = {
            lang: frozenset(
                self.indexes[lang].normalise(t) or t
                for w in cues["words"][lang]
                for t in lemmas(w, lang)
            )
            for lang in LANGUAGES
        }

    def asked_kinds(self, text: str, language: str) -> Tuple[List[str], List[str]]:
        """The kinds of fact a question asks for ("Hvad fik avisen ud af det?" ->
        gains), and the words that said so (left out of coverage, like "hvem")."""
        kinds, words, _ = self._read_kinds(text, language)
        return kinds, words

    def _read_kinds(self, text: str, language: str) -> Tuple[List[str], List[str], Set[str]]:
        """:meth:`asked_kinds`, and the gains kinds whose side the question names as who
        gains (:meth:`_gainer_sides`, read once when the gains are asked at all)."""
        low = text.lower()
        # Typed without æ/ø/å ("hvad faar de ud af det") the words are read as spelled too.
        forms = (low, spelled_in(low)) if language == "da" else (low,)
        kinds, words = [], []
        for kind, patterns in self.kind_patterns[language].items():
            for pattern in patterns:
                match = next((m for m in map(pattern.search, forms) if m), None)
                if match:
                    kinds.append(kind)
                    said = set(lemmas(match.group(0), language))
                    words += [t for t in self.kind_terms[language].get(kind, ()) if t in said]
                    break
        sides = self._gainer_sides(low, language) if GAINS & set(kinds) else set()
        if GAINS <= set(kinds) and len(sides) == 1:
            # "hvad får beboerne ud af …", "what does a deprived area gain from teaming
            # up with a company?": one side's gains, not the other's it gains with.
            kinds = [k for k in kinds if k not in GAINS or k in sides]
        if PUBLICATION in kinds:
            # Asked of the catalogue itself ("hvem betalte for at lave kataloget?", "who
            # wrote the booklet?"): the money or the people are the publication's, not a
            # case's financing or key people.
            kinds = [PUBLICATION]
        return kinds, words, sides

    def _gainer_sides(self, low: str, language: str) -> Set[str]:
        """The gains kinds (area, company) whose gainer the question names where it
        says who gets something out of it (knowledge/kinds.yml ``gainer``): "hvad får
        beboerne ud af det" -> gains_area; empty when it says no one of either side."""
        said = [
            w
            for match in _GAINER[language].finditer(low)
            for w in re.findall(r"\w+", next(g for g in match.groups() if g))
        ]
        # Typed without æ/ø/å ("boern", "omraadet"): the word spelled out is read too.
        return {
            kind
            for kind, stems in self.kb.kind_gainers.items()
            if any(
                form.startswith(stem)
                for w in said
                for form in {w, spelled_in(w)}
                for stem in stems[language]
            )
        }

    def asked_details(self, typed: str, language: str) -> List[str]:
        """The details of knowledge/details.yml a question asks for ("hvor tit …?" ->
        frequency), read as typed and, in Danish, with æ/ø/å written in."""
        forms = (typed, spelled_in(typed)) if language == "da" else (typed,)
        return [
            name
            for name, patterns in self.detail_asks[language].items()
            if any(p.search(form) for p in patterns for form in forms)
        ]

    def asked_types(self, text: str, language: str) -> frozenset:
        """The kinds of detail a question asks for ("hvor mange kroner …" -> money;
        "hvad hed borgmesteren?" -> person, only when it names a role)."""
        asked = {
            name
            for name, patterns in self.type_asks[language].items()
            if any(p.search(text) for p in patterns)
        }
        if "person" in asked and not self.asked_roles(text):
            asked.discard("person")
        if "evaluation" in asked and _HOW_MANY[language].search(text.lower()):
            # "Er der statistik over, hvor mange beboere der mangler computer?" asks
            # for a count, which the catalogue may give (70 per cent of residents):
            # judged as "how many", not declined as a measured result.
            asked.discard("evaluation")
        return frozenset(asked)

    def asked_roles(self, text: str) -> List[str]:
        """The roles the words that ask for a person stand beside, in the sentence
        that asks, in either language, or that they are ("who leads"): up to three
        words after them ("hvad hed
        borgmesteren", "who is LEGO's CEO", "name of the mayor") or two before
        ("the mayor's name"). Not a role in a preamble ("Jeg er leder af en klub.
        Hvad hed projektet?") or further off ("Hvem er med i projektet, som
        borgmesteren støttede?"). ``text`` may hold the question in several forms,
        one a line."""
        windows, owners = [], []
        for line in text.splitlines():
            sentence = _question_sentence(line).lower()
            for lang in LANGUAGES:
                for cue in self.type_asks[lang].get("person", ()):
                    for match in cue.finditer(sentence):
                        windows.append(" ".join(sentence[: match.start()].split()[-2:]))
                        # ... and the words themselves ("who leads", "hvem leder").
                        windows.append(match.group(0))
                        rest = sentence[match.end() :].split()
                        windows.append(" ".join(rest[:3]))
                        # "Hvem var borgmesterens partnere?", "who were the mayor's
                        # partners?": the role owns what is asked; it is not asked
                        # for (in any form of the question: one drops the "'s").
                        owners += [
                            w for i, w in enumerate(rest[:3]) if i + 1 < len(rest) and _owns(w)
                        ]
        return [
            role
            for role, by_lang in self.roles.items()
            if any(p.search(window) for p in by_lang.values() for window in windows)
            and not any(p.search(owner) for p in by_lang.values() for owner in owners)
        ]

    def _role_holders(self, fact: Fact, role: str) -> Iterator[Tuple[str, Optional[str]]]:
        """Each place a word for ``role`` stands beside a name in ``fact`` (one of the
        catalogue's people, or a name of two to four capitalised words): the language
        and the word the role is said to be of ("mediedirektør i DR" -> "dr"; "leder
        af Billedskolen" -> "billedskolen"; None when it says of nothing)."""
        for lang in LANGUAGES:
            answer = fact.answer[lang]
            names = [m.span() for m in PERSON.finditer(answer)] + [
                m.span()
                for name in self.fact_people[fact.id]
                for m in re.finditer(rf"\b{re.escape(name)}\b", answer)
            ]
            pattern = self.roles.get(role, {}).get(lang)
            for match in pattern.finditer(answer.lower()) if pattern else ():
                # The whole word the role is part of ("mediedirektør").
                head = _WORD_END.search(answer[: match.start()])
                start = match.start() - (len(head.group(0)) if head else 0)
                if any(_beside(answer, (start, match.end()), name) for name in names):
                    where = _OF_PLACE.match(answer[match.end() :])
                    yield lang, where.group(1).lower() if where else None

    def names_in_role(self, fact: Fact, roles: Sequence[str], named: Sequence[str] = ()) -> bool:
        """Whether ``fact`` names a person in one of ``roles``: one of the catalogue's
        people (or a name of two to four capitalised words) beside a word for the
        role ("borgmester Klaus Bondam", "Maria Kavita Nielsen er projektleder"); of
        what the question names, when the role is said to be of somewhere ("Hvem er
        direktør for LEGO?" is not answered by "mediedirektør i DR")."""
        own = {
            w
            for topic in named
            for a in (*self.kb.topics[topic].aliases, *self.kb.topics[topic].name.values())
            for w in re.findall(r"\w+", a.lower())
        }
        return any(
            not own or place is None or place in own
            for role in roles
            for _, place in self._role_holders(fact, role)
        )

    def names_in_role_of(self, role: str, question: str) -> bool:
        """Whether any fact of the catalogue names a person in ``role`` of a place
        ``question`` writes ("Hvad hedder lederen af Billedskolen?": the colophon's
        "Jytte Andersen, leder af Billedskolen"), whatever the fact is about."""
        words = set(re.findall(r"\w+", question.lower()))
        return any(
            place in words
            for fact in self.kb.facts.values()
            for _, place in self._role_holders(fact, role)
            if place
        )

    def states(self, fact: Fact, kind: str, word: str = "", named: Sequence[str] = ()) -> bool:
        """Whether ``fact`` gives the detail a question found missing as ``kind``
        (for "person", ``word`` is the role asked for, of what ``named`` names)."""
        if kind == "person":
            return self.names_in_role(fact, [word], named)
        return kind in self.fact_types[fact.id]

    def follow_up_cues(self, text: str, language: str) -> set:
        """How a question leans on the previous answer (knowledge/follow_ups.yml):
        "another_case", "something_else", "next", "previous"."""
        low = text.lower()
        return {
            cue
            for cue, patterns in self.follow_up_patterns[language].items()
            if any(p.search(low) for p in patterns)
        }

    def search(
        self,
        text: str,
        language: str,
        context_case: Optional[str] = None,
        top: int = 5,
        last_fact: Optional[str] = None,
        suggested: Sequence[str] = (),
        earlier: Sequence[str] = (),
    ) -> Retrieval:
        """Ranks the facts for ``text``. ``context_case`` is the case in play and
        ``last_fact`` the fact last answered: a follow-up that names nothing stays
        with them ("hvem betalte?"), asks for the advice after the last one ("and
        the next one?"), for something other than the last answer ("og den anden
        model?") or for another case ("er der et andet eksempel …").
        ``suggested`` are the facts the last reply offered ("Mente du …?"): "ja",
        "den anden" picks one of them, and a question put another way ranks them
        higher. "Ok, nyt emne: …" leaves all of the context out. ``earlier`` are the
        user's messages before this one, the latest first: "og hos LEGO?" asks the
        last question again of LEGO."""
        # "… i totusind og ni", "in two thousand and nine": a number said in full is
        # read as written in digits (a year the catalogue states, or one it does not).
        text = spoken_numbers(text, language)
        # "hvad er de 70 på side 24?": the page's section ranks up as if named, and
        # the page is no number asked about.
        text, on_pages = self.kb.pages_pointed(text, language)
        asks_nothing = QUESTION_WORDS[language] | _SAYS[language]
        if len(on_pages) == 1 and all(
            set(group) & asks_nothing for group in self.term_groups(text, language)
        ):
            # "hvad står der på side 24?", "what's on page 20?": the section as a whole.
            (section,) = on_pages
            overview = self.kb.section_overview(section)
            if overview is not None:
                return Retrieval(language, [Hit(overview, float("inf"))], 1.0, [], None, [], 1.0)
        # "i citatet fra bruno, hvad laver han?": a first name the question asks about,
        # written out in full (not "min kollega Lene spørger …").
        text = self.references.full_names(text, language)
        # "… på vesterbro nej undskyld det var på nørrebro": what is taken back is not asked.
        text = self.names.corrected(text, language)
        # "who opened the show, wasnt it Ritt Bjerregaard": the guess is not asked.
        text = self.names.without_guess(text, language)
        index = self.indexes[language]
        last = self.kb.facts.get(last_fact) if last_fact else None
        as_typed = text
        if not suggested:
            # "og den anden?" right after one piece of advice: the second or the other
            # one, for the user to pick (one reading left: that piece).
            meant = self.references.pieces_meant(text, language, last)
            pieces = [f for f in map(self.kb.advice, meant) if f is not None]
            if pieces:
                hits = [Hit(f, float("inf") if len(pieces) == 1 else 1.0) for f in pieces]
                return Retrieval(
                    language, hits, 1.0, [], None, ["advice"], 1.0, ambiguous=len(pieces) > 1
                )
            # "den første du nævnte", "that project": the item of the last answer is
            # read as if named (after "Mente du …?", "den anden" picks an offered fact).
            text = self.references.resolve(text, language, last)
        # What a reference to the last answer names ("and the other one?" after the
        # add-on model) is named by the conversation: the question is a follow-up.
        resolved = text != as_typed
        number = parse_advice_number(text)
        if number is None and _TWELVE_LISTED.match(text.lower()):
            listed = Hit(self.kb.fact(ADVICE_OVERVIEW), float("inf"))
            return Retrieval(language, [listed], 1.0, [], None, ["advice"], 1.0)
        if number is not None:
            fact = self.kb.advice(number)
            if fact is not None:
                return Retrieval(
                    language, [Hit(fact, float("inf"))], 1.0, [], number, ["advice"], 1.0
                )
            return Retrieval(language, [], 0.0, [], number, ["advice"])

        original = text
        typed = text.lower()  # as the user wrote it
        # partnerskab.core.names decides which cases and topics a question names (the
        # NLU's `case` entity is the same decision) and writes its everyday typing out;
        # a place the case in play shares names that case ("og i Vejle?" after LEGO).
        in_play = context_case or (last.topic if last is not None else None)
        reading = self.names.read_in(text, language, in_play)
        text, named = reading.prepared, reading.topics
        cases = [t for t in named if self.kb.topics[t].is_case]
        # A place two cases share, named alone ("… en skoleklasse under vingerne, som de
        # gjorde i Vejle?": LEGO's classes are in Vejle, as is the fire brigade's
        # project): the other case ranks up too, less than the one the place names
        # (``SHARED_PLACE_BOOST``), and what is asked decides between them.
        shared_place = frozenset(
            t
            for m in reading.mentions
            if all(other.place for other in reading.mentions)
            for t in m.place
        )
        cues = self.follow_up_cues(text, language)
        if "new_topic" in cues:
            context_case, last_fact, suggested = None, None, ()
        else:
            # "brandstationen, hvor mange gange om året?" … "og hos lego?": the question
            # before, without what it named, asked of the case named now (not of the
            # case the last answer was about: the case slot already holds the new one).
            again = self._asked_again(original, language, earlier, last, context_case)
            if again is not None:
                return replace(self.search(again[1], language, again[0], top), follow_up=True)
        offered = [self.kb.facts[f] for f in suggested if f in self.kb.facts]
        offered_ids = {f.id for f in offered}
        picked = [n for n, cue in enumerate(PICKS) if cue in cues and n < len(offered)]
        if picked and not named:
            fact = offered[picked[0]]
            return Retrieval(language, [Hit(fact, float("inf"))], 1.0, [], fact.number, [], 1.0)
        last = self.kb.facts.get(last_fact) if last_fact else None
        alone = advice_number_alone(typed) if last is not None and not named else None
        if alone is not None and last is not None and last.number is not None:
            # "og nr 5", "and 11" after a piece of advice: that piece; "og 13", one the
            # catalogue does not have (not a fact that holds "13,5 mio. kr.").
            fact = self.kb.advice(alone)
            if fact is None:
                return Retrieval(language, [], 0.0, [], alone, ["advice"], follow_up=True)
            return Retrieval(
                language, [Hit(fact, float("inf"))], 1.0, [], alone, ["advice"], 1.0, follow_up=True
            )
        if (
            last is not None
            and last.number is not None
            and not named
            and cues & {"next", "previous"}
            and not self._asks_besides_when(text, language)
        ):
            step = 1 if "next" in cues else -1
            fact = self.kb.advice(last.number + step)
            if fact is not None:
                return Retrieval(
                    language,
                    [Hit(fact, float("inf"))],
                    1.0,
                    [],
                    fact.number,
                    ["advice"],
                    1.0,
                    follow_up=True,
                )
        if (
            last is not None
            and self.kb.topics[last.topic].is_case
            and not named
            and cues & {"next", "previous"}
            and not self.asks_besides_next(text, language)
        ):
            # "og den næste case?", "next one please" after a case: the case after it
            # (before it) in the catalogue, its fact of the kind just given, or its
            # overview.
            fact = self._neighbour_case_fact(last, 1 if "next" in cues else -1)
            if fact is not None:
                return Retrieval(
                    language,
                    [Hit(fact, float("inf"))],
                    1.0,
                    [fact.topic],
                    None,
                    [],
                    1.0,
                    follow_up=True,
                )
        if "another_case" in cues:
            # "Er der et andet eksempel?": the case in context is the one NOT asked for.
            avoided, context_case = context_case, None
        else:
            avoided = None
        # (The overview of the six cases is about them, not about the catalogue's general
        # chapters: "what did the kids take the pictures with" after it is not the
        # colophon's photo credits.)
        last_topic = (
            last.topic
            if last is not None
            and not self.kb.topics[last.topic].is_case
            and last.id != CATALOGUE_OVERVIEW
            else None
        )
        last_section = last.section if last is not None and last_topic else None
        # "Hvad laver han nu?": the people the last answer named; when it named no
        # one ("who is she?" after a case's summary), the people of the case in play.
        # ("Who said that?" after an answer of no case names no one to ask about.)
        says_who = last is not None and not named and self.references.says_who(text, language)
        in_play = context_case or (last.topic if last is not None else "")
        pointed = (
            self.fact_people[last.id]
            or (
                self.topic_people[in_play]
                if not says_who or self.kb.topics[in_play].is_case
                else frozenset()
            )
            if last is not None and not named and ("person" in cues or says_who)
            # "i citatet fra bruno, hvad laver han?": the person the message names.
            else self.people_named(original)
            if "person" in cues
            else frozenset()
        )
        groups = self.term_groups(text, language)
        terms = [group[-1] for group in groups]  # ranked on the catalogue's word
        kinds, kind_words, gainer_sides = self._read_kinds(text, language)
        if says_who and pointed:
            # "Hvem sagde det?": who the people the last answer quotes are, in the
            # fact that says who they are, not what else they said.
            kinds, terms = ["people"], []
        role = bool(pointed) and "people" in kinds
        if role:
            # "Hvad laver han nu?" asks for his role (below): "laver" is not ranked on.
            terms = [t for t in terms if t not in self.kind_terms[language]["activities"]]
        brought_in: List[str] = []
        if last is not None and not named and "thing" in cues:
            # "What are its steps?" after an answer that brought in the ABCD method:
            # what it named besides its own topic is ranked on too, and the answer
            # that only mentioned it is not the one asked for.
            answer = last.answer[language]
            brought_in = [
                index.normalise(t) or t
                for m in self.names.read(answer, language).mentions
                if m.topic != last.topic
                for t in lemmas(answer[m.start : m.end], language)
            ]
            terms += brought_in
        # (With a case in play, "which case …" is about it: "hvilken case var det?".)
        example = "which_example" in cues and not cases and not context_case
        if example:
            # "Hvilket af eksemplerne …" says that a case is asked for (below), not what
            # about it: "eksempel" is not ranked on. After an answer about a general
            # topic (the ABCD method) it asks for the case that names it, not that
            # answer again.
            terms = [t for t in terms if t not in self.follow_up_words[language]]
            if not named and last is not None and last_topic:
                brought_in = [g[-1] for g in self.term_groups(last.label[language], language)]
                terms += brought_in
        # ("af rådene" names the advice itself; "hvilket råd siger noget om CSR?" a
        # topic the piece of advice is about, not a case.)
        which_advice = "which_advice" in cues and not cases
        if which_advice:
            # "Hvilket råd siger …?" asks for a piece of advice, not about the case in
            # context; "hvilket råd handler om det?" about the last answer's subject.
            context_case = None
            asked_here = [
                t
                for t in terms
                if t not in self.follow_up_words[language]
                and t not in QUESTION_WORDS[language]
                and t not in self.kind_terms[language]["summary"]
                and t not in _ADVICE_WORDS[language]
            ]
            if not asked_here and last is not None and last.number is None:
                brought_in = [g[-1] for g in self.term_groups(last.label[language], language)]
                terms += brought_in
        if cues & {"affirm", *PICKS} or {"same_for", "same"} <= cues:
            # "ja, den i Vejle", "samme spørgsmål om BRFkredit": the case alone, as if
            # only its name were written ("og hvad ellers med LEGO?" asks more).
            said = [t for t in terms if t not in self.follow_up_words[language]]
        else:
            said = terms
        overview = self._overview_if_only_named(named, said, language)
        if overview is None and not named and self._asks_what_catalogue_is(typed, kinds, language):
            # "Hvad handler kataloget om?", "what's the catalogue about, in short?":
            # the catalogue as a whole, not one case's overview nor "not covered".
            overview = self.kb.facts.get(CATALOGUE_OVERVIEW)
        if overview is None and not named and "list_of_cases" in cues:
            # "Kan du give mig et overblik over hvilke cases der er i kataloget?": the
            # six cases, not the advice on mapping a town's companies.
            overview = self.kb.facts.get(CATALOGUE_OVERVIEW)
        # "og Dorthe Spliid Mortensen?", "hvad siger Bruno Karlsen?": one of the
        # catalogue's people, not the case they belong to, is asked about; the facts
        # naming them rank higher (below), not the case's overview. (A person named as
        # the source, "… ifølge Poul Kofoed?", says nothing of what is asked.)
        asked_people = self.people_named(original)
        about_people = (
            asked_people
            if asked_people and (overview is not None or "says" in cues)
            else frozenset()
        )
        if about_people:
            overview = None
        if overview is not None and "same_for" in cues and last is not None:
            overview = self._same_kind_for(overview, last)
        if overview is not None:
            return Retrieval(language, [Hit(overview, float("inf"))], 1.0, cases, None, named, 1.0)
        scores = index.score(terms)
        best_bm25 = max(scores) or 1.0
        in_answers = self.answer_indexes[language].score(terms)
        best_answer = max(in_answers) or 1.0
        nearest = self.nearest[language].similarity(text)
        bridged = self._in_catalogue_words(text, language)
        if bridged != text:
            # The bank is asked in the catalogue's words too ("headcount" -> "employee").
            for fid, sim in self.nearest[language].similarity(bridged).items():
                nearest[fid] = max(nearest.get(fid, 0.0), sim)
        scores = [
            s / best_bm25
            + ANSWER_WEIGHT * a / best_answer
            + NEAREST_WEIGHT * nearest.get(f.id, 0.0)
            for s, a, f in zip(scores, in_answers, index.facts)
        ]
        if not named and not any(scores) and kinds:
            # Nothing but small words ("what did they do about it?"): the facts in
            # context are the candidates, and the kind asked picks among them. With
            # no kind asked ("ok", "hvad så?") there is nothing to pick with.
            scores = [
                1.0
                if f.topic == context_case
                or (last_section and f.section == last_section)
                or f.id in offered_ids
                else 0.0
                for f in index.facts
            ]
        only_type = self._asks_only_a_detail(typed, terms, language) if not named else frozenset()
        if only_type and last is not None and only_type & self.fact_types[last.id]:
            # "Hvilke år?" after the answer on the three exhibitions asks for its years:
            # a detail asked with no word of what about, of the last answer that states
            # one ("siden hvornår?" asks when it all began: left to the ranking).
            scores = [
                max(scores) * CONTEXT_CASE_BOOST if f.id == last.id else s
                for s, f in zip(scores, index.facts)
            ]
        elif last is not None and not named and self._detail_of_last(typed, terms, last, language):
            # "Hvor mange klasser?" after "LEGO har adopteret tre klasser …", "i hvilket
            # område?" after "I Trekantsområdet …": a count or place asked of what the
            # last answer said, in its words, is that answer's.
            scores = [
                max(scores) * CONTEXT_CASE_BOOST if f.id == last.id else s
                for s, f in zip(scores, index.facts)
            ]
        if kinds == ["advice"] and "us" in cues and not named:
            # "Hvordan skal vi gribe det an?" after a case asks what the catalogue
            # advises us, not about the case in context.
            context_case = None
        if pointed:
            # About a person: what he does is his role ("hvad laver han nu?").
            # Other questions keep their kind, or none ("hvor tit er hun frivillig?").
            kinds = list(dict.fromkeys("people" if k == "activities" else k for k in kinds))
            if role:
                # His role is in the fact about the people, whatever words it is asked in
                # ("hvad er hun ansat som?" shares no word with "sagsbehandler").
                scores = [
                    s + 1.0 if f.kind == "people" and pointed & self.fact_people[f.id] else s
                    for s, f in zip(scores, index.facts)
                ]
        elif kinds == ["people"] and context_case and not named:
            # "Who ran it?", "hvem står for det?" after a case: its people, whatever
            # word the role is asked in ("ran" is not in "projektleder").
            scores = [
                s + 1.0 if f.kind == "people" and f.topic == context_case else s
                for s, f in zip(scores, index.facts)
            ]
        types = self.asked_types(f"{typed}\n{text}", language)
        # "Hvem …", "which …", "siden hvornår …" ask for a detail, not the overview.
        detail = "summary" not in kinds and (
            any(t in _DETAIL_WORDS[language] for t in terms) or bool(_DETAIL_PHRASE.search(typed))
        )
        # The side whose gains are asked, when the question names who gains.
        gainers = gainer_sides & set(kinds)
        # "hvor kan jeg læse mere om den?" right after the ABCD method, with the fire
        # brigade's case in play: it points back at what the last answer, of no case,
        # named (the method), and the case in play ranks nothing up or down. Not after a
        # general answer that names nothing of its own ("og hvor mange børn var med i
        # det?" after the gains in general, LEGO in play, is still LEGO's).
        in_case = (
            None
            if "points_back" in cues
            and last is not None
            and last_topic
            and self._speaks_of(last, [last_topic], language)
            else context_case
        )
        # A kind the case in play has no fact of, but states in its overview ("hvem var
        # målgruppen?" after BRFkredit: the residents its computers are for).
        overview_states = (
            not named
            and in_case is not None
            and in_case in self.kb.topics
            and any(
                k in self.kb.kinds_in_overview
                and all(f.kind != k for f in self.kb.topics[in_case].facts)
                for k in kinds
            )
        )
        sections_named = self.sections_named(typed, language) | on_pages
        for i, fact in enumerate(index.facts):
            if sections_named & {fact.section, *fact.also}:
                scores[i] *= SECTION_NAMED_BOOST
            if fact.kind in kinds or (
                overview_states and fact.kind == "summary" and fact.topic == in_case
            ):
                scores[i] *= KIND_BOOST
            elif detail and fact.kind == "summary":
                scores[i] *= SUMMARY_DAMPING
            is_case = self.kb.topics[fact.topic].is_case
            if fact.topic in named:
                scores[i] *= NAMED_BOOST
            elif fact.topic in shared_place:
                scores[i] *= SHARED_PLACE_BOOST
            elif cases and is_case:
                scores[i] *= OTHER_CASE_DAMPING
            elif named and is_case and not in_case:
                # Only a general topic named ("why should the council bother with area
                # renewal at all?"): its facts, not a case's that speaks of it.
                scores[i] *= TOPIC_NAMED_CASE_DAMPING
            elif not named and in_case and fact.topic == in_case:
                scores[i] *= CONTEXT_CASE_BOOST
            elif not named and avoided and fact.topic == avoided:
                scores[i] *= OTHER_CASE_DAMPING
            elif not named and in_case and is_case:
                scores[i] *= CONTEXT_OTHER_DAMPING
            elif not named and in_case and not is_case:
                scores[i] *= CONTEXT_GENERAL_DAMPING
            elif not (named or context_case or avoided or is_case or "another_case" in cues):
                # Nothing named and no case in play: about partnerships in general
                # ("hvad får politikerne ud af partnerskaber?"), not one case's gains;
                # unless it asks for an example ("er der andre eksempler, hvor …").
                scores[i] *= GENERAL_BOOST
                if fact.kind in gainers:
                    # "hvad får virksomheden ud af at samarbejde med boligområdet?": what
                    # a company (any) gets, in general, not what one case's company got.
                    scores[i] *= GENERAL_GAINS_BOOST
            elif not named and "another_case" in cues and is_case and (avoided or last is not None):
                # "Andre virksomheder …" after an answer: an example. In a first
                # question it means companies in general, not another case.
                scores[i] *= ANOTHER_CASE_BOOST
            if not named and last_topic and fact.topic == last_topic and not example:
                scores[i] *= LAST_TOPIC_BOOST
            if not named and last_section and fact.section == last_section and not example:
                scores[i] *= LAST_SECTION_BOOST
            if (pointed | about_people) & self.fact_people[fact.id]:
                scores[i] *= PERSON_BOOST
            if "says" in cues and fact.kind == "people":
                # "Hvad siger Bruno Karlsen?", "hvad sagde specialkonsulenten om
                # fondene?": what was said, not who said it.
                scores[i] *= SOMETHING_ELSE_DAMPING
            if last is not None and fact.id == last.id and ("something_else" in cues or brought_in):
                scores[i] *= SOMETHING_ELSE_DAMPING
            if example:
                # One of the examples, not the list of all six nor a general topic.
                scores[i] *= ANOTHER_CASE_BOOST if is_case else SOMETHING_ELSE_DAMPING
            if which_advice:
                scores[i] *= (
                    ANOTHER_CASE_BOOST if fact.number is not None else SOMETHING_ELSE_DAMPING
                )
            if types & self.fact_types[fact.id]:
                scores[i] *= TYPE_BOOST
            if fact.id in offered_ids:
                scores[i] *= SUGGESTED_BOOST
        wanted = [
            d for d in self.asked_details(typed, language) if not self.detail_unless[d] & set(kinds)
        ]
        asked_alone = [d for d in wanted if d in self.details_alone]
        detail_words = self._detail_words(typed, asked_alone, language)
        besides = [t for t in terms if t not in QUESTION_WORDS[language] and t not in detail_words]
        if (
            asked_alone
            and context_case
            and not named
            and not kinds
            and len(besides) <= DETAIL_ALONE_WORDS
            and all(
                t in _NOT_COUNTED[language] or t in index.topic_terms[context_case] for t in besides
            )
        ):
            # "hvor længe er de der ad gangen?", "how often do they meet?" after a case:
            # the detail and at most a small verb or a word of the case, asked of the
            # case in play: its facts that state it (not "hvor tit brænder det?").
            stating = [
                f.topic == context_case
                and any(f.id in self.detail_facts[(d, language)] for d in asked_alone)
                for f in index.facts
            ]
        elif (
            types
            and context_case
            and not named
            # (Not of the answer just given when it states that kind itself: "which
            # year?" after the colophon is its year, whatever case is still in play.)
            and not (last is not None and types & self.fact_types[last.id])
            and len([t for t in terms if t not in QUESTION_WORDS[language]]) <= TYPE_ALONE_WORDS
        ):
            # "beløb", "hvilket årstal?" after a case, as a search box asks: the kind of
            # detail and little else, asked of the case in play: its facts that state
            # one (Høje Taastrup's 13.5 million), not another case's that has the word.
            stating = [
                f.topic == context_case and bool(types & self.fact_types[f.id]) for f in index.facts
            ]
        else:
            stating = []
        if any(stating):
            # (Either way, the case's facts that state it rank first.)
            top_score = max(scores) or 1.0
            scores = [
                (s + top_score) * CONTEXT_CASE_BOOST if states else s
                for s, states in zip(scores, stating)
            ]
        best_score = max(scores) if wanted else 0.0
        if best_score > 0:
            # "How many times a year?": of a case's facts about as good as the best
            # one, those that state the detail asked for rank higher.
            first = index.facts[scores.index(best_score)]
            near = NEAR_TIE * best_score
            scores = [
                s * DETAIL_BOOST
                if s >= near
                and f.topic == first.topic
                and self.kb.topics[f.topic].is_case
                and any(f.id in self.detail_facts[(d, language)] for d in wanted)
                else s
                for s, f in zip(scores, index.facts)
            ]
        order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        hits = [Hit(index.facts[i], scores[i]) for i in order[:top] if scores[i] > 0]
        margin = (
            hits[0].score / hits[1].score
            if len(hits) > 1 and hits[1].score > 0
            else (1.0 if hits else 0.0)
        )
        best_nearest = nearest.get(hits[0].fact.id, 0.0) if hits else 0.0
        asked_words = {index.normalise(t) or t for t in [*kind_words, *detail_words]}
        # A cue's words say how the question leans on the last answer, not what it
        # asks ("og", "we" are no such words: an "og …" question is judged on all of it,
        # and "i den" says only that it points back: it is judged on the rest).
        if cues - {"us", "same_for", "same", "points_back"}:
            asked_words |= self.follow_up_words[language]
        content = [g for g in groups if not set(g) & asked_words]
        # A named case or topic says what the question is about, not whether the
        # catalogue answers it: "Hvor mange ansatte har LEGO?" is judged on "ansatte".
        named_terms = self._alias_terms(named, language)
        asked = [g for g in content if not set(g) & named_terms] if named else content
        about = named or [t for t in (context_case, last_topic) if t]
        about_terms = self._alias_terms(about, language) | QUESTION_WORDS[language]

        def covered(fact: Optional[Fact]) -> Tuple[float, float]:
            """How much of the question ``fact`` covers, and the share not known at all."""
            coverage, unknown = self._coverage(index, asked or content, fact)
            # Nothing but question words, "what kind" and what it is about, fully
            # covered: a case named or in context ("Who was Leif Schiller?", "hvem sagde
            # det?"), or the catalogue itself when its publication is asked and found
            # ("hvem betalte for kataloget?": its words name what it is about).
            of_the_catalogue = (
                kinds == [PUBLICATION]
                and fact is not None
                and fact.kind == PUBLICATION
                and bool(_WHOLE_CATALOGUE.search(typed))
            )
            if fact and (about or of_the_catalogue) and all(set(g) & about_terms for g in content):
                coverage = 1.0
            return coverage, unknown

        coverage, unknown = covered(hits[0].fact if hits else None)
        follow_up = (not named or resolved) and bool(context_case or last is not None or offered)
        # The answer given must state the detail, and be about what the question
        # names (LEGO's phone number is not in the colophon's); a year the
        # catalogue never mentions ("… in 2012?") is not in it either.
        best = hits[0].fact if hits else None
        asking = _question_clause(original)
        if "today" in types and not self.asks_about_today(original, language):
            types = types - {"today"}
        asked_about = About(named, asked_people, pointed, context_case)
        missing = self._missing(asking, typed, text, types, best, asked_about, language)
        if missing[0] and missing[0] not in _NOT_IN_CATALOGUE and best is not None:
            # "How many people from business sit in the Høje Taastrup partnership?":
            # its people tie with its partners, and only the partners' answer counts
            # them. Of the best fact's case or topic, a near tie that states the
            # detail asked for is given instead of saying the catalogue lacks it.
            # (A count asked for is given by a fact that states one beside what is
            # counted: "20 brandmænd" for "how many firefighters …", a wider tie.)
            for i, hit in enumerate(hits[1:], start=1):
                if hit.fact.topic != best.topic or hit.score < COUNT_TIE * hits[0].score:
                    continue
                if hit.score < DETAIL_TIE * hits[0].score and not (
                    missing[0] == "count"
                    and self._states_counted(typed, text, hit.fact, language, named, close=True)
                ):
                    continue
                if not self._missing(asking, typed, text, types, hit.fact, asked_about, language)[
                    0
                ]:
                    # Ranked first as if it had won clearly (by NEAR_TIE), so the fact
                    # that lacks the detail is not given beside it; then judged as the
                    # best fact is.
                    promoted = Hit(hit.fact, hits[0].score / NEAR_TIE * 1.01)
                    hits = [promoted, *hits[:i], *hits[i + 1 :]]
                    margin = promoted.score / hits[1].score
                    coverage, unknown = covered(hit.fact)
                    missing = ("", "")
                    best_nearest = nearest.get(hit.fact.id, 0.0)
                    break
        return Retrieval(
            language,
            hits,
            coverage,
            cases,
            None,
            named,
            best_nearest,
            margin,
            unknown,
            follow_up,
            bool(missing[0]),
            missing,
            asked_people,
            pick_margin=self._pick_margin(
                hits, "advice" if which_advice else "case" if example else ""
            ),
        )

    def runner_up(self, found: Retrieval, question: str) -> Optional[Fact]:
        """The fact to give beside the best one, or ``None``: the next of the same
        case or topic, when it came nearly as close (within ``NEAR_TIE``) and its
        answer holds a word of the question that the best one's does not ("hvem står
        for softwaren?": BRFkredit's people tie with its partners, and only the
        partners' answer says "software"). Not beside an answer settled before any
        weighing (an advice number, a case named alone), nor one that says what the
        catalogue does not give."""
        if len(found.hits) < 2 or found.certain or found.missing[0]:
            return None
        best, second = found.hits[0], found.hits[1]
        if second.fact.topic != best.fact.topic or second.score < NEAR_TIE * best.score:
            return None
        language = found.language
        answers = self.answer_indexes[language]
        first_words, second_words = answers.doc(best.fact), answers.doc(second.fact)
        asked = [
            group
            for group in self.term_groups(question, language)
            if not set(group) & QUESTION_WORDS[language]
        ]
        adds = any(
            any(t in second_words for t in group) and not any(t in first_words for t in group)
            for group in asked
        )
        return second.fact if adds else None

    def asks_about_today(self, text: str, language: str) -> bool:
        """Whether the sentence that asks asks how things stand today ("Kører det
        stadig?"), and not of our own present ("Right now we are looking for
        companies. What is the add-on model?")."""
        sentence = _question_sentence(text).lower()
        return "today" in self.asked_types(sentence, language) and not _OURS[language].search(
            sentence
        )

    def asks_only_about_today(self, text: str, language: str) -> bool:
        """Whether a message asks nothing but how things stand today, of what was just
        said ("kører det stadig?", "is that still current?"): it names nothing, and no
        word of its own is left beside the words of today and those that point back
        (not "findes galleriet stadig?")."""
        if not self.asks_about_today(text, language) or self.names.read(text, language).topics:
            return False
        own = [
            group
            for group in self.term_groups(text.lower(), language)
            if not set(group) & (self.follow_up_words[language] | _TODAY_WORDS[language])
        ]
        return not own

    def people_named(self, text: str) -> frozenset:
        """The people of the catalogue a message names: in full (in any case), or
        by a surname no one else has, written with its capital ("Vester", not
        "vester"). (A first name alone is written out before: ``References.full_names``.)"""
        lowered = text.lower()
        return frozenset(
            name
            for name, by_surname in self.people.items()
            if _mentions(lowered, name.lower(), False)
            or (by_surname and _mentions(text, name.split()[-1], False))
        )

    def _missing(
        self,
        asking: str,
        typed: str,
        text: str,
        types: frozenset,
        best: Optional[Fact],
        about: "About",
        language: str,
    ) -> Tuple[str, str]:
        """What the question asks for that the best fact does not state, as (kind,
        the word asked about): a name or a year the catalogue never uses ("… i
        Odense", "… i 2012"), what happened after the last year it tells of ("after
        2008", the year), a kind of detail the fact does not give (an amount, contact
        details, how things stand today, a measured result, a person in the role
        asked for, the role the word) or not about what the question is about, an
        amount stated of something else than what is asked ("… gav Realdania?"), or,
        for "how many X", a number beside X. ("", "") when nothing is missing. The
        most specific comes first."""
        named = about.named
        # The cases named: a name offered as a guess about one is no other subject; an
        # amount, a year, … is of the case the question names, not of a general topic it
        # also names ("What was BRFkredit's CSR budget?" is not the area renewal's 1 to 5).
        cases = [t for t in named if self.kb.topics[t].is_case]
        names = self._unknown_names(asking, language, cases)
        if names:
            return ("name", names[0])
        # "Hvor mange ansatte har de – var det ikke omkring 2000?": in a count asked
        # for, a number said to be about so many is the count guessed, not a year
        # ("hvor mange gav de i 2012?" still asks of 2012).
        written = spelled_in(typed.lower())
        guessed = (
            set(self.year_guessed.findall(written))
            if "year" not in types and _HOW_MANY[language].search(written)
            else set()
        )
        years = [
            y
            for clause in (asking, *_asking_clauses(typed))
            for y in _YEAR.findall(clause)
            if y not in self.known_years and y not in guessed
        ]
        if years:
            return ("unknown_year", years[0])
        # "What happened to Galleri Hamlet after 2008?": its facts tell of no later year.
        after = self.year_after.search(spelled_in(asking.lower()))
        if after and best is not None:
            topics = named or [best.topic]
            if all(self.last_year[t] <= int(after.group(1)) for t in topics):
                return ("later", after.group(1))
        roles = self.asked_roles(f"{typed}\n{text}") if "person" in types else []
        first = min(types, key=self.type_order.index) if types else ""
        first_type = (first, roles[0] if first == "person" else "")  # the one named as missing
        stated = (
            self.fact_types[best.id]
            | ({"person"} if self.names_in_role(best, roles, named) else set())
            if best is not None
            else frozenset()
        )
        # An evaluation the fact reports does not give the year or amount also asked
        # for ("Who carried out that evaluation and in which year?").
        details = types - {"evaluation"} or types
        if types and (
            best is None
            or not details & stated
            or bool(
                named
                and best.topic not in (cases or named)
                # (A general fact that speaks of the topic named gives its detail: the
                # web address for CSR is in the "read more" references.)
                and (cases or not self._speaks_of(best, named, language))
            )
        ):
            kind = min(details, key=self.type_order.index)
            return (kind, roles[0] if kind == "person" else "")
        for figure in _ASKING_WORDS:
            # (Of what the clause that asks says, or the whole question: "hvor stor en
            # del af beboerne har ikke internet, efter hvad brfkredit siger".)
            if figure in types and best is not None:
                read = dict.fromkeys((asking.lower(), typed))  # (once when they are the same)
                if not any(self._said_of(asked, best, named, language, figure) for asked in read):
                    return (figure, "")
        # "How many" in the clause that asks; not in a preamble ("i vores afdeling,
        # hvor mange ikke har computer, … hvem var det?").
        asks_how_many = _HOW_MANY[language].search(spelled_in(asking.lower()))
        if asks_how_many and _WHICH[language].search(
            spelled_in(asking.lower())[: asks_how_many.start()]
        ):
            # "Which piece of advice is about agreeing how many resources …" asks which.
            asks_how_many = None
        if best is not None and asks_how_many and not types & {"money", "year"}:
            if not self._states_counted(typed, text, best, language, named):
                return ("count", "")
        if types and best is not None:
            people = self.fact_people[best.id]
            # "What is Karsten Vester's e-mail?": the detail must be his, not the
            # ministry's in the colophon.
            if about.people and not about.people & people:
                return first_type
            # A follow-up that names nothing asks about what is in play: "hvad er
            # deres telefonnummer?" with BRFkredit in context is BRFkredit's number,
            # "hvad er hans mail?" his, not the ministry's in the colophon.
            if not named and (
                (about.pointed and not about.pointed & people)
                or (not about.pointed and about.context_case and best.topic != about.context_case)
            ):
                return first_type
        return ("", "")

    def _said_of(
        self, asking: str, fact: Fact, named: Sequence[str], language: str, figure: str
    ) -> bool:
        """Whether the amount or share (``figure``) ``fact`` states is the one asked
        for: the sentence that states it shares a word with what the question asks
        about, other than the words that ask for it and the names of the case ("Hvor
        mange penge var afsat til området?" -> "… 13,5 mio. kr., der er afsat til
        udvikling af området"; not "Hvor mange penge gav Realdania?", whose money the
        fact names without an amount; not "hvor stor en del af kataloget handler om
        unge?" by the 70 per cent of residents without internet). True when the
        question says nothing else."""
        asking_words = _ASKING_WORDS[figure][language]
        index = self.answer_indexes[language]
        # The case's names say what the question is about, unless the fact names one
        # of them apart from the amount ("Realdania" beside the 13.5 million).
        names = self._alias_terms(named, language) - set(index.doc(fact))
        skip = STOPWORDS[language] | QUESTION_WORDS[language] | asking_words | names
        asking = spelled_in(asking.lower())
        joined = [j for js in particle_verbs(asking, language).values() for j in js]
        asked = {
            index.normalise(t) or t
            for t in [*lemmas(asking, language), *joined]
            if t not in skip and not t.isdigit()
        }
        asked = {t for t in asked - asking_words if t in index.idf}
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ„'\"])", fact.answer[language])
        stating = [
            sentence
            for sentence in sentences
            if any(re.search(p, sentence.lower()) for p in self.figure_answers[figure])
        ]
        if not asked or not stating:
            return True
        said = {index.normalise(t) or t for t in lemmas(" ".join(stating), language)}
        return bool(asked & said)

    def _states_counted(
        self,
        typed: str,
        text: str,
        fact: Fact,
        language: str,
        named: Sequence[str],
        close: bool = False,
    ) -> bool:
        """For "how many X" questions: does the fact's answer hold a number and
        mention X? "Hvor mange ansatte har Skandia?" is not answered by a fact about
        Skandia's volunteers, whatever number it holds. X is the words after "how
        many" other than small verbs, units of time, the names of what is asked
        about and words that say how to answer ("cirka"), each also as the
        catalogue's word (``Knowledge.catalogue_word``); any one of them found in
        the answer will do. When a small word
        follows "how many" in a question that names nothing ("hvor mange er de?")
        the thing counted is not said. ``close``: only a number right beside a word
        counted (``COUNTED_CLOSE``: "20 brandmænd", "5 repræsentanter") will do."""
        match = _HOW_MANY[language].search(text) or _HOW_MANY[language].search(typed)
        if match is None:
            return True
        first = match.group(1).split()[0]
        if not named and first in STOPWORDS[language] and first not in _PARTITIVE:
            # "how many are they aiming for?": what is counted is in context. Not when
            # the question names what it asks about ("hvor mange er ansat i LEGO?").
            return not close
        words = set(re.findall(r"\w+", fact.answer[language].lower()))
        if not re.search(r"\d", fact.answer[language]) and not words & COUNTING_WORDS[language]:
            return False  # no number at all
        index = self.answer_indexes[language]
        doc = index.doc(fact)
        small = STOPWORDS[language] | QUESTION_WORDS[language] | _NOT_COUNTED[language]
        # The words that name what is asked about are not what is counted ("hvor mange
        # ansatte har LEGO?"), unless they are what "how many" asks for: "how many
        # firefighters work at the station?" counts firefighters, also a name of the
        # fire brigade's case.
        names = self._alias_terms(named, language)
        skip = small | names
        if close and {t for _, t in typed_lemmas(spelled_in(first), language)} & names:
            # ("how many firefighters …": what is counted names the case.)
            return self._counts_a_name(first, fact, language, names, COUNTED_CLOSE)
        # Typed without æ/ø/å ("gange om aaret") the words are read as spelled too.
        counted: List[str] = []
        forms = set()
        for position, word in enumerate(match.group(1).split()):
            respelled = typed_lemmas(spelled_in(word), language)
            said = {t for _, t in respelled}
            if position == 0 and said & _UNITS_OF_TIME[language]:
                return not close  # how long or how often: judged by the ranking
            if not respelled or said & skip or word in skip:
                continue  # (as typed too: the lemmatiser reads "væk" as "vække")
            for typed_word, t in {*typed_lemmas(word, language), *respelled}:
                catalogue = self.kb.catalogue_word(language, t, typed_word)
                if t in skip or t.isdigit() or catalogue == "":
                    continue  # "hvor mange cirka?" counts nothing of its own
                counted.append(t)
                forms |= {t, catalogue or t}
            if close and counted:
                break  # the word right after "how many" (its forms), not the clause's rest
        forms |= {index.normalise(f) or f for f in forms}
        # (… and a compound's parts as lemmas: "fuldtidsbrandmænd" counts "brandmand".)
        parts = set(with_compound_parts(sorted(forms), language))
        forms |= parts | {t for part in parts for _, t in typed_lemmas(part, language)}
        if not counted:
            return not close
        if close:
            return self._number_beside(fact.answer[language], forms, language, COUNTED_CLOSE)
        # A case's figure stands beside what it counts; advice and the general topics
        # speak of amounts in general ("aftal, hvor mange ressourcer hver part lægger i").
        if forms & set(doc) and (
            not self.kb.topics[fact.topic].is_case
            or self._number_beside(fact.answer[language], forms, language)
        ):
            return True
        return self._counts_a_name(match.group(1).split()[0], fact, language, names)

    def _speaks_of(self, fact: Fact, topics: Sequence[str], language: str) -> bool:
        """Whether ``fact``'s answer uses a name of one of ``topics`` ("ABCD", "CSR")."""
        return bool(
            self._alias_terms(topics, language) & set(self.answer_indexes[language].doc(fact))
        )

    def _counts_a_name(
        self, word: str, fact: Fact, language: str, names: set, within: int = BESIDE_NUMBER
    ) -> bool:
        """Whether the word right after "how many", one of the words that name what
        is asked about, is what the fact counts: a common noun there, beside a number
        ("how many firefighters work at the station?" -> "20 of them firefighters";
        not "how many Skandia employees …", a name written with its capital)."""
        said = {t for _, t in typed_lemmas(spelled_in(word), language)}
        if not said & names:
            return False
        answer = fact.answer[language]
        common = {
            t for w in re.findall(r"\b[a-zæøå][\w-]*", answer) for t in _word_lemmas(w, language)
        }
        return bool(said & common) and self._number_beside(answer, said, language, within)

    def _number_beside(
        self, answer: str, forms: set, language: str, within: int = BESIDE_NUMBER
    ) -> bool:
        """Whether a number stands beside one of the words counted, at most eight
        words away ("35 ansatte, heraf 20 brandmænd", "three classes"): "how many
        employees signed up as ambassadors?" is not answered by "two initiatives …
        lets employees volunteer". A year is no count, nor an ordinal ("9. klasse")."""
        index = self.answer_indexes[language]
        # (An ordinal is a number with a full stop before a word in lower case.)
        tokens = [
            t.lower()
            for t in re.findall(
                r"\d+\.(?= [a-zæøå])|\d+(?:[.,]\d+)*|[^\W\d_]+(?:'s|'|’s|’)?", answer
            )
        ]
        words = [re.sub(r"['’]s?$", "", t) for t in tokens]
        numbers = [
            i
            for i, w in enumerate(words)
            if (
                w[0].isdigit()
                and not w.endswith(".")
                and not _YEAR.fullmatch(w)
                and not _is_measure(words, i)
            )
            or w in COUNTING_WORDS[language]
        ]
        for i, word in enumerate(words):
            if not any(abs(i - n) <= within for n in numbers):
                continue
            if tokens[i] != word:
                continue  # "12 boys' clubs" counts clubs: a genitive is not what is counted
            # A compound counts what its head names ("12 drengeklubber" are clubs, not boys).
            parts = [
                t
                for lemma in _word_lemmas(word, language)
                for t in (lemma, *compound_parts(lemma, language)[1:])
            ]
            said = {t for part in parts for t in (part, *_word_lemmas(part, language))}
            said |= {index.normalise(t) or t for t in said}
            if said & forms:
                return True
        return False

    def only_a_case(self, text: str, language: str, in_play: Optional[str] = None) -> Optional[str]:
        """The one case a follow-up names when it names nothing else ("og hos lego?",
        "what about Skandia?", "same for the BRF one", "og for gadegalleriet på
        nørrebro"): a question asked again of that case. ``None`` for anything else,
        and for a question of its own ("ok noget andet: hvad var galleri hamlet"). Read
        with the case ``in_play`` ("kom de i avisen?" after Mimersgade names no case)."""
        topics = self.names.read_in(text, language, in_play).topics
        cases = [t for t in topics if self.kb.topics[t].is_case]
        if len(cases) != 1:
            return None
        low = text.lower()
        if _ASKS_ANYWHERE[language].search(low) and "same_for" not in self.follow_up_cues(
            low, language
        ):
            return None
        rest = self.names.without_names(text, language)  # what it says besides the names
        # ... and where the case is ("og for gadegalleriet på nørrebro").
        where = self.whereabouts[cases[0]]
        besides = [
            t
            for group in self.term_groups(rest, language)
            if (t := group[-1]) not in self.follow_up_words[language]
            and t not in _NOT_COUNTED[language]
            and not where & set(group)
        ]
        return None if besides else cases[0]

    def _asked_again(
        self,
        text: str,
        language: str,
        earlier: Sequence[str],
        last: Optional[Fact],
        context_case: Optional[str],
    ) -> Optional[Tuple[str, str]]:
        """For a follow-up that names only another case than the last answer was about
        (:meth:`only_a_case`), that case and the question to search: the latest of the
        ``earlier`` messages (the latest first) that was no such follow-up itself ("og
        for gadegalleriet?" … "hvad med høje taastrup?" both ask "hvem betalte?"),
        without the names in it, with the follow-up. (Without the messages, the
        ``same_for`` cue gives the same kind of fact as the last: ``_same_kind_for``.)"""
        in_play = last.topic if last is not None else context_case
        case = self.only_a_case(text, language, in_play) if earlier and in_play else None
        if case is None or case == in_play:
            return None
        asked = next((q for q in earlier if self.only_a_case(q, language) is None), None)
        if asked is None:
            return None
        return case, f"{self.names.without_names(asked, language)} {text}"

    def _unknown_names(self, clause: str, language: str, cases: Sequence[str] = ()) -> List[str]:
        """Names written with a capital in the clause that asks (as typed) that the
        catalogue never uses ("Hvilke virksomheder i Odense …"): the question is
        about something it does not describe. A name in another clause ("Vi er en
        skole i Aarhus, hvordan …") or one that introduces the user ("spørger
        Mette", "my name is Mette") says who asks, not what about; one offered as a
        guess in the name of a case the message names ("Var det Aalborg brandvæsen der
        …": the word after the name names ``cases``) is the writer's half memory of
        that case, not another subject ("Var det Odense der lavede noget som LEGO?" is)."""
        index = self.indexes[language]
        names = []
        run = list(re.finditer(r"(?<=[\w] )([A-ZÆØÅ][a-zæøå]{2,})\b", clause))
        guessed_to = -1  # where the last name offered as a guess ends
        for i, match in enumerate(run):
            before = clause[: match.start()]
            if cases and (
                self.names.offers_a_guess(before, language) or before == clause[:guessed_to] + " "
            ):
                end = match.end()
                for after in run[i + 1 :]:  # the rest of a name of several words
                    if clause[end : after.start()] != " ":
                        break
                    end = after.end()
                word_after = re.match(r"\s+([\w-]+)", clause[end:])
                if word_after and set(cases) & set(
                    self.names.read(word_after.group(1), language).topics
                ):
                    guessed_to = match.end()
                    continue
            if _INTRODUCES.search(before):
                continue
            word = match.group(1).lower()
            forms = {word, *folded_forms(word), *lemmas(word, language)}
            # A Danish genitive of a name the catalogue uses names it too ("Vejles",
            # "Kulturringens"), not of any word ("Paris" is not "pari").
            named = forms | ({word[:-1], *folded_forms(word[:-1])} if word.endswith("s") else set())
            known = any(f in index.idf or f in self.names.spellers[language].known for f in named)
            if not known and not any(dictionary_has(f, lang) for f in forms for lang in LANGUAGES):
                names.append(match.group(1))
        return names

    def _alias_terms(self, named: Sequence[str], language: str) -> set:
        return set().union(*(self.alias_terms[language][topic] for topic in named))

    def _pick_margin(self, hits: Sequence[Hit], picks: str) -> float:
        """How clearly the best hit wins among the pieces of advice (``picks`` "advice")
        or the cases ("case"): its score over the best of another one; 0 when it is
        none of them or nothing is picked, infinite when no other one was found."""
        if not picks or not hits:
            return 0.0

        def one(fact: Fact) -> Optional[str]:
            """Which piece of advice or case a fact is of, if any."""
            if picks == "advice":
                return fact.id if fact.number is not None else None
            return fact.topic if self.kb.topics[fact.topic].is_case else None

        best = one(hits[0].fact)
        if best is None:
            return 0.0
        others = [h.score for h in hits if one(h.fact) not in (None, best)]
        return hits[0].score / others[0] if others and others[0] > 0 else math.inf

    def _overview_if_only_named(
        self, named: Sequence[str], terms: Sequence[str], language: str
    ) -> Optional[Fact]:
        """A message that only names a case or topic ("LEGO?", "Fortæl om
        Kulturringen", "Hvad er PÅ TVÆRS?") gets the one fact whose label names
        it, or else the case's summary, rather than whichever of its facts
        happens to score highest. Questions with a question word ("Hvem er
        Mikael Kamber?") are left to the ranking."""
        if not named or any(
            t in QUESTION_WORDS[language] and t not in _WHAT[language] for t in terms
        ):
            return None
        alias_terms = self._alias_terms(named, language)
        content = [t for t in terms if t not in QUESTION_WORDS[language]]
        if not content or any(t not in alias_terms for t in content):
            return None
        # The one fact whose label says it, or else whose label says what is left
        # besides the case's own name ("What is BRFkredit's PÅ TVÆRS?").
        for with_name in (False, True):
            matches = [
                fact
                for topic in named
                for fact in self.kb.topics[topic].facts
                if set(content)
                <= self.label_terms[language][fact.id]
                | (self.name_terms[language][topic] if with_name else frozenset())
            ]
            if len(matches) == 1:
                return matches[0]
        matches = [
            fact
            for topic in named
            for fact in self.kb.topics[topic].facts
            if set(content) <= self.label_terms[language][fact.id]
        ]
        topic = self.kb.topics[named[0]]
        if topic.is_case:
            return next((f for f in topic.facts if f.kind == "summary"), None)
        return matches[0] if matches else None

    def _asks_only_a_detail(self, typed: str, terms: Sequence[str], language: str) -> frozenset:
        """The kinds of detail a question asks for when it says nothing else ("hvilke
        år?", "in which years", "how many?"): every word it ranks on is a question
        word or a word of the pattern that asks for the detail. Empty otherwise, and
        for a question when something began ("siden hvornår?", "since when?")."""
        if _BEGAN.search(typed):
            return frozenset()
        said: set = set()
        types = set()
        for name, patterns in self.type_asks[language].items():
            for pattern in patterns:
                match = pattern.search(typed)
                if match:
                    types.add(name)
                    said |= {
                        self.indexes[language].normalise(t) or t
                        for t in lemmas(match.group(0), language)
                    }
        content = [t for t in terms if t not in QUESTION_WORDS[language] and t not in said]
        return frozenset(types) if types and not content else frozenset()

    def _detail_words(self, typed: str, details: Sequence[str], language: str) -> frozenset:
        """The words that ask for ``details`` (knowledge/details.yml) in the question,
        as ranked ("hvor længe", "ad gangen", "how often"): they say what kind of
        answer is wanted, not what about, like the words that ask for a kind."""
        forms = (typed, spelled_in(typed)) if language == "da" else (typed,)
        index = self.indexes[language]
        return frozenset(
            index.normalise(t) or t
            for name in details
            for pattern in self.detail_asks[language][name]
            for form in forms
            for match in pattern.finditer(form)
            for t in lemmas(match.group(0), language)
        )

    def _detail_of_last(self, typed: str, terms: Sequence[str], last: Fact, language: str) -> bool:
        """Whether a short question asks how many or where of something the last
        answer names, with a number or a place beside it: "hvor mange klasser?"
        after "tre klasser", "which area?" after "in the Triangle Region". Every
        word it asks about (besides question words and the words that ask how
        many or where) is in the last answer."""
        words = typed.split()
        asks = re.search(rf"\b{_ASKS_HOW_MANY[language]}\b", typed) or (
            "place" in self.asked_details(typed, language)
        )
        if len(words) > _SHORT_DETAIL or not asks:
            return False
        asked = [
            t
            for t in terms
            if t not in QUESTION_WORDS[language]
            and t not in _NOT_COUNTED[language]
            and t not in STOPWORDS[language]
            and t not in self.follow_up_words[language]
            and t not in _HOW_MANY_WORDS
        ]
        doc = self.answer_indexes[language].doc(last)
        # (In a word's other forms too: the answer's "området" is "område".)
        if not asked or any(t not in doc and not any(d.startswith(t) for d in doc) for t in asked):
            return False
        if _HOW_MANY[language].search(typed):
            # A count beside what is asked ("tre klasser"), not a year or a code
            # ("ISBN 978-87-…" beside "den trykte udgave").
            answer = _CODE.sub(" ", last.answer[language])
            return self._number_beside(answer, set(asked), language)
        return True

    def asks_besides_next(self, text: str, language: str) -> bool:
        """Whether a message that says "next" asks something besides the next one ("og
        den næste case?" does not; "what did the next company do with the kids?" does)."""
        # (A unit of time asks besides: "og næste år?" is the year after, not a case.)
        return any(
            (t := group[-1]) not in self.follow_up_words[language]
            and (t not in _NOT_COUNTED[language] or t in _UNITS_OF_TIME[language])
            and t not in _NEXT_WORDS[language]
            for group in self.term_groups(text, language)
        )

    def _neighbour_case_fact(self, last: Fact, step: int) -> Optional[Fact]:
        """The fact of the case ``step`` cases after ``last``'s in the catalogue, of
        ``last``'s kind, or that case's overview; ``None`` past the first or the last."""
        cases = sorted(self.kb.cases, key=lambda c: self.kb.sections[c.section].page or 0)
        position = next(i for i, c in enumerate(cases) if c.id == last.topic) + step
        if not 0 <= position < len(cases):
            return None
        case = cases[position].id
        return next(
            (f for f in self.kb.facts.values() if f.topic == case and f.kind == last.kind),
            self.kb.facts.get(f"{case}.summary"),
        )

    def _asks_besides_when(self, text: str, language: str) -> bool:
        """Whether a message that says when ("bagefter", "after that") asks about
        something besides: "skal vi skrive noget ned bagefter" asks about writing
        down, not for the next piece of advice ("og bagefter?" does)."""
        rest = self.references.without_when(text, language)
        if rest == text.lower():
            return False
        small = (
            QUESTION_WORDS[language]
            | STOPWORDS[language]
            | self.follow_up_words[language]
            | _ADVICE_WORDS[language]
        )
        index = self.indexes[language]
        return any(
            (index.normalise(t) or t) not in small and index.normalise(t) is not None
            for t in lemmas(rest, language)
        )

    def _asks_what_catalogue_is(self, typed: str, kinds: Sequence[str], language: str) -> bool:
        """Whether a question asks what the catalogue itself is about and nothing
        more: it says "kataloget"/"the catalogue", asks for an overview, and has no
        other word ("hvad handler kataloget om?", "what is this catalogue about in
        short"; not "hvad siger kataloget om finansiering?")."""
        if "summary" not in kinds or not _WHOLE_CATALOGUE.search(typed):
            return False
        left = _WHOLE_CATALOGUE.sub(" ", typed)
        for pattern in self.kind_patterns[language]["summary"]:
            left = pattern.sub(" ", left)
        small = (
            QUESTION_WORDS[language] | STOPWORDS[language] | self.kind_terms[language]["summary"]
        )
        return not [t for t in lemmas(left, language) if t not in small]

    def _same_kind_for(self, overview: Fact, last: Fact) -> Fact:
        """A case named alone after an answer about another case asks the same of
        it: "og hos Skandia?" after who paid for the fire brigade's project is
        Skandia's one fact of the last answer's kind (its financing). After an
        overview, or with no such fact, it is the case's overview."""
        if (
            overview.kind != "summary"
            or last.topic == overview.topic
            or last.kind == "summary"
            or not self.kb.topics[last.topic].is_case
        ):
            return overview
        same = [f for f in self.kb.topics[overview.topic].facts if f.kind == last.kind]
        return same[0] if len(same) == 1 else overview

    def _in_catalogue_words(self, text: str, language: str) -> str:
        """``text`` with each word knowledge/synonyms.yml maps written as the
        catalogue's word, and the words it maps to nothing and the words of speech
        (``words.FILLERS``: "altså", "um") left out ("vejle fire brigade headcount" ->
        "vejle fire brigade employee")."""
        if not self.kb.synonyms.get(language):
            return text
        out = []
        for token in pipeline(language)(text):
            lemma = (token.lemma_ or token.text).lower()
            if token.lower_ in FILLERS[language]:
                continue
            word = self.kb.catalogue_word(language, lemma, token.text)
            if word is None:
                out.append(token.text_with_ws)
            elif word:
                out.append(word + token.whitespace_)
        return "".join(out)

    def sections_named(self, text: str, language: str) -> FrozenSet[str]:
        """The sections a question names by a word of their own ("står der i forordet
        at …", "the colophon"; knowledge/publication.yml ``named``)."""
        said = " ".join(re.findall(r"\w+", spelled_out(text.lower())))
        return frozenset(
            section.id
            for section in self.kb.sections.values()
            if any(
                re.search(rf"\b{re.escape(spelled_out(name.lower()))}\b", said)
                for name in section.named.get(language, ())
            )
        )

    def knows(self, word: str, language: str) -> bool:
        """Whether the catalogue (or its names) knows a word of a message, in any of
        the forms :meth:`term_groups` reads it in; a small word that counts for nothing
        is known."""
        groups = self.term_groups(word, language)
        index = self.indexes[language]
        return (
            not groups
            or any(t in index.idf for g in groups for t in g)
            or bool(self.names.read(word, language).mentions)
        )

    def term_groups(self, text: str, language: str) -> List[Tuple[str, ...]]:
        """The question's terms, one group per word: its vocabulary form and, when
        knowledge/synonyms.yml maps it to the catalogue's word, that word too
        ("kids" -> ("kid", "child")), so either counts, and a Danish verb written
        apart from its particle the joined verb too ("sat af" -> "afsætte"); compound parts
        follow as groups of their own (a compound the catalogue does not use stays
        unknown even when it knows the parts: "boligstøtte" is neither "bolig" nor
        "støtte"). A word synonyms.yml maps to nothing says how to answer, not
        what about ("bullets", "stikord"), and is left out, as is a small word of
        the other language that this one's catalogue does not know ("hej, what is …")."""
        index = self.indexes[language]
        other = _OTHER_SMALL_WORDS[language]
        groups: List[Tuple[str, ...]] = []
        apart = particle_verbs(text, language)
        for typed, lemma in typed_lemmas(text, language):
            if lemma in other and index.normalise(lemma) is None:
                continue
            word = self.kb.catalogue_word(language, lemma, typed)
            if word == "":
                continue
            # "sat af" is "afsat" where the catalogue writes it so.
            joined = [j for j in apart.get(lemma, ()) if index.normalise(j) is not None]
            forms = [lemma] + ([word] if word else []) + joined
            group = tuple(dict.fromkeys(index.normalise(f) or f for f in forms))
            known = any(t in index.idf for t in group)
            borrowed = () if known else self._borrowed(typed, lemma, language)
            if borrowed:
                # "hvem var key stakeholders …": a word of the other language, which
                # this language's catalogue does not know, is that language's word.
                groups.append(borrowed)
                continue
            groups.append(group)
            groups += [
                (index.normalise(part) or part,)
                for part in with_compound_parts([lemma], language)[1:]
            ]
        return groups

    def _borrowed(self, typed: str, lemma: str, language: str) -> Tuple[str, ...]:
        """A word of the other language in a message of ``language`` (``typed``, read
        by this language as ``lemma``), as the index writes it (``foreign``), when that
        language's catalogue knows it ("stakeholders", "editor" in Danish;
        "aftalegrundlag", "trin" in English), also with a Danish ending on an English
        word ("business casen", "donatede"); () when it does not. Words both languages
        have alike ("mapping", "manager", "sponsors" in Danish) may be the other's."""
        other = other_language(language)
        ours, theirs = self.indexes[language], self.indexes[other]
        if len(typed) < 3 or any(ch.isdigit() for ch in typed):
            return ()
        if only_in(language, typed) or {typed, lemma} & FALSE_FRIENDS:
            # "how do i renew my driving license", "what can it tell me about gangs": a
            # word only this language has, or one both spell alike with other meanings
            # (``words.FALSE_FRIENDS``: "gang", "rent", "gave", "let"), stays unknown
            # (not Danish "licens", "gang").
            return ()
        stems = [typed[: -len(end)] for end in _BORROWED_ENDINGS[language] if typed.endswith(end)]
        for word in [typed, *(stem for stem in stems if len(stem) >= 3)]:
            if word in STOPWORDS[other]:
                continue
            for lemma in lemmas(word, other):
                mapped = self.kb.catalogue_word(other, lemma, word)
                for form in (mapped, lemma, word + "e" if word != typed else ""):
                    known = theirs.normalise(form) if form else None
                    # (A word with an ending taken off is not one this language's
                    # catalogue knows as well: "hoejst" is not "Høje" of Høje Taastrup.)
                    if known is not None and (word == typed or ours.normalise(known) is None):
                        return (foreign(known),)
        return ()

    def _coverage(
        self, index: _Index, groups: Sequence[Tuple[str, ...]], fact: Optional[Fact]
    ) -> Tuple[float, float]:
        """The question's coverage by ``fact`` and its topic, and the share of its
        words the catalogue does not know at all."""
        if fact is None:
            return 0.0, 1.0
        # Half: how much of the question the chosen fact matches; half: how much its
        # case or topic knows at all (a follow-up may use words of the case that this
        # one fact lacks). Both count the question bank's words. Weighted by IDF (a
        # word's best known form; unknown words at the highest); question words left out.
        qwords = QUESTION_WORDS[index.lang]
        # A lone letter the catalogue does not use is a typing slip ("software t
        # computerne" for "til"), not a word the question asks about.
        content = [
            g
            for g in dict.fromkeys(groups)
            if not set(g) & qwords and not all(len(t) == 1 and t not in index.idf for t in g)
        ]
        if not content:
            return 0.0, 0.0
        fact_doc = index.doc(fact)
        topic_doc = index.topic_terms[fact.topic]
        total = in_fact = in_topic = unknown = 0.0
        for group in content:
            weight = max((index.idf[t] for t in group if t in index.idf), default=index.max_idf)
            total += weight
            in_fact += weight if any(t in fact_doc for t in group) else 0.0
            in_topic += weight if any(t in topic_doc for t in group) else 0.0
            unknown += weight if not any(t in index.idf for t in group) else 0.0
        return TOPIC_WEIGHT * in_topic / total + (
            1 - TOPIC_WEIGHT
        ) * in_fact / total, unknown / total

    def related(self, fact: Fact, n: int = 3) -> List[Fact]:
        """Sensible follow-ups for an answered fact: next advice, or the most
        asked-about other facts of the same case or topic."""
        if fact.number is not None:
            nxt = self.kb.advice(fact.number + 1)
            overview = self.kb.fact("advice.overview")
            return [f for f in (nxt, overview) if f is not None][:n]
        preferred = (
            "summary",
            "partners",
            "gains_company",
            "results",
            "activities",
            "financing",
            "lessons",
            "people",
        )
        siblings = [f for f in self.kb.topics[fact.topic].facts if f.id != fact.id]
        siblings.sort(
            key=lambda f: preferred.index(f.kind) if f.kind in preferred else len(preferred)
        )
        return siblings[:n]
