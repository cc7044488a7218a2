"""An NLU component that marks the catalogue's cases a message names as ``case`` entities.

Which case a text names is decided in one place, ``partnerskab.core.names``
(aliases from knowledge/, æ/ø/å folded, names written together or apart, typos
and initials repaired); the retriever asks the same function, so the ``case``
slot and the case the answer is about cannot disagree. This component only
translates that decision into Rasa entities: the case's id as the value, and the
span of the name in the message as typed ("Hvad fik [LEGOs](case) ansatte ud af
det?"), so the NLU test set's entity evaluation and the stories still apply.
Topics that are no case (CSR, the models, the advice) are left to the retriever.
A place several cases share ("Vejle") is marked with the role ``place``, so it does
not fill the ``case`` slot; the action reads it with the case in play.
Button payloads ("/ask_catalog{...}") carry their own entities and are left alone.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from partnerskab.adapters.nlu.component import Component, add_entities, language_of
from partnerskab.core.knowledge import load_knowledge
from partnerskab.core.names import load_names

CASE_ENTITY = "case"
# A place several cases share ("Vejle": LEGO's classes and the fire brigade): which
# case it means depends on the case in play, which the NLU does not see, so it does
# not fill the `case` slot (bot/domain/catalog.yml); the replying action decides.
PLACE_ROLE = "place"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CaseExtractor(Component, EntityExtractorMixin):
    def __init__(self) -> None:
        self.names = load_names()
        self.cases = frozenset(topic.id for topic in load_knowledge().cases)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            mentions = self.names.read(text, language_of(message)).mentions
            found = sorted((m for m in mentions if m.topic in self.cases), key=lambda m: m.start)
            add_entities(
                message,
                self,
                CASE_ENTITY,
                [(m.topic, m.start, m.end) for m in found],
                [PLACE_ROLE if len(m.place) > 1 else None for m in found],
            )
        return messages
