"""An NLU component: a message that names something of the catalogue is a
catalogue question, and an unclear message that describes an area's challenges
is an area description, whatever the classifier made of the rest.

DIET and the vocabulary guard see words; phone typing ("flygtningehjaelpen",
"brf kredit", "råd 3??") and unusual phrasing can land such a message on
``nlu_fallback``, ``out_of_scope`` or ``help``, or on small talk the classifier is
unsure of ("LEGO?" as a "yes"; "which govt plan was the taastrup thing part of"
as a request for our plan). When the message names a case, a person, a
project or a catalogue term (``partnerskab.core.names``, which also decides the
``case`` entity and the retriever's named cases: aliases from knowledge/, æ/ø/å
folded, names written together or apart, typos repaired), a piece of advice by
number or a page of the catalogue ("hvad er de 70 på side 24?"), this component sets
the intent to ``ask_catalog``. A message the classifier left unclear
(``nlu_fallback``) that names none of these but in which the interview reads a
challenge (``partnerskab.core.interview``: "Vi har meget hærværk i vores boligområde")
becomes ``describe_area``, unless it asks how something is done
("hvordan finder vi praktikpladser til de unge?": a catalogue question). A short
question the classifier left unclear ("what grade?", "og børnene?", "what year") is a
catalogue question too: it most likely follows up the last answer, and the
catalogue action, which knows the conversation's case and last answer, answers it,
offers the nearest facts or says the catalogue does not cover it. Other intents
(the guide, the interview, small talk) are left alone, and so are button payloads,
and an out-of-scope message that asks for a task the assistant does not do
(``out_of_scope.a_task_for_us`` in knowledge/skills.yml: "kan du skrive vores
ansøgning om områdefornyelse?", "book a meeting with LEGO for us"). A message
that says which item of the last reply it means ("den første du nævnte, hvad gik
den ud på?", "nej, jeg mente den anden": ``partnerskab.core.references``) is a
catalogue follow-up whatever the classifier made of it, a "nej" included.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from partnerskab.adapters.nlu.component import Component, language_of
from partnerskab.core.interview import FIELDS, load_interview
from partnerskab.core.knowledge import load_knowledge
from partnerskab.core.names import load_names
from partnerskab.core.references import load_references
from partnerskab.core.retrieval import parse_advice_number
from partnerskab.core.skills import CLASSIFIER_SURE, SMALL_TALK, load_skill_cues
from partnerskab.core.words import asking_sentence, is_short_question

CATALOG_INTENT = "ask_catalog"
AREA_INTENT = "describe_area"
# What a message naming the catalogue is taken back from: the unclear intents always,
# small talk when the classifier was not sure ("LEGO?" is no "yes").
OVERRIDDEN = frozenset({DEFAULT_NLU_FALLBACK_INTENT_NAME, "out_of_scope", "help", "bot_challenge"})
# ... and the plan when the classifier was not sure ("which govt plan was the
# taastrup thing part of" is about Høje Taastrup, not a request for our plan).
UNSURE = SMALL_TALK | {"make_plan"}
# What a short question is taken back from: only what the classifier left unclear
# (its out-of-scope examples are short questions too: "hvordan bliver vejret?").
UNCLEAR = frozenset({DEFAULT_NLU_FALLBACK_INTENT_NAME})
SURE = CLASSIFIER_SURE


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CatalogRouter(Component):
    def __init__(self) -> None:
        self.names = load_names()
        self.interview = load_interview()
        self.cues = load_skill_cues()
        self.references = load_references()
        self.kb = load_knowledge()

    def asks_a_task(self, text: str, language: str) -> bool:
        """A task the assistant does not do ("kan du ringe til dem for mig?", "can you
        translate our project description?")."""
        return self.cues.says("out_of_scope.a_task_for_us", text, language) or self.cues.says(
            "about_the_reply.by_mail", text, language
        )

    def names_the_catalogue(self, text: str, language: str) -> bool:
        """A piece of advice by number, a name of the catalogue's, or a page of it
        ("hvad betyder de 70 på side 24?")."""
        return (
            parse_advice_number(text) is not None
            or bool(self.names.read(text, language).mentions)
            or bool(self.kb.pages_pointed(text, language)[1])
        )

    def describes_an_area(self, text: str, language: str) -> bool:
        return bool(self.interview.extract(text, language).challenges)

    def tells_of_an_area(self, text: str, language: str) -> bool:
        """Whether the interview reads anything of an area in the message: a
        challenge, a kind of area or of company, a resource."""
        found = self.interview.extract(text, language)
        return any(found.filled(field) for field in FIELDS) or bool(found.company_name)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            predicted = message.get(INTENT) or {}
            intent = predicted.get(INTENT_NAME_KEY)
            unsure = intent in UNSURE and (predicted.get(PREDICTED_CONFIDENCE_KEY) or 0) < SURE
            if text.startswith("/"):
                continue
            language = language_of(message)
            if intent in OVERRIDDEN | SMALL_TALK and self.references.says_which(text, language):
                # "den første du nævnte, …", "nej, jeg mente den anden": which item of
                # the last reply is meant, a follow-up the catalogue action reads.
                self._route(message, CATALOG_INTENT)
                continue
            if (
                intent == AREA_INTENT
                and self.references.points_at_the_other(text, language)
                and not self.tells_of_an_area(text, language)
            ):
                # "ok and the other one, in english pls": the other one of what was
                # said, no area of ours (the interview reads nothing in it: "we have two
                # companies, one is a bank and the other a supermarket" is ours).
                self._route(message, CATALOG_INTENT)
                continue
            if not (intent in OVERRIDDEN or unsure):
                continue
            if intent == "out_of_scope" and self.asks_a_task(text, language):
                continue
            if (
                intent == "out_of_scope"
                and self.cues.says("catalog.partnership_words", text, language)
                and self.cues.asks_by_its_form(asking_sentence(text), language)
            ):
                # "… et vognmandsfirma vil i samarbejde med os. Hvad skal vi aftale med
                # dem?": a question on the catalogue's own subject, which it answers or
                # says it does not cover (a wish told, "vi vil gerne lave et
                # partnerskab", is the skill router's).
                self._route(message, CATALOG_INTENT)
                continue
            if intent == "help" and self.cues.asks_what_you_do_after_our_story(text, language):
                # "Jeg er lige startet i Esbjerg Øst … Hvad kan du hjælpe mig med?": a
                # place of a case in the story does not make it a catalogue question.
                continue
            if self.names_the_catalogue(text, language):
                self._route(message, CATALOG_INTENT)
            elif intent == DEFAULT_NLU_FALLBACK_INTENT_NAME and self.describes_an_area(
                text, language
            ):
                # "hvordan finder vi lærepladser til de unge?" asks how it is done,
                # which the catalogue answers; it describes no area of ours.
                # Nor does a question that speaks of others, not us ("and um what's
                # his title, like his job").
                asks_how = self.cues.says("catalog.asks_how", text, language)
                of_others = self.cues.asks_of_others(text, language)
                self._route(message, CATALOG_INTENT if asks_how or of_others else AREA_INTENT)
            elif intent in UNCLEAR and is_short_question(text, language):
                self._route(message, CATALOG_INTENT)
        return messages

    @staticmethod
    def _route(message: Message, intent: str) -> None:
        routed = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, routed, add_to_output=True)
        ranking = [
            r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent
        ]
        message.set(INTENT_RANKING_KEY, [routed, *ranking], add_to_output=True)
