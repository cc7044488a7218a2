"""The intent classifier stores a logistic regression as plain arrays (no pickle, no
skops) and predicts exactly what scikit-learn's predict_proba would."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from partnerskab.adapters.nlu.linear_intents import LinearIntentClassifier


def _fitted(tmp_path, classes=("greet", "goodbye", "ask_catalog")):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    context = ExecutionContext(GraphSchema({}), "model")
    component = LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config(), "C": 3.0}, storage, resource, context
    )
    rng = np.random.default_rng(7)
    X = sp.random(60, 40, density=0.2, format="csr", random_state=7)
    y = [classes[i % len(classes)] for i in range(60)]
    X = X + sp.csr_matrix(
        np.eye(len(classes))[[classes.index(c) for c in y]] @ rng.random((len(classes), 40))
    )
    component.clf.fit(X, y)
    component.weights, component.bias = component.clf.coef_, component.clf.intercept_
    component.intents = [str(c) for c in component.clf.classes_]
    return component, storage, resource, context, sp.csr_matrix(X)


def test_probabilities_are_scikit_learns(tmp_path):
    component, _, _, _, X = _fitted(tmp_path)
    assert component.clf.C == 3.0
    assert np.allclose(component.probabilities(X), component.clf.predict_proba(X))


def test_two_intents_too(tmp_path):
    component, _, _, _, X = _fitted(tmp_path, classes=("affirm", "deny"))
    assert np.allclose(component.probabilities(X), component.clf.predict_proba(X))


def test_persisted_arrays_load_and_predict_the_same(tmp_path):
    component, storage, resource, context, X = _fitted(tmp_path)
    component.persist()
    loaded = LinearIntentClassifier.load(
        config=component.config, model_storage=storage, resource=resource, execution_context=context
    )
    assert loaded.intents == component.intents
    assert np.allclose(loaded.probabilities(X), component.clf.predict_proba(X))
    saved = next(tmp_path.rglob("weights.npz"))
    with np.load(saved, allow_pickle=False) as arrays:  # plain arrays: loads without pickle
        assert set(arrays.files) == {"weights", "bias", "intents"}
