"""The `case` entity is the one decision of partnerskab.core.names: the same cases the
retriever boosts, marked where they stand in the message (no trained model needed)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from partnerskab.adapters.nlu.case_extractor import CaseExtractor


@pytest.fixture(scope="module")
def extractor():
    return CaseExtractor()


def _entities(extractor, text, language="da"):
    message = Message(data={"text": text, "entities": [{"entity": "language", "value": language}]})
    extractor.process([message])
    return [
        (e["value"], text[e["start"] : e["end"]])
        for e in message.get("entities")
        if e["entity"] == "case"
    ]


@pytest.mark.parametrize(
    "text,language,expected",
    [
        # Typed without æ/ø/å, written apart, or with a typo: the lookup table missed these.
        ("hvem kastede sten i noerremarken?", "da", [("brandvaesen", "noerremarken")]),
        ("hvad fik lego koncernen ud af det", "da", [("lego", "lego")]),
        ("Hvad fik jydske vestkysten ud af det?", "da", [("lego", "jydske vestkysten")]),
        ("Hvor mange ansatte har LEGOs fabrik?", "da", [("lego", "LEGOs")]),
        ("What did htk pay for?", "en", [("hoeje_taastrup", "htk")]),
        ("Hvem startede flygtningehjaelpen?", "da", [("skandia", "flygtningehjaelpen")]),
        (
            "Hvad er forskellen på LEGO og BRFkredit?",
            "da",
            [("lego", "LEGO"), ("brfkredit", "BRFkredit")],
        ),
        # Topics that are no case, and no name at all: no entity.
        ("Hvad er CSR?", "da", []),
        ("hej", "da", []),
    ],
)
def test_case_entities_with_their_spans(extractor, text, language, expected):
    assert _entities(extractor, text, language) == expected


@pytest.mark.parametrize(
    "text,language",
    [
        ("hvem kastede sten i noerremarken?", "da"),
        ("hvad fik lego koncernen ud af det", "da"),
        ("hvem er leif schiller", "da"),
        ("What did the fire brigade get out of it?", "en"),
        ("Hvad skete der i Vejle?", "da"),
        ("hvad er abcd", "da"),
    ],
)
def test_the_entity_is_the_case_the_answer_is_about(extractor, store, text, language):
    found = store.retriever.search(text, language)
    assert [value for value, _ in _entities(extractor, text, language)] == found.cases


def test_button_payloads_keep_their_own_entities(extractor):
    assert _entities(extractor, '/ask_catalog{"fact_id": "lego.summary"}') == []


@pytest.mark.parametrize(
    "text,role",
    [
        # Vejle and Nørremarken are LEGO's place and the fire brigade's: which case they
        # mean depends on the case in play, so they do not fill the `case` slot (a
        # from_entity mapping without a role takes no entity with one).
        ("og i Vejle?", "place"),
        ("hvem kastede sten i noerremarken?", "place"),
        ("Hvad lavede Vejle Brandvæsen?", None),  # a name, not a place
        ("Hvad fik LEGO ud af det?", None),
    ],
)
def test_a_place_cases_share_is_marked_as_one(extractor, text, role):
    message = Message(data={"text": text, "entities": [{"entity": "language", "value": "da"}]})
    extractor.process([message])
    cases = [e for e in message.get("entities") if e["entity"] == "case"]
    assert cases and all(e.get("role") == role for e in cases)
