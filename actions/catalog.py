"""Actions that answer catalogue questions (see partnerskab.core.answering)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Optional, Text

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
    asked_before,
    entity_values,
    guide_payload,
    question_of,
    replied_from_catalogue_just_before,
)
from partnerskab.core.answering import ASK_INTENT, Reply
from partnerskab.core.skills import CLASSIFIER_SURE, SMALL_TALK
from partnerskab.core.wording import t


def _send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """``reply``, and the second answer that may follow it (``Reply.then``)."""
    message: Optional[Reply] = reply
    while message is not None:
        dispatcher.utter_message(
            response=message.response,
            answer=message.answer,
            source=message.source,
            lead=message.lead,
            buttons=message.buttons,
        )
        message = message.then


class ActionAnswerCatalog(Action):
    """Answers a free-text question (or a follow-up button) from knowledge/."""

    def name(self) -> Text:
        return "action_answer_catalog"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        store, question = await question_of(tracker)
        fact_ids = entity_values(tracker, FACT_ENTITY)
        # ("now in english", "er det stadig aktuelt?" give the last answer again only
        # right after it: Answerer.reply decides.)
        reply = store.reply(
            **question,
            fact_id=fact_ids[0] if fact_ids else None,
            answered_before=answered_just_before(tracker),
        )
        return respond(dispatcher, tracker, question, reply)


def respond(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: Dict[Text, Any], reply: Reply
) -> List[Dict[Text, Any]]:
    """Sends a catalogue reply (and, in the middle of the guide, the offer to go on
    where the user was) and returns the context it leaves for the next question."""
    _send(dispatcher, reply)
    step = tracker.get_slot(GUIDE_STEP_SLOT)
    if tracker.get_slot(GUIDE_ACTIVE_SLOT) and step:
        title = t("buttons.guide_continue", question["language"])
        dispatcher.utter_message(
            response="utter_guide_resume",
            number=int(step),
            buttons=[{"title": title.format(number=int(step)), "payload": guide_payload("repeat")}],
        )
    events = []
    if reply.case and reply.case != question["context_case"]:
        events.append(SlotSet(CASE_SLOT, reply.case))
    if reply.fact is not None and reply.fact.id != question["last_fact"]:
        events.append(SlotSet(LAST_FACT_SLOT, reply.fact.id))
    if reply.suggested != question["suggested"]:
        events.append(SlotSet(SUGGESTED_SLOT, reply.suggested or None))
    return events


async def answer_if_follow_up(
    skill: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
) -> Optional[List[Dict[Text, Any]]]:
    """The catalogue's answer to the latest message, which the classifier gave to
    ``skill``, when it follows up the answer just given ("since when?", "and the next
    one?" after advice 4, "var der mindre hærværk bagefter?" after LEGO), or, for
    the interview, the facts "Mente du …?" just offered: the one decision
    ``Answerer.follows_up_last_answer``. ``None`` when it does not."""
    answered = answered_just_before(tracker)
    offered = not answered and skill == "interview" and replied_from_catalogue_just_before(tracker)
    if not (answered or offered):
        return None
    store, question = await question_of(tracker)
    if not store.follows_up_last_answer(
        skill,
        question["text"],
        question["language"],
        question["context_case"],
        question["last_fact"] if answered else None,
        suggested=question["suggested"] if offered else (),
    ):
        return None
    return await ActionAnswerCatalog().run(dispatcher, tracker, domain)


class ActionAffirm(Action):
    """A yes ("ja", "yes please", "the second one") right after "Mente du …?" picks
    one of the facts it offered (partnerskab.core.retrieval reads which); a yes that
    names a case ("ja, den i Vejle") asks for that case; a yes out of the blue offers
    the menu."""

    def name(self) -> Text:
        return "action_affirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        picks = tracker.get_slot(SUGGESTED_SLOT) and replied_from_catalogue_just_before(tracker)
        # "ja, den i Vejle": a yes that names a case asks for that case.
        if picks or entity_values(tracker, CASE_SLOT):
            return await ActionAnswerCatalog().run(dispatcher, tracker, domain)
        if answered_just_before(tracker):
            # "first one" after the twelve pieces of advice, "funded by" after the
            # colophon: more than a yes, which the catalogue plainly answers from
            # the answer just given.
            store, question = await question_of(tracker)
            if store.asks_more_than_yes(question["text"], question["language"]):
                plain = store.answers_plainly(**question)
                if plain is not None:
                    return respond(dispatcher, tracker, question, plain)
        dispatcher.utter_message(response="utter_what_next")
        return []


# The actions that give the user something to keep: what "send it by mail" refers to.
CONTENT_ACTIONS = frozenset(
    {
        "action_make_plan",
        "action_answer_catalog",
        "action_unclear",
        "action_guide",
        "action_recommend_model",
        "action_suggest_companies",
    }
)


def last_content(tracker: Tracker) -> Optional[str]:
    """The last action before the latest message that gave the user something to keep
    (the plan, an answer, a step of the guide …), so "kan du sende den på mail?" still
    means the plan after a first "no mail" reply."""
    users = 0
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            users += 1
        elif users and event.get("event") == "action" and event.get("name") in CONTENT_ACTIONS:
            return event.get("name")
    return None


class ActionOutOfScope(Action):
    """Says plainly what is out of scope; a request about the reply itself ("kan du
    sende det på mail?", "shorter please") gets its own plain answer
    (``Answerer.about_the_reply``); and a short question right after a
    catalogue answer that the catalogue answers from that answer's context
    ("since when?", which the classifier took for small talk out of scope) is
    answered, and so is a question one fact plainly answers ("can i order a printed
    copy", ``Answerer.answers_plainly``)."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        store, question = await question_of(tracker)
        just_answered = answered_just_before(tracker)
        # "kan du sende det på mail?", "shorter please", "det var ikke det jeg spurgte
        # om": about the reply, not the catalogue; said plainly, with what the
        # assistant can do instead.
        declined = store.about_the_reply(
            question["text"],
            question["language"],
            question["last_fact"] if just_answered else None,
            after_plan=last_content(tracker) == "action_make_plan",
            asked_before=asked_before(tracker),
        )
        if declined is not None:
            return respond(dispatcher, tracker, question, declined)
        answered = await answer_if_follow_up("out_of_scope", dispatcher, tracker, domain)
        if answered is not None:
            return answered
        # "can i order a printed copy" (out of scope at 0.7): a catalogue question the
        # classifier was not sure of, which one fact plainly answers; "could you send me
        # the authors' e-mail addresses?" (0.95) stays out of scope.
        # It leans on the conversation only right after an answer (after "Mente du …?"
        # the fact last answered is an older answer's).
        sure = ((tracker.latest_message or {}).get("intent") or {}).get("confidence") or 0.0
        alone = {
            **question,
            "context_case": None,
            "last_fact": None,
            "suggested": [],
            "earlier": [],
        }
        asked = question if just_answered else alone
        plain = store.answers_plainly(**asked) if sure < CLASSIFIER_SURE else None
        if plain is not None:
            return respond(dispatcher, tracker, question, plain)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


# What "Mente du …?" offers when no fact is near an unclear message.
MAIN_TOPICS = ("general.cases_overview", "models.difference", "advice.overview")


def catalogue_guess(tracker: Tracker, asks: bool = False) -> bool:
    """Whether a catalogue question is among the classifier's first two guesses
    for a message it could not place: not for "thx a lot!!" or "i dont know",
    which the retriever can still match by a word. For a message that asks by its
    form (``asks``), it is enough that neither guess is small talk ("What does a
    neighbourhood get out of teaming up with a business?": the company suggestions
    or out of scope, it guessed)."""
    ranking = [
        r.get("name")
        for r in (tracker.latest_message or {}).get("intent_ranking") or []
        if r.get("name") != "nlu_fallback"
    ]
    return ASK_INTENT in ranking[:2] or (asks and not SMALL_TALK.intersection(ranking[:2]))


class ActionUnclear(Action):
    """A message the classifier could not place (``nlu_fallback``), outside the
    interview, which has its own (``action_interview_unclear``).

    The classifier knows intents, not the catalogue: "skal vi ha en eller flere
    kontaktpersoner til virksomheden" is unclear to it and plain to the retriever.
    So when the classifier's first two guesses hold a catalogue question, the
    catalogue decides, in the conversation's context and with a higher bar than
    for a catalogue question (``Answerer.unclear_bar``: not for a whole question asked
    by its form, nor a search-box query); right after an answer, a message the
    catalogue reads as its follow-up is decided at the catalogue's own bar, whatever
    the classifier guessed, and so is a search-box query of the catalogue's words
    ("isbn", "visit length": ``Answerer.is_keyword_query``): when one fact clearly answers (or
    the message asks for a detail the catalogue does not give), that is the reply.
    Otherwise "Mente du …?" with the nearest facts (or the main topics) and "none
    of these", which, like a "no", asks the user to say it another way
    (data/rules/fallback.yml). A "ja" or "den anden" picks an offered fact
    (``action_affirm``).

    This replaces Rasa's two-stage fallback, whose first step can only ask: a loop
    that answered would take the user's next question as a clarification of the
    last one."""

    def name(self) -> Text:
        return "action_unclear"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        store, question = await question_of(tracker)
        language = question["language"]
        menu: Optional[Reply] = None
        # Right after an answer, a message the catalogue reads as its follow-up ("what
        # do we have to agree on at that meeting") is the catalogue's, at its own bar:
        # the conversation, not the classifier, tells what it is about.
        found = store.retriever.search(**question) if answered_just_before(tracker) else None
        follow_up = found is not None and found.follow_up
        # "isbn", "visit length": a search-box query of the catalogue's words is a
        # catalogue question whatever the classifier guessed; it and a whole question
        # are decided at the catalogue's own bar (Answerer.unclear_bar).
        reading = store.unclear_reading(question["text"], language)
        searched = follow_up or reading == "keywords"
        asks = store.skill_cues.asks_by_its_form(question["text"], language)
        if searched or catalogue_guess(tracker, asks):
            reply = store.reply(**question, bar=None if follow_up else store.bar_for(reading))
            if reply.answer:
                return respond(dispatcher, tracker, question, reply)
            if reply.suggested:
                # The catalogue's own "Mente du …?" (Answerer.offer), worded as a question
                # about an unclear message: no second search for the same facts.
                menu = replace(reply, response="utter_did_you_mean")
        if menu is None:
            found = found if found is not None else store.retriever.search(**question)
            facts = found.candidates(3) or [store.kb.fact(f) for f in MAIN_TOPICS]
            menu = store.offer(facts, language, found.cases, response="utter_did_you_mean")
        menu.buttons.append({"title": t("buttons.none_of_these", language), "payload": "/deny"})
        return respond(dispatcher, tracker, question, menu)
