"""Rasa's SpacyNLP, handing out the one Danish pipeline ``partnerskab.core.words`` keeps.

Rasa's ``SpacyNLP`` loads its model with ``spacy.load``; the core (names, language,
speller) loads the same ``build/spacy/da`` for its word list. Two copies of the
553,000-form lookup table cost about 170 MB in the Rasa process (bench/results.md), so
this component asks ``words.pipeline`` for the model instead: one pipeline, one table.

It is registered under its own name with ``model_from`` pointing at itself, so the
recipe passes the model it provides to its ``process`` as it does for ``SpacyNLP``;
``SpacyTokenizer`` requires a ``SpacyNLP`` and accepts this subclass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

from partnerskab.core import words


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SharedSpacyNLP",
)
class SharedSpacyNLP(SpacyNLP):
    """``SpacyNLP`` whose model is the core's pipeline when the configured model is
    one of the core's builds (``build/spacy/<lang>``); any other model loads as Rasa
    loads it."""

    @staticmethod
    def load_model(spacy_model_name: Text) -> SpacyModel:
        lang = words.built_language(Path(spacy_model_name)) if spacy_model_name else None
        if lang is None:
            return SpacyNLP.load_model(spacy_model_name)
        return SpacyModel(model=words.pipeline(lang), model_name=spacy_model_name)
