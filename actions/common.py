"""Helpers shared by the action modules: the shared store, language, domain text."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from partnerskab.core.answering import EARLIER, Answerer
from partnerskab.core.language import language_or_default

LANGUAGE_SLOT = "language"
CASE_SLOT = "case"
LAST_FACT_SLOT = "last_fact"
SUGGESTED_SLOT = "suggested_facts"
FACT_ENTITY = "fact_id"

GUIDE_STEP_SLOT, GUIDE_SEEN_SLOT, GUIDE_ACTIVE_SLOT = "guide_step", "guide_seen", "guide_active"


def guide_payload(kind: str, number: Optional[int] = None) -> str:
    """The payload of a guide button (``/guide{"guide_command": "next"}``)."""
    import json

    entities: Dict[str, Any] = {"guide_command": kind}
    if number is not None:
        entities["step_number"] = str(number)
    return "/guide" + json.dumps(entities, ensure_ascii=False)


# Responses sent only by actions, custom or Rasa's default ones (ask_rephrase,
# default), so `rasa data validate` cannot see them used in a story or rule;
# tests/test_validate.py allows exactly these.
ACTION_RESPONSES = (
    "utter_catalog_answer",
    "utter_catalog_answer_dated",
    "utter_catalog_partial",
    "utter_catalog_partial_dated",
    "utter_not_covered",
    "utter_not_covered_suggest",
    "utter_no_such_advice",
    "utter_no_mail",
    "utter_no_mail_plan",
    "utter_no_shorter",
    "utter_no_opinion",
    "utter_missed_question",
    "utter_language_switched",
    "utter_did_you_mean",
    "utter_human_contact",
    "utter_ask_rephrase",
    "utter_default",
    "utter_restart",
    # the area interview (actions/interview.py): questions are asked by action_ask_<slot>
    "utter_ask_area_challenges",
    "utter_ask_area_company",
    "utter_ask_area_target_group",
    "utter_ask_area_company_csr",
    "utter_ask_area_type",
    "utter_ask_area_driver",
    "utter_ask_area_resources",
    "utter_interview_intro",
    "utter_interview_unclear",
    "utter_interview_go_on",
    # the guide and the plan (actions/guide.py, actions/catalog.py)
    "utter_guide_step",
    "utter_guide_tip",
    "utter_guide_overview",
    "utter_guide_where",
    "utter_guide_stopped",
    "utter_guide_resume",
    "utter_guide_done",
    "utter_guide_first",
    "utter_guide_no_such_step",
    "utter_plan_ready",
    "utter_plan_failed",
    "utter_recommendation",
    "utter_recommendation_cases",
    "utter_recommendation_kinds",
    "utter_recommendation_local",
    "utter_recommendation_steps",
    "utter_company_suggestions",
    "utter_company_local",
    "utter_company_steps",
    "utter_which_challenges",
)

# Intents only buttons send (the interview's answer and skip buttons); typed
# answers are read from the text, so these have no NLU examples by design.
PAYLOAD_ONLY_INTENTS = ("inform", "skip", "feedback")


def language_of(tracker: Tracker) -> str:
    return language_or_default(tracker.get_slot(LANGUAGE_SLOT))


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [
        str(e.get("value"))
        for e in (tracker.latest_message or {}).get("entities", [])
        if e.get("entity") == entity and e.get("value")
    ]


async def question_of(tracker: Tracker) -> Tuple[Answerer, Dict[str, Any]]:
    """The one Answerer of this process (actions.resources: loaded at the start of
    the action server) and what it needs from the latest message: what it asks
    (``SkillCues.question_in``: without a thanks that opens a question or who passed
    the question on) and its language, and the context: the case in play,
    the fact last answered and the facts a "Mente du …?" reply last offered. Which
    cases the message names the retriever asks partnerskab.core.names (the decision
    the NLU's ``case`` entity came from), and a named case outranks the context."""
    from actions.resources import resources

    store = (await resources()).store
    text = (tracker.latest_message or {}).get("text") or ""
    language = language_of(tracker)
    return store, {
        # "tak for svaret, hvad med økonomien?" asks "hvad med økonomien?", "min chef
        # spørger: hvem skrev kataloget?" asks "hvem skrev kataloget?".
        "text": store.skill_cues.question_in(text, language),
        "language": language,
        "context_case": tracker.get_slot(CASE_SLOT),
        "last_fact": tracker.get_slot(LAST_FACT_SLOT),
        "suggested": tracker.get_slot(SUGGESTED_SLOT) or [],
        # "og hos LEGO?" asks the question before again, of LEGO.
        "earlier": [store.skill_cues.question_in(t, language) for t in messages_before(tracker)],
    }


def messages_before(tracker: Tracker) -> List[str]:
    """The user's messages before the latest one, the latest first (at most
    ``EARLIER``, as the core's evaluator keeps them)."""
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return said[-2::-1][:EARLIER]


# The actions that reply from the catalogue: an answer, or "Mente du …?" (a message
# the classifier could not place is answered from the catalogue when it can be).
CATALOGUE_REPLIES = frozenset({"action_answer_catalog", "action_unclear"})
# The responses that give a fact (the last_fact slot): an answer, or the nearest fact
# to a detail the catalogue does not give. Not "Mente du …?" nor "not covered".
ANSWER_RESPONSES = frozenset(
    {
        "utter_catalog_answer",
        "utter_catalog_answer_dated",
        "utter_catalog_partial",
        "utter_catalog_partial_dated",
    }
)


def last_move(tracker: Tracker) -> Tuple[Optional[str], List[str]]:
    """The bot's last action before the latest message and the responses it sent
    (Rasa logs an action, then the messages it sent, each with its response's name
    as ``utter_action``, then its other events); ``(None, [])`` at the start."""
    users = 0
    said: List[str] = []
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users > 1:
                break
        elif users and kind == "bot":
            said.append((event.get("metadata") or {}).get("utter_action") or "")
        elif users and kind == "action" and event.get("name") != "action_listen":
            return event.get("name"), said[::-1]
    return None, []


def asked_before(tracker: Tracker) -> str:
    """What the user typed before the latest message ("" for a button's payload or
    at the start): the question an answer that missed was given for."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"]
    text = (users[-2].get("text") or "") if len(users) > 1 else ""
    return "" if text.startswith("/") else text


def replied_from_catalogue_just_before(tracker: Tracker) -> bool:
    """Whether the bot's last move before the latest message was a catalogue reply:
    an answer or "Mente du …?" (whose offers a "ja" may pick), or the apology for an
    answer that missed, which offers the facts near the question too."""
    action, said = last_move(tracker)
    return action in CATALOGUE_REPLIES or "utter_missed_question" in said


def answered_just_before(tracker: Tracker) -> bool:
    """Whether the bot's last move before the latest message gave a catalogue answer,
    whichever action sent it: the fact in the last_fact slot is the one just given.
    After "Mente du …?" or "not covered" it is an older answer's, so a follow-up
    ("since when?") must not lean on it."""
    return bool(ANSWER_RESPONSES.intersection(last_move(tracker)[1]))
