"""Which bot messages can be rated, and how a rating names one (no Rasa server)."""

from __future__ import annotations

import json
import time

from rasa.shared.core.events import BotUttered, UserUttered

from partnerskab.core.rating import RATEABLE_RESPONSES, answer_id, find_answer, is_rateable, marks


def test_answer_id_survives_the_tracker_store_round_trip():
    for _ in range(200):
        event = BotUttered("svar", metadata={"utter_action": "utter_catalog_answer"})
        stored = json.loads(json.dumps(event.as_dict()))
        assert answer_id(stored["timestamp"]) == answer_id(event.timestamp)
        assert (
            marks(stored)
            == marks(event)
            == {"answer_id": answer_id(event.timestamp), "rateable": True}
        )
    assert (
        answer_id(None) is None
        and answer_id("1.5") is None
        and answer_id(True) is None
        and answer_id(-1.0) is None
    )


def test_only_real_answers_are_rateable():
    assert is_rateable("utter_catalog_answer") and is_rateable("utter_plan_ready")
    for name in (
        "utter_default",
        "utter_not_covered",
        "utter_not_covered_suggest",
        "utter_did_you_mean",
        "utter_ask_rephrase",
        "utter_greet",
        "utter_thank",
        "utter_iamabot",
        "utter_recommendation",
        "utter_guide_step",
        None,
        3,
    ):
        assert not is_rateable(name), name
    assert all(name.startswith("utter_") for name in RATEABLE_RESPONSES)


def test_find_answer_needs_a_rateable_bot_event_with_that_id():
    now = time.time()
    events = [
        UserUttered("hej", timestamp=now - 3),
        BotUttered("Hej!", metadata={"utter_action": "utter_greet"}, timestamp=now - 2),
        BotUttered(
            "Svaret …", metadata={"utter_action": "utter_catalog_answer"}, timestamp=now - 1
        ),
    ]
    assert find_answer(events, answer_id(now - 1)) is events[2]
    stored = [json.loads(json.dumps(e.as_dict())) for e in events]
    assert find_answer(stored, answer_id(now - 1)) == stored[2]
    assert find_answer(events, answer_id(now - 2)) is None  # small talk
    assert find_answer(events, answer_id(now - 3)) is None  # a user event
    assert find_answer(events, answer_id(now - 1.5)) is None  # no such message
    assert find_answer(events, "1") is None and find_answer(events, None) is None
