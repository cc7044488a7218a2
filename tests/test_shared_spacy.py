"""Rasa's NLU and the core share one Danish pipeline (one lookup table in memory)."""

from __future__ import annotations

from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.training_data.message import Message

from partnerskab.adapters.nlu.shared_spacy import SharedSpacyNLP
from partnerskab.core import words
from partnerskab.settings import ROOT


def test_the_configured_build_is_the_cores_pipeline(monkeypatch):
    monkeypatch.chdir(ROOT)  # the config names the build relative to the project
    model = SharedSpacyNLP.load_model("build/spacy/da")
    assert model.model is words.pipeline("da")
    assert SharedSpacyNLP.load_model(str(ROOT / "build" / "spacy" / "da")).model is model.model


def test_other_paths_are_not_taken_for_a_build(tmp_path):
    assert words.built_language(Path("build/spacy/da").resolve()) == "da"
    assert words.built_language(tmp_path) is None
    assert words.built_language(tmp_path / "da") is None


def test_the_recipe_passes_the_model_to_its_process_and_the_tokenizer_accepts_it(monkeypatch):
    monkeypatch.chdir(ROOT)
    registered = DefaultV1Recipe._from_registry("SharedSpacyNLP")
    assert registered.model_from == "SharedSpacyNLP"  # else process() gets no model
    assert issubclass(SharedSpacyNLP, SpacyNLP)  # SpacyTokenizer requires a SpacyNLP
    assert SpacyNLP in SpacyTokenizer.required_components()
    component = SharedSpacyNLP(SharedSpacyNLP.load_model("build/spacy/da"), {})
    message = Message(data={"text": "Hvem hjalp brandvæsenet?"})
    component.process([message], component.provide())
    tokens = [
        t.lemma
        for t in SpacyTokenizer(SpacyTokenizer.get_default_config()).tokenize(message, "text")
    ]
    assert "brandvæsen" in tokens


def test_a_build_not_made_yet_is_left_to_rasa(tmp_path, monkeypatch):
    monkeypatch.setattr(words, "BUILD_DIR", tmp_path)
    (tmp_path / "da").mkdir()
    assert words.built_language(tmp_path / "da") is None  # no pipeline there yet
    (tmp_path / "da" / "config.cfg").write_text("", encoding="utf-8")
    assert words.built_language(tmp_path / "da") == "da"
