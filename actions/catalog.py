"""Actions that answer catalogue questions (see partnerskab.core.answering)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    CASE_SLOT,
    FACT_ENTITY,
    GUIDE_ACTIVE_SLOT,
    GUIDE_STEP_SLOT,
    LAST_FACT_SLOT,
    SUGGESTED_SLOT,
    answered_just_before,
    entity_values,
    guide_payload,
    question_of,
)
from partnerskab.core.answering import Reply
from partnerskab.core.wording import t


def _send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(
        response=reply.response,
        answer=reply.answer,
        source=reply.source,
        lead=reply.lead,
        buttons=reply.buttons,
    )


class ActionAnswerCatalog(Action):
    """Answers a free-text question (or a follow-up button) from knowledge/."""

    def name(self) -> Text:
        return "action_answer_catalog"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        store, question = await question_of(tracker)
        fact_ids = entity_values(tracker, FACT_ENTITY)
        reply = store.reply(**question, fact_id=fact_ids[0] if fact_ids else None)
        _send(dispatcher, reply)
        step = tracker.get_slot(GUIDE_STEP_SLOT)
        if tracker.get_slot(GUIDE_ACTIVE_SLOT) and step:
            # A question in the middle of the guide: offer to go on where the user was.
            title = t("buttons.guide_continue", question["language"])
            dispatcher.utter_message(
                response="utter_guide_resume",
                number=int(step),
                buttons=[
                    {"title": title.format(number=int(step)), "payload": guide_payload("repeat")}
                ],
            )
        events = []
        if reply.case and reply.case != question["context_case"]:
            events.append(SlotSet(CASE_SLOT, reply.case))
        if reply.fact is not None and reply.fact.id != question["last_fact"]:
            events.append(SlotSet(LAST_FACT_SLOT, reply.fact.id))
        if reply.suggested != question["suggested"]:
            events.append(SlotSet(SUGGESTED_SLOT, reply.suggested or None))
        return events


class ActionAffirm(Action):
    """A yes ("ja", "yes please", "the second one") right after "Mente du …?" picks
    one of the facts it offered (partnerskab.core.retrieval reads which); a yes out
    of the blue offers the menu."""

    def name(self) -> Text:
        return "action_affirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if tracker.get_slot(SUGGESTED_SLOT) and answered_just_before(tracker):
            return await ActionAnswerCatalog().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_what_next")
        return []


class ActionOutOfScope(Action):
    """Says plainly what is out of scope; but a short question right after a
    catalogue answer that the catalogue answers from that answer's context
    ("since when?", which the classifier took for small talk out of scope) is
    answered."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if answered_just_before(tracker):
            store, question = await question_of(tracker)
            if store.answers_as_follow_up(
                question["text"],
                question["language"],
                question["context_case"],
                question["last_fact"],
            ):
                return await ActionAnswerCatalog().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionAskAffirmation(Action):
    """Overrides Rasa's "Did you mean 'intent'?" with "Mente du …?" and buttons
    for the catalogue facts nearest the unclear message, plus "none of these"
    (which Rasa's two-stage fallback reads as "ask me to rephrase")."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        store, question = await question_of(tracker)
        language = question["language"]
        found = store.retriever.search(**question)
        facts = found.candidates(3) if found.hits else []
        if not facts:
            facts = [
                store.kb.fact(f)
                for f in ("general.cases_overview", "models.difference", "advice.overview")
            ]
        buttons = store.buttons(facts, language)
        buttons.append({"title": t("buttons.none_of_these", language), "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        return []
