"""Everyday typing mapped back to the catalogue's words.

People write on phones: æ/ø/å as "ae/oe/aa" or without the accent ("noerremarken",
"norremarken", "paa"), with a typo or two ("flygtningehjælpn", "brandvæsnet"). The
``Speller`` knows the words of ``knowledge/`` (answers, labels, keywords, aliases and
the question bank) and maps an unknown word to one of them when

* it is the same word with æ/ø/å spelled out or left out, or
* it is one edit away (two for words of nine letters or more) from exactly one best
  known word, and it is not itself a real word of the language (the lookup
  lemmatizer's table), so "boligstøtte" is never "corrected" into the catalogue.

Example:
    >>> speller = Speller(["flygtningehjælpen", "nørremarken", "på"], real_words=set())
    >>> [speller.correct(w) for w in ("flygtningehjaelpen", "norremarken", "paa", "flygtningehjælpn")]
    ['flygtningehjælpen', 'nørremarken', 'på', 'flygtningehjælpen']
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Dict, Iterable, List, Optional, Set

_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})
_DROPPED = str.maketrans({"æ": "a", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})
MIN_FUZZY = 5  # shorter words are only un-folded, never edited
TWO_EDITS = 9  # words this long may be two edits away


def folded_forms(word: str) -> Set[str]:
    """The ways a word is typed without Danish letters: "høje" -> {"hoeje", "hoje"}."""
    return {word.translate(_SPELLED_OUT), word.translate(_DROPPED)}


def _deletes(word: str) -> Set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


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

    def __init__(self, words: Iterable[str], real_words: Optional[Callable[[str], bool]] = None) -> None:
        counts = Counter(w.lower() for w in words if w and w.isalpha())
        self.known: Dict[str, int] = dict(counts)
        self._is_real = real_words if callable(real_words) else (lambda w, s=real_words or set(): w in s)
        self._folded: Dict[str, str] = {}
        self._index: Dict[str, Set[str]] = {}
        for word, _ in counts.most_common():  # the more frequent word wins a folded form
            for form in folded_forms(word) | {word}:
                self._folded.setdefault(form, word)
                if len(form) >= MIN_FUZZY - 1:
                    for key in _deletes(form) | {form}:
                        self._index.setdefault(key, set()).add(word)

    def correct(self, word: str) -> str:
        low = word.lower()
        if low in self.known or not low.isalpha():
            return low
        for form in sorted(folded_forms(low) | {low}):
            if form in self._folded:
                return self._folded[form]
        if len(low) < MIN_FUZZY or self._is_real(low):
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
            distance = min(edit_distance(f, g, limit + 1) for f in folded_forms(low) | {low}
                           for g in folded_forms(candidate) | {candidate})
            if distance <= limit:
                best[candidate] = distance
        if not best:
            return low
        nearest = min(best.values())
        winners = sorted((w for w, d in best.items() if d == nearest), key=lambda w: (-self.known[w], w))
        if len(winners) > 1 and self.known[winners[0]] == self.known[winners[1]]:
            return low  # a real tie: better not to guess
        return winners[0]
