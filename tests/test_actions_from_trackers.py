"""Actions run on saved conversations, as the action server receives them.

The trackers in tests/fixtures/ are whole conversations dumped from Rasa's own
tracker (tests/fixtures/make_trackers.py) and read back with
``Tracker.from_dict``, like RasaHQ/rasa-demo's ``tests/data/initial_tracker.json``:
the slot values, the events (the guide's steps, the questions the interview
has asked) and the active form are what Rasa would send, not a hand-made subset.
Each test replaces only the latest message.
"""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import guide_payload
from actions.guide import ActionGuide
from actions.interview import ValidateAreaInterviewForm
from partnerskab.core.wording import t

GUIDE, INTERVIEW = "guide_in_progress", "interview_in_progress"


def run(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def guide_slots(step, seen, active):
    return [
        SlotSet("guide_step", step),
        SlotSet("guide_seen", seen),
        SlotSet("guide_active", active),
    ]


@pytest.mark.parametrize("name", [GUIDE, INTERVIEW])
def test_fixtures_have_the_domains_slots(saved_tracker, name, domain):
    """Rasa sends every slot of the domain; a fixture older than the domain would
    test a conversation that can no longer happen (run make_trackers.py)."""
    rasas_own = {"requested_slot", "session_started_metadata"}
    slots = set(saved_tracker(name).slots) - rasas_own
    assert slots == set(domain["slots"])


# -- the guide, at step 3 of 12 with steps 1-3 seen ----------------------------------


def test_the_pending_next_shows_step_four(saved_tracker, domain, kb):
    messages, events = run(ActionGuide(), saved_tracker(GUIDE), domain)
    assert [m["response"] for m in messages] == ["utter_guide_step", "utter_guide_tip"]
    step = messages[0]
    assert step["number"] == "4" and step["title"] == kb.advice(4).label["da"]
    assert step["what"] == kb.advice(4).answer["da"]
    assert step["source"] == kb.source(kb.advice(4), "da")
    assert [b["payload"] for b in messages[1]["buttons"]] == [
        guide_payload("previous"),
        guide_payload("next"),
        guide_payload("all"),
        "/make_plan",
    ]
    assert events == guide_slots(4, [1, 2, 3, 4], True)


def test_previous_goes_back_and_keeps_what_was_seen(saved_tracker, domain):
    messages, events = run(ActionGuide(), saved_tracker(GUIDE, text="forrige trin"), domain)
    assert messages[0]["number"] == "2"
    assert events == guide_slots(2, [1, 2, 3], True)


def test_where_am_i_names_the_current_step_and_changes_nothing(saved_tracker, domain, kb):
    messages, events = run(ActionGuide(), saved_tracker(GUIDE, text="hvor er jeg?"), domain)
    assert len(messages) == 1 and messages[0]["response"] == "utter_guide_where"
    assert messages[0]["number"] == 3 and messages[0]["seen"] == 3
    assert messages[0]["title"] == kb.advice(3).label["da"]
    assert messages[0]["buttons"] == [
        {"title": t("buttons.guide_continue", "da", number=3), "payload": guide_payload("repeat")}
    ]
    assert events == []


def test_stop_pauses_the_guide_where_it_is(saved_tracker, domain):
    messages, events = run(ActionGuide(), saved_tracker(GUIDE, text="stop", intent="stop"), domain)
    assert [m["response"] for m in messages] == ["utter_guide_stopped"]
    assert messages[0]["number"] == 3
    assert events == guide_slots(3, [1, 2, 3], False)


def test_after_stop_start_continues_at_the_same_step(saved_tracker, domain):
    tracker = saved_tracker(GUIDE, text="trin for trin", guide_active=False)
    messages, events = run(ActionGuide(), tracker, domain)
    assert messages[0]["response"] == "utter_guide_step" and messages[0]["number"] == "3"
    assert events == guide_slots(3, [1, 2, 3], True)


def test_a_goto_button_jumps_to_the_last_step(saved_tracker, domain):
    tracker = saved_tracker(
        GUIDE,
        text='/guide{"guide_command": "goto", "step_number": "12"}',
        entities=[
            {"entity": "guide_command", "value": "goto"},
            {"entity": "step_number", "value": "12"},
        ],
    )
    messages, events = run(ActionGuide(), tracker, domain)
    assert messages[0]["number"] == "12"
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert guide_payload("next") not in payloads and guide_payload("previous") in payloads
    assert events == guide_slots(12, [1, 2, 3, 12], True)


def test_a_step_beyond_twelve_is_refused_and_the_place_kept(saved_tracker, domain):
    messages, events = run(ActionGuide(), saved_tracker(GUIDE, text="gå til trin 13"), domain)
    assert [m["response"] for m in messages] == ["utter_guide_no_such_step"]
    assert [b["payload"] for b in messages[0]["buttons"]] == [guide_payload("repeat")]
    assert events == []


def test_in_english_the_step_is_in_english(saved_tracker, domain, kb):
    messages, _ = run(ActionGuide(), saved_tracker(GUIDE, text="next", language="en"), domain)
    assert messages[0]["title"] == kb.advice(4).label["en"]
    assert messages[0]["source"] == kb.source(kb.advice(4), "en")
    assert messages[1]["buttons"][-1]["title"] == t("buttons.guide_plan", "en")


# -- the interview, asking about the target group (challenge and company known) ------


def test_the_pending_answer_fills_the_target_group_and_asks_about_csr(saved_tracker, domain):
    _, events = run(ValidateAreaInterviewForm(), saved_tracker(INTERVIEW), domain)
    # A company is known, so whether it has a CSR strategy is the next question.
    assert events == [
        SlotSet("area_target_group", "youth"),
        SlotSet("requested_slot", "area_company_csr"),
    ]


def test_a_catalogue_question_is_let_through_to_the_rules(saved_tracker, domain):
    tracker = saved_tracker(INTERVIEW, text="Hvad er ABCD-metoden?", intent="ask_catalog")
    assert run(ValidateAreaInterviewForm(), tracker, domain) == ([], [])


def test_the_skip_button_skips_the_question_asked(saved_tracker, domain):
    _, events = run(
        ValidateAreaInterviewForm(), saved_tracker(INTERVIEW, text="/skip", intent="skip"), domain
    )
    assert events == [
        SlotSet("area_target_group", "skip"),
        SlotSet("requested_slot", "area_company_csr"),
    ]


def test_an_answer_button_sets_its_option(saved_tracker, domain):
    tracker = saved_tracker(
        INTERVIEW,
        text='/inform{"target_group": "children"}',
        intent="inform",
        entities=[{"entity": "target_group", "value": "children"}],
    )
    _, events = run(ValidateAreaInterviewForm(), tracker, domain)
    assert events[0] == SlotSet("area_target_group", "children")


def test_no_company_after_all_skips_the_csr_question(saved_tracker, domain):
    """The profile is the fixture's slots: without a company there is nothing to
    ask about CSR, so the interview moves on to the area type."""
    _, events = run(
        ValidateAreaInterviewForm(), saved_tracker(INTERVIEW, area_company="none"), domain
    )
    assert events == [SlotSet("area_target_group", "youth"), SlotSet("requested_slot", "area_type")]
