"""Actions of the step-by-step guide and the partnership plan.

Navigation and step texts are in ``partnerskab.core.guide``, the plan in
``partnerskab.core.plan``; where the user is lives in the slots ``guide_step``,
``guide_seen`` and ``guide_active`` (so in the tracker store).
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalog import answer_if_follow_up
from actions.common import (
    GUIDE_ACTIVE_SLOT as ACTIVE_SLOT,
)
from actions.common import (
    GUIDE_SEEN_SLOT as SEEN_SLOT,
)
from actions.common import (
    GUIDE_STEP_SLOT as STEP_SLOT,
)
from actions.common import (
    LAST_FACT_SLOT,
    answered_just_before,
    entity_values,
    guide_payload,
    language_of,
)
from actions.interview import area_of, profile_of
from actions.resources import resources
from partnerskab import settings
from partnerskab.core.guide import COMMANDS, LAST, Command, Guide, GuideState
from partnerskab.core.plan import build_plan, render_html, render_markdown
from partnerskab.core.wording import t
from partnerskab.storage.plan_store import PlanStore, PlanStoreError


def current_step(tracker: Tracker) -> Optional[int]:
    value = tracker.get_slot(STEP_SLOT)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= LAST else None


def seen_steps(tracker: Tracker) -> List[int]:
    return sorted({int(n) for n in (tracker.get_slot(SEEN_SLOT) or []) if str(n).isdigit()})


def last_advice(guide: Guide, tracker: Tracker) -> Optional[int]:
    """The number of the piece of advice answered just before the latest message
    ("Tag mig igennem den" then starts the guide there), or ``None``."""
    if not answered_just_before(tracker):
        return None
    # Only the pieces of advice have a number (Fact.number), as the retriever reads it.
    fact = guide.recommender.kb.facts.get(tracker.get_slot(LAST_FACT_SLOT) or "")
    return fact.number if fact is not None else None


def state_events(state: Optional[GuideState]) -> List[Dict[Text, Any]]:
    """The slots of a changed guide state (none when it did not change)."""
    if state is None:
        return []
    return [
        SlotSet(STEP_SLOT, state.current),
        SlotSet(SEEN_SLOT, state.seen),
        SlotSet(ACTIVE_SLOT, state.active),
    ]


def _button(key: str, language: str, payload: str, **values) -> Dict[str, str]:
    return {"title": t(key, language, **values), "payload": payload}


def step_buttons(language: str, number: int) -> List[Dict[str, str]]:
    buttons = []
    if number > 1:
        buttons.append(_button("buttons.guide_previous", language, guide_payload("previous")))
    if number < LAST:
        buttons.append(_button("buttons.guide_next", language, guide_payload("next")))
    buttons.append(_button("buttons.guide_all", language, guide_payload("all")))
    buttons.append(_button("buttons.guide_plan", language, "/make_plan"))
    return buttons


class ActionGuide(Action):
    """One move in the guide: start, next, previous, go to N, repeat, where am I,
    all steps, stop. Typed text is parsed by partnerskab.core.guide; buttons send the
    command as entities."""

    def name(self) -> Text:
        return "action_guide"

    def command(self, guide: Guide, tracker: Tracker, language: str) -> Command:
        kinds = entity_values(tracker, "guide_command")
        if kinds and kinds[0] in COMMANDS:
            numbers = entity_values(tracker, "step_number")
            number = int(numbers[0]) if numbers and numbers[0].isdigit() else None
            return Command(kinds[0], number)
        text = (tracker.latest_message or {}).get("text") or ""
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        return guide.command(text, language, last_advice(guide, tracker)) or Command(
            "stop" if intent == "stop" else "start"
        )

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        loaded = await resources()
        companies, guide = loaded.companies, loaded.guide
        language = language_of(tracker)
        current, seen = current_step(tracker), seen_steps(tracker)
        active = bool(tracker.get_slot(ACTIVE_SLOT))
        if not active and not entity_values(tracker, "guide_command"):
            # "And the next one?" after advice 4, "what are its steps?" after advice 2:
            # with no guide in progress, a follow-up of the answer just given.
            answered = await answer_if_follow_up("guide", dispatcher, tracker, domain)
            if answered is not None:
                return answered
        command = self.command(guide, tracker, language)
        resume = (
            [_button("buttons.guide_continue", language, guide_payload("repeat"), number=current)]
            if current
            else []
        )

        outcome = guide.handle(GuideState(current, seen, active), command)
        if outcome.kind == "stopped":
            dispatcher.utter_message(response="utter_guide_stopped", number=current, buttons=resume)
        elif outcome.kind == "what_next":
            dispatcher.utter_message(response="utter_what_next")
        elif outcome.kind == "overview":
            dispatcher.utter_message(
                response="utter_guide_overview",
                steps=guide.overview(current, seen, language),
                buttons=resume
                or [_button("buttons.guide_start", language, guide_payload("start"))],
            )
        elif outcome.kind == "where":
            dispatcher.utter_message(
                response="utter_guide_where",
                number=current,
                title=guide.recommender.kb.advice(current).label[language],
                seen=len(seen),
                buttons=resume,
            )
        elif outcome.kind == "done":
            dispatcher.utter_message(
                response="utter_guide_done",
                buttons=[_button("buttons.guide_plan", language, "/make_plan")],
            )
        elif outcome.kind == "first":
            dispatcher.utter_message(response="utter_guide_first", buttons=resume)
        elif outcome.kind == "no_such_step":
            dispatcher.utter_message(response="utter_guide_no_such_step", buttons=resume)
        if outcome.kind != "step":
            return state_events(outcome.state)

        target = outcome.step
        profile = profile_of(tracker)
        variables = guide.step(target, profile, language, companies)
        # Two short messages: the advice and why, then the tip with the buttons.
        dispatcher.utter_message(response="utter_guide_step", **variables)
        dispatcher.utter_message(
            response="utter_guide_tip", buttons=step_buttons(language, target), **variables
        )
        return state_events(outcome.state)


class ActionMakePlan(Action):
    """Writes the partnership plan (HTML and Markdown) to the plan store and
    sends its two expiring links."""

    def name(self) -> Text:
        return "action_make_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        area = await area_of(tracker)
        language, seen, current = area.language, seen_steps(tracker), current_step(tracker)

        def make() -> str:
            plan = build_plan(area.profile, language, seen, current, area.companies)
            return PlanStore().save(language, render_html(plan), render_markdown(plan))

        try:
            token = await asyncio.to_thread(make)
        except PlanStoreError:  # locked, disk full, unreadable: say so, in the user's language
            dispatcher.utter_message(response="utter_plan_failed")
            return []
        dispatcher.utter_message(
            response="utter_plan_ready",
            hours=f"{settings.plan_ttl_hours():g}",
            json_message=plan_links(domain, language, token),
        )
        return []


def plan_links(domain: Dict[Text, Any], language: str, token: str) -> Dict[str, Any]:
    """The plan's two links as structured data (the message's ``custom`` payload),
    so no client has to find them in the text."""
    base = settings.public_url()
    return {
        "links": [
            {
                "kind": "plan_html",
                "url": f"{base}/plan/{token}",
                "label": t("links.plan_html", language),
            },
            {
                "kind": "plan_markdown",
                "url": f"{base}/plan/{token}.md",
                "label": t("links.plan_markdown", language),
            },
        ]
    }
