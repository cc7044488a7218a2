"""An NLU component that adds a ``language`` entity ("da"/"en") to each message.

The ``language`` slot is mapped from this entity, so responses (which have an
English variation conditioned on the slot) follow the language of the latest
message. When a message gives no signal, the client's ``metadata.language``
hint is used; with neither, no entity is added and the slot keeps the
conversation's previous language (Danish at the start).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    METADATA,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from partnerskab.core.knowledge import LANGUAGES
from partnerskab.core.language import DECIDED_LANGUAGE, detect_language

LANGUAGE_ENTITY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    """Detects Danish or English per message (see partnerskab.core.language)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetector":
        return cls()

    @staticmethod
    def _hint(message: Message) -> Optional[str]:
        metadata = message.get(METADATA)
        if isinstance(metadata, dict) and isinstance(metadata.get("language"), str):
            return metadata["language"].lower()[:2]
        return None

    @staticmethod
    def _decided(message: Message) -> Tuple[bool, Optional[str]]:
        """Whether the REST channel already decided the language, and what it decided."""
        metadata = message.get(METADATA)
        if isinstance(metadata, dict) and DECIDED_LANGUAGE in metadata:
            return True, metadata[DECIDED_LANGUAGE] if metadata[DECIDED_LANGUAGE] in LANGUAGES else None
        return False, None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            decided, language = self._decided(message)
            if not decided:  # not through our channel (rasa shell, training, tests)
                language = detect_language(text, hint=self._hint(message))
            if language is None:
                continue
            entity = {
                ENTITY_ATTRIBUTE_TYPE: LANGUAGE_ENTITY,
                ENTITY_ATTRIBUTE_VALUE: language,
                ENTITY_ATTRIBUTE_START: 0,
                ENTITY_ATTRIBUTE_END: len(text),
                EXTRACTOR: self.__class__.__name__,
            }
            message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages
