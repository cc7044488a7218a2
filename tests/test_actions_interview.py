"""The interview's actions, run without a server: which slots each message sets,
when the form lets a message through, and what the recommendation sends."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.interview import (
    ActionAskChallenges,
    ActionInterviewUnclear,
    ActionRecommendModel,
    ActionSuggestCompanies,
    ValidateAreaInterviewForm,
)
from partnerskab.core.interview import is_interruption

FORM = {"name": "area_interview_form"}


def tracker(
    text: str,
    intent: str,
    slots: Optional[Dict[str, Any]] = None,
    active: bool = True,
    entities: Optional[List[Dict[str, Any]]] = None,
    events: Optional[List[Dict]] = None,
) -> Tracker:
    return Tracker(
        sender_id="t",
        slots={"language": "da", **(slots or {})},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [],
        },
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop=FORM if active else {},
        latest_action_name="action_listen",
    )


def run(action, t, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_activation_reads_the_whole_description(domain):
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker(
            "Vi har meget hærværk, og et vagtfirma vil gerne hjælpe", "describe_area", active=False
        ),
        domain,
    )
    assert slots["area_challenges"] == ["unrest"] and slots["area_company"] == "security"
    assert slots["requested_slot"] == "area_target_group"


# message, intent, requested slot -> the slots it sets (None: the form lets it through)
TABLE = [
    ("børnene", "ask_catalog", "area_target_group", {"area_target_group": "children"}),
    ("ved ikke", "deny", "area_target_group", {"area_target_group": "skip"}),
    ("ja", "affirm", "area_company_csr", {"area_company_csr": "yes"}),
    ("nej", "deny", "area_company", {"area_company": "none"}),
    (
        "Jensen og Søn",
        "out_of_scope",
        "area_company",
        {"area_company": "skip", "area_company_name": "Jensen og Søn"},
    ),
    ("tak", "thank", "area_company", None),
    (
        "Jensen og Søn",
        "describe_area",
        "area_company",
        {"area_company": "skip", "area_company_name": "Jensen og Søn"},
    ),
    ("Hvad er ABCD-metoden?", "ask_catalog", "area_challenges", None),
    ("Blev der skrevet om projektet i pressen?", "ask_catalog", "area_challenges", None),
    ("hej", "greet", "area_challenges", None),
    (
        "hej, vi har problemer med hærværk",
        "greet",
        "area_challenges",
        {"area_challenges": ["unrest"]},
    ),
    ("stop", "stop", "area_challenges", None),
    ("blå", "nlu_fallback", "area_challenges", None),
]


@pytest.mark.parametrize("text,intent,requested,expected", TABLE)
def test_answers_during_the_interview(domain, text, intent, requested, expected):
    _, slots = run(
        ValidateAreaInterviewForm(), tracker(text, intent, {"requested_slot": requested}), domain
    )
    if expected is None:
        assert slots == {}
    else:
        assert {k: slots[k] for k in expected} == expected
        assert "requested_slot" in slots


def test_button_payload_and_skip_button(domain):
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker(
            '/inform{"challenges": "digital"}',
            "inform",
            {"requested_slot": "area_challenges"},
            entities=[{"entity": "challenges", "value": "digital"}],
        ),
        domain,
    )
    assert slots["area_challenges"] == ["digital"]
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker("/skip", "skip", {"requested_slot": "area_type"}),
        domain,
    )
    assert slots["area_type"] == "skip"


def test_unknown_payload_values_are_ignored(domain):
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker(
            '/inform{"challenges": "<script>"}',
            "inform",
            {"requested_slot": "area_challenges"},
            entities=[{"entity": "challenges", "value": "<script>"}],
        ),
        domain,
    )
    assert slots == {}


def test_five_questions_at_most(domain):
    asked = (
        [{"event": "active_loop", "name": "area_interview_form"}]
        + [
            {"event": "slot", "name": "requested_slot", "value": s}
            for s in (
                "area_challenges",
                "area_company",
                "area_target_group",
                "area_type",
                "area_driver",
            )
        ]
        + [{"event": "user", "text": "spring over"}]
    )
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker(
            "spring over",
            "deny",
            {
                "requested_slot": "area_driver",
                "area_challenges": ["skip"],
                "area_company": "skip",
                "area_target_group": "skip",
                "area_type": "skip",
            },
            events=asked,
        ),
        domain,
    )
    assert slots["area_driver"] == "skip" and slots["requested_slot"] is None


# The events Rasa has when it starts the form: its ``active_loop`` event is applied
# before the validation action is asked (so the tracker's active loop is already the
# form) and before the first question is asked.
STARTED = [
    {"event": "user", "text": "Hvilken model passer til os?"},
    {"event": "active_loop", "name": "area_interview_form"},
]


def test_activation_as_rasa_asks_it_requests_the_first_question(domain):
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker("Hvilken model passer til os?", "start_interview", events=STARTED),
        domain,
    )
    assert slots["requested_slot"] == "area_challenges"


@pytest.mark.parametrize(
    "started",
    [{"active": False}, {"events": STARTED}],
    ids=["form not yet active", "as Rasa starts it"],
)
def test_new_interview_after_a_recommendation_starts_afresh(domain, started):
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker(
            "Hvilken model passer til os?",
            "start_interview",
            {"recommended_model": "add_on", "area_challenges": ["unrest"]},
            **started,
        ),
        domain,
    )
    assert slots["recommended_model"] is None and slots["area_challenges"] is None
    assert slots["requested_slot"] == "area_challenges"


def test_running_interview_lets_an_unreadable_message_through(domain):
    asked = STARTED + [
        {"event": "slot", "name": "requested_slot", "value": "area_challenges"},
        {"event": "bot", "metadata": {"utter_action": "utter_ask_area_challenges"}},
        {"event": "user", "text": "blå"},
    ]
    _, slots = run(
        ValidateAreaInterviewForm(),
        tracker("blå", "nlu_fallback", {"requested_slot": "area_challenges"}, events=asked),
        domain,
    )
    assert slots == {}


@pytest.mark.parametrize(
    "events,intro",
    [
        (STARTED, True),  # the first question, whoever set requested_slot
        (
            STARTED
            + [
                {"event": "slot", "name": "requested_slot", "value": "area_challenges"},
                {"event": "bot", "metadata": {"utter_action": "utter_ask_area_challenges"}},
                {"event": "user", "text": "ok klar"},
                {"event": "bot", "metadata": {"utter_action": "utter_interview_go_on"}},
            ],
            False,  # the same question again: no second intro
        ),
    ],
)
def test_intro_goes_with_the_first_question_only(domain, events, intro):
    messages, _ = run(ActionAskChallenges(), tracker("", "affirm", events=events), domain)
    assert [m["response"] for m in messages][-1] == "utter_ask_area_challenges"
    assert ("utter_interview_intro" in [m["response"] for m in messages]) is intro


@pytest.mark.parametrize(
    "text,intent,answers,expected",
    [
        ("Hvad er CSR?", "ask_catalog", False, True),
        ("Hvad med de unge?", "describe_area", True, False),
        ("de unge", "help", True, False),
        ("hvad kan du?", "help", False, True),
        ("hærværk", "describe_area", True, False),
    ],
)
def test_is_interruption(text, intent, answers, expected):
    assert is_interruption(text, intent, answers) is expected


def test_first_question_has_the_intro_and_buttons(domain):
    events = [
        {"event": "active_loop", "name": "area_interview_form"},
        {"event": "slot", "name": "requested_slot", "value": "area_challenges"},
    ]
    messages, _ = run(ActionAskChallenges(), tracker("", "start_interview", events=events), domain)
    assert [m["response"] for m in messages] == [
        "utter_interview_intro",
        "utter_ask_area_challenges",
    ]
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads[-1] == "/skip" and '/inform{"challenges": "unrest"}' in payloads


def test_recommendation_response_and_slots(domain):
    messages, slots = run(
        ActionRecommendModel(),
        tracker(
            "",
            "skip",
            {"area_challenges": ["unrest"], "area_company": "security", "language": "en"},
        ),
        domain,
    )
    assert messages[0]["response"] == "utter_recommendation"
    assert messages[0]["model_name"] == "the strategically integrated model"
    assert slots == {"recommended_model": "strategic", "case": "brandvaesen"}
    # a short sequence: headline, cases with a button each, kinds, (no list: a note), next steps
    names = [m["response"] for m in messages]
    assert names[0] == "utter_recommendation" and names[-1] == "utter_recommendation_steps"
    assert names.index("utter_recommendation_cases") < names.index("utter_recommendation_kinds")
    cases = [m for m in messages if m["response"] == "utter_recommendation_cases"][-1]
    assert any("brandvaesen.summary" in b["payload"] for b in cases["buttons"])
    assert messages[-1]["buttons"][0]["payload"].startswith("/guide")
    assert not messages[0]["buttons"]


def test_company_suggestions_from_the_message(domain):
    messages, slots = run(
        ActionSuggestCompanies(),
        tracker(
            "Hvilke virksomheder passer til et område med dårligt ry?",
            "ask_companies",
            active=False,
        ),
        domain,
    )
    assert messages[0]["response"] == "utter_company_suggestions"
    assert "Aviser og medier" in messages[0]["kinds"] and "58.13" in messages[0]["kinds"]
    assert slots == {"area_challenges": ["image"]}


def test_company_suggestions_without_challenges_ask_for_them(domain):
    messages, _ = run(
        ActionSuggestCompanies(),
        tracker("Hvilke virksomheder passer?", "ask_companies", active=False),
        domain,
    )
    assert messages[0]["response"] == "utter_which_challenges" and len(messages[0]["buttons"]) == 7


def test_description_typed_after_which_challenges_gets_the_suggestions(domain):
    messages, slots = run(
        ActionSuggestCompanies(),
        tracker(
            "Vi har meget hærværk og unge der keder sig",
            "describe_area",
            active=False,
        ),
        domain,
    )
    assert messages[0]["response"] == "utter_company_suggestions"
    assert "unrest" in slots["area_challenges"]


def test_unclear_question_is_answered_and_other_text_asked_again(domain):
    messages, _ = run(
        ActionInterviewUnclear(), tracker("Hvad er ABCD-metoden?", "describe_area"), domain
    )
    assert messages[0]["response"] == "utter_catalog_answer"
    messages, _ = run(ActionInterviewUnclear(), tracker("blå", "nlu_fallback"), domain)
    assert messages[0]["response"] == "utter_interview_unclear"


@pytest.mark.parametrize("text", ["ok klar", "fint", "yes let's go"])
def test_acknowledgement_is_met_kindly_not_as_an_unusable_answer(domain, text):
    messages, slots = run(ActionInterviewUnclear(), tracker(text, "affirm"), domain)
    assert [m["response"] for m in messages] == ["utter_interview_go_on"] and slots == {}
