"""Actions of the area interview and the company suggestions.

The reading of answers, the choice of the next question and the recommendation
are in ``partnerskab.core.interview`` and ``partnerskab.core.recommender``; these actions move
data between them and the tracker. Slots hold everything, so an interview
survives restarts and interruptions.
"""

from __future__ import annotations

import abc
import json
from dataclasses import dataclass
from typing import Any, Dict, List, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog import ActionAnswerCatalog, answer_if_follow_up
from actions.common import (
    CASE_SLOT,
    guide_payload,
    language_of,
)
from actions.resources import resources
from partnerskab.core.answering import fact_payload
from partnerskab.core.companies import Company
from partnerskab.core.interview import (
    FIELDS,
    NO_COMPANY,
    SKIPPED,
    AreaProfile,
    Interview,
    is_question,
    skipped_value,
)
from partnerskab.core.recommender import Recommender
from partnerskab.core.wording import t

FORM = "area_interview_form"
REQUESTED_SLOT = "requested_slot"
SLOT_OF = {name: name if name.startswith("area_") else f"area_{name}" for name in FIELDS}
FIELD_OF = {slot: name for name, slot in SLOT_OF.items()}
NAME_SLOT, SIGNALS_SLOT, MODEL_SLOT = "area_company_name", "area_signals", "recommended_model"
# A yes the question just asked could not read as its answer ("ok", "fint", "yes let's
# go"): the user is ready, not answering.
ACKNOWLEDGEMENT = "affirm"
# Which options each question offers as buttons (all others are understood in text).
COMPANY_BUTTONS = (
    "construction",
    "retail_food",
    "security",
    "it",
    "finance",
    "media",
    "manufacturing",
)


def profile_of(tracker: Tracker) -> AreaProfile:
    profile = AreaProfile(**{name: tracker.get_slot(slot) for name, slot in SLOT_OF.items()})
    profile.company_name = tracker.get_slot(NAME_SLOT)
    profile.signals = list(tracker.get_slot(SIGNALS_SLOT) or [])
    return profile


@dataclass(frozen=True)
class Area:
    """What the actions about an area read first: the interview vocabulary, the
    recommender and the municipality's company list (actions.resources: loaded at the
    start of the action server; a bad company list stops the start, and the launcher
    checks it first), the conversation's language and the area profile so far."""

    interview: Interview
    recommender: Recommender
    companies: List[Company]
    language: str
    profile: AreaProfile

    @property
    def company_names(self) -> List[str]:
        return [c.name for c in self.companies]


async def area_of(tracker: Tracker) -> Area:
    loaded = await resources()
    return Area(
        loaded.interview,
        loaded.recommender,
        loaded.companies,
        language_of(tracker),
        profile_of(tracker),
    )


def profile_events(profile: AreaProfile, before: AreaProfile) -> List[Dict[Text, Any]]:
    """SlotSet events for every field that changed."""
    events = []
    for name, slot in list(SLOT_OF.items()) + [
        ("company_name", NAME_SLOT),
        ("signals", SIGNALS_SLOT),
    ]:
        if getattr(profile, name) != getattr(before, name):
            events.append(SlotSet(slot, getattr(profile, name)))
    return events


def from_payload(tracker: Tracker, interview: Interview) -> AreaProfile:
    """Answers given by button payloads (``/inform{"target_group": "youth"}``)."""
    return interview.from_entities((tracker.latest_message or {}).get("entities", []))


def activated_this_turn(tracker: Tracker) -> bool:
    """Whether the form was started by the latest message. Rasa has already applied
    its ``active_loop`` event when it asks the validation action at activation, so
    ``tracker.active_loop`` alone cannot tell a new interview from a running one."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
    return False


def first_question_of_interview(tracker: Tracker) -> bool:
    """Whether no question of the interview has been asked since it was (re)started:
    the intro goes with the first one only, not with the same question asked again
    after an acknowledgement or an unreadable answer."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
        utter = (event.get("metadata") or {}).get("utter_action") or ""
        if event.get("event") == "bot" and utter.startswith("utter_ask_area_"):
            return False
    return True


def asked_in_this_interview(tracker: Tracker) -> List[str]:
    """The fields asked since the interview was last started."""
    asked: List[str] = []
    for event in tracker.events:
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            asked = []
        elif (
            event.get("event") == "slot"
            and event.get("name") == REQUESTED_SLOT
            and event.get("value")
        ):
            field = FIELD_OF.get(event["value"])
            if field and field not in asked:
                asked.append(field)
    return asked


class ActionStartInterview(Action):
    """Right after a catalogue answer, a message the classifier took for the
    interview ("var der mindre hærværk bagefter?" after LEGO's case, read as a
    description of an area) may ask about that answer instead: one decision
    (``Answerer.follows_up_last_answer``) says which. A follow-up is answered from
    the catalogue; anything else starts the form (data/rules/interview.yml)."""

    def name(self) -> Text:
        return "action_start_interview"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        answered = await answer_if_follow_up("interview", dispatcher, tracker, domain)
        return [FollowupAction(FORM)] if answered is None else answered


class ValidateAreaInterviewForm(Action):
    """Reads each message of the interview into the profile and picks the next
    question: only what is still missing, at most five questions in all. When a
    message answers nothing (a catalogue question, "stop"), it returns no slots,
    so Rasa lets the rules handle the message and then comes back here."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        area = await area_of(tracker)
        interview, before = area.interview, area.profile
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        activating = (tracker.active_loop or {}).get("name") != FORM or activated_this_turn(tracker)
        events: List[Dict[Text, Any]] = []
        if activating and tracker.get_slot(MODEL_SLOT):
            # A new interview after a recommendation starts from scratch.
            events += [
                SlotSet(slot, None)
                for slot in list(SLOT_OF.values()) + [NAME_SLOT, SIGNALS_SLOT, MODEL_SLOT]
            ]
            before = AreaProfile()
        requested = None if activating else FIELD_OF.get(tracker.get_slot(REQUESTED_SLOT) or "")

        if text.startswith("/"):
            found = from_payload(tracker, interview)
            if intent == "skip" and requested:
                setattr(found, requested, skipped_value(requested))
        else:
            found = interview.read(text, intent, requested, area.language, area.company_names)
        if not activating and not any(found.filled(n) for n in FIELDS + ("company_name",)):
            return []  # nothing answered: let the rules handle this message

        profile = before.merged(found)
        events += profile_events(profile, before)
        asked = asked_in_this_interview(tracker)
        next_field = interview.next_question(profile, asked)
        events.append(SlotSet(REQUESTED_SLOT, SLOT_OF[next_field] if next_field else None))
        return events


class AskFieldAction(Action, abc.ABC):
    """Asks for one interview field: the question from the domain, buttons with
    the options from knowledge/interview/, and a skip button. Abstract, so
    rasa_sdk registers only the concrete subclasses below."""

    @property
    @abc.abstractmethod
    def field(self) -> str:
        """The interview field this action asks for."""

    def name(self) -> Text:
        return f"action_ask_{SLOT_OF[self.field]}"

    def options(
        self, interview: Interview, language: str, domain: Dict[Text, Any]
    ) -> List[Tuple[str, str]]:
        return [(oid, o.label[language]) for oid, o in interview.fields[self.field].items()]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        area = await area_of(tracker)
        language = area.language
        buttons = [
            {
                "title": label[:1].upper() + label[1:],
                "payload": "/inform" + json.dumps({self.field: oid}, ensure_ascii=False),
            }
            for oid, label in self.options(area.interview, language, domain)
        ]
        buttons.append({"title": t("buttons.skip", language), "payload": "/skip"})
        if first_question_of_interview(tracker):
            dispatcher.utter_message(response="utter_interview_intro")
        dispatcher.utter_message(response=f"utter_ask_{SLOT_OF[self.field]}", buttons=buttons)
        return []


class ActionAskChallenges(AskFieldAction):
    field = "challenges"  # type: ignore[assignment]

    def options(
        self, interview: Interview, language: str, domain: Dict[Text, Any]
    ) -> List[Tuple[str, str]]:
        return [(c.id, c.label[language]) for c in interview.challenges.values() if c.in_catalogue]


class ActionAskCompany(AskFieldAction):
    field = "company"  # type: ignore[assignment]

    def options(
        self, interview: Interview, language: str, domain: Dict[Text, Any]
    ) -> List[Tuple[str, str]]:
        return [(k, interview.kinds[k].label[language]) for k in COMPANY_BUTTONS] + [
            (NO_COMPANY, t("buttons.no_company", language))
        ]


class ActionAskTargetGroup(AskFieldAction):
    field = "target_group"  # type: ignore[assignment]


class ActionAskCompanyCsr(AskFieldAction):
    field = "company_csr"  # type: ignore[assignment]


class ActionAskAreaType(AskFieldAction):
    field = "area_type"  # type: ignore[assignment]


class ActionAskDriver(AskFieldAction):
    field = "driver"  # type: ignore[assignment]


class ActionAskResources(AskFieldAction):
    field = "resources"  # type: ignore[assignment]


def _case_buttons(
    recommender: Recommender, case_ids: Sequence[str], language: str
) -> List[Dict[str, str]]:
    kb = recommender.kb
    return [
        {"title": kb.topics[c].name[language], "payload": fact_payload(f"{c}.summary")}
        for c in case_ids
    ]


class ActionRecommendModel(Action):
    """The recommendation at the end of the interview."""

    def name(self) -> Text:
        return "action_recommend_model"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        area = await area_of(tracker)
        recommender, language = area.recommender, area.language
        recommendation = recommender.recommend(area.profile, language, area.companies)
        # A short sequence (README, "How the recommendation is made"): headline, cases
        # (with a button each), company kinds, local companies, next steps (with a
        # button into the guide); the plan holds everything.
        messages = recommender.chat_messages(
            recommendation, area.profile, have_list=bool(area.companies)
        )
        last_cases = max(
            i for i, (name, _) in enumerate(messages) if name == "utter_recommendation_cases"
        )
        for i, (name, variables) in enumerate(messages):
            buttons: List[Dict[str, str]] = []
            if i == last_cases:
                buttons = _case_buttons(recommender, [c for c, _ in recommendation.cases], language)
            elif name == "utter_recommendation_steps":
                buttons = [
                    {
                        "title": t("buttons.guide_from_recommendation", language),
                        "payload": guide_payload("goto", recommendation.steps[0]),
                    }
                ]
            dispatcher.utter_message(response=name, buttons=buttons, **variables)
        events = [SlotSet(MODEL_SLOT, recommendation.model)]
        if recommendation.cases:
            events.append(SlotSet(CASE_SLOT, recommendation.cases[0][0]))
        return events


class ActionSuggestCompanies(Action):
    """ "Which companies suit our area?": kinds of companies for the challenges
    known (from the interview or this message) and named local ones if loaded.
    With no challenge known it asks which ones; a description of the area typed
    right after it comes back here (data/rules/interview.yml), not to the interview."""

    def name(self) -> Text:
        return "action_suggest_companies"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        area = await area_of(tracker)
        interview, recommender, companies = area.interview, area.recommender, area.companies
        language, before = area.language, area.profile
        text = (tracker.latest_message or {}).get("text") or ""
        found = (
            from_payload(tracker, interview)
            if text.startswith("/")
            else interview.extract(text, language, area.company_names)
        )
        profile = before.merged(found)
        challenges = [c for c in (profile.challenges or []) if c != SKIPPED]
        if not challenges:
            buttons = [
                {
                    "title": c.label[language][:1].upper() + c.label[language][1:],
                    "payload": "/ask_companies"
                    + json.dumps({"challenges": c.id}, ensure_ascii=False),
                }
                for c in interview.challenges.values()
                if c.in_catalogue
            ]
            dispatcher.utter_message(response="utter_which_challenges", buttons=buttons)
            return []
        prefer = profile.company if profile.company in interview.kinds else None
        kinds = recommender.kinds_for(challenges, prefer)[:4]
        local = recommender.local_companies(companies, challenges, prefer)
        for name, variables in recommender.suggestion_messages(
            kinds, challenges, local, language, have_list=bool(companies)
        ):
            dispatcher.utter_message(response=name, **variables)
        return profile_events(
            AreaProfile(**{**before.as_slots(), "challenges": profile.challenges}), before
        )


class ActionInterviewUnclear(Action):
    """A message during the interview that answers nothing and has no rule of its
    own: a question is answered from the catalogue; an acknowledgement ("ok klar",
    "yes let's go", which the question just asked cannot take as an answer) is
    met kindly, and anything else gets a polite request to answer again (the form
    then repeats its question)."""

    def name(self) -> Text:
        return "action_interview_unclear"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if is_question(text):
            return await ActionAnswerCatalog().run(dispatcher, tracker, domain)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent == ACKNOWLEDGEMENT:
            dispatcher.utter_message(response="utter_interview_go_on")
            return []
        dispatcher.utter_message(response="utter_interview_unclear")
        return []
