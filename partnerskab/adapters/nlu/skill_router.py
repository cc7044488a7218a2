"""An NLU component: which skill a message asks for, where its words settle it.

The classifier's weakest boundary is between the guide, the area interview, the
company suggestions and help (issue 11): "we want to start a partnership, can you
walk us through it?" reads like both the guide and the interview. The words that
settle it are data (``knowledge/skills.yml``, applied by
``partnerskab.core.skills``): a request to be walked through the process is the
guide, "what fits us" the interview, "which companies" the company suggestions,
"what can you do" help. This component runs after the classifier and the fallback
and before ``CatalogRouter``; it changes only the intents of those skills, catalogue
questions, out of scope, the fallback and a greeting ("hej, hvad kan du?"), and leaves
other small talk, "stop", the plan and button payloads alone. A message the
classifier took for the guide that names a topic of the catalogue ("hvad er første
trin i ABCD-metoden?") and neither asks to be walked through nor moves in the guide
is a catalogue question, and so is a message it took for the interview that names
a case and does not speak of us or our area.
"""

from __future__ import annotations

from typing import List, Optional

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

from partnerskab.adapters.nlu.catalog_router import AREA_INTENT, CATALOG_INTENT, CatalogRouter
from partnerskab.adapters.nlu.component import language_of
from partnerskab.core.interview import is_question
from partnerskab.core.skills import CLASSIFIER_SURE, Area, load_skill_cues

GUIDE, INTERVIEW, COMPANIES, HELP = "guide", "start_interview", "ask_companies", "help"
# What "which case is nearest to what we have" is taken back from: the interview, the
# area told, the company suggestions ("vi har hærværk, hvilken case ligner mest?").
CLOSEST_CASE_FROM = (
    INTERVIEW,
    AREA_INTENT,
    CATALOG_INTENT,
    COMPANIES,
    DEFAULT_NLU_FALLBACK_INTENT_NAME,
)
OUT_OF_SCOPE = "out_of_scope"
INTENT_OF_SKILL = {
    "guide": GUIDE,
    "plan": "make_plan",
    "interview": INTERVIEW,
    "companies": COMPANIES,
    "help": HELP,
}
# The guesses a message that speaks of the catalogue itself is taken back from, when
# the words ask for no skill ("can you help me find the catalogue's ISBN" is no
# request out of scope).
ABOUT_THE_CATALOGUE = frozenset(
    {INTERVIEW, AREA_INTENT, COMPANIES, DEFAULT_NLU_FALLBACK_INTENT_NAME, OUT_OF_SCOPE}
)
# The intents whose messages the words may move to another skill.
ROUTABLE = frozenset(
    {
        GUIDE,
        INTERVIEW,
        AREA_INTENT,
        COMPANIES,
        HELP,
        CATALOG_INTENT,
        OUT_OF_SCOPE,
        DEFAULT_NLU_FALLBACK_INTENT_NAME,
        "greet",  # "hej, hvad kan du?" asks for help
    }
)
# The guesses a request for a task the assistant does not do is taken back from.
TASK_GUESSES = frozenset({CATALOG_INTENT, HELP, DEFAULT_NLU_FALLBACK_INTENT_NAME})
# A request to be walked through the process is the guide even when the classifier
# heard a request for a person in it ("før mig gennem processen fra første kontakt").
WALKED_THROUGH_ONLY = frozenset({"human_contact"})
# Requests that are not asked about with "which", "why" or "when" (unless the user
# asks to be able to: "hvornår kan jeg tale med en medarbejder?").
REQUESTS = frozenset({"make_plan", "human_contact"})
# What a request for the plan, after our story, is taken back from.
PLAN_FROM = frozenset(
    {INTERVIEW, AREA_INTENT, CATALOG_INTENT, OUT_OF_SCOPE, DEFAULT_NLU_FALLBACK_INTENT_NAME}
)
# A request for the user's own sake ("can I get a job at LEGO?", knowledge/skills.yml
# out_of_scope.personal_request) is out of scope whatever skill, or person to talk to,
# the classifier heard in it (CatalogRouter hands one that names a case to the
# catalogue action, which declines it the same way: partnerskab.core.answering).
PERSONAL_FROM = ROUTABLE | WALKED_THROUGH_ONLY
# A request about the reply itself, to send it by mail or to write it shorter
# (knowledge/skills.yml about_the_reply), is out of scope whatever the classifier heard
# in it ("can you email it to me" is no request for a person, "kortere tak" no thanks):
# action_out_of_scope says what the assistant does instead. So is a complaint that the
# answer missed ("tak, men det var ikke det jeg spurgte om?", "no, that's not what I
# asked", a "deny" too): it gets an apology and the facts near the question.
ABOUT_THE_REPLY_FROM = PERSONAL_FROM | {"thank", "make_plan"}
# The guesses a question passed on is taken back from when its own words ask for no
# skill: our own area's skills, which someone else's question is not; and the
# catalogue's, when its words do ask for one. A request to mail or to plan stays.
PASSED_ON_FROM = frozenset({INTERVIEW, AREA_INTENT, COMPANIES, CATALOG_INTENT})
# A guide guess this short that says it is leaving ("vi fortsætter en anden dag,
# farvel") is a goodbye.
LEAVING_WORDS = 8


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SkillRouter(CatalogRouter):
    def __init__(self) -> None:
        super().__init__()
        self.cues = load_skill_cues()
        self.case_ids = {case.id for case in self.kb.cases}

    def cases_named(self, names: List[str]) -> List[str]:
        """The cases among the catalogue topics a message names."""
        return [n for n in names if n in self.case_ids]

    def says_leaving(self, text: str, language: str) -> bool:
        """A short message that says it is leaving ("vi fortsætter en anden dag, farvel"),
        not a question that asks something ("hvad gør vi i næste uge?")."""
        return (
            len(text.split()) <= LEAVING_WORDS
            and self.cues.says("guide.leaving", text, language)
            and not self.cues.says("guide.asks_something", text, language)
        )

    def skill_intent(self, text: str, language: str, intent: Optional[str]) -> Optional[str]:
        """The intent the words ask for, or ``None`` to keep the classifier's."""
        passed_on = self.cues.says("passed_on.lead", text, language) and self.cues.passed_on(
            text, language
        )
        if passed_on and passed_on != text and intent in PASSED_ON_FROM:
            # "fra vores skoleleder: 'er der nogen virksomheder der har adopteret en
            # skoleklasse?' kan du svare på det": someone else's question (who asks is
            # named: "kan du svare på det?" alone passes nothing on), which the
            # catalogue answers unless its own words ask for a skill.
            wanted = self.skill_intent(passed_on, language, CATALOG_INTENT) or CATALOG_INTENT
            return None if wanted == intent else wanted
        names = self.names.read(text, language).topics
        cases = self.cases_named(names)
        found = self.interview.extract(text, language)
        area = Area(
            challenges=bool(found.challenges),
            area_type=bool(found.area_type),
            company_kind=found.company is not None and found.company in self.interview.kinds,
        )

        def cases_in(told: str) -> List[str]:
            return self.cases_named(self.names.read(told, language).topics)

        if (
            area.challenges
            and not cases
            and intent in CLOSEST_CASE_FROM
            and self.cues.asks_the_closest_case(text, language)
        ):
            # "vi har en lille afdeling med uro blandt de unge, hvilken case ligner
            # mest?": the case nearest to the challenge told, which the catalogue
            # action gives (``Answerer.closest_case``); without a challenge told
            # ("which case is closest to ours?"), or when it also asks which model or
            # what to do, the interview asks for the area; a case named ("… den i
            # Mimersgade …") is a question about that case.
            return None if intent == CATALOG_INTENT else CATALOG_INTENT
        skill = self.cues.decide(text, language, names, cases, area, cases_in)
        if skill == "plan" and intent not in PLAN_FROM:
            skill = None
        if (
            skill == "guide" or (skill is None and intent == GUIDE)
        ) and self.cues.asks_what_a_piece_says(text, language):
            # "what are the steps in advice 8", "hvad siger råd 3 om mål?": what one
            # piece of advice says, not a move in the guide ("gå til råd 5").
            return None if intent == CATALOG_INTENT else CATALOG_INTENT
        if (
            skill in (None, "interview")
            # (… and a message the classifier could not place: "kan en lille
            # udkantskommune som vores søge statspenge …", whose words it never saw.)
            and intent in (INTERVIEW, AREA_INTENT, CATALOG_INTENT, DEFAULT_NLU_FALLBACK_INTENT_NAME)
            and self.cues.asks_the_catalogue_after_our_story(
                text,
                language,
                lambda asked: self.names.read(asked, language).topics,
                cases_in,
            )
        ):
            # "vi vil gerne have frivillige til vores lektiecafé. er der nogen der har
            # prøvet det?", "jeg skriver et notat om et partnerskab. hvad får området ud
            # af det": our own plans told, then a question the catalogue answers (what
            # others did, which piece of advice, what it gives, a case heard of), not
            # what fits us; kept the catalogue's when the classifier heard that.
            return None if intent == CATALOG_INTENT else CATALOG_INTENT
        if skill in (None, "companies") and self.cues.says(
            "companies.where_they_are_from", text, language
        ):
            # "Which company are they from?": people the conversation spoke of.
            return None if intent == CATALOG_INTENT else CATALOG_INTENT
        if skill is None:
            if intent in TASK_GUESSES and self.asks_a_task(text, language):
                # "kan du ringe til dem for mig?", "book a meeting with LEGO for us":
                # a task the assistant does not do, not help or a question.
                return OUT_OF_SCOPE
            if intent == DEFAULT_NLU_FALLBACK_INTENT_NAME and self.cues.says(
                "catalog.recalls", text, language
            ):
                # "jeg husker noget om en gåtur i området med virksomheden, hvor stod
                # det": something read in the catalogue, half remembered.
                return CATALOG_INTENT
            if intent == DEFAULT_NLU_FALLBACK_INTENT_NAME and self.cues.moves_a_step(
                text, language
            ):
                # "videre tak", "naeste": a short move in the guide the classifier was
                # unsure of (the guide's words met "tak" or a spelling it never saw).
                return GUIDE
            if (
                intent == GUIDE
                and self.says_leaving(text, language)
                and not self.cues.says("guide.walk_through", text, language)
            ):
                # "vi fortsætter en anden dag, farvel": leaving, not a move.
                return "goodbye"
            if (
                intent == GUIDE
                and [n for n in names if n != "advice"]
                and not self.cues.navigates(text, language)
            ):
                return CATALOG_INTENT
            if intent == GUIDE and self.cues.asks_beside_the_guide(text, language):
                # "hvad betyder det": a question with no word of the guide, the process
                # or ourselves in it.
                return CATALOG_INTENT
            if intent in ABOUT_THE_CATALOGUE and self.cues.says(
                "catalog.the_catalogue", text, language
            ):
                # "hvordan foreslår kataloget, at vi …", "according to the advice":
                # about what the catalogue says.
                return CATALOG_INTENT
            if (
                intent == COMPANIES
                and is_question(text)
                and not (area.challenges or area.area_type)
                and (
                    self.cues.says("companies.how_to", text, language)
                    or not (
                        area.company_kind
                        or self.cues.says_in_either("companies.which_companies", text)
                    )
                )
            ):
                # "skal vi have én kontaktperson hos virksomheden?", "hvordan finder vi
                # ud af, hvilke virksomheder der er?": how to find, choose or approach
                # a company, which the advice answers. A question that names a kind
                # of company ("kunne en lokal bank være en partner for os?") or asks
                # which companies, without "how", is the company suggestions'.
                return CATALOG_INTENT
            if (
                intent == INTERVIEW
                and is_question(text)
                and not area.anything
                and [n for n in names if n not in ("advice", "models")]
            ):
                # "kan det hjælpe kommunen, at vi har en CSR-strategi?": a question
                # about a catalogue topic other than the models, which the interview
                # chooses between ("add-on eller strategisk, hvad skal vi vælge?").
                return CATALOG_INTENT
            if (
                intent == INTERVIEW
                and is_question(text)
                and not area.anything
                and "models" in names
                and not any(
                    self.cues.says(cue, text, language)
                    for cue in ("interview.fits_us", "interview.asks_what_to_do")
                )
                and not self.cues.says("interview.first_person", text, language)
            ):
                # "In the add-on model, whose wish is it that starts the partnership?":
                # what a model is, not which one to choose or what fits us.
                return CATALOG_INTENT
            if (
                intent in (INTERVIEW, AREA_INTENT)
                and is_question(text)
                and self.cues.says("catalog.during_a_partnership", text, language)
                and not (area.challenges or area.area_type)
            ):
                # "skal vi gøre noget særligt, når vi når vores mål i partnerskabet?":
                # what to do in a partnership under way, which the advice answers.
                return CATALOG_INTENT
            if intent in (INTERVIEW, AREA_INTENT) and self.cues.asks_a_count_of_others(
                text, language
            ):
                # "hvor stor en del af beboerne i de almene boligområder har ikke
                # computer": a figure asked of others, even where the interview reads a
                # challenge in it.
                return CATALOG_INTENT
            if (
                intent == AREA_INTENT
                and is_question(text)
                and not (area.challenges or area.area_type)
                and not (
                    area.company_kind
                    and (
                        self.cues.says("companies.choose_between", text, language)
                        or self.cues.says_in_either("companies.which_companies", text)
                    )
                )
            ):
                # "how many people lack access in some areas": a question in which
                # the interview reads nothing of an area (no challenge, no kind of
                # area) describes none; nor does one that names a kind of company
                # only as part of what to do ("skal vi invitere pressen, når vi fejrer
                # et mål?"), unless it asks which company to choose.
                return CATALOG_INTENT
            if (
                intent in (INTERVIEW, AREA_INTENT)
                and cases
                and not self.cues.says("interview.first_person", text, language)
            ):
                # "håber brandvæsenet at de unge søger job bagefter?": about a case,
                # not about our own area.
                return CATALOG_INTENT
            if (
                intent in (INTERVIEW, AREA_INTENT)
                and self.cues.claims_of_others(text, language)
                and not self.cues.says("interview.first_person", text, language)
            ):
                # "the intro says the new trend is companies creating sheltered jobs
                # …, right?": a claim about the catalogue to check, not our own area
                # ("det er et område med meget hærværk, ikke?" is ours).
                return CATALOG_INTENT
            return None
        wanted = INTENT_OF_SKILL[skill]
        if wanted == INTERVIEW and intent == AREA_INTENT:
            return None  # the same skill: the form starts either way
        return None if wanted == intent else wanted

    def leaving(self, message: Message, text: str) -> bool:
        """An unclear short message, no question, that says it is leaving and that the
        classifier's first two guesses hold a goodbye ("tak for i dag, vi fortsætter i
        morgen")."""
        ranking = [r.get(INTENT_NAME_KEY) for r in message.get(INTENT_RANKING_KEY) or []]
        return (
            "goodbye" in ranking[:3]  # the fallback itself comes first
            and "?" not in text
            and self.says_leaving(text, language_of(message))
        )

    @staticmethod
    def next_guess(message: Message) -> str:
        """The classifier's best guess after the thanks for a thanks that asks
        something: a skill's intent, or else a catalogue question."""
        ranking = [r.get(INTENT_NAME_KEY) for r in message.get(INTENT_RANKING_KEY) or []]
        usable = ROUTABLE - {DEFAULT_NLU_FALLBACK_INTENT_NAME, "greet", OUT_OF_SCOPE}
        return next((name for name in ranking if name in usable), CATALOG_INTENT)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if text.startswith("/"):
                continue
            language = language_of(message)
            if intent in PERSONAL_FROM and self.cues.personal_request(text, language):
                if intent != OUT_OF_SCOPE:
                    self._route(message, OUT_OF_SCOPE)
                continue
            about = self.cues.about_the_reply(
                text, language, self.names.read(text, language).topics
            )
            if about == "again":
                # "now in danish", "nu på dansk" (goodbye at 0.85): the last answer in
                # the language asked for, which the catalogue's reply gives.
                if intent != CATALOG_INTENT:
                    self._route(message, CATALOG_INTENT)
                continue
            if (intent in ABOUT_THE_REPLY_FROM and about in ("by_mail", "shorter")) or (
                intent in ABOUT_THE_REPLY_FROM | {"deny"} and about == "missed"
            ):
                if intent != OUT_OF_SCOPE:
                    self._route(message, OUT_OF_SCOPE)
                continue
            if intent in REQUESTS and self.cues.asks_about_a_request(text, language):
                self._route(message, CATALOG_INTENT)
                continue
            if (
                intent == "bot_challenge"
                and is_question(text)
                and not self.cues.says_in_either("bot.about_the_bot", text)
            ):
                self._route(message, CATALOG_INTENT)
                continue
            if intent in WALKED_THROUGH_ONLY:
                cases = self.cases_named(self.names.read(text, language).topics)
                if self.cues.says("guide.walk_through", text, language) and not cases:
                    self._route(message, GUIDE)
                continue
            if intent == "stop" and self.cues.says("interview.resume", text, language):
                # "let's continue the questions": going on, not stopping.
                self._route(message, INTERVIEW)
                continue
            if intent == "stop" and self.describes_an_area(text, language):
                # "Hvordan stopper vi uroen i området?", "at stoppe hærværket": what is
                # to be stopped is a problem of the area (the interview reads a
                # challenge in it), not the conversation. The words then decide as
                # for a description of an area (a case named: the catalogue's).
                self._route(message, self.skill_intent(text, language, AREA_INTENT) or AREA_INTENT)
                continue
            if intent == "thank":
                asked = self.cues.question_in(text, language)
                if asked != text:
                    # "tak for svaret, hvad med økonomien?": the question is the
                    # message (the actions read it the same way, actions.common).
                    guess = self.next_guess(message)
                    self._route(message, self.skill_intent(asked, language, guess) or guess)
                continue
            if (
                intent == "restart"
                and ((message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0)
                < CLASSIFIER_SURE
                and not self.cues.says_in_either("restart.start_over", text)
            ):
                # "start year" (restart at 0.73): a word of starting in a question, not
                # a wish to start over; the catalogue reads it in the conversation's
                # context. A restart the classifier is sure of stays.
                self._route(message, CATALOG_INTENT)
                continue
            if intent not in ROUTABLE:
                continue
            if intent == DEFAULT_NLU_FALLBACK_INTENT_NAME and self.leaving(message, text):
                self._route(message, "goodbye")
                continue
            wanted = self.skill_intent(text, language, intent)
            if wanted:
                self._route(message, wanted)
        return messages
