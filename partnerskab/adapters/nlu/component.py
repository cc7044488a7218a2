"""What our NLU components share: how Rasa builds them, and how a trained one keeps
what it learned.

Rasa builds a pipeline component with ``create`` (untrained) or ``load`` (from the
model), both with the model storage and the component's resource. Ours take no
settings, so ``Component.create`` needs only the class; ``Trained`` adds the saving
and reading back, which ``VocabularyGuard`` (its word list) and
``LinearIntentClassifier`` (its weights) do alike.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_ROLE,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
)
from rasa.shared.nlu.training_data.message import Message

from partnerskab.core.language import language_or_default

LANGUAGE_ENTITY = "language"


def language_of(message: Message) -> str:
    """The language LanguageDetector (first in the pipeline) put on the message."""
    found = [
        e.get(ENTITY_ATTRIBUTE_VALUE)
        for e in message.get(ENTITIES) or []
        if e.get(ENTITY_ATTRIBUTE_TYPE) == LANGUAGE_ENTITY
    ]
    return language_or_default(found[-1] if found else None)


def add_entities(
    message: Message,
    extractor: GraphComponent,
    entity: str,
    found: Iterable[Tuple[str, int, int]],
    roles: Iterable[Optional[str]] = (),
) -> None:
    """Adds what ``extractor`` found, (value, start, end) in the text, as ``entity``
    entities, each with its role in ``roles`` when one is given."""
    new = [
        {
            ENTITY_ATTRIBUTE_TYPE: entity,
            ENTITY_ATTRIBUTE_VALUE: value,
            ENTITY_ATTRIBUTE_START: start,
            ENTITY_ATTRIBUTE_END: end,
            EXTRACTOR: type(extractor).__name__,
            **({ENTITY_ATTRIBUTE_ROLE: role} if role else {}),
        }
        for (value, start, end), role in itertools.zip_longest(found, roles)
    ]
    if new:
        message.set(ENTITIES, [*message.get(ENTITIES, []), *new], add_to_output=True)


class Component(GraphComponent):
    """A pipeline component built from its class alone. The model storage and the
    resource are kept for one that saves what it learned (see ``Trained``)."""

    _model_storage: ModelStorage
    _resource: Resource

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        component = cls()
        component._model_storage, component._resource = model_storage, resource
        return component


class Trained:
    """A mixin (put first) for a component that keeps what training found in the
    model: ``persist`` writes it with ``save``, and ``load`` builds the component with
    its ``create`` and reads it back with ``restore``. One never trained (no NLU data)
    loads empty and predicts nothing, as Rasa's own components do."""

    _model_storage: ModelStorage
    _resource: Resource

    def save(self, directory: Path) -> None:
        raise NotImplementedError

    def restore(self, directory: Path) -> None:
        raise NotImplementedError

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            self.save(directory)

    @classmethod
    def load(cls, model_storage: ModelStorage, resource: Resource, **kwargs: Any) -> GraphComponent:
        """``create``, then what training saved read back. Rasa passes every argument
        by keyword (rasa.engine.graph.GraphNode), so the config and the execution
        context go on to ``create`` untouched."""
        component = cls.create(model_storage=model_storage, resource=resource, **kwargs)
        try:
            with model_storage.read_from(resource) as directory:
                component.restore(directory)
        except (ValueError, FileNotFoundError):
            pass  # not trained
        return component
