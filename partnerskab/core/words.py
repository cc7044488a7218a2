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
from typing import (
    Any,
    Callable,
    Dict,
    FrozenSet,
    List,
    NamedTuple,
    Optional,
    Pattern,
    Sequence,
    Tuple,
)

import spacy
import yaml

from partnerskab.core.spelling import spelled_out
from partnerskab.settings import ROOT

BUILD_DIR = ROOT / "build" / "spacy"

# Words of speech, not of the question ("øh", "um"), as dictated into a phone: the one
# list of them. The retriever (as small words, below; in the question it asks of the
# bank; before an advice number alone) and the skill cues (partnerskab.core.skills)
# all leave them out.
FILLERS = {
    "da": frozenset("øh øhh øhm æh æhm hm hmm altså".split()),
    "en": frozenset("um umm uh uhm er erm hm hmm".split()),
}

# Words Danish and English spell alike with other meanings (Danish "gang" is a corridor
# or a time, "rent" clean, "gave" a gift, "let" easy, "far" father, "fart" speed): a word
# of either language's message is never read as the other's (retrieval: ``_borrowed``).
FALSE_FRIENDS = frozenset(
    """
    gang gange store rent dog post love fast art let gave far fart port fire hale kind
    hold lag lane mine mist rate sky slot stand time tag bad barn hat lyse
    """.split()
)

# Words that carry no meaning for retrieval, left out of the catalogue's index and of
# the question alike. A word that means something in the catalogue's text but in a
# question only says how to answer ("cirka", "bullets") is knowledge/synonyms.yml's
# (mapped to nothing), which the question alone loses. Question words are NOT here: they
# help pick the right kind of fact ("hvem" -> people, "hvor mange" -> numbers).
# Words of chat ("nej tak", "thx a lot", "i dont know") neither: alone they found a
# fact ("thanks a lot" -> Skandia's "a lot of boys").
STOPWORDS = {
    "da": frozenset(
        """
        og i at er det en et den de til på af ad med for som om så har var være blev bliver
        jeg du vi man jer os mig dig han hun dem deres der her nu kan skal vil ville kunne
        ikke også eller men noget nogle lidt meget mere bare lige godt gerne venligst tak
        fortæl fortælle sig sige hvad gå ud siger hos nogen hele ifølge egentlig
        hej hejsa goddag davs pls plz lol mvh okay ok
        fedt super sjovt cool
        """.split()
    ),
    "en": frozenset(
        """
        the a an and or of to in on at by for with is are was were be been being do does did
        it its this that these those i you we they them their me my our your he she his her
        can could would should will shall may might tell me about please what how some any
        there here just also more much very get got say says according actually
        hi hello hey pls plz thanks thx lol ok okay
        yes no yeah lot lots cool nice great awesome whatever know dont sure
        """.split()
    ),
}
# The words that name the catalogue itself ("idékataloget", "the booklet"): in a question
# about it they say nothing of what is asked (small words, above), and a question that
# asks for an overview with them asks for the whole catalogue's (the retriever).
CATALOGUE_WORDS = {
    "da": frozenset(
        "katalog kataloget idékatalog idékataloget idekatalog idekataloget bog bogen hæfte "
        "hæftet".split()
    ),
    "en": frozenset("catalogue catalog book booklet".split()),
}
STOPWORDS = {
    language: words | FILLERS[language] | CATALOGUE_WORDS[language]
    for language, words in STOPWORDS.items()
}
# Question words: kept for scoring, but not counted when judging how much of a
# question the catalogue covers. Lemmas, and more than the words that open a
# question (below): "mange", "forklar", "betyde" ask too, wherever they stand.
QUESTION_WORDS = {
    "da": frozenset(
        "hvem hvor hvornår hvorfor hvilke hvilken hvilket mange mangen hvad hvordan handle "
        "handler stå "
        "forklar forklare beskriv beskrive betyde betyder konkret".split()
    ),
    "en": frozenset(
        "who where when why which many much how what explain describe mean means".split()
    ),
}


# The words that open a question ("hvem betalte?", "og hvordan gjorde de?", "what's the
# ABCD thing?"), as regular expressions: the one list. The skill cues name it as
# "{question_word}" (knowledge/skills.yml), and the retriever (a clause that asks), the
# interview (a question, not an answer) and a short follow-up read it by
# :func:`question_word`. Lists that keep only some of them ("hvilken"/"hvorfor"/
# "hvornår" ask about the plan, not for it) say why where they stand.
QUESTION_OPENERS = {
    "da": ("hvad", "hvem", "hvordan", "hvorfor", r"hvilk\w*", "hvornår", "hvor"),
    "en": (r"what\w*", "who", "how", "why", "which", "when", "where"),
}
# The verbs that open a question that asks yes or no ("skal vi selv betale?", "did they
# continue?", "var det i 2008?"): with the question words, what opens a clause that asks
# (the retriever) and a short follow-up. The interview keeps fewer of them on purpose
# (partnerskab.core.interview.QUESTION: "har ingen", "vil gerne have unge med" answer).
QUESTION_VERBS = {
    "da": (
        "kan kunne vil skal må er var har havde fik får gav gør gjorde blev bliver findes"
    ).split(),
    "en": "can could will would should is are was were do does did has have had".split(),
}


def question_word(language: Optional[str] = None, verbs: bool = False) -> str:
    """The words that open a question (``QUESTION_OPENERS``), and with ``verbs`` the
    verbs that do (``QUESTION_VERBS``), in one language or (``None``) both, as typed
    and with æ/ø/å written out ("hvornaar"): a regular expression alternation.

    Example:
        >>> bool(re.fullmatch(question_word("da"), "hvornaar"))
        True
    """
    languages = [language] if language else list(QUESTION_OPENERS)
    words = [w for lang in languages for w in QUESTION_OPENERS[lang]]
    if verbs:
        words += [w for lang in languages for w in QUESTION_VERBS[lang]]
    forms = dict.fromkeys(f for w in words for f in (w, spelled_out(w)))
    return "|".join(forms)


# The words by which the one who writes speaks of themselves or their own organisation
# ("vi har …", "hos os", "mit område"; "we", "my"): the one list. The skill cues
# ("{first_person}": what fits *us*), the follow-ups ("hvordan skal vi gribe det an?" asks
# for advice) and the retriever (our own present, not the catalogue's today) read it.
FIRST_PERSON = {
    "da": "vi vores vort os jeg mig min mit mine".split(),
    "en": "we our ours us i me my".split(),
}
# ... and the word for our own place, which only the skill cues read as ours ("{our_place}":
# "vi har mange unge her" tells of our area; "kører det stadig her i Vejle?" asks how things
# stand today, which the catalogue cannot say).
OUR_PLACE = {"da": ["her"], "en": ["here"]}


def first_person(language: str) -> str:
    """The words of ``FIRST_PERSON`` in ``language``, a regular expression alternation."""
    return "|".join(FIRST_PERSON[language])


def our_place(language: str) -> str:
    """The words of ``OUR_PLACE`` in ``language``, a regular expression alternation."""
    return "|".join(OUR_PLACE[language])


# The verbs by which someone asks or writes a question ("min chef spørger: …", "…, skriver
# Mette", "my boss wants to know: …"): the one list. The skill cues ("{asks_verb}" in
# passed_on.lead: a question passed on) and the retriever (a name just after them is the
# one who asks, not what is asked about) read it.
ASKS_VERBS = {
    "da": (
        "spørger",
        "spurgte",
        "har spurgt",
        "skriver",
        "skrev",
        r"vil (?:gerne )?vide",
        r"undrer sig(?: over)?",
        "mailede",
        "har mailet",
    ),
    "en": (
        "asks",
        "asked",
        "is asking",
        "has asked",
        "wants to know",
        "would like to know",
        "wonders",
        "emailed",
        "e-mailed",
        "mailed",
        "wrote",
        "writes",
    ),
}


def asks_verb(language: Optional[str] = None) -> str:
    """The verbs of ``ASKS_VERBS`` in ``language`` or (``None``) both, as typed and with
    æ/ø/å written out ("spoerger"), a regular expression alternation."""
    languages = [language] if language else list(ASKS_VERBS)
    return "|".join(
        dict.fromkeys(
            f for lang in languages for w in ASKS_VERBS[lang] for f in (w, spelled_out(w))
        )
    )


# The word lists a pattern in knowledge/ names by "{name}" (skills.yml, follow_ups.yml).
WORD_LISTS: Dict[str, Callable[[str], str]] = {
    "{question_word}": question_word,
    "{question_or_verb}": functools.partial(question_word, verbs=True),
    "{first_person}": first_person,
    "{our_place}": our_place,
    "{asks_verb}": asks_verb,
}


def with_word_lists(pattern: str, language: str) -> str:
    """``pattern`` with each "{name}" of ``WORD_LISTS`` written out in ``language``.

    Example:
        >>> with_word_lists("({first_person}|{our_place})", "en")
        '(we|our|ours|us|i|me|my|here)'
    """
    for name, words in WORD_LISTS.items():
        if name in pattern:
            pattern = pattern.replace(name, words(language))
    return pattern


FOLLOW_UPS_FILE = ROOT / "knowledge" / "follow_ups.yml"


@functools.lru_cache(maxsize=1)
def follow_ups() -> Dict[str, Any]:
    """knowledge/follow_ups.yml, read once: how a message leans on the last answer
    (partnerskab.core.retrieval's cues) and how a short follow-up begins (below)."""
    return yaml.safe_load(FOLLOW_UPS_FILE.read_text(encoding="utf-8"))


# How a short follow-up question begins ("og børnene?", "since when?", "hvem betalte").
@functools.lru_cache(maxsize=1)
def follow_up_starts() -> Dict[str, Pattern[str]]:
    """The first word of a short follow-up: a question word or a verb that opens a
    question ("skal vi …": :func:`question_word`), or one of knowledge/follow_ups.yml
    ``starts`` ("og"/"and", "siden"/"since")."""
    return {
        language: re.compile(
            "|".join(
                [question_word(language, verbs=True), *follow_ups()["starts"][language].split()]
            )
        )
        for language in QUESTION_OPENERS
    }


SHORT_QUESTION_WORDS = 6


# What may follow a verb that opens a sentence when the sentence tells rather than asks,
# its subject left out as in a chat ("har en stor bank i området", "vil gerne have unge
# med", "is a small estate"): no subject, but an article, a quantity or an adverb.
_TOLD_AFTER_A_VERB = {
    "da": frozenset("en et ingen ikke gerne nogen nogle mange meget lidt få også".split()),
    "en": frozenset("a an no not many much some lots few also".split()),
}


def opens_as_a_question(text: str, language: str, any_length: bool = False) -> bool:
    """A few words (or, with ``any_length``, a sentence of any length) that open as a
    question does, with a question word, or with a verb and then its subject ("fik de
    stoppet hærværket", "did it help the kids", "are the police involved"); not a chat
    sentence that tells with its subject left out ("har en stor bank i området", "is a
    small estate")."""
    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    if any_length:
        starts = follow_up_starts().get(language)
        if not words or not (
            text.rstrip().endswith("?")
            or (starts and starts.fullmatch(words[0]))
            or words[0] in QUESTION_VERBS[language]
        ):
            return False
    elif not is_short_question(text, language):
        return False
    verbs = QUESTION_VERBS[language]
    return not (words[0] in verbs and (len(words) < 2 or words[1] in _TOLD_AFTER_A_VERB[language]))


# The pronouns that follow a verb that opens a question as its subject ("har I …?",
# "skal vi …", "did they …", "is there …"). No article: "is a small estate" tells.
SUBJECT_WORDS = {
    "da": frozenset("jeg du vi i de man den det han hun der nogen".split()),
    "en": frozenset("i you we they it he she there this that anyone".split()),
}


def asks_with_its_subject(sentence: str, language: str) -> bool:
    """A sentence that asks by its form, at any length: it ends with "?", opens with a
    question word, or with a verb and then a pronoun as its subject ("har I …", "did
    they …"); not a remark before the question, its subject left out as in a chat
    ("skal skrive et notat til udvalget.", "giving a talk at a CSR breakfast."). Stricter
    than ``opens_as_a_question(any_length=True)``, which takes any word after the verb
    but those of a sentence that tells ("are the police involved" asks there, not here):
    a remark dropped wrongly loses words, a question kept wrongly only keeps them.

    Example:
        >>> asks_with_its_subject("skal skrive et notat til udvalget.", "da")
        False
        >>> asks_with_its_subject("hvem har skrevet det", "da")
        True
    """
    low = sentence.lower().strip()
    if low.endswith("?"):
        return True
    words = re.findall(r"[^\W\d_]+|\d+", low)
    if not words:
        return False
    if re.fullmatch(question_word(language), words[0]):
        return True
    verb_first = words[0] in QUESTION_VERBS[language]
    return verb_first and len(words) > 1 and words[1] in SUBJECT_WORDS[language]


def is_short_question(text: str, language: str) -> bool:
    """A few words that ask something ("since when?", "og børnene?", "what grade"):
    in a conversation, most likely a follow-up to the last answer."""
    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    if not words or len(words) > SHORT_QUESTION_WORDS:
        return False
    starts = follow_up_starts().get(language)
    return text.rstrip().endswith("?") or bool(starts and starts.fullmatch(words[0]))


# Facts whose answer holds a number also answer "hvor mange"/"how many".
NUMBER_HINTS = {"da": ("hvor", "mange"), "en": ("how", "many")}

# Number words 1-12, the one table: the guide reads a step number with them
# ("gå til trin fem", "the eleventh step"), retrieval an advice number ("råd
# nummer fem", "det ellevte råd"). The last of the catalogue's 12 pieces of
# advice is the twelfth. (knowledge/references.yml keeps its own ordinals on purpose:
# there "den sidste" is the last item an answer named, whichever place it has.)
CARDINALS = {
    "da": {
        "en": 1,
        "et": 1,
        "ét": 1,
        "to": 2,
        "tre": 3,
        "fire": 4,
        "fem": 5,
        "seks": 6,
        "syv": 7,
        "otte": 8,
        "ni": 9,
        "ti": 10,
        "elleve": 11,
        "tolv": 12,
    },
    "en": {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
    },
}
ORDINALS = {
    "da": {
        "første": 1,
        "anden": 2,
        "andet": 2,
        "tredje": 3,
        "fjerde": 4,
        "femte": 5,
        "sjette": 6,
        "syvende": 7,
        "ottende": 8,
        "niende": 9,
        "tiende": 10,
        "ellevte": 11,
        "elvte": 11,
        "tolvte": 12,
        "sidste": 12,
        "allerførste": 1,  # "det allersidste råd": the very last
        "allersidste": 12,
    },
    "en": {
        "first": 1,
        "second": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "sixth": 6,
        "seventh": 7,
        "eighth": 8,
        "ninth": 9,
        "tenth": 10,
        "eleventh": 11,
        "twelfth": 12,
        "last": 12,
    },
}
# The number words that only count ("tre", "twelve"; not "en", "et", "one": articles and
# pronouns): what a count is written with, for the retriever (a number in an answer) and
# the back-references ("de 12 gode råd", "two models" name the whole, not one item).
COUNTING_WORDS = {
    lang: frozenset(CARDINALS[lang]) - {"en", "et", "én", "ét", "one"} for lang in CARDINALS
}

# The rest of the words a number is said in ("totusind og ni", "nitten hundrede og
# fireoghalvfems", "two thousand and nine", "nineteen ninety-four"), as dictated into a
# phone: read by :func:`said_numbers` with the table above.
TEENS_AND_TENS = {
    "da": {
        "tretten": 13,
        "fjorten": 14,
        "femten": 15,
        "seksten": 16,
        "sytten": 17,
        "atten": 18,
        "nitten": 19,
        "tyve": 20,
        "tredive": 30,
        "fyrre": 40,
        "fyrretyve": 40,
        "halvtreds": 50,
        "tres": 60,
        "halvfjerds": 70,
        "firs": 80,
        "halvfems": 90,
    },
    "en": {
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
    },
}
MAGNITUDES = {
    "da": {"hundrede": 100, "hundred": 100, "tusind": 1000, "tusinde": 1000},
    "en": {"hundred": 100, "thousand": 1000},
}
_AND = {"da": "og", "en": "and"}
_ZERO = {"da": "nul", "en": "oh"}  # "twenty oh nine"
# The number words of each language, and the ones a Danish word may be put together
# of ("totusind", "fireoghalvfems", "nittenhundrede").
_SAID = {
    lang: {**CARDINALS[lang], **TEENS_AND_TENS[lang], **MAGNITUDES[lang]} for lang in CARDINALS
}
_MORPHEMES = {lang: sorted({*_SAID[lang], _AND[lang]}, key=len, reverse=True) for lang in _SAID}
_BELOW_HUNDRED = {lang: {**CARDINALS[lang], **TEENS_AND_TENS[lang]} for lang in CARDINALS}


class SaidNumber(NamedTuple):
    """A number said in words, at ``start:end`` of the text: its value, and whether it
    is said in full (:attr:`in_full`) rather than in a small word that is also a
    word of the language ("en", "to", "one"), or as an ordinal ("femte")."""

    start: int
    end: int
    value: int
    words: int = 1  # the number words it is said in ("totusind og ni": 4)
    ordinal: bool = False

    @property
    def in_full(self) -> bool:
        """Said in more than one number word ("to tusind og ni", "fireoghalvfems"); not
        one word alone, which may be a word of the language too ("tyve" is also
        thieves, "to" two), nor a magnitude alone ("tusind tak", "a thousand times")."""
        if self.ordinal:
            return False
        return self.words > 1


# The longest a number is written as one word ("nittenhundredeogfireoghalvfems": 30).
LONGEST_NUMBER_WORD = 40


@functools.lru_cache(maxsize=4096)
def _split(rest: str, lang: str) -> Optional[Tuple[str, ...]]:
    """``rest`` as number words one after another ("totusindogni"), or None."""
    if not rest:
        return ()
    for morpheme in _MORPHEMES[lang]:
        if rest.startswith(morpheme):
            tail = _split(rest[len(morpheme) :], lang)
            if tail is not None:
                return (morpheme, *tail)
    return None


def _morphemes(word: str, lang: str) -> Optional[List[str]]:
    """The number words ``word`` is put together of, when it is nothing else
    ("totusind" -> ["to", "tusind"]), or None; English writes them apart."""
    if word in _SAID[lang] or word in (_ZERO[lang], _AND[lang]):
        return [word]
    if len(word) > LONGEST_NUMBER_WORD:
        return None  # no number is written so long (and a hostile one must not recurse)
    parts = _split(word, lang) if lang == "da" else None
    return list(parts) if parts and len(parts) > 1 else None


def _below_hundred(words: Sequence[str], at: int, lang: str) -> Tuple[int, int]:
    """(value, words read) of a number below 100 at ``words[at]``: "ni", "nitten",
    "fire og halvfems", "ninety four"; (0, 0) when none is there."""
    value = _BELOW_HUNDRED[lang].get(words[at]) if at < len(words) else None
    if value is None:
        return 0, 0
    following = words[at + 1 : at + 3]
    if lang == "da" and value < 10 and len(following) == 2 and following[0] == _AND[lang]:
        tens = TEENS_AND_TENS[lang].get(following[1], 0)
        if tens >= 20 and tens % 10 == 0:  # "fire og halvfems": the unit first
            return value + tens, 3
    if lang == "en" and value >= 20 and value % 10 == 0 and following:
        unit = CARDINALS[lang].get(following[0], 0)
        if 0 < unit < 10:  # "ninety four"
            return value + unit, 2
    return value, 1


def _number_at(words: Sequence[str], at: int, lang: str) -> Tuple[int, int]:
    """(value, words read) of the number said from ``words[at]`` on: thousands,
    hundreds and the rest, or a year said in pairs ("nineteen ninety-four", "twenty
    oh nine", "nitten halvfems"); (0, 0) when none is there."""
    value, read = 0, 0
    for magnitude in (1000, 100):
        times, size = _below_hundred(words, at + read, lang)
        if not size and MAGNITUDES[lang].get(words[at + read] if at + read < len(words) else ""):
            times = 1  # "hundred", "tusind" alone
        if (
            at + read + size < len(words)
            and MAGNITUDES[lang].get(words[at + read + size]) == magnitude
            and times
        ):
            value += times * magnitude
            read += size + 1
            if at + read < len(words) and words[at + read] == _AND[lang]:
                rest, more = _below_hundred(words, at + read + 1, lang)
                after = at + read + 1 + more
                # (Not "two thousand and two thousand and nine": a second number.)
                if more and (after >= len(words) or words[after] not in MAGNITUDES[lang]):
                    return value + rest, read + 1 + more
    if read:
        rest, more = _below_hundred(words, at + read, lang)
        return value + rest, read + more
    first, size = _below_hundred(words, at, lang)
    if first in (19, 20) and size == 1:
        # A year said in pairs: "nineteen ninety-four", "twenty ten", "twenty oh nine".
        if at + 1 < len(words) and words[at + 1] == _ZERO[lang]:
            unit = CARDINALS[lang].get(words[at + 2], 0) if at + 2 < len(words) else 0
            if 0 < unit < 10:
                return first * 100 + unit, 3
        second, more = _below_hundred(words, at + 1, lang)
        if second >= 10:
            return first * 100 + second, 1 + more
    return first, size


_WORD_OR_GAP = re.compile(r"[^\W\d_]+|[\s-]+|.", re.UNICODE)


def said_numbers(text: str, language: str) -> List[SaidNumber]:
    """The numbers said in words in ``text``, in order: the one reading of number
    words ("gå til trin fem" for the guide, "i totusind og ni" for a question).

    Example:
        >>> [n.value for n in said_numbers("i to tusind og ni, trin fem", "da")]
        [2009, 5]
        >>> [n.value for n in said_numbers("in nineteen ninety-four and twenty oh nine", "en")]
        [1994, 2009]
    """
    low = text.lower()
    out: List[SaidNumber] = []
    words: List[str] = []  # the number words of the run being read
    spans: List[Tuple[int, int]] = []  # where each of them stands

    def flush() -> None:
        at = 0
        while at < len(words):
            value, read = _number_at(words, at, language)
            if read and words[at] != _AND[language]:
                out.append(SaidNumber(spans[at][0], spans[at + read - 1][1], value, read))
                at += read
            else:
                at += 1
        words.clear()
        spans.clear()

    for match in _WORD_OR_GAP.finditer(low):
        piece = match.group(0)
        if piece.isspace() or piece == "-" or set(piece) <= {" ", "-"}:
            continue
        parts = _morphemes(piece, language) if piece.isalpha() else None
        if parts is None:
            flush()
            if piece in ORDINALS[language]:
                out.append(SaidNumber(*match.span(), ORDINALS[language][piece], 1, True))
            continue
        words.extend(parts)
        spans.extend([match.span()] * len(parts))
    flush()
    return out


def spoken_numbers(text: str, language: str) -> str:
    """``text`` with each number said in full written in digits ("hvor mange gav de
    i totusind og ni" -> "hvor mange gav de i 2009"); small number words that are
    also words ("en", "to", "one") stay as they are.

    Example:
        >>> spoken_numbers("how many computers in two thousand and nine", "en")
        'how many computers in 2009'
    """
    out, at = [], 0
    for number in said_numbers(text, language):
        if number.in_full:
            out += [text[at : number.start], str(number.value)]
            at = number.end
    return "".join(out) + text[at:]


_TOKEN_OK = re.compile(r"\w", re.UNICODE)
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def build_pipeline(lang: str) -> "spacy.Language":
    nlp = spacy.blank(lang)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=2)
def pipeline(lang: str) -> "spacy.Language":
    """The language's pipeline, loaded once per process: Rasa's NLU shares it
    (adapters/nlu/shared_spacy.py), so the lookup table is in memory once."""
    path = BUILD_DIR / lang
    if (path / "config.cfg").exists():
        return spacy.load(path)
    return build_pipeline(lang)


def built_language(path: Path) -> Optional[str]:
    """The language whose built pipeline is at ``path`` (relative to the working
    directory, as Rasa's config names it), or None for any other path and for a
    build not made yet (``make spacy``): Rasa then loads it, or fails, as it would."""
    try:
        resolved = path.resolve()
    except OSError:
        return None
    return next(
        (
            lang
            for lang in STOPWORDS
            if resolved == (BUILD_DIR / lang).resolve() and (resolved / "config.cfg").exists()
        ),
        None,
    )


@functools.lru_cache(maxsize=1024)
def _doc(text: str, lang: str) -> "spacy.tokens.Doc":
    """``text`` read by the language's pipeline, lower-cased, once per text: a question
    is read for its lemmas and for its verbs and particles (:func:`typed_lemmas`,
    :func:`particle_verbs`), by the search and again by what weighs its answer.
    Hyphenated compounds ("LEGO-projektet", "CSR-strategi"), which the Danish tokenizer
    keeps whole, are split so each part can match."""
    return pipeline(lang)(_HYPHEN.sub(" ", text.lower()))


def lemmas(text: str, lang: str) -> List[str]:
    """Lower-cased lemmas of the meaningful tokens in ``text``.

    Example:
        >>> lemmas("Hvem hjalp brandvæsenet?", "da")
        ['hvem', 'hjælpe', 'brandvæsen']
    """
    return [lemma for _, lemma in typed_lemmas(text, lang)]


def typed_lemmas(text: str, lang: str) -> List[Tuple[str, str]]:
    """The meaningful tokens of ``text`` as typed (lower-cased) with their lemmas: what
    :func:`lemmas` reads, for a lookup that needs the word as written too (a synonym
    the lemmatiser reads as another word: "unger" -> "unge").

    Example:
        >>> typed_lemmas("Hvem hjalp brandvæsenet?", "da")
        [('hvem', 'hvem'), ('hjalp', 'hjælpe'), ('brandvæsenet', 'brandvæsen')]
    """
    doc = _doc(text, lang)
    out = []
    stop = STOPWORDS[lang]
    for token in doc:
        if not _TOKEN_OK.search(token.text):
            continue
        lemma = (token.lemma_ or token.text).lower()
        if token.text in stop or lemma in stop:
            continue
        out.append((token.text, lemma))
    return out


# Danish verbs whose particle may stand apart ("sat af" for "afsat", "gav kataloget ud"
# for "udgav"): the particles, and how many words may stand between verb and particle.
# Not "om": "handler om" asks what something is about, no "omhandle".
_PARTICLES = frozenset("af ud op ind med til over fra sammen".split())
_PARTICLE_REACH = 3


def particle_verbs(text: str, lang: str) -> Dict[str, List[str]]:
    """Danish verbs written apart from their particle, each lemma with the lemmas it
    makes joined to a particle that follows within ``_PARTICLE_REACH`` words ("hvor
    mange penge var der sat af" -> {"sætte": ["afsætte"]}); the caller keeps those
    that a vocabulary knows. Nothing in other languages.

    Example:
        >>> particle_verbs("hvem gav kataloget ud", "da")["give"]
        ['udgive']
    """
    if lang != "da":
        return {}
    doc = _doc(text, lang)
    joined: Dict[str, List[str]] = {}
    for i, token in enumerate(doc):
        lemma = (token.lemma_ or token.text).lower()
        if not lemma.isalpha() or token.text in _PARTICLES:
            continue
        for after in doc[i + 1 : i + 1 + _PARTICLE_REACH]:
            if after.text in _PARTICLES:
                joined.setdefault(lemma, []).append(after.text + lemma)
    return joined


def _dictionary(lang: str):
    """The lookup lemmatizer's table (surface form -> lemma), used as a word list."""
    return pipeline(lang).get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


@functools.lru_cache(maxsize=2)
def _lemma_forms(lang: str) -> FrozenSet[str]:
    """The lemmas the lookup table maps to: base forms ("trouble") that the
    table holds only as values, not as keys."""
    return frozenset(_dictionary(lang).values())


def dictionary_has(word: str, lang: str) -> bool:
    """Whether ``word`` is a form the lookup lemmatizer knows, inflected or base:
    a real word of the language, which the speller must not "correct"."""
    return word in _dictionary(lang) or word in _lemma_forms(lang)


def compound_parts(word: str, lang: str) -> List[str]:
    """Modifier and head of a Danish compound when both are dictionary words,
    allowing a linking -s- or -e- ("byrådspolitiker" -> ["byråd", "politiker"],
    "drengeklub" -> ["dreng", "klub"]); [] when the word is not such a compound.
    English writes compounds apart, so only Danish is split.

    Example:
        >>> compound_parts("kontaktperson", "da")
        ['kontakt', 'person']
    """
    if lang != "da" or len(word) < 8 or not word.isalpha():
        return []
    table = _dictionary(lang)
    for cut in range(3, len(word) - 3):
        head, modifier = word[cut:], word[:cut]
        if len(head) < 4 or head not in table:
            continue
        for mod in (
            modifier[:-1] if modifier[-1] in "se" and len(modifier) > 3 else None,
            modifier,
        ):
            if mod and mod in table:
                return [part for part in (mod, head) if part not in STOPWORDS[lang]]
    return []


def with_compound_parts(terms: List[str], lang: str) -> List[str]:
    """The terms, each followed by its compound parts (see compound_parts)."""
    out: List[str] = []
    for term in terms:
        out.append(term)
        out += compound_parts(term, lang)
    return out


# Where one sentence of a chat message ends: after . ! ? : and a space, or at a dash
# between spaces ("… a social partnership - what does the catalogue say?").
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\s+[-–]\s+")


def one_spaced(text: str) -> str:
    """A message as the assistant reads it: every run of spaces, tabs and line breaks
    one space, none at the ends. A phone's double space or a line break typed between
    words must not change what is understood (the patterns of knowledge/ write one
    space between words).

    Example:
        >>> one_spaced("  hvem  står bag   LEGO ?")
        'hvem står bag LEGO ?'
    """
    return " ".join(text.split())


def sentences(text: str) -> List[str]:
    """The sentences of a chat message, as typed (none empty).

    Example:
        >>> sentences("I work in HR. What do companies get out of it?")
        ['I work in HR.', 'What do companies get out of it?']
    """
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def asking_sentence(text: str) -> str:
    """The sentence of a chat message that asks: its last one that ends with "?", else
    its last one ("" when it has none). The one reading, for the skill cues (what a
    message asks) and the retriever (what a question is about).

    Example:
        >>> asking_sentence("I år har vi fået midler. Hvem kan søge? Tak")
        'Hvem kan søge?'
    """
    parts = sentences(text)
    asked = [part for part in parts if part.endswith("?")]
    return (asked or parts or [""])[-1]


# Quotation marks, in two families that each close only their own: the double ones
# („…“, "…", “…”, »…«, «…») and the single ones ('…', ‘…’). A mark opens where no
# letter or digit stands before it and closes where none follows, so the apostrophe
# of "LEGO's" or "don't" quotes nothing.
_QUOTATION_MARKS = ('"„“”«»', "'‘’")
QUOTATION_MARKS = "".join(_QUOTATION_MARKS)


class Quotation(NamedTuple):
    """A span of text in quotation marks: where it starts and ends (marks included)
    and what it quotes."""

    start: int
    end: int
    inside: str


@functools.lru_cache(maxsize=None)
def _quotation(longest: Optional[int]) -> Pattern[str]:
    size = f"{{1,{longest}}}" if longest else "+"
    return re.compile("|".join(rf"(?<!\w)[{m}]([^{m}]{size})[{m}](?!\w)" for m in _QUOTATION_MARKS))


def quotations(text: str, longest: Optional[int] = None) -> List[Quotation]:
    """The spans of ``text`` in quotation marks, in order; with ``longest``, only
    those that quote at most that many characters (a stray mark then quotes no
    paragraph). The one reading of quotation marks: a term named in a message
    (``language.detect_language``), a question passed on (``skills.passed_on``), a
    name quoted in an answer (``retrieval``).

    Example:
        >>> [q.inside for q in quotations("min chef spørger: »hvem skrev det?« og LEGO's")]
        ['hvem skrev det?']
    """
    return [
        Quotation(m.start(), m.end(), m.group(1) if m.group(1) is not None else m.group(2))
        for m in _quotation(longest).finditer(text)
    ]


def without_quotations(
    text: str, longest: Optional[int] = None, which: Optional[Callable[[str], bool]] = None
) -> str:
    """``text`` with each span in quotation marks (:func:`quotations`), or each that
    ``which`` picks by what it quotes, written as a space.

    Example:
        >>> without_quotations("what is 'åbne tegnestuer'?")
        'what is  ?'
    """
    kept, at = [], 0
    for q in quotations(text, longest):
        if which is None or which(q.inside):
            kept += [text[at : q.start], " "]
            at = q.end
    return "".join(kept) + text[at:]
