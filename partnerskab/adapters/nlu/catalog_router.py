"""An NLU component: a message that names something of the catalogue is a
catalogue question, and an unclear message that describes an area's challenges
is an area description, whatever the classifier made of the rest.

DIET and the vocabulary guard see words; phone typing ("flygtningehjaelpen",
"brf kredit", "råd 3??") and unusual phrasing can land such a message on
``nlu_fallback``, ``out_of_scope`` or ``help``, or on small talk the classifier is
unsure of ("LEGO?" as a "yes"). When the message names a case, a
person, a project or a catalogue term (the retriever's own name matching,
``partnerskab.core.retrieval.find_topics``: aliases from knowledge/, æ/ø/å folded, names
written together or apart) or a piece of advice by number, this component sets the
intent to ``ask_catalog``. A message the classifier left unclear (``nlu_fallback``)
that names none of these but in which the interview reads a challenge
(``partnerskab.core.interview``: "Vi har meget hærværk i vores boligområde") becomes
``describe_area``. Other intents (the guide, the interview, small talk) are left
alone, and so are button payloads.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from partnerskab.adapters.nlu.language_detector import LANGUAGE_ENTITY
from partnerskab.core.interview import load_interview
from partnerskab.core.knowledge import load_knowledge
from partnerskab.core.language import language_or_default
from partnerskab.core.retrieval import find_topics, parse_advice_number
from partnerskab.core.spelling import initials
from partnerskab.core.words import dictionary_has

CATALOG_INTENT = "ask_catalog"
AREA_INTENT = "describe_area"
# What a message naming the catalogue is taken back from: the unclear intents always,
# small talk when the classifier was not sure ("LEGO?" is no "yes").
OVERRIDDEN = frozenset({DEFAULT_NLU_FALLBACK_INTENT_NAME, "out_of_scope", "help", "bot_challenge"})
SMALL_TALK = frozenset({"affirm", "deny", "greet", "goodbye", "thank"})
SURE = 0.9


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CatalogRouter(GraphComponent):
    def __init__(self) -> None:
        kb = load_knowledge()
        self.alias_map = kb.alias_map(cases_only=False)
        # Initials typed for names ("htk" for Høje Taastrup Kommune) name the case too.
        names = [a for topic in kb.topics.values() for a in topic.aliases]
        short = initials(names, lambda w: dictionary_has(w, "da") or dictionary_has(w, "en"))
        self.alias_map.update(
            {s: self.alias_map[name] for s, name in short.items() if s not in self.alias_map}
        )
        self.place_map = {p.lower(): t.id for t in kb.topics.values() for p in t.places}
        self.interview = load_interview()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CatalogRouter":
        return cls()

    def names_the_catalogue(self, text: str) -> bool:
        return parse_advice_number(text) is not None or bool(
            find_topics(text, self.alias_map, self.place_map)
        )

    def describes_an_area(self, text: str, language: str) -> bool:
        return bool(self.interview.extract(text, language).challenges)

    @staticmethod
    def language_of(message: Message) -> str:
        """The language LanguageDetector put on the message (it runs first)."""
        found = [
            e.get(ENTITY_ATTRIBUTE_VALUE)
            for e in message.get(ENTITIES) or []
            if e.get(ENTITY_ATTRIBUTE_TYPE) == LANGUAGE_ENTITY
        ]
        return language_or_default(found[-1] if found else None)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            predicted = message.get(INTENT) or {}
            intent = predicted.get(INTENT_NAME_KEY)
            unsure_small_talk = (
                intent in SMALL_TALK and (predicted.get(PREDICTED_CONFIDENCE_KEY) or 0) < SURE
            )
            if text.startswith("/") or not (intent in OVERRIDDEN or unsure_small_talk):
                continue
            if self.names_the_catalogue(text):
                self._route(message, CATALOG_INTENT)
            elif intent == DEFAULT_NLU_FALLBACK_INTENT_NAME and self.describes_an_area(
                text, self.language_of(message)
            ):
                self._route(message, AREA_INTENT)
        return messages

    @staticmethod
    def _route(message: Message, intent: str) -> None:
        routed = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, routed, add_to_output=True)
        ranking = [
            r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent
        ]
        message.set(INTENT_RANKING_KEY, [routed, *ranking], add_to_output=True)
