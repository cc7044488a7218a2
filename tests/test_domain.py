"""The domain is a folder, one file per skill (bot/domain/*.yml), and Rasa merges the
files. Rasa's merge is silent about a name defined in two files (one definition wins),
so each intent, entity, slot, response, action and form is defined in exactly one file,
and what Rasa loads is exactly the union of the files."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
import yaml

from tests.conftest import DOMAIN_DIR

SKILLS = {"basics", "catalog", "interview", "guide", "feedback"}
LISTS = ("intents", "entities", "actions")
MAPPINGS = ("slots", "responses", "forms")


@cache
def files() -> dict[str, dict]:
    """Each file of bot/domain/ as YAML, by skill name (read once; do not change)."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(DOMAIN_DIR.glob("*.yml"))
    }


def names(data: dict, key: str) -> list[str]:
    """The names a file defines under ``key`` (intents may carry properties)."""
    items = data.get(key) or []
    return [next(iter(i)) if isinstance(i, dict) else i for i in items]


def union(key: str) -> set[str]:
    return {n for data in files().values() for n in names(data, key)}


@pytest.fixture(scope="module")
def loaded():
    from rasa.shared.core.domain import Domain

    return Domain.load(str(DOMAIN_DIR))


def test_one_file_per_skill_each_a_domain_file():
    from rasa.shared.core.domain import Domain

    assert set(files()) == SKILLS
    assert not list(DOMAIN_DIR.glob("*.yaml")), "name domain files *.yml"
    for name, data in files().items():
        assert data["version"] == "3.1", name
        assert Domain.is_domain_file(DOMAIN_DIR / f"{name}.yml"), name


@pytest.mark.parametrize("key", LISTS + MAPPINGS)
def test_no_name_is_defined_in_two_files(key):
    seen = Counter(n for data in files().values() for n in names(data, key))
    twice = {
        n: [f for f, d in files().items() if n in names(d, key)] for n, c in seen.items() if c > 1
    }
    assert not twice, f"{key} defined in more than one file: {twice}"


def test_the_session_config_is_set_once():
    assert [f for f, d in files().items() if "session_config" in d] == ["basics"]


def test_rasa_loads_exactly_the_union_of_the_files(loaded):
    from rasa.shared.core.constants import DEFAULT_INTENTS, DEFAULT_SLOT_NAMES

    assert set(loaded.intents) == union("intents") | set(DEFAULT_INTENTS)
    assert set(loaded.entities) == union("entities")
    assert {s.name for s in loaded.slots} - set(DEFAULT_SLOT_NAMES) == union("slots")
    assert set(loaded.responses) == union("responses")
    assert set(loaded.user_actions) - set(loaded.responses) == union("actions")
    assert set(loaded.form_names) == union("forms")
    session = files()["basics"]["session_config"]
    assert loaded.session_config.session_expiration_time == session["session_expiration_time"]
    assert loaded.session_config.carry_over_slots == session["carry_over_slots_to_new_session"]


def test_each_definition_arrives_as_its_file_wrote_it(loaded):
    """A response keeps all its variations (da and en), a slot its mappings, a form its slots."""
    merged = loaded.as_dict()
    for name, data in files().items():
        for key in MAPPINGS:
            for item, definition in (data.get(key) or {}).items():
                assert merged[key][item] == definition, (name, key, item)


def test_every_response_has_a_danish_text_and_an_english_variation(loaded):
    english = {"type": "slot", "name": "language", "value": "en"}
    for name, variations in loaded.responses.items():
        assert any(not v.get("condition") for v in variations), name
        assert any(english in (v.get("condition") or []) for v in variations), name
