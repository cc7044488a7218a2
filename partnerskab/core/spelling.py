"""Everyday typing mapped back to the catalogue's words.

People write on phones: æ/ø/å as "ae/oe/aa" or without the accent ("noerremarken",
"norremarken", "paa"), with a typo or two ("flygtningehjælpn", "brandvæsnet"). The
``Speller`` knows the words of ``knowledge/`` (answers, labels, keywords, aliases and
the question bank) and maps an unknown word to one of them when

* it is the same word with æ/ø/å spelled out or left out, or
* it is one edit away (two for words of nine letters or more) from exactly one best
  known word, and it is not itself a real word of the language (the lookup
  lemmatizer's table), so "boligstøtte" is never "corrected" into the catalogue;

and a word of the language that the catalogue does not use, typed with æ/ø/å spelled
out, is written with them ("naeste" is "næste", not the catalogue's "nyeste").

Example:
    >>> speller = Speller(["flygtningehjælpen", "nørremarken", "på"], real_words=set())
    >>> typed = ("flygtningehjaelpen", "norremarken", "paa", "flygtningehjælpn")
    >>> [speller.correct(w) for w in typed]
    ['flygtningehjælpen', 'nørremarken', 'på', 'flygtningehjælpen']
    >>> Speller(["nyeste"], real_words={"næste"}).correct("naeste")
    'næste'
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Callable, Dict, Iterable, List, Match, Optional, Pattern, Sequence, Set, Tuple

_SPELLED_OUT = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"}
)
_DROPPED = str.maketrans({"æ": "a", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})
_FOLDINGS = (_SPELLED_OUT, _DROPPED)
MIN_FUZZY = 5  # shorter words are only un-folded, never edited
TWO_EDITS = 9  # words this long may be two edits away
JOINED_MIN = 7  # words written apart are joined only into a known word this long
# ... and not after a word this short that the catalogue does not use, unless into a
# name ("brf kredit"): "ad gangen" (at a time) is not "adgangen" (access); "by fornyelse"
# is "byfornyelse".
SHORT_PART = 2


def spelled_out(text: str) -> str:
    """``text`` with æ/ø/å (and é, ü, ö, ä) written the way a keyboard without them
    types them: "høje" -> "hoeje". The one folding that matching, skill cues and the
    evaluation share (the review page's group keys keep their own: they are stored)."""
    return text.translate(_SPELLED_OUT)


def folded_forms(word: str) -> Set[str]:
    """The ways a word is typed without Danish letters: "høje" -> {"hoeje", "hoje"}."""
    return {word.translate(_SPELLED_OUT), word.translate(_DROPPED)}


def spelled_in(word: str) -> str:
    """A word typed with æ/ø/å spelled out, written with them again:
    "aaret" -> "året" (the inverse of the first of ``folded_forms``)."""
    return word.replace("aa", "å").replace("ae", "æ").replace("oe", "ø")


def _translated(char: str, table: Dict[int, str]) -> str:
    return char.translate(table)


Edit = Tuple[int, int, str]  # text[start:end] is replaced by the string


class Typed:
    """A text being rewritten, and where each of its characters stood in the text as
    typed: a rewritten piece points at the whole piece it replaced ("htk" -> "høje
    taastrup kommune" points at "htk"), so what is found in the rewritten text can be
    marked in the text as typed.

    Example:
        >>> typed = Typed("Hvad med htk?").translate(str.lower)
        >>> typed = typed.edit([(9, 12, "høje taastrup kommune")])
        >>> typed.text, typed.span(9, 30)
        ('hvad med høje taastrup kommune?', (9, 12))
    """

    __slots__ = ("text", "origin")

    def __init__(self, text: str, origin: Optional[Sequence[Tuple[int, int]]] = None) -> None:
        self.text = text
        self.origin = list(origin) if origin is not None else [(i, i + 1) for i in range(len(text))]

    def span(self, start: int, end: int) -> Tuple[int, int]:
        """Where ``text[start:end]`` (not empty) stood in the text as typed."""
        return self.origin[start][0], self.origin[end - 1][1]

    def edit(self, edits: Iterable[Edit]) -> "Typed":
        """The text with ``edits`` (in order, not overlapping, none empty) made."""
        text: List[str] = []
        origin: List[Tuple[int, int]] = []
        at = 0
        for start, end, new in edits:
            text += [self.text[at:start], new]
            origin += self.origin[at:start]
            if new == self.text[start:end]:
                origin += self.origin[start:end]
            else:
                origin += [self.span(start, end)] * len(new)
            at = end
        text.append(self.text[at:])
        origin += self.origin[at:]
        return Typed("".join(text), origin)

    def sub(self, pattern: Pattern[str], replace: Callable[[Match[str]], str]) -> "Typed":
        """Like ``pattern.sub(replace, text)``."""
        return self.edit((m.start(), m.end(), replace(m)) for m in pattern.finditer(self.text))

    def translate(self, convert: Callable[[str], str]) -> "Typed":
        """Each character converted on its own (lower case, æ/ø/å folded)."""
        text: List[str] = []
        origin: List[Tuple[int, int]] = []
        for char, where in zip(self.text, self.origin):
            new = convert(char)
            text.append(new)
            origin += [where] * len(new)
        return Typed("".join(text), origin)

    def folded(self) -> List["Typed"]:
        """The text typed without Danish letters, each way that differs from it
        (æ/ø/å spelled out, or dropped), in the order of their text."""
        forms: Dict[str, Typed] = {}
        for table in _FOLDINGS:
            typed = self.translate(functools.partial(_translated, table=table))
            if typed.text != self.text:
                forms[typed.text] = typed
        return [forms[text] for text in sorted(forms)]


def _deletes(word: str) -> Set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance with adjacent transpositions, capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)


class Speller:
    """Maps typed words to known words (see the module docstring)."""

    def __init__(
        self,
        words: Iterable[str],
        real_words: Optional[Callable[[str], bool]] = None,
        names: Iterable[str] = (),
    ) -> None:
        counts = Counter(w.lower() for w in words if w and w.isalpha())
        self.known: Dict[str, int] = dict(counts)
        self.names = frozenset(n.lower() for n in names if n.isalpha())  # names written as one word
        self._is_real = (
            real_words if callable(real_words) else (lambda w, s=real_words or set(): w in s)
        )
        self._folded: Dict[str, str] = {}
        self._index: Dict[str, Set[str]] = {}
        for word, _ in counts.most_common():  # the more frequent word wins a folded form
            for form in folded_forms(word) | {word}:
                self._folded.setdefault(form, word)
                if len(form) >= MIN_FUZZY - 1:
                    for key in _deletes(form) | {form}:
                        self._index.setdefault(key, set()).add(word)

    def rejoin(self, text: str) -> str:
        """``text`` with a name or compound written apart put back together when
        the joined word is one the catalogue uses ("nørre marken" -> "nørremarken",
        "område fornyelse" -> "områdefornyelse"); three words before two. Known
        words stay apart ("skole klasse" is matched by its parts anyway), unless
        they make a name written as one word ("jydske vestkysten"), and so does a
        word of one or two letters the catalogue does not use and the next ("ad
        gangen" is not "adgangen"; "by fornyelse" is "byfornyelse").

        Example:
            >>> known = ["nørremarken", "mimers", "gade", "mimersgadekvarteret", "høje", "taastrup",
            ...          "hoejetaastrup"]
            >>> speller = Speller(known, names=["mimersgadekvarteret"])
            >>> speller.rejoin("unge i nørre marken, mimers gade kvarteret og høje taastrup")
            'unge i nørremarken, mimersgadekvarteret og høje taastrup'
            >>> speller = Speller(["adgangen", "by", "byfornyelse"])
            >>> speller.rejoin("hvor mange ad gangen, og hvad er by fornyelse")
            'hvor mange ad gangen, og hvad er byfornyelse'
        """
        return Typed(text).edit(self.joins(text)).text

    def joins(self, text: str) -> List[Edit]:
        """The edits that ``rejoin`` makes: words written apart -> the joined word."""
        pieces = re.split(r"([^\W\d_]+)", text)  # separators at even, words at odd positions
        offsets = [0]
        for piece in pieces:
            offsets.append(offsets[-1] + len(piece))
        edits: List[Edit] = []
        i = 1
        while i < len(pieces):
            for size in (3, 2):
                end = i + 2 * size - 1
                if end > len(pieces) or any(
                    not pieces[j].isspace() for j in range(i + 1, end - 1, 2)
                ):
                    continue
                parts = pieces[i:end:2]
                joined = self._known_form("".join(parts))
                if joined is None or len(joined) < JOINED_MIN:
                    continue
                short = len(parts[0]) <= SHORT_PART and self._known_form(parts[0]) is None
                if joined in self.names or (
                    not short and any(self._known_form(p) is None for p in parts)
                ):
                    edits.append((offsets[i], offsets[end], joined))
                    i = end + 1
                    break
            else:
                i += 2
        return edits

    def _known_form(self, word: str) -> Optional[str]:
        """The known word ``word`` is, as typed or with æ/ø/å folded, or None."""
        if word in self.known:
            return word
        for form in sorted(folded_forms(word) | {word}):
            if form in self._folded:
                return self._folded[form]
        return None

    def is_known_or_real(self, word: str) -> bool:
        """Whether ``word`` is a word of the catalogue or of the language."""
        return word in self.known or self._is_real(word)

    def correct(self, word: str) -> str:
        low = word.lower()
        if low in self.known or not low.isalpha():
            return low
        for form in sorted(folded_forms(low) | {low}):
            if form in self._folded:
                return self._folded[form]
        if self._is_real(low):
            return low
        if self._is_real(spelled_in(low)):
            # "naeste": a word of the language that the catalogue does not use,
            # typed without æ/ø/å, is that word ("næste"), not the nearest word the
            # catalogue uses ("nyeste").
            return spelled_in(low)
        if len(low) < MIN_FUZZY:
            return low
        limit = 2 if len(low) >= TWO_EDITS else 1
        candidates: Set[str] = set()
        for form in folded_forms(low) | {low}:
            keys = _deletes(form) | {form}
            if limit == 2:
                keys |= {d for k in list(keys) for d in _deletes(k)}
            for key in keys:
                candidates |= self._index.get(key, set())
        best: Dict[str, int] = {}
        for candidate in candidates:
            distance = min(
                edit_distance(f, g, limit + 1)
                for f in folded_forms(low) | {low}
                for g in folded_forms(candidate) | {candidate}
            )
            if distance <= limit:
                best[candidate] = distance
        if not best:
            return low
        nearest = min(best.values())
        winners = sorted(
            (w for w, d in best.items() if d == nearest), key=lambda w: (-self.known[w], w)
        )
        if len(winners) > 1 and self.known[winners[0]] == self.known[winners[1]]:
            return low  # a real tie: better not to guess
        return winners[0]


class Shorthand:
    """Chat shorthand written out: whole words or phrases of ``table`` (lower case),
    longest first.

    Example:
        >>> shorthand = Shorthand({"yrs": "years", "htk": "høje taastrup kommune"})
        >>> shorthand.expand(Typed("which yrs did htk get money")).text
        'which years did høje taastrup kommune get money'
    """

    def __init__(self, table: Dict[str, str]) -> None:
        self.table = table
        keys = sorted(table, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
            if keys
            else None
        )

    def expand(self, typed: Typed) -> Typed:
        if self.pattern is None:
            return typed
        return typed.sub(self.pattern, lambda m: self.table[m.group(1)])


class SelfCorrections:
    """Words taken back mid-sentence, as people dictate ("på øh vesterbro nej undskyld
    det var på nørrebro", "the fire brigade sorry i mean the insurance company", "lego
    øh nej brf"): the cue and what it takes back are left out, so what follows is what
    is meant. What it takes back: from the last of the few words before the cue that
    the correction starts with again ("på …", "the …", "how many …"), else the one
    word just before it; never across a comma or a full stop.

    Example:
        >>> fix = SelfCorrections([r"nej,? undskyld", r"(øh),? nej"], [r"det var"], {"øh"})
        >>> fix.apply(Typed("galleriet på øh vesterbro nej undskyld det var på nørrebro")).text
        'galleriet på nørrebro'
        >>> fix.apply(Typed("hvad fik lego øh nej brf ud af det")).text
        'hvad fik brf ud af det'
    """

    BACK = 6  # words before the cue that a correction may start over from

    def __init__(self, cues: Sequence[str], again: Sequence[str], fillers: Iterable[str]) -> None:
        self.cue = re.compile(r"(?<![\w-])(?:" + "|".join(cues) + r")(?![\w-])") if cues else None
        self.again = (
            re.compile(r"\s*(?:(?:" + "|".join(again) + r")(?![\w-])[\s,]*)*") if again else None
        )
        self.fillers = frozenset(fillers)

    def apply(self, typed: Typed) -> Typed:
        """``typed`` without what is taken back (each cue, from the last one back)."""
        if self.cue is None:
            return typed
        for match in reversed(list(self.cue.finditer(typed.text))):
            typed = typed.edit(self._edits(typed.text, match))
        return typed

    def _edits(self, text: str, cue: Match[str]) -> List[Edit]:
        said = text[: cue.start()].rstrip(" ,")  # (a comma may set the cue off: "lego, sorry, brf")
        clause = re.split(r"[.,;:!?]", said)[-1]
        start_of_clause = len(said) - len(clause)
        before = [m for m in re.finditer(r"[^\W_]+", clause) if m.group(0) not in self.fillers][
            -self.BACK :
        ]
        end = cue.end()
        if self.again is not None:
            end = self.again.match(text, end).end()  # type: ignore[union-attr]
        end = re.match(r"[\s,]*", text[end:]).end() + end  # type: ignore[union-attr]
        after = re.match(r"([^\W_]+)", text[end:])
        if not before or after is None:
            return []
        first = after.group(1)
        same = [m for m in before if m.group(0) == first]
        start = start_of_clause + (same[-1] if same else before[-1]).start()
        return [(start, end, "")]


class Guesses:
    """The writer's own guess at the answer, half remembered: a clause that opens with
    a guess cue ("var det ikke …", "wasn't it …"). After a question (``split``) it is
    no part of what is asked ("who opened the show, wasnt it Ritt Bjerregaard" asks
    who opened the show); before the thing it guesses at (``offers``), it offers a name
    the question does not ask about ("var det Aalborg brandvæsen der …").

    Example:
        >>> guesses = Guesses([r"(eller )?var det( ikke)?"], r"hvem|hvor|hvornår")
        >>> guesses.split("hvem tog billederne, var det ikke Poul Hansen?")
        ('hvem tog billederne?', 'var det ikke Poul Hansen?')
        >>> guesses.split("hvilket år var det?")
        ('hvilket år var det?', '')
        >>> guesses.split("hvem lavede det? Var det på Nørrebro, og hvor mange var med?")
        ('hvem lavede det? Var det på Nørrebro, og hvor mange var med?', '')
        >>> guesses.offers("Var det ")
        True
    """

    def __init__(self, cues: Sequence[str], asks: str) -> None:
        cue = "|".join(cues)
        self.trailing = re.compile(
            rf"(?:\s*[,;–—]|\s+-|(?<=[.?!]))\s*((?:{cue})(?![\w-])[^.?!;]*[.?!]*)\s*$",
            re.IGNORECASE,
        )
        self.opening = re.compile(rf"(?:^|[.?!,;:–—-]\s*)(?:{cue})\s+$", re.IGNORECASE)
        self.asks = re.compile(rf"(?<![\w-])(?:{asks})(?![\w-])", re.IGNORECASE)
        self.cue = re.compile(rf"^(?:{cue})(?![\w-])", re.IGNORECASE)

    def split(self, text: str) -> Tuple[str, str]:
        """``text`` as (the question, the guess after it; "" when there is none). The
        question keeps its "?". No guess is split off when no question stands before it
        ("Der var en avis i Esbjerg - var det Ekstra Bladet?" asks by its guess) or when
        it asks something more itself ("…? Var det på Nørrebro, og hvor mange var med?")."""
        match = self.trailing.search(text)
        if match is None or not self.asks.search(text[: match.start()]):
            return text, ""
        guess = match.group(1)
        if self.asks.search(self.cue.sub("", guess)):
            return text, ""
        asked = text[: match.start()].rstrip(" ,;–—-")
        if text.rstrip().endswith("?") and not asked.endswith("?"):
            asked += "?"
        return asked, guess

    def offers(self, before: str) -> bool:
        """Whether what follows ``before`` (the text up to a word) is offered as a
        guess: ``before`` ends in a cue that opens its clause."""
        return bool(self.opening.search(before))


class SpelledLetters:
    """Letters spelled one by one, as dictation writes initials ("bee er ef kredit",
    "b r f kredit", "a b c d"), joined where they make one of ``initialisms`` (the
    longest run first); other runs of short words ("er en", "i see") stay as they are.

    Example:
        >>> letters = SpelledLetters({"bee": "b", "er": "r", "ef": "f", "en": "n"}, ["brf"])
        >>> letters.join(Typed("hvad er bee er ef kredit")).text
        'hvad er brf kredit'
    """

    def __init__(self, names: Dict[str, str], initialisms: Iterable[str]) -> None:
        self.names = {name.lower(): letter.lower() for name, letter in names.items()}
        self.initialisms = frozenset(i.lower() for i in initialisms)
        self.longest = max((len(i) for i in self.initialisms), default=0)

    def join(self, typed: Typed) -> Typed:
        words = list(re.finditer(r"[^\W\d_]+", typed.text))
        edits: List[Edit] = []
        i = 0
        while i < len(words):
            found = None
            for size in range(min(self.longest, len(words) - i), 1, -1):
                run = words[i : i + size]
                gaps = (typed.text[a.end() : b.start()] for a, b in zip(run, run[1:]))
                if not all(re.fullmatch(r"[\s.,-]{1,3}", gap) for gap in gaps):
                    continue
                if not all(w.group(0) in self.names for w in run):
                    continue
                letters = "".join(self.names[w.group(0)] for w in run)
                if letters in self.initialisms:
                    found = (run[0].start(), run[-1].end(), letters)
                    break
            if found is None:
                i += 1
                continue
            edits.append(found)
            i += size
        return typed.edit(edits)


def initials(names: Iterable[str], is_word: Callable[[str], bool]) -> Dict[str, str]:
    """Initials people type for names of three or more capitalised words
    ("Høje Taastrup Kommune" -> "htk"), unless the initials are a word themselves
    ("Gennem Ild og Vand" -> "giv" is not taken)."""
    out: Dict[str, str] = {}
    for name in names:
        capitals = [w for w in re.split(r"[\s\-/]+", name) if w[:1].isupper() and w[:1].isalpha()]
        if len(capitals) < 3:
            continue
        short = "".join(w[0] for w in capitals).lower()
        if not is_word(short):
            out.setdefault(short, name.lower())
    return out
