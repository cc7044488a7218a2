"""The intent classifier: Rasa's LogisticRegressionClassifier, stored as plain arrays.

A linear model over the sentence's sparse features (lemma counts, character
n-grams, lookup-table hits) trains in seconds where DIET took minutes, and it
answers in well under a millisecond without TensorFlow (bench/profile.md). Rasa's
own component stores the scikit-learn object with skops, and importing skops.io
alone imports every scikit-learn estimator (about 5 s, at training and at every
Rasa start). The trained model is only a weight matrix, one bias per intent and
the intent names, so this one saves those with numpy (no pickle) and applies them
as softmax(X·Wᵀ + b): what scikit-learn's multinomial ``predict_proba`` computes.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH

from partnerskab.adapters.nlu.component import Trained

_FILE = "weights.npz"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(Trained, LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # C: inverse regularisation strength (scikit-learn's); Rasa's component fixes it at 1.
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(
        self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.C = float(self.config["C"])
        self.weights: Optional[np.ndarray] = None  # intents x features
        self._columns: Optional[np.ndarray] = None
        self.bias: Optional[np.ndarray] = None
        self.intents: List[str] = []

    def train(self, training_data: TrainingData) -> Resource:
        X, y = self._create_training_matrix(training_data)
        if X.shape[0] == 0:
            return self._resource
        with warnings.catch_warnings():
            # max_iter may stop short of convergence on purpose: the ranking has settled by then.
            warnings.filterwarnings("ignore", message=".*failed to converge")
            self.clf.fit(X, y)
        self.weights, self.bias = self.clf.coef_, self.clf.intercept_
        self.intents = [str(c) for c in self.clf.classes_]
        self.persist()
        return self._resource

    def probabilities(self, X: Any) -> np.ndarray:
        if self._columns is None or self._columns.shape[1] != self.weights.shape[0]:
            # features x intents, contiguous: scipy would copy a transposed view per message
            self._columns = np.ascontiguousarray(self.weights.T)
        scores = np.asarray(X @ self._columns) + self.bias
        if len(self.intents) == 2:  # scikit-learn keeps one row for two classes
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.weights is None or not messages:
            return messages
        probabilities = self.probabilities(self._create_X(messages))
        for message, row in zip(messages, probabilities):
            ranking = sorted(
                ({"name": name, "confidence": float(p)} for name, p in zip(self.intents, row)),
                key=lambda e: -e["confidence"],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            if self.config[RANKING_LENGTH] > 0:
                ranking = ranking[: self.config[RANKING_LENGTH]]
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def save(self, directory: Path) -> None:
        np.savez(
            directory / _FILE, weights=self.weights, bias=self.bias, intents=np.array(self.intents)
        )

    def restore(self, directory: Path) -> None:
        with np.load(directory / _FILE, allow_pickle=False) as saved:
            self.weights, self.bias = saved["weights"], saved["bias"]
            self.intents = [str(i) for i in saved["intents"]]
