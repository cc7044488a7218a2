"""Back-references to what the last answer named: which item "den første du
nævnte", "the second one" or "det projekt" is, and whom "hvem sagde det?" asks for.

The retriever (partnerskab.core.retrieval) asks before it ranks: a message that
points at an item of the last answer by its place or as "that project" is read as
if it named that item ("den første du nævnte, hvad gik den ud på" after the
overview of the six cases is read as "Mimersgade, hvad gik den ud på"), so the
names, the case in play and "og …?" work on it as on a typed name. The items are
the cases and terms the answer names (``Names.read``), in the order they stand
in it; after a piece of advice or the list of all 12, the place is the piece of
advice's number. The words are in knowledge/references.yml.

Example:
    >>> from partnerskab.core.knowledge import load_knowledge
    >>> from partnerskab.core.names import load_names
    >>> refs = References(load_knowledge(), load_names())
    >>> last = load_knowledge().fact("general.cases_overview")
    >>> refs.resolve("den første du nævnte, hvad gik den ud på", "da", last)
    'Mimersgade, hvad gik den ud på'
"""

from __future__ import annotations

import functools
import re
from typing import Dict, List, Optional, Pattern, Tuple

import yaml

from partnerskab.core.knowledge import KNOWLEDGE_DIR, LANGUAGES, Fact, Knowledge, load_knowledge
from partnerskab.core.names import Names, load_names
from partnerskab.core.words import COUNTING_WORDS

REFERENCES_FILE = KNOWLEDGE_DIR / "references.yml"
ADVICE = "advice"
MODELS = "models"
# How the resolved item is written in the message: a piece of advice by its number
# (read by partnerskab.core.retrieval.parse_advice_number).
_ADVICE_NAME = {"da": "råd {number}", "en": "advice {number}"}


# A name said with how many there are ("two models", "de 12 gode råd") names the whole:
# a number in digits or words (words.COUNTING_WORDS).
_COUNTS = {lang: "|".join([r"\d+", *sorted(words)]) for lang, words in COUNTING_WORDS.items()}
_COUNTED = {
    lang: re.compile(rf"^(?:{words}) |\b(?:{words}) $", re.IGNORECASE)
    for lang, words in _COUNTS.items()
}


class References:
    """The back-reference words of knowledge/references.yml. Build once, share."""

    def __init__(self, kb: Knowledge, names: Names) -> None:
        self.kb = kb
        self.names = names
        raw = yaml.safe_load(REFERENCES_FILE.read_text(encoding="utf-8"))
        self.ordinals: Dict[str, Dict[str, int]] = {
            lang: {str(w): int(n) for w, n in raw["ordinals"][lang].items()} for lang in LANGUAGES
        }
        words = {
            lang: "|".join(sorted(map(re.escape, self.ordinals[lang]), key=len, reverse=True))
            for lang in LANGUAGES
        }
        self.item: Dict[str, Pattern[str]] = {
            lang: re.compile(raw["item"][lang].replace("{ordinal}", words[lang]))
            for lang in LANGUAGES
        }
        self.that = {lang: re.compile(raw["that"][lang]) for lang in LANGUAGES}
        self.said = {lang: [re.compile(p) for p in raw["said"][lang]] for lang in LANGUAGES}
        self.then = {lang: re.compile(raw["then"][lang]) for lang in LANGUAGES}
        self.other = {lang: re.compile(raw["other"][lang]) for lang in LANGUAGES}
        self.meant = {lang: re.compile(raw["meant"][lang]) for lang in LANGUAGES}
        self.person_ours = {
            lang: re.compile(raw["person_ours"][lang], re.IGNORECASE) for lang in LANGUAGES
        }
        # The ways of asking about a person, each with every first name no one else has.
        self.given_names = kb.given_names
        firsts = "|".join(sorted(map(re.escape, self.given_names), key=len, reverse=True))
        self.person_asked = {
            lang: [
                re.compile(p.replace("{name}", f"(?P<name>{firsts})"), re.IGNORECASE)
                for p in raw["person_asked"][lang]
                if self.given_names
            ]
            for lang in LANGUAGES
        }
        self.picks = {lang: re.compile(rf"\b(?:{words[lang]})\b") for lang in LANGUAGES}
        numbers = [f.number for f in kb.topics[ADVICE].facts if f.number is not None]
        self.last_advice = max(numbers) if numbers else 0

    def items(self, fact: Fact, language: str) -> List[Tuple[str, str]]:
        """The items ``fact``'s answer names, in the order they stand in it, each
        once, as (topic, how the answer writes it): a case once however many of its
        names the answer uses (the overview's "fotoprojekt … Mimersgadekvarter …
        Schiller House" is Mimersgade), a term of a general topic by its words
        ("add-on-modellen", "den strategisk integrerede model"). A case is written
        as the answer first names it ("Byen i Balance", "fotoprojekt")."""
        answer = fact.answer[language]
        out: List[Tuple[str, str]] = []
        seen = set()
        for m in sorted(self.names.read(answer, language).mentions, key=lambda m: m.start):
            topic = self.kb.topics[m.topic]
            written = answer[m.start : m.end]
            if _COUNTED[language].search(written) or _COUNTED[language].search(answer[: m.start]):
                # "two models", "de 12 gode råd": the whole, not one of its items.
                continue
            key = topic.id if topic.is_case else written.lower()
            if key in seen:
                continue
            seen.add(key)
            out.append((topic.id, written))
        return out

    def resolve(self, text: str, language: str, last: Optional[Fact]) -> str:
        """``text`` with a reference to an item of ``last``'s answer written as that
        item's name, or ``text`` as it was when it has none or ``last`` names too
        few items to tell ("det projekt" needs one, a place in a list two)."""
        if last is None:
            return text
        low = text.lower()
        match = self.other[language].search(low)
        if match is not None and not self.names.read(text, language).topics:
            # "og den anden model?" after the add-on model: the other one of the pair.
            name = self._other_of_pair(last, match, language)
            if name:
                return text[: match.start()] + name + text[match.end() :]
        match = self.item[language].search(low)
        # A message that names a case or topic itself means an item of it ("hvad var
        # det første, LEGO gjorde?"), unless it says it is one the reply named.
        if match is not None and (
            match.group("said") or not self.names.read(text, language).topics
        ):
            name = self._by_place(match, last, language)
            if name:
                return text[: match.start()] + name + text[match.end() :]
        match = self.that[language].search(low)
        if match is not None:
            name = self._project(last, language)
            if name:
                return text[: match.start()] + name + text[match.end() :]
        return text

    def pieces_meant(self, text: str, language: str, last: Optional[Fact]) -> List[int]:
        """The pieces of advice "the other one" may mean right after one piece
        (``last``), most likely first: Danish "og den anden?" after advice 4 is the
        second piece or the other one, the next (advice 2, 5); English "and the
        other one?" is never the second: the next or the one before (5, 3). Two
        readings or more are for the user to pick ("Mente du …?"); [] when the
        message is no such reference (or ``last`` no single piece of advice)."""
        if last is None or last.topic != ADVICE or last.number is None:
            return []
        match = self.other[language].search(text.lower())
        if match is None or (match.group("noun") or "").strip().startswith("model"):
            return []
        number = last.number
        readings = [2, number + 1, number - 1] if language == "da" else [number + 1, number - 1]
        pieces = [n for n in dict.fromkeys(readings) if n != number and 1 <= n <= self.last_advice]
        return pieces[:2]

    def says_which(self, text: str, language: str) -> bool:
        """Whether a message says which item of what the assistant said it means, in
        words that point at the assistant's reply: "den første du nævnte", "the
        second case you mentioned", "nej, jeg mente den anden", "I meant the third
        one". Always a follow-up of the last reply (the NLU's CatalogRouter), even
        when it starts with "nej"."""
        low = text.lower()
        match = self.item[language].search(low)
        if match is not None and match.group("said"):
            return True
        return bool(self.meant[language].search(low) and self.picks[language].search(low))

    def full_names(self, text: str, language: str) -> str:
        """``text`` with a first name no one else in the catalogue has written out in
        full where the question asks about that person ("i citatet fra bruno, hvad
        laver han?" -> "… Bruno Karlsen …"; references.yml ``person_asked``), and as
        it was anywhere else ("min kollega Lene spørger …") and in a message that speaks
        of ourselves ("hvem er så Lene fra vores afdeling?": ``person_ours``)."""
        if self.person_ours[language].search(text):
            return text
        # Each name where the first of the ways finds it, written out from the right.
        spans: Dict[str, Tuple[int, int]] = {}
        for pattern in self.person_asked[language]:
            for match in pattern.finditer(text):
                spans.setdefault(match.group("name").lower(), match.span("name"))
        for first, (start, end) in sorted(spans.items(), key=lambda item: -item[1][0]):
            full = self.given_names[first]
            if not text[start:].lower().startswith(full.lower()):
                text = text[:start] + full + text[end:]
        return text

    def points_at_the_other(self, text: str, language: str) -> bool:
        """Whether the message points at "the other one" of what was said ("og den
        anden?", "ok and the other one, in english pls"): the NLU's CatalogRouter
        reads it as a follow-up when the classifier took it for an area of ours."""
        return bool(self.other[language].search(text.lower()))

    def says_who(self, text: str, language: str) -> bool:
        """Whether the message asks only who said what the last answer says
        ("hvem sagde det?", "who said that?")."""
        low = text.lower()
        return any(p.search(low) for p in self.said[language])

    def without_when(self, text: str, language: str) -> str:
        """The message in lower case without its words that say when ("bagefter",
        "after that"), which ask for the next piece of advice only when nothing
        else is asked (partnerskab.core.retrieval)."""
        return self.then[language].sub(" ", text.lower())

    def _by_place(self, match: "re.Match[str]", last: Fact, language: str) -> str:
        place = self.ordinals[language][match.group("ordinal")]
        noun = (match.group("noun") or "").strip()
        if last.topic == ADVICE:
            # After a piece of advice or the list of all 12: the piece of that number
            # ("den anden model" is no piece of advice at all).
            number = self.last_advice if place < 0 else place
            return "" if noun.startswith("model") else _ADVICE_NAME[language].format(number=number)
        items = self.items(last, language)
        if noun.startswith("model"):
            # "den anden model": of the models the answer named, not its cases.
            items = [(topic, written) for topic, written in items if topic == MODELS]
        # A place needs a list: after one item "den anden" is "the other" (the other
        # of a pair: ``_other_of_pair``; else left to the ranking).
        if len(items) < 2 or abs(place) > len(items):
            return ""
        topic, written = items[place - 1 if place > 0 else place]
        case = self.kb.topics[topic]
        # A case by its own name ("Mimersgade", not the overview's "fotoprojekt").
        return case.aliases[0] if case.is_case and case.aliases else written

    def _other_of_pair(self, last: Fact, match: "re.Match[str]", language: str) -> str:
        """The other one of a pair when ``last``'s answer names one of its own
        topic's terms and a fact of that topic names it and one more: after the
        add-on model, the strategically integrated model (the pair the comparison
        of the two names); "" when there is no such pair."""
        named = self.items(last, language)
        if len(named) != 1 or named[0][0] != last.topic or self.kb.topics[last.topic].is_case:
            return ""
        noun = (match.group("noun") or "").strip()
        if noun.startswith("model") and last.topic != MODELS:
            return ""
        one = named[0][1].lower()
        for fact in self.kb.topics[last.topic].facts:
            pair = [written for _, written in self.items(fact, language)]
            if len(pair) == 2 and one in (pair[0].lower(), pair[1].lower()):
                other = pair[1] if pair[0].lower() == one else pair[0]
                if other.lower() != one:
                    return other
        return ""

    def _project(self, last: Fact, language: str) -> str:
        """The project "det projekt" points at: the first case the last answer
        names, as the answer names it (the ABCD method's "Byen i Balance")."""
        return next(
            (
                written
                for topic, written in self.items(last, language)
                if self.kb.topics[topic].is_case
            ),
            "",
        )


@functools.lru_cache(maxsize=1)
def load_references() -> References:
    """The one ``References`` of a process that has no Answerer (the NLU's CatalogRouter)."""
    return References(load_knowledge(), load_names())
