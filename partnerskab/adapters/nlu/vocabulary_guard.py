"""An NLU component that sends messages with no known word to the fallback.

DIET is confidently wrong on words it never saw ("hmm" -> greet 1.0, "???" ->
bot_challenge 1.0), so a confidence threshold alone cannot catch them. This
component learns the words of the training data and, when none of a message's
words is known (see ``is_known``), replaces the intent with ``nlu_fallback``.
``action_unclear`` then answers from the catalogue or asks "Mente du …?" with the
facts nearest the message.

It runs after the FallbackClassifier, and a message that has already fallen back
is left as it is: a message falls back once, with the classifier's ranking after
the fallback. Before it, the classifier's own guess decided whether the
FallbackClassifier added a second fallback (when that guess was over 0.9 sure,
the guard's 1.0 and it were "ambiguous"), and ``rasa test nlu``, which takes back
one fallback to score the guess behind it, counted such a message as the fallback
or as its guess depending on that: the figure on tests/nlu moved by one message
between two trainings.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import List, Sequence, Set

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from partnerskab.adapters.nlu.component import Component, Trained
from partnerskab.core.spelling import folded_forms

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_FILE = "vocabulary.json"


def words(text: str) -> Set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def known_forms(text: str) -> Set[str]:
    """The words of a training text as typed and as typed without æ/ø/å ("næste" ->
    "naeste", "naste"): on a phone "hjaelp" and "naeste" are known words."""
    return {form for word in words(text) for form in (word, *folded_forms(word))}


def is_known(word: str, vocabulary: Sequence[str]) -> bool:
    """Known: in the vocabulary (sorted), or sharing its first 4 letters with a
    vocabulary word ("halløjsa"/"halløj", "cheerio"/"cheers"), or a 3-letter
    word that begins one ("jep"/"jeps"). Gibberish ("asdf", "hmm") is not."""
    i = bisect.bisect_left(vocabulary, word)
    if i < len(vocabulary) and vocabulary[i] == word:
        return True
    prefix = word[:4] if len(word) >= 4 else word if len(word) == 3 else None
    if prefix is None:
        return False
    j = bisect.bisect_left(vocabulary, prefix)
    return j < len(vocabulary) and vocabulary[j].startswith(prefix)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class VocabularyGuard(Trained, Component):
    def __init__(self) -> None:
        self.vocabulary: List[str] = []  # sorted

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary: Set[str] = set()
        for example in training_data.training_examples:
            vocabulary |= known_forms(example.get(TEXT))
        for table in training_data.lookup_tables:
            elements = table.get("elements")
            if isinstance(elements, list):
                for element in elements:
                    vocabulary |= known_forms(element)
        self.vocabulary = sorted(vocabulary)
        self.persist()
        return self._resource

    def save(self, directory: Path) -> None:
        (directory / _FILE).write_text(
            json.dumps(self.vocabulary, ensure_ascii=False), encoding="utf-8"
        )

    def restore(self, directory: Path) -> None:
        self.vocabulary = sorted(json.loads((directory / _FILE).read_text(encoding="utf-8")))

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.vocabulary:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            intent = message.get(INTENT) or {}
            if (
                not intent
                or intent.get(INTENT_NAME_KEY) == DEFAULT_NLU_FALLBACK_INTENT_NAME
                or text.startswith("/")
            ):
                continue
            if any(is_known(word, self.vocabulary) for word in words(text)):
                continue
            fallback = {
                INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                PREDICTED_CONFIDENCE_KEY: 1.0,
            }
            message.set(INTENT, fallback, add_to_output=True)
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages
