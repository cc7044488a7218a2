"""Which cases and topics a text names: decided here, once, for everything.

The NLU's ``case`` entity (partnerskab.adapters.nlu.case_extractor), the
CatalogRouter ("does this message name the catalogue?") and the retriever (which
cases and topics to boost) all ask ``Names.read``. It first writes everyday typing
out (partnerskab.core.spelling): chat shorthand and the initials of names ("yrs",
"htk"), names and compounds written apart put together ("nørre marken"), words
typed without æ/ø/å or with a typo repaired. Then it finds the aliases of
knowledge/ in the result: whole words, any case, with a genitive -s, with æ/ø/å
spelled out or dropped, and written together or apart ("brf kredit", "jydske
vestkysten"). Longest alias first, so "Vejle Brandvæsen" is one mention. Place
names ("Vejle", "Nørremarken") count only when no case or topic is named, and a
place several cases share is the case in play when that is one of them
(``Names.read_in``: "og i Vejle?" while LEGO is in play is about LEGO).
Every mention keeps where it stood in the text as typed, so the NLU marks it there.

Example:
    >>> names = load_names()
    >>> reading = names.read("Hvad fik jydske vestkysten ud af det?", "da")
    >>> reading.topics, reading.mentions[0].start, reading.mentions[0].end
    (['lego'], 9, 26)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional, Set, Tuple

import yaml

from partnerskab.core.knowledge import KNOWLEDGE_DIR, LANGUAGES, Knowledge, load_knowledge
from partnerskab.core.spelling import (
    Edit,
    Guesses,
    SelfCorrections,
    Shorthand,
    SpelledLetters,
    Speller,
    Typed,
    edit_distance,
    folded_forms,
    initials,
)
from partnerskab.core.words import FILLERS, STOPWORDS, dictionary_has, question_word

TYPING_FILE = KNOWLEDGE_DIR / "typing.yml"
_SEPARATOR = re.compile(r"[\W_]+")  # what a name's squashed form leaves out: "Karsten B. Vester"
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")  # "Skandia's" -> "Skandia"
_WORD = re.compile(r"[^\W\d_]+")

# (the topics a name names, the squashed forms it may be typed in), longest name
# first. An alias names one topic; a place may be the place of several cases.
_Keys = Tuple[Tuple[Tuple[str, ...], Tuple[str, ...]], ...]


@dataclass(frozen=True)
class Mention:
    """A case or topic named at ``start:end`` of the text as typed. A place name
    ("Vejle") holds every case it is the place of (``place``), the first one
    (knowledge order) as its ``topic``; an alias holds none."""

    topic: str
    start: int
    end: int
    place: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What ``Names.read`` made of a text."""

    prepared: str  # lower case, everyday typing written out: what retrieval ranks on
    mentions: Tuple[Mention, ...]  # in the order they were found (longest alias first)

    @property
    def topics(self) -> List[str]:
        """The cases and topics named, each once, in the order they were found."""
        return list(dict.fromkeys(m.topic for m in self.mentions))


def _keys(mapping: Dict[str, Tuple[str, ...]]) -> _Keys:
    """The name as written and folded (typed without æ/ø/å), without spaces,
    hyphens, dots and marks (as the text is squashed); forms shorter than three
    letters are left out."""
    out = []
    for alias, topics in sorted(mapping.items(), key=lambda item: len(item[0]), reverse=True):
        keys = dict.fromkeys(_SEPARATOR.sub("", v) for v in sorted({alias} | folded_forms(alias)))
        out.append((topics, tuple(k for k in keys if len(k) >= 3)))
    return tuple(out)


def _squashed(text: str) -> Tuple[str, List[int], Set[int], Set[int]]:
    """``text`` without spaces and hyphens, the position in ``text`` of each of its
    characters, and where its words start and end (positions in the squashed text)."""
    chars: List[str] = []
    where: List[int] = []
    starts: Set[int] = set()
    ends: Set[int] = set()
    for match in re.finditer(r"\w+", text):
        starts.add(len(chars))
        chars.extend(match.group(0))
        where.extend(range(match.start(), match.end()))
        ends.add(len(chars))
    return "".join(chars), where, starts, ends


# What follows a description of a company of our own, not the catalogue's ("the insurance
# group in town", "legetøjsfirmaet her i byen", "the toy company next door", "the mortgage
# bank called …").
_OF_OURS = re.compile(
    r"\W*(in (town|our|the town|the area)|here|near (us|here|by)|nearby|next door|down the road"
    r"|locally|called|named|i byen|i vores|her\b|hos os|ude hos os|lokalt|ved navn|som hedder)\b"
)


_NAMED_AFTER = re.compile(r"[ \t]+[A-ZÆØÅ][\w&-]")


def _find(
    forms: List[Typed], aliases: _Keys, places: bool = False, genitive: bool = True
) -> List[Mention]:
    """The mentions of ``aliases`` in any of ``forms`` (the text and its foldings);
    with ``places``, each holds the cases its place is the place of; without
    ``genitive``, a name with an -s after it is none ("the insurance groups" is no
    description of Skandia's)."""
    found: List[Mention] = []
    for form in forms:
        squashed, where, starts, ends = _squashed(form.text)
        taken: List[Tuple[int, int]] = []
        for topics, keys in aliases:
            for key in keys:
                if key not in squashed:  # most aliases: a plain substring test decides
                    continue
                for match in re.finditer(re.escape(key), squashed):
                    start, end = match.span()
                    if start not in starts:
                        continue
                    last = end  # a genitive -s belongs to the name it follows
                    if end not in ends:
                        if not (genitive and squashed[end : end + 1] == "s" and end + 1 in ends):
                            continue
                        last = end + 1
                    if any(s < end and start < e for s, e in taken):
                        continue
                    taken.append((start, end))
                    span = form.span(where[start], where[last - 1] + 1)
                    mention = Mention(topics[0], *span, place=topics if places else ())
                    if mention not in found:
                        found.append(mention)
    return found


# A name heard as several words, a letter or two off ("real danya", "mikael kammer",
# "galery hamlet", "id er for livet"): the words squashed are this near a name's
# squashed form of at least ``NEAR_NAME`` letters, one edit (two from ``NEAR_TWO``
# letters, when one of the words is no word at all: "galery", "vnad").
NEAR_NAME = 9
NEAR_TWO = 13
NEAR_WORDS = 4  # words at most that one name is heard as


def _near_index(alias_map: Dict[str, str]) -> Dict[str, List[Tuple[str, str]]]:
    """The names' squashed forms of ``NEAR_NAME`` letters or more, each with the name
    as written (lower case), by first letter."""
    index: Dict[str, List[Tuple[str, str]]] = {}
    for alias in sorted(alias_map):
        for key in dict.fromkeys(
            _SEPARATOR.sub("", v) for v in sorted({alias} | folded_forms(alias))
        ):
            if len(key) >= NEAR_NAME:
                index.setdefault(key[0], []).append((key.lower(), alias.lower()))
    return index


def _near_names(
    text: str,
    index: Dict[str, List[Tuple[str, str]]],
    is_word: Callable[[str], bool],
    small: FrozenSet[str],
) -> List[Edit]:
    """The names ``text`` holds as heard (see ``NEAR_NAME``), each written as the name
    is: two to ``NEAR_WORDS`` words in a row, neither the first nor the last a small
    word ("computer i" is no "computere"), whose squashed form is no word itself;
    the nearest first."""
    words = list(re.finditer(r"[^\W\d_]+", text))
    found: List[Tuple[int, int, int, str]] = []  # (distance, start word, end word, name)
    for i in range(len(words)):
        if words[i].group(0) in small:
            continue
        for j in range(i + 2, min(i + NEAR_WORDS, len(words)) + 1):
            run = words[i:j]
            if any(text[a.end() : b.start()] != " " for a, b in zip(run, run[1:])):
                break
            squashed = "".join(w.group(0) for w in run)
            if run[-1].group(0) in small or len(squashed) < NEAR_NAME - 1 or is_word(squashed):
                continue
            misheard = not all(is_word(w.group(0)) for w in run)
            for key, name in index.get(squashed[0], ()):
                limit = 2 if len(key) >= NEAR_TWO and misheard else 1
                if abs(len(key) - len(squashed)) > limit:
                    continue
                distance = edit_distance(squashed, key, limit + 1)
                if distance <= limit:
                    found.append((distance, i, j, name))
    edits: List[Edit] = []
    for _, i, j, name in sorted(found, key=lambda f: (f[0], f[1] - f[2], f[1])):
        start, end = words[i].start(), words[j - 1].end()
        if all(end <= s or e <= start for s, e, _ in edits):
            edits.append((start, end, name))
    return sorted(edits)


def _vocabulary(kb: Knowledge, lang: str) -> List[str]:
    """Every word of knowledge/ in one language: answers, labels, keywords,
    names, aliases, places and the question bank."""
    texts: List[str] = []
    for topic in kb.topics.values():
        texts += [topic.name[lang], *topic.aliases, *topic.places]
        for fact in topic.facts:
            texts += [
                fact.answer[lang],
                fact.label[lang],
                *fact.keywords[lang],
                *fact.questions.get(lang, ()),
            ]
    return [w for text in texts for w in re.findall(r"[^\W\d_]+", text.lower())]


def _initialisms(kb: Knowledge) -> List[str]:
    """The words of three letters or more that knowledge/ writes in capitals ("BRF",
    "ABCD", "CSR", "ISBN"), lower-cased: what letters spelled one by one may make."""
    texts: List[str] = []
    for topic in kb.topics.values():
        texts += [*topic.name.values(), *topic.aliases]
        for fact in topic.facts:
            texts += [*fact.answer.values(), *fact.label.values()]
    found = {w.lower() for text in texts for w in re.findall(r"(?<!\w)[A-ZÆØÅ]{3,}(?!\w)", text)}
    return sorted(found)


class Names:
    """The names of knowledge/ and the typing repairs. Build once, share everywhere."""

    def __init__(self, kb: Knowledge) -> None:
        # One message is read several times (the NLU routers, the reply and its
        # request checks, the retriever), and a fact's answer again for each
        # follow-up: the reading depends on the text and the language only.
        self._readings = functools.lru_cache(maxsize=2048)(self._read)
        alias_map = kb.alias_map(cases_only=False)
        self.aliases = _keys({alias: (topic,) for alias, topic in alias_map.items()})
        self.near = _near_index(alias_map)
        # Descriptions ("the toy company") are read as written only: not near-matched as a
        # name heard, not in the plural, and not of a company of our own ("the insurance
        # group in town": ``_OF_OURS``).
        described: Dict[str, Tuple[str, ...]] = {
            d.lower(): (topic.id,) for topic in kb.topics.values() for d in topic.descriptions
        }
        # (A Danish compound takes the genitive -s, "legetøjsfirmaets"; after an English
        # phrase an -s makes the plural, "the insurance groups".)
        self.descriptions = _keys({d: t for d, t in described.items() if " " in d})
        self.described_words = _keys({d: t for d, t in described.items() if " " not in d})
        places: Dict[str, Tuple[str, ...]] = {}
        for topic in kb.topics.values():
            for place in topic.places:
                places[place.lower()] = (*places.get(place.lower(), ()), topic.id)
        self.places = _keys(places)
        self.first_names = {t.id: t.aliases[0] for t in kb.topics.values() if t.aliases}
        # Per case, the phrases in which an alias is an everyday word ("i avisen"): the
        # words before the alias and the alias, squashed and folded as typed (keyed by
        # every case, so that ``read_in`` knows a case in play).
        self.common_phrases = {
            t.id: tuple(
                (
                    tuple(phrase.lower().split()[:-1]),
                    frozenset(_keys({phrase.split()[-1].lower(): (t.id,)})[0][1]),
                )
                for phrase in t.common_phrases
            )
            for t in kb.cases
        }
        one_word_names = [re.sub(r"\W", "", a) for a in alias_map if " " not in a]
        self.spellers = {
            lang: Speller(
                _vocabulary(kb, lang),
                real_words=functools.partial(dictionary_has, lang=lang),
                names=one_word_names,
            )
            for lang in LANGUAGES
        }
        # Shorthand: chat abbreviations (knowledge/typing.yml) and the initials of names ("htk").
        typing = yaml.safe_load(TYPING_FILE.read_text(encoding="utf-8"))
        short_names = initials(
            [a for topic in kb.topics.values() for a in topic.aliases],
            lambda w: any(
                dictionary_has(w, lang) or w in self.spellers[lang].known for lang in LANGUAGES
            ),
        )
        # Initials spelled out letter by letter ("bee er ef", "a b c d"): joined into the
        # catalogue's initialisms ("BRF", "ABCD") and the initials of its names ("htk").
        self.letters = SpelledLetters(
            {name: letter for letter, names in typing["letters"].items() for name in names},
            [*_initialisms(kb), *short_names],
        )
        # Words taken back mid-sentence ("vesterbro nej undskyld nørrebro"): what
        # follows them is meant.
        self.corrections = {
            lang: SelfCorrections(
                typing["corrections"][lang]["cue"],
                typing["corrections"][lang]["again"],
                FILLERS[lang],
            )
            for lang in LANGUAGES
        }
        # The writer's own guess at the answer ("…, wasn't it Ritt Bjerregaard").
        self.guesses = {
            lang: Guesses(typing["guesses"][lang], question_word(lang)) for lang in LANGUAGES
        }
        self.shorthand = {
            lang: Shorthand(
                {
                    **short_names,
                    **{str(k).lower(): str(v).lower() for k, v in typing[lang].items()},
                }
            )
            for lang in LANGUAGES
        }

    def read(self, text: str, language: str) -> Reading:
        """The cases and topics ``text`` names, and the text as retrieval reads it:
        "hvem startede flygtningehjaelpen" -> "hvem startede flygtningehjælpen",
        which names ``skandia``."""
        return self._readings(text, language)

    def read_in(self, text: str, language: str, in_play: Optional[str]) -> Reading:
        """``read`` in a conversation with the case ``in_play``: a place that is also
        its place is read as its name ("og i Vejle?" while LEGO is in play asks about
        LEGO, whose classes are in Vejle, not about the fire brigade's project
        there). The one decision of which case a message names in context."""
        reading = self.read(text, language)
        if in_play in self.common_phrases:
            # "kom de i avisen?" after Mimersgade: in the paper, the press of the case in
            # play, not JydskeVestkysten, whose alias "avisen" is an everyday word there.
            kept = tuple(
                m
                for m in reading.mentions
                if m.topic == in_play or not self._in_common_phrase(text, m)
            )
            if kept != reading.mentions:
                reading = Reading(reading.prepared, kept)
        moved = [m for m in reading.mentions if in_play in m.place and m.topic != in_play]
        if not moved or in_play not in self.first_names:
            return reading
        for mention in sorted(moved, key=lambda m: m.start, reverse=True):
            text = text[: mention.start] + self.first_names[in_play] + text[mention.end :]
        return self.read(text, language)

    def _in_common_phrase(self, text: str, mention: Mention) -> bool:
        """Whether ``mention`` stands in one of its case's everyday phrases ("i avisen"),
        with a genitive -s or not."""
        squashed = _SEPARATOR.sub("", text[mention.start : mention.end].lower())
        before = tuple(re.findall(r"\w+", text[: mention.start].lower()))
        for words, keys in self.common_phrases.get(mention.topic, ()):
            if before[len(before) - len(words) :] == words and (
                squashed in keys or (squashed.endswith("s") and squashed[:-1] in keys)
            ):
                return True
        return False

    def corrected(self, text: str, language: str) -> str:
        """``text`` without the words it takes back mid-sentence ("hvad fik lego øh nej
        brf ud af det" -> "hvad fik brf ud af det"), as typed otherwise: the one
        decision of what a self-corrected message means, which ``read`` makes too."""
        return self.corrections[language].apply(Typed(text)).text

    def without_guess(self, text: str, language: str) -> str:
        """``text`` without the writer's guess after the question, but for the names of
        the catalogue's cases and topics in it ("who opened the Farver i Sort/Hvid show,
        wasnt it Ritt Bjerregaard" -> "who opened the Farver i Sort/Hvid show"; "what
        did they donate, wasn't it the LEGO people?" -> "what did they donate LEGO?"):
        the one decision of what a guess leaves to be asked."""
        asked, guess = self.guesses[language].split(text)
        if not guess:
            return text
        names = [guess[m.start : m.end] for m in self.read(guess, language).mentions]
        if not names:
            return asked
        ends = "?" if asked.endswith("?") else ""
        return f"{asked.rstrip(' ?')} {' '.join(names)}{ends}"

    def without_names(self, text: str, language: str) -> str:
        """``text`` as typed without the names of cases and topics in it, and then the
        places ("brandstationen, hvor mange gange om året" -> ", hvor mange gange om
        året"; "hvem betalte for brandvæsnets projekt i vejle" -> "hvem betalte for
        projekt i "): what it asks of them, to ask again of another ("og hos lego?")."""
        for _ in range(2):  # the names, then the places (read when no name is left)
            for mention in sorted(self.read(text, language).mentions, key=lambda m: -m.start):
                text = text[: mention.start] + text[mention.end :]
        return text

    def offers_a_guess(self, before: str, language: str) -> bool:
        """Whether the word after ``before`` is offered as a guess ("Var det …")."""
        return self.guesses[language].offers(before)

    def _read(self, text: str, language: str) -> Reading:
        typed = self._prepare(Typed(text), language)
        forms = [typed, *typed.folded()]
        mentions = _find(forms, self.aliases)
        described = _find(forms, self.descriptions, genitive=False)
        mentions += [
            m
            for m in described + _find(forms, self.described_words)
            if not _OF_OURS.match(typed.text[m.end :])
            # ("the insurance group Tryg …": another company, named with its capital.)
            and not (len(typed.text) == len(text) and _NAMED_AFTER.match(text[m.end :]))
            and not any(o.start < m.end and m.start < o.end for o in mentions)
        ]
        if not mentions:
            # "real danya", "mikael kammer": a name heard as words, written as the name.
            heard = _near_names(
                typed.text, self.near, self.spellers[language].is_known_or_real, STOPWORDS[language]
            )
            if heard:
                typed = typed.edit(heard)
                forms = [typed, *typed.folded()]
                mentions = _find(forms, self.aliases)
        mentions = mentions or _find(forms, self.places, places=True)
        return Reading(typed.text, tuple(mentions))

    def _prepare(self, typed: Typed, language: str) -> Typed:
        speller = self.spellers[language]
        typed = self.corrections[language].apply(typed.translate(str.lower))
        if language == "en":
            typed = typed.sub(_POSSESSIVE, lambda m: "")
        typed = self.letters.join(typed)
        typed = self.shorthand[language].expand(typed)
        typed = typed.edit(speller.joins(typed.text))
        return typed.sub(_WORD, lambda m: speller.correct(m.group(0)))


@functools.lru_cache(maxsize=1)
def load_names() -> Names:
    """The one ``Names`` of a process that has no Answerer (the Rasa NLU components)."""
    return Names(load_knowledge())
