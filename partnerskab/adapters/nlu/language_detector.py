"""An NLU component that adds a ``language`` entity ("da"/"en") to each message.

The ``language`` slot is mapped from this entity, so responses (which have an
English variation conditioned on the slot) follow the language of the latest
message. The REST channel decides the language once per message (the text, else
the client's hint) and passes it as ``metadata.language``; only a message that
came another way (rasa shell) is detected here. With no decision, no entity is
added and the slot keeps the conversation's previous language (Danish at the start).
"""

from __future__ import annotations

from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message

from partnerskab.adapters.nlu.component import LANGUAGE_ENTITY, Component, add_entities
from partnerskab.core.knowledge import LANGUAGES
from partnerskab.core.language import detect_language


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(Component, EntityExtractorMixin):
    """Detects Danish or English per message (see partnerskab.core.language)."""

    @staticmethod
    def _metadata_language(message: Message) -> Optional[str]:
        metadata = message.get(METADATA)
        if isinstance(metadata, dict) and metadata.get("language") in LANGUAGES:
            return metadata["language"]
        return None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # Through the REST channel, the metadata's "language" is the language the
            # channel decided for this message; a message that came another way (rasa
            # shell, tests) carries none, and its language is detected here.
            language = self._metadata_language(message) or detect_language(text)
            if language is not None:
                add_entities(message, self, LANGUAGE_ENTITY, [(language, 0, len(text))])
        return messages
