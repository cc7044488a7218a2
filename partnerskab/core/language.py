"""Per-message language detection: Danish (the default) or English.

A small, transparent scorer rather than a model: chat messages are short, the
choice is binary, and we must not download anything at run time. Danish letters
(æ, ø, å) and frequent function words decide; when a message carries no signal
("LEGO?", "ok", "5") the caller's hint (the widget's ``metadata.language``) or the
conversation's previous language wins.
"""

from __future__ import annotations

import functools
import re
from typing import Dict, FrozenSet, Optional, Tuple

from partnerskab.core.wording import DEFAULT_LANGUAGE, LANGUAGES

_WORD = re.compile(r"[a-zæøåéü]+", re.IGNORECASE)

# Frequent words that are distinctive for one language (words spelled the same
# in both, such as "i", "at", "has", "dem", "man", are left out on purpose).
_DA = frozenset(
    """
    og er det en et den de jeg du vi har hvad hvem hvor hvordan hvorfor hvornår hvilke hvilken
    hvilket med til fra på af som ikke kan skal vil om eller men også der nu så godt
    tak hej farvel mange fortæl fik får gør gjorde var være blev bliver noget nogle alle
    deres dets sin sit sine hun han hende ham jer os mig dig kommunen virksomheden virksomheder
    område området boligområde partnerskab partnerskabet partnerskaber gav giver ja nej mere
    handler hjalp hjælpe hjælp forskellen mellem modeller råd nummer kataloget siger står
    ud lære gode hvis når efter før under over ved bare lige måske endnu igen venligst
    trin forrige gentag vis lav spring unge beboere beboerne udfordringer udfordring firma firmaer
    virksomhed kommune ingen ikke aner videre
    """.split()
)
_EN = frozenset(
    """
    the and is are was were what who where how why when which with to from of about
    this that these those it its they their them you your we our me my can could would should
    do does did have had not or but also there here now so good thanks thank hello hi bye
    many tell get got make made be been being some all company companies area partnership
    partnerships gave give yes no more help helped difference between models advice number
    catalogue says learn please again maybe just any an a on in by
    step steps next previous show repeat skip young people children residents challenges firm
    council estate know continue whats whos hows wheres she he his
    """.split()
)


# Danish verbs of answering, as an imperative or an infinitive ("svar", "kan du svare").
# ("sig" only as a request: "sig det på engelsk", "kan du sige …", "ok sig det …"; not
# "hvad kalder lego sig på engelsk?", which asks for a translation.)
_DA_VERBS = (
    r"svar(e)?|skriv(e)?|forklar(e)?|fort(æ|ae)l(le)?|^sig(e)?|(?<=du )sig(e)?|(?<=ok )sig"
    r"|(?<=så )sig|(?<=og )sig|(?<=nu )sig"
)
# Asking for an answer in a language ("råd 1 please in English", "svar på dansk"):
# that language, whatever the rest is written in. Not a question about a word's
# translation ("hvad hedder CSR på engelsk?" is asked, and answered, in Danish).
# Words of a question about a translation ("hvad hedder områdefornyelse, på engelsk?"):
# a language named after a comma there asks for a word, not for the answer in it.
_TRANSLATION = r"hedder|hed|kaldes|kalder|kaldte|called|call|word for|translat\w*|overs(æ|ae)t\w*"
_ASKED_FOR = {
    "en": re.compile(
        r"\b(please|pls|plz) in english\b|\bin english,? (please|pls|plz|thanks)\b"
        r"|\b(answer|reply|write|respond|explain|tell me|say)( \w+){0,2} in english\b"
        r"|^\W*(in )?english,? (please|pls|plz)\W*$"
        r"|\bp(å|aa|a) engelsk,? (tak|please)\b"
        rf"|\b(?:{_DA_VERBS})( \w+){{0,2}} p(å|aa|a) engelsk\b"
        # The last answer again in the other language ("now in english", "og på engelsk?").
        r"|^\W*((now|and|same|ok|okay) )*(in )?english\W*$"
        r"|^\W*((og|nu|så|saa|ok) )*p(å|aa|a) engelsk\W*$"
        # "shorter, in english" (two words at most before: not "hvad hedder
        # områdefornyelse, på engelsk?", which asks for a translation).
        rf"|^(?!.*\b({_TRANSLATION})\b).*[,;]\s*(in english|p(å|aa|a) engelsk)\W*$"
    ),
    "da": re.compile(
        r"\bp(å|aa|a) dansk,? (tak|please)\b"
        rf"|\b(?:{_DA_VERBS})( \w+){{0,2}} p(å|aa|a) dansk\b"
        r"|\b(please|pls|plz) in danish\b|\bin danish,? (please|pls|plz|thanks)\b"
        r"|\b(answer|reply|write|respond|explain)( \w+){0,2} in danish\b"
        r"|^\W*((now|and|same|ok|okay) )*(in )?danish\W*$"
        r"|^\W*((og|nu|så|saa|ok) )*p(å|aa|a) dansk\W*$"
        r"|^\W*dansk,? (tak|please|pls)\W*$"
        rf"|^(?!.*\b({_TRANSLATION})\b).*[,;]\s*(in danish|p(å|aa|a) dansk)\W*$"
    ),
}
# How many words of one language's dictionary only (and none of the other's) decide a
# message's language over the conversation's.
KEYWORD_WORDS = 2
# A quoted term ('åbne tegnestuer', „Farver i Sort/Hvid“, "Idéer for livet") is
# named, not written in: its words say nothing about the message's language. A term
# is this long at most (``words.quotations``).
QUOTED_TERM = 60


# The catalogue's own term for one of its models, written alike in both languages:
# its "on" is no English word ("add-on model fordele" is Danish).
_SHARED_TERMS = re.compile(r"\badd[- ]?on\b")


# The words of a request for a language, in a message that asks for one (``_ASKED_FOR``):
# the language named, with a verb of answering that has no object and the polite words
# around it ("answer in English please: …", "in danish please", "på engelsk tak"); not
# what a verb's object asks ("explain csr in english" asks about CSR).
_LANGUAGE_WORDS = re.compile(
    r"(?:\b(?:answer|reply|respond|svar|svare)\s+(?:me\s+|mig\s+)?)?"
    r"(?:\b(?:please|pls|plz)\s+)?"
    r"\b(?:(?:in|p(?:å|aa|a))\s+(?:english|danish|engelsk|dansk)"
    r"|^\W*(?:english|danish|engelsk|dansk)(?=,?\s*(?:please|pls|plz|tak)\W*$))\b"
    r"(?:,?\s*(?:please|pls|plz|thanks|thx|tak))?"
)


# A message that is nothing but a language asked for ("english?", "same in english",
# "now english", "og på dansk?", "dansk tak").
_ONLY_A_LANGUAGE = re.compile(
    r"^\W*((now|and|same|ok|okay|og|nu|så|saa|samme)\s+)*((in|p(å|aa|a))\s+)?"
    r"(english|danish|engelsk|dansk)(,?\s+(please|pls|plz|tak|thanks))?\W*$"
)


def asks_only_for_a_language(text: str) -> bool:
    """Whether ``text`` is nothing but a language asked for ("english?", "og på dansk?")."""
    return bool(_ONLY_A_LANGUAGE.match(text.lower()))


def without_language_asked_for(text: str) -> str:
    """``text`` without the words that ask for the answer in a language, when it asks
    for one ("in danish please: why did …" -> ": why did …", "explain csr in english"
    -> "explain csr"); the rest is what is asked. A question about a translation
    ("hvad hedder CSR på engelsk?") asks for none and is left as it is."""
    lowered = text.lower()
    if len(lowered) != len(text) or not any(a.search(lowered) for a in _ASKED_FOR.values()):
        return text
    for found in reversed(list(_LANGUAGE_WORDS.finditer(lowered))):
        text = text[: found.start()] + " " + text[found.end() :]
    return text


# English function words that are Danish numbers too ("to" = two).
_DANISH_NUMBER_TOO = frozenset({"to"})


def detect_language(text: str, hint: Optional[str] = None) -> Optional[str]:
    """Returns "da" or "en" for ``text``, or None when the text gives no signal
    and there is no hint (the widget's language, or the conversation's).

    Example:
        >>> detect_language("Hvem hjalp dem?")
        'da'
        >>> detect_language("Who helped them?")
        'en'
        >>> detect_language("LEGO?", hint="en")
        'en'
        >>> detect_language("What is 'åbne tegnestuer'?")
        'en'
    """
    # (One space between words, as the channel reads a message: words.one_spaced.)
    lowered = " ".join((text or "").lower().split())
    for language, asked in _ASKED_FOR.items():
        if asked.search(lowered):
            return language
    lowered = _SHARED_TERMS.sub(" ", lowered)
    from partnerskab.core.spelling import spelled_in
    from partnerskab.core.words import without_quotations

    quoted_out = without_quotations(lowered, QUOTED_TERM)
    unquoted = _names_of_more_words().sub(" ", quoted_out)
    if _WORD.search(unquoted):
        # ("gennem ild og vand funding": the project's "og" is no Danish of the writer's.)
        lowered = unquoted
    elif _WORD.search(quoted_out) and hint in LANGUAGES:
        # "ideer for livet" alone says nothing of the writer's language.
        return hint
    score = weak = 0.0
    da_words, en_words, names = _knowledge_words()
    # Danish letters count, but not in names both languages write the same way
    # ("Who is Rune Fløe Bæklund?" is English).
    if any(re.search(r"[æøå]", word) and word not in names for word in _WORD.findall(lowered)):
        score += 2.0
    only = {"da": 0, "en": 0}
    words = _WORD.findall(lowered)
    for position, word in enumerate(words):
        after = words[position + 1] if position + 1 < len(words) else ""
        # ("hvornaar", "paa", "saa": a Danish word typed without æ/ø/å. "to" before a
        # word only Danish has is Danish two: "max to linjer", "de to modeller".)
        if word in _DANISH_NUMBER_TOO and after and only_in("da", after):
            continue
        score += (word in _DA or spelled_in(word) in _DA) - (word in _EN)
        weak += (word in da_words) - (word in en_words)
        if word not in names and len(word) > 2:
            for language in only:
                only[language] += only_in(language, word)
    exclusive = only["da"] - only["en"]
    # Function words and Danish letters decide; then the hint (the client's or the
    # conversation's language); then the weaker evidence of words knowledge/ uses in
    # one language only, two or more agreeing. One such word alone does not decide:
    # with no hint, "stop" or "ring 20.30.40.50" mid-conversation must keep the
    # conversation's language, which the slot holds when nothing is decided here.
    # Words of one language's dictionary only ("role", "summary", "gevinster") then
    # decide a message that has neither ("dorthe spliid mortensen role?"); words
    # both languages have ("stop", "ring", "tip", "partners") never do.
    # A search-box query with two words or more of one language's dictionary only and
    # none of the other's ("visit length", "other csr work" in a conversation that began
    # "brfkredit computer donation", which reads as Danish) is in that one, whatever the
    # conversation's; one such word beside words both have ("stakeholder mapping",
    # "business case" in a Danish conversation) is not, nor names ("lego vejle klasser").
    keywords = exclusive if max(only.values()) >= KEYWORD_WORDS and not min(only.values()) else 0
    strong_weak = weak if abs(weak) >= 2 else 0
    for evidence in (score, keywords, None, exclusive, strong_weak):
        if evidence is None:
            if hint in LANGUAGES:
                return hint
        elif evidence:
            return "da" if evidence > 0 else "en"
    return None


def other_language(language: str) -> str:
    """The other of the two languages.

    Example:
        >>> other_language("da")
        'en'
    """
    (other,) = (lang for lang in LANGUAGES if lang != language)
    return other


@functools.lru_cache(maxsize=4096)
def only_in(language: str, word: str) -> bool:
    """A word of ``language``'s dictionary that the other language's does not have.
    A Danish word typed without æ/ø/å ("byomraadet", "gevinster") counts as Danish
    when written with them it is one, and English does not have it as typed. (The
    language detector weighs these; the retriever does not read them as the other
    language's words.)"""
    from partnerskab.core.spelling import spelled_in
    from partnerskab.core.words import dictionary_has

    forms = {word, spelled_in(word)} if language == "da" else {word}
    return any(dictionary_has(w, language) for w in forms) and not dictionary_has(
        word, other_language(language)
    )


@functools.lru_cache(maxsize=1)
def _knowledge_words() -> Tuple[FrozenSet[str], FrozenSet[str], FrozenSet[str]]:
    """Words that knowledge/ uses in only one of the two languages (answers, labels,
    keywords and the question bank): weaker evidence than the function words above,
    but they decide messages like "dorthe spliid mortensen role?" or "tip 12?".
    Third, the capitalised words of names (aliases and places: "Fløe", "Nørremarken")
    and the Danish words the English texts use too ("områdefornyelse", "brandvæsen"):
    their Danish letters say nothing about the language a message is written in
    ("what is områdefornyelse" is English)."""
    from partnerskab.core.knowledge import load_knowledge

    kb = load_knowledge()
    words: Dict[str, set] = {lang: set() for lang in LANGUAGES}
    for fact in kb.facts.values():
        for lang in LANGUAGES:
            texts = [
                fact.answer[lang],
                fact.label[lang],
                *fact.keywords[lang],
                *fact.questions.get(lang, ()),
            ]
            words[lang].update(w for t in texts for w in _WORD.findall(t.lower()) if len(w) > 2)
    names = {
        w.lower()
        for topic in kb.topics.values()
        for a in (*topic.aliases, *topic.places)
        for w in _WORD.findall(a)
        if w[0].isupper()
    } | {w for w in words["en"] if re.search(r"[æøå]", w) and w not in _DA}
    return (
        frozenset(words["da"] - words["en"]),
        frozenset(words["en"] - words["da"]),
        frozenset(names),
    )


@functools.lru_cache(maxsize=1)
def _names_of_more_words() -> "re.Pattern[str]":
    """The catalogue's proper names of two words or more that hold a word of one
    language's own (knowledge/ aliases: "Gennem Ild og Vand", "Idéer for livet": "og",
    "livet"), as
    typed in lower case, also without æ/ø/å or é: named, not written in, like a
    quoted term. (Not the terms "area renewal", "photo project": they are English.)"""
    from partnerskab.core.knowledge import load_knowledge
    from partnerskab.core.spelling import spelled_out

    kb = load_knowledge()
    names = {
        form
        for topic in kb.topics.values()
        for alias in topic.aliases
        if alias[:1].isupper()
        and len(alias.split()) > 1
        and any(
            w in _DA or w in _EN or only_in("da", w) or only_in("en", w)
            for w in _WORD.findall(alias.lower())
        )
        for form in (alias.lower(), spelled_out(alias.lower()), alias.lower().replace("é", "e"))
    }
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def language_or_default(language: Optional[str]) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE
