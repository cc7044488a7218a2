"""Answers a catalogue question: the decision behind ``action_answer_catalog``.

Plain Python so it can be tested without Rasa: ``Answerer.reply`` takes the
question, the language and the conversation's context and returns a ``Reply``
that says which response to send, with what answer, source and follow-up
buttons. The wording of the framing text lives in the Rasa domain; the answers
and sources come from ``knowledge/``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.lang.da.stop_words import STOP_WORDS as DANISH_STOP_WORDS
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS

from partnerskab.core.interview import Interview, load_interview
from partnerskab.core.knowledge import Fact, Knowledge, load_knowledge
from partnerskab.core.language import detect_language
from partnerskab.core.recommender import CHAT_LIMIT
from partnerskab.core.retrieval import (
    NEAR_TIE,
    PICKS,
    SUGGEST,
    UNKNOWN_UNNAMED,
    Retrieval,
    Retriever,
    decide,
)
from partnerskab.core.skills import load_skill_cues
from partnerskab.core.wording import t
from partnerskab.core.words import (
    CARDINALS,
    CATALOGUE_WORDS,
    COUNTING_WORDS,
    ORDINALS,
    QUESTION_WORDS,
    STOPWORDS,
    asking_sentence,
    asks_with_its_subject,
    dictionary_has,
    is_short_question,
    lemmas,
    one_spaced,
    opens_as_a_question,
    sentences,
    with_compound_parts,
)

ASK_INTENT = "ask_catalog"
# How long the domain's note that the catalogue is from 2010 is, at most (bot/domain/catalog.yml).
DATED_NOTE_ALLOWANCE = 120
# A detail the catalogue does not give, said, and then the nearest it does say.
PARTIAL = "utter_catalog_partial"
# ... when that fact is about funding, 2010 figures, titles or web addresses: with the
# note that the catalogue is from 2010 (not needed when the lead says so already).
PARTIAL_DATED = "utter_catalog_partial_dated"
PARTIALS = frozenset({PARTIAL, PARTIAL_DATED})
# How likely right an answer to a message the intent classifier could not place must
# be (``Answerer.reply(bar=…)``), higher than for a catalogue question: such
# messages are also small talk it has not learnt ("thx a lot!!", "real person pls"),
# which the retriever can match by a word or two. On the 26 dev messages left
# unclear, 0.5 keeps the catalogue questions answered (0.56-0.97) and all but one
# piece of small talk on "Mente du …?". (Inside the interview only messages that ask
# something go to the catalogue, at the calibrated threshold: action_interview_unclear.)
UNCLEAR_BAR = 0.5
# How many of the user's messages before the latest a follow-up may look back on: "og
# hos LEGO?" asks the latest question again (``Answerer.reply(earlier=…)``; the action
# server reads them from the tracker, the core's evaluator keeps them).
EARLIER = 3
# ... but a whole question of this many words or more, asked by its form ("What's in it
# for my staff if we join a partnership like this?"), is no small talk: the catalogue's
# own bar (``Answerer.unclear_bar``).
WHOLE_QUESTION = 8
# A search-box query ("isbn", "visit length", "lego vejle resultater"): at most this
# many words (``Answerer.is_keyword_query``).
KEYWORD_QUERY = 4
# ... none of them a small word of either language ("galleri noget").
_SMALL_WORDS = frozenset().union(*STOPWORDS.values())
# The reply to a request for the user's own sake ("can I get a job at LEGO?",
# knowledge/skills.yml out_of_scope.personal_request): out of scope, and what the
# assistant can do instead.
PERSONAL_REQUEST = "utter_out_of_scope"
# The replies to a request about the assistant's own reply or taste
# (``Answerer.about_the_reply``): it sends no mail (after a plan: the plan's links
# print and download it), does not rewrite an answer shorter, and has no opinions.
NO_MAIL, NO_MAIL_PLAN = "utter_no_mail", "utter_no_mail_plan"
NO_SHORTER, NO_OPINION = "utter_no_shorter", "utter_no_opinion"
MISSED, REPHRASE = "utter_missed_question", "utter_ask_rephrase"
LANGUAGE_SWITCHED = "utter_language_switched"
# What an opinion asked about nothing the catalogue names is offered instead.
OPINION_FALLBACK = "general.cases_overview"
# Which model a thing told is: the line the catalogue draws between the two.
MODELS_DIFFERENCE = "models.difference"
# The button that makes the plan (actions/guide.py: action_make_plan).
MAKE_PLAN_PAYLOAD = "/make_plan"
# The skills whose messages may be a follow-up of the last catalogue answer instead
# (``Answerer.follows_up_last_answer``): the classifier's "out of scope" ("since
# when?"), the guide ("and the next one?" after a piece of advice) and the area
# interview ("blev der mindre hærværk i området?" after a case, read as a description).
FOLLOW_UP_SKILLS = ("out_of_scope", "guide", "interview")
# Cues (knowledge/follow_ups.yml) of a message that leans on the last answer: "the
# other one", "hun", "its", "i den".
LEANS_ON_THE_ANSWER = frozenset({"something_else", "person", "thing", "points_back"})
# An answer's buttons: this many facts (at most) that came nearly as close to the
# question as the one answered, then the answered fact's usual follow-ups, three in all.
RUNNERS_UP = 2
# What a message that takes back what it began to ask means (``Answerer.meant``): the
# words a meant part ends on that stand for what it replaces ("the second one"), and the
# words a number is marked with ("nr 8", "the second").
_STANDS_FOR = frozenset({"one", "ones", "den", "det", "dem"})
_NUMBER_MARKS = frozenset({"nr", "nr.", "no", "no.", "nummer", "number", "#", "det", "den", "the"})
# Words of a meant question that point back at what the message took back ("the
# foreword talks about sheltered jobs, sorry, I mean who do companies do those with").
_POINTS_BACK = frozenset({"those", "these", "them", "they", "it", "dem", "disse", "de", "det"})
# The words a partner is named after ("samarbejdet med røde kors", "volunteers for save
# the children"): a name of the case named already takes the place of what follows the
# last of them, at most ``_PARTNER_WORDS`` words.
_WITH = {
    "da": frozenset({"med", "hos", "for", "til", "fra"}),
    "en": frozenset({"with", "for", "to", "from", "at"}),
}
_PARTNER_WORDS = 3
# A claim put as "it was X who …" ("det var vel skandia der betalte"): who did it.
_CLEFT = {
    "da": re.compile(
        r"^(?:det|den) (?:var|er|blev)(?: (?:vel|da|ikke|nok|jo))* (?P<value>\S+(?: \S+){0,3}?)"
        r" (?:der|som) (?P<rest>.+)$",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"^it (?:was|is|were)(?: (?:actually|really))? (?P<value>\S+(?: \S+){0,3}?)"
        r" (?:who|that) (?P<rest>.+)$",
        re.IGNORECASE,
    ),
}
_WHO = {"da": "hvem", "en": "who"}
# What a claim asked as a question may leave out when the message as typed asks for it:
# nothing, or a year the catalogue does not give ("came out in 2012"), which is the
# value claimed; not a kind of detail it lacks ("en revideret udgave i 2015": today).
CLAIMED_VALUES = frozenset({"", "unknown_year"})
# How much of a claim asked as a question the answer must cover.
CLAIM_COVERAGE = 0.8
FOLLOW_UP_BUTTONS = 3
# A question across the cases (``Answerer.across_cases``): the kinds of fact it may ask
# for, the first one asked answering; its reply's fact is named by the prefix and the kind.
ACROSS_KINDS = (
    "initiator",
    "financing",
    "target_group",
    "results",
    "gains_area",
    "gains_company",
    "partners",
    "people",
    "resources",
    "lessons",
    "activities",
    "challenge",
)
ACROSS_PREFIX = "across."
GAINS_KINDS = ("gains_area", "gains_company")
# The kinds that describe what a case is, so that a case whose other facts say what the
# question names is one it asks for ("which case takes place in Copenhagen?").
ACROSS_DESCRIBING = frozenset({"activities", "target_group", "challenge"})
ACROSS_PER_MESSAGE = 3
# Kinds whose facts say who in words no question's word can pick them by ("started by a
# company": Schiller House is one, but its fact does not say "virksomhed"): all six.
ACROSS_UNFILTERED = frozenset({"initiator"})
# How much of what a question across the cases names a case's fact must say to be one
# of the cases it asks for, by weight (``Answerer._share_said``).
ACROSS_SAID = 0.6
# Words a question across the cases says that name no case's content ("hvilke projekter
# …", "in the catalogue"), as the retriever lemmatises them.
ACROSS_GENERIC = {
    "da": frozenset(
        "case cases casene eksempel eksempler eksemplerne projekt projekter projekterne "
        "projektet partnerskab partnerskaber partnerskaberne partnerskabet seks kataloget "
        "idekataloget blev blevet havde hver hvert alle "
        # (verbs that say nothing of what a case is about: "fik penge fra …")
        "få give have gøre komme tage vise starte stor lille "
        # (and the verbs of knowledge/skills.yml catalog.across_about: "handler om …")
        "handle dreje omhandle involvere rette henvende arbejde nævne".split()
    ),
    "en": frozenset(
        "case cases example examples project projects partnership partnerships six "
        "catalogue catalog each every were have which "
        "get give have make take show start come big large small "
        "involve deal work aim target focus mention".split()
    ),
}
SPACY_STOP_WORDS = {"da": DANISH_STOP_WORDS, "en": ENGLISH_STOP_WORDS}


# Where one sentence of a catalogue answer ends and the next begins: a full stop, "!"
# or "?" before a capital, a digit or a quotation mark (not "bl.a. giver", nor a dash
# or a colon, as in the chat messages words.sentences reads).
_ANSWER_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9„“\"'(])")


# What ends in a full stop without ending a sentence: an initial ("Karsten B. Vester",
# "Jens V. Nielsen") or an abbreviation ("ca. 1 arbejdsdag", "bl.a.", "pct.").
_ABBREVIATED = re.compile(
    r"(?:\b[A-ZÆØÅ]|\b(?:ca|fx|pct|mio|mia|kr|nr|jf|st|mr|dr|etc|bl\.a|f\.eks|m\.fl|e\.g|i\.e))\.$",
    re.IGNORECASE,
)


def answer_sentences(answer: str) -> List[str]:
    """The sentences of a catalogue answer (not split after an initial or an
    abbreviation)."""
    said: List[str] = []
    for part in (p.strip() for p in _ANSWER_SENTENCE_END.split(answer)):
        if not part:
            continue
        if said and _ABBREVIATED.search(said[-1]):
            said[-1] = f"{said[-1]} {part}"
        else:
            said.append(part)
    return said


def says_group(group: Sequence[str], terms, text: str, language: str) -> bool:
    """Whether a text (its ``terms``, and ``text`` itself lower-cased) says a word of
    the question (``group``: the word and its catalogue synonyms). In Danish, a word of
    four letters or more that ends a longer one counts too ("fond" in "Trygfonden"), since
    compounds are written as one word; not one that begins it ("politi" is not in
    "Politiken", nor "integration" in "Integrationsministeriet")."""
    if any(term in terms for term in group):
        return True
    return language == "da" and any(
        len(term) >= 4 and re.search(rf"\w{term}(?:e|en|et|er|erne|ene|s|ens)?\b", text)
        for term in group
    )


def first_sentences(answer: str, least: int = 60) -> str:
    """The first sentence of ``answer``, and the next too when the first is shorter than
    ``least`` characters: a case's line in a reply across the cases."""
    said = answer_sentences(answer)
    return " ".join(said[:2]) if said and len(said[0]) < least else (said[0] if said else "")


def partial_response(fact: Fact, kind: str) -> str:
    """The response for a detail of ``kind`` the catalogue does not give, then
    ``fact``: with the 2010 note when the fact is dated, unless the lead already
    says how old the catalogue is (how things stand today)."""
    return PARTIAL_DATED if fact.dated and kind != "today" else PARTIAL


def missing_lead(found: Retrieval, language: str) -> str:
    """What the reply says the catalogue does not give (knowledge/wording/ui.yml)."""
    kind, word = found.missing
    return t(f"catalog.missing.{kind}", language, word=word)


def fact_payload(fact_id: str) -> str:
    """The button payload that asks for one fact directly."""
    return f"/{ASK_INTENT}{json.dumps({'fact_id': fact_id}, ensure_ascii=False)}"


@dataclass
class Reply:
    """What to say. ``response`` is a domain response name."""

    response: str
    language: str
    fact: Optional[Fact] = None
    answer: str = ""
    source: str = ""
    buttons: List[Dict[str, str]] = field(default_factory=list)
    case: Optional[str] = None  # the case now in context, if any
    lead: str = ""  # said before the answer: what the catalogue does not give (PARTIAL)
    # The facts a "Mente du …?" reply offers: the next message may pick one ("ja",
    # "den anden") or ask again in other words (they rank higher then).
    suggested: List[str] = field(default_factory=list)
    # A second message after this one: another fact of the same case that came as
    # near to the question (``Answerer.with_runner_up``).
    then: Optional["Reply"] = None


class Answerer:
    """Knowledge plus retriever, built once and shared by every conversation."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.retriever = Retriever(kb)
        self.skill_cues = load_skill_cues()

    @functools.cached_property
    def interview(self) -> Interview:
        return load_interview()

    @classmethod
    def load(cls) -> "Answerer":
        return cls(load_knowledge())

    def buttons(self, facts: Sequence[Fact], language: str) -> List[Dict[str, str]]:
        return [{"title": f.label[language], "payload": fact_payload(f.id)} for f in facts]

    def answer_fact(self, fact: Fact, language: str, found: Optional[Retrieval] = None) -> Reply:
        """The answer ``fact``, found for a question (``found``) or asked for by its
        button."""
        topic = self.kb.topics[fact.topic]
        return Reply(
            response="utter_catalog_answer_dated" if fact.dated else "utter_catalog_answer",
            language=language,
            fact=fact,
            answer=fact.answer[language],
            source=self.kb.source(fact, language),
            buttons=self.buttons(self.offered_next(fact, found), language),
            case=topic.id if topic.is_case else None,
        )

    def with_runner_up(self, reply: Reply, found: Retrieval, question: str) -> Reply:
        """``reply``, followed by a second message with the fact of the same case that
        came as near to ``question`` and holds a word of it that the answer lacks
        (``Retriever.runner_up``: "hvem står for softwaren?" gets BRFkredit's people
        and then its partners, of whom only the partners' answer says "software").
        Each is one chat message; the buttons go under the second."""
        fact, second = reply.fact, self.retriever.runner_up(found, question)
        if fact is None or second is None:
            return reply
        language = reply.language
        lead = t("catalog.also", language)
        if not self.fits_one_message(second, language, lead):
            return reply
        # (Of the same case as the answer: answer_fact puts the same case in play.)
        then = self.answer_fact(second, language)
        then.response = PARTIAL_DATED if second.dated else PARTIAL
        then.lead = lead
        then.buttons = [b for b in reply.buttons if b["payload"] != fact_payload(second.id)]
        reply.buttons, reply.then = [], then
        return reply

    def closest_case(self, text: str, language: str) -> Optional[Reply]:
        """The overview of the case nearest to the area a question describes ("vi
        har en lille afdeling med uro blandt de unge, hvilken case ligner mest?"):
        the first case knowledge/interview/challenges.yml gives for the first
        challenge the interview reads in it, with the reason; ``None`` when the
        question asks no such thing or describes no challenge with a case."""
        if not self.skill_cues.asks_the_closest_case(text, language) or any(
            self.kb.topics[topic].is_case
            for topic in self.retriever.names.read(text, language).topics
        ):
            return None
        for cid in self.interview.extract(text, language).challenges or ():
            challenge = self.interview.challenges[cid]
            if not challenge.cases:
                continue
            case, why = challenge.cases[0]
            summary = self.kb.fact(f"{case}.summary")
            reply = self.answer_fact(summary, language)
            reply.response = partial_response(summary, "")
            # (A challenge the catalogue has no case for: its line says what is nearest.)
            key = "catalog.closest_case" if challenge.in_catalogue else "catalog.no_closest_case"
            reply.lead = t(key, language, challenge=challenge.label[language], why=why[language])
            return reply
        return None

    def across_cases(
        self, text: str, language: str, asked_in: str, follows_across: bool = False
    ) -> Optional[Reply]:
        """A question across the cases ("hvilke af casene blev sat i gang af en
        kommune?", "who paid in each case?", "which cases are about young people?").
        Asked for a kind of fact (the first of ``ACROSS_KINDS`` asked): each case's
        fact of that kind, a line per case, or only the cases whose fact says what the
        question names besides ("kommune") when some do and some do not. Asked what
        the cases are about (``catalog.across_about``), without a kind: the cases with
        a fact that says what it names, the first such sentence of each. Three cases a
        message (``Reply.then``), each message with its own source. ``None`` when the
        message asks nothing across the cases (knowledge/skills.yml
        ``catalog.across_cases``), names a case, or asks neither a kind nor what
        some of the cases (not all, not none) are about. ``follows_across``: the answer
        just given was one across the cases, which a question for another kind of fact
        that names no case follows ("og hvem betalte?", "and the results?")."""
        says = functools.partial(self.skill_cues.says, text=text, language=language)
        asks_across = (
            says("catalog.across_cases")
            and says("catalog.across_asks")
            # (Read in the sentence that asks: "… young people? I just need the names".)
            and not self.skill_cues.says("catalog.across_not", asking_sentence(text), language)
        )
        if not (asks_across or follows_across) or any(
            self.kb.topics[topic].is_case
            for topic in self.retriever.names.read(text, asked_in).topics
        ):
            return None
        if self.retriever.asked_types(text, asked_in):
            # ("what did each case cost?": an amount, which no case's fact gives.)
            return None
        kinds, kind_words = self.retriever.asked_kinds(text, asked_in)
        kind = next((k for k in ACROSS_KINDS if k in kinds), None)
        named = self.named_besides(text, asked_in, kind, kind_words)
        # (Either of what it names, when it says "or": "children or young people".)
        either = says("catalog.across_either")
        cases = sorted(self.kb.cases, key=lambda c: self.kb.sections[c.section].page or 0)
        names = {case.id: case.name[language].split(" – ")[0] for case in cases}
        # The cases with a fact that says what the question names, and its sentence that
        # says the most of it.
        about: List[Tuple[str, Optional[Fact], str]] = []
        for case in cases:
            for fact in (f for f in self.kb.facts.values() if f.topic == case.id):
                said = self._sentences_saying(fact, named, asked_in, language, either)
                if said:
                    about.append((names[case.id], fact, said[0]))
                    break
            else:
                # (Its town, municipality, company or project, which no answer need name:
                # "hvilket eksempel foregår i København?" is Mimersgade's.)
                details = " ".join(case.details.values())
                terms = {
                    self.retriever.answer_indexes[asked_in].normalise(t) or t
                    for t in with_compound_parts(lemmas(details, asked_in), asked_in)
                }
                if named and all(any(term in terms for term in group) for group in named):
                    summary = self.kb.fact(f"{case.id}.summary")
                    about.append(
                        (names[case.id], summary, first_sentences(summary.answer[language]))
                    )
        some_are_about = 0 < len(about) < len(cases)
        if kind is None:
            if not (asks_across and says("catalog.across_about") and some_are_about):
                return None
            shown, lead = about, t("catalog.across.about", language)
        else:
            told: List[Tuple[str, Optional[Fact], str]] = []
            for case in cases:
                of_kind = [
                    f for f in self.kb.facts.values() if f.topic == case.id and f.kind == kind
                ]
                if not of_kind and kind in self.kb.kinds_in_overview:
                    of_kind = [self.kb.fact(f"{case.id}.summary")]
                told.append((names[case.id], of_kind[0] if of_kind else None, ""))
            # (Each with its sentence that says the most of what the question names.)
            some: List[Tuple[str, Optional[Fact], str]] = [
                (name, fact, said[0])
                for name, fact, _ in told
                if fact is not None
                for said in [self._sentences_saying(fact, named, asked_in, language, either)]
                if said
            ]
            what = t(f"catalog.across.kinds.{kind}", language)
            if 0 < len(some) < len(told) and kind not in ACROSS_UNFILTERED:
                shown, lead = some, t("catalog.across.some", language, what=what)
            elif not some and some_are_about and kind in ACROSS_DESCRIBING:
                # ("hvilket eksempel foregår i København?": no case's activities name the
                # town, the overview of one does. Not who started or paid: "which cases
                # were started by a housing association?" is not the cases that name one.)
                shown, lead = about, t("catalog.across.about", language)
            else:
                shown, lead = told, t("catalog.across.all", language, what=what)
        lines = [
            t(
                "catalog.across.line",
                language,
                case=name,
                said=said
                or (
                    first_sentences(fact.answer[language])
                    if fact is not None
                    else t("catalog.across.not_said", language)
                ),
            )
            for name, fact, said in shown
        ]
        facts = [fact for _, fact, _ in shown]
        # (ACROSS_PER_MESSAGE lines a message, each with its own source; the note that
        # the catalogue is from 2010 once, under the last, when any line needs it.)
        dated = any(f.dated for f in facts if f is not None)
        messages = [
            self._across_message(
                lead if start == 0 else "",
                lines[start : start + ACROSS_PER_MESSAGE],
                facts[start : start + ACROSS_PER_MESSAGE],
                kind or "summary",
                language,
                dated=dated and start + ACROSS_PER_MESSAGE >= len(lines),
            )
            for start in range(0, len(lines), ACROSS_PER_MESSAGE)
        ]
        for message, after in zip(messages, messages[1:]):
            message.then = after
        return messages[0]

    def named_besides(
        self, text: str, language: str, kind: Optional[str], kind_words: Sequence[str]
    ) -> List[Tuple[str, ...]]:
        """What a question across the cases names besides asking across and for
        ``kind`` (the words that asked for it, ``kind_words``, and what its patterns
        match: "sat i gang af"): "kommune" in "hvilke af casene blev sat i gang af en
        kommune?", as the retriever's term groups (a word and its catalogue synonyms)."""
        index = self.retriever.answer_indexes[language]
        # (What the sentence that asks names, without the form asked for: not "briefing
        # new colleagues tomorrow." nor "I'd like to rank them on one slide".)
        rest = asking_sentence(self.skill_cues.without_answer_form(text, language)).lower()
        for pattern in self.retriever.kind_patterns[language].get(kind or "", ()):
            rest = pattern.sub(" ", rest)
        # (Nor who gains, asked for the gains: "what did the companies get out of it".)
        gainers = [
            stem
            for gains in GAINS_KINDS
            if kind == gains
            for stems in self.kb.kind_gainers.values()
            for stem in stems[language]
        ]
        return [
            group
            for group in self.retriever.term_groups(rest, language)
            if not any(
                any(term.startswith(stem) for stem in gainers)
                or term in STOPWORDS[language]
                or term in SPACY_STOP_WORDS[language]
                or term in QUESTION_WORDS[language]
                or term in ACROSS_GENERIC[language]
                or term in kind_words
                or term.isdigit()
                for term in group
            )
            and any(term in index.idf for term in group)
        ]

    def _share_said(
        self, fact: Fact, named: Sequence[Tuple[str, ...]], language: str, either: bool
    ) -> float:
        """How much of ``named`` ``fact``'s answer says, each weighed by how rare it
        is in the catalogue (with ``either``, 1 when it says any of it)."""
        index = self.retriever.answer_indexes[language]
        doc, text = index.doc(fact), fact.answer[language].lower()
        weights = [max(index.idf.get(term, 0.0) for term in group) for group in named]
        said = [w for w, group in zip(weights, named) if says_group(group, doc, text, language)]
        if not named or not said:
            return 0.0
        return 1.0 if either else sum(said) / sum(weights)

    def _says_all(
        self, fact: Fact, named: Sequence[Tuple[str, ...]], language: str, either: bool
    ) -> bool:
        """Whether ``fact``'s answer says most of ``named`` (``ACROSS_SAID``; with
        ``either``, any of it)."""
        return self._share_said(fact, named, language, either) >= ACROSS_SAID

    def _sentences_saying(
        self,
        fact: Fact,
        named: Sequence[Tuple[str, ...]],
        asked_in: str,
        language: str,
        either: bool,
    ) -> List[str]:
        """The sentences of ``fact``'s answer in ``language`` at the places where its
        answer in the question's language (``asked_in``) says what ``named`` names: the
        first such sentence when the two languages' sentences do not line up."""
        if not self._says_all(fact, named, asked_in, either):
            return []
        asked, given = (
            answer_sentences(fact.answer[asked_in]),
            answer_sentences(fact.answer[language]),
        )
        if not given:
            return []
        index = self.retriever.answer_indexes[asked_in]

        def says(sentence: str) -> int:
            terms = set(with_compound_parts(lemmas(sentence, asked_in), asked_in))
            terms |= {index.normalise(t) or t for t in terms}
            return sum(says_group(group, terms, sentence.lower(), asked_in) for group in named)

        # (The sentence that says the most of it; the first of those.)
        best = max(range(len(asked)), key=lambda i: (says(asked[i]), -i)) if asked else 0
        return [given[best] if len(given) == len(asked) else given[0]]

    def _across_message(
        self,
        lead: str,
        lines: Sequence[str],
        facts: Sequence[Optional[Fact]],
        kind: str,
        language: str,
        dated: bool,
    ) -> Reply:
        """One message of :meth:`across_cases`: its lines, cited to their cases' pages,
        with the note that the catalogue is from 2010 when ``dated``."""
        given = [f for f in facts if f is not None]
        sections = list(dict.fromkeys(f.section for f in given))
        answer = "\n".join(filter(None, (lead, *lines)))
        fact = Fact(
            id=f"{ACROSS_PREFIX}{kind}",
            topic="general",
            kind=kind,
            label={language: lead},
            answer={language: answer},
            keywords={},
            section=sections[0] if sections else "what_partnerships_can",
            dated=dated,
            also=tuple(sections[1:]),
        )
        return Reply(
            response="utter_catalog_answer_dated" if fact.dated else "utter_catalog_answer",
            language=language,
            fact=fact,
            answer=answer,
            source=self.kb.source(fact, language),
        )

    def fits_one_message(self, fact: Fact, language: str, lead: str = "") -> bool:
        """Whether ``fact``'s answer after ``lead`` fits one chat message (``CHAT_LIMIT``):
        the lead, the answer, the 2010 note if dated and the source, with the blank
        lines between them."""
        note = DATED_NOTE_ALLOWANCE if fact.dated else 0
        size = len(lead) + len(fact.answer[language]) + note + len(self.kb.source(fact, language))
        return size + 6 <= CHAT_LIMIT

    def offered_next(self, fact: Fact, found: Optional[Retrieval] = None) -> List[Fact]:
        """The facts an answer offers as buttons. First those of the same case or
        topic that came nearly as close to the question (within ``NEAR_TIE`` of the
        best; a label names no case, so another case's would read as this one's):
        when two of a case's facts tie ("hvem står for softwaren?": who the project's
        people are, or who gives the software), the other is one click away. Then
        the answered fact's usual follow-ups (``Retriever.related``); after a piece
        of advice the next one and the overview come first, as the guide's order. No
        title twice."""
        close: List[Fact] = []
        if found is not None and found.hits and not math.isinf(found.hits[0].score):
            near = NEAR_TIE * found.hits[0].score
            close = [
                h.fact
                for h in found.hits
                if h.score >= near and h.fact.id != fact.id and h.fact.topic == fact.topic
            ]
        related = self.retriever.related(fact)
        ordered = related + close if fact.number is not None else close[:RUNNERS_UP] + related
        # One button a fact, and no title twice.
        kept: List[Fact] = []
        for candidate in ordered:
            if candidate.id != fact.id and not any(
                candidate.id == k.id or set(candidate.label.values()) & set(k.label.values())
                for k in kept
            ):
                kept.append(candidate)
        return kept[:FOLLOW_UP_BUTTONS]

    def nearest_to_missing(
        self, found: Retrieval, language: str = "da", text: str = ""
    ) -> Optional[Fact]:
        """When a question asks for a detail the catalogue does not give ("Hvad
        kostede Galleri Hamlet?", "Kører det stadig?") about something it does
        describe: the fact to give instead, said to be the nearest. It is the best
        fact naming the person the question names, or else about the case it
        names, or the topic (none if no such fact came near, or if one of them
        gives the detail after all: then the user picks among the suggestions).
        A question mostly about
        things the catalogue never mentions, or mostly not covered, gets no such
        answer ("Hvad koster en LEGO Technic-bil?"). ``text``: the question, for a
        person asked for by role of a place it writes, whom a fact far from the top
        may name ("lederen af Billedskolen": the colophon's)."""
        kind, word = found.missing
        if (
            kind in ("", "count")
            or found.unknown >= UNKNOWN_UNNAMED
            or (found.coverage < SUGGEST and not found.named)
        ):
            # "How many X": whether the catalogue counts X is judged from words, and
            # too often wrongly to say it does not (it would, of the very number).
            return None
        people, topics = self.retriever.fact_people, found.cases or found.named

        def about(fact: Fact) -> bool:
            if found.people:
                return bool(found.people & people[fact.id])
            return not topics or fact.topic in topics

        near = [h.fact for h in found.hits if about(h.fact)]
        if any(self.retriever.states(fact, kind, word, found.named) for fact in near) or (
            kind == "person" and self.retriever.names_in_role_of(word, text)
        ):
            # A fact near the top gives the very detail ("Hvad er Socialministeriets
            # adresse?": the colophon's, ranked second): saying the catalogue does
            # not give it would be false. The user picks among the suggestions.
            return None
        lead = missing_lead(found, language)
        return next((fact for fact in near if self.fits_one_message(fact, language, lead)), None)

    def about_the_reply(
        self,
        text: str,
        language: str,
        last_fact: Optional[str] = None,
        after_plan: bool = False,
        asked_before: str = "",
        answered_before: bool = True,
    ) -> Optional[Reply]:
        """The reply to a request about the assistant's own reply or taste, or
        ``None`` for any other message (``SkillCues.about_the_reply``):

        - the last answer missed the question ("tak, men det var ikke det jeg
          spurgte om?"): an apology and the facts that came next nearest to the
          question it answered (``asked_before``; else the answer's related facts),
          which "ja" or "den anden" then picks as after "Mente du …?"; with no answer
          before it (``last_fact``), a request to put the question another way;

        - sending by mail ("kan du sende det på mail?"): it sends none; right after a
          plan (``after_plan``) its links print and download it, otherwise a button
          makes one;
        - the last answer in a language asked for ("now in danish"): that answer again,
          when the reply before was that answer (``answered_before``);
        - the last answer shorter ("shorter please"): the answers are short already
          and are not rewritten, so nothing the catalogue does not say slips in; the
          last answer's related facts (``last_fact``) ask for one detail each;
        - an opinion ("kan du lide LEGO?", "what do you think of ABCD?"): it has none;
          one button offers what the catalogue says about what was named (a case's
          overview, else the nearest fact), and "ja" takes it.

        Example:
            >>> Answerer.load().about_the_reply("Kan du lide LEGO?", "da").buttons[0]["payload"]
            '/ask_catalog{"fact_id": "lego.summary"}'
        """
        named = self.retriever.names.read(text, language).topics
        kind = self.skill_cues.about_the_reply(text, language, named)
        if kind == "by_mail":
            if after_plan:
                return Reply(NO_MAIL_PLAN, language)
            plan = {"title": t("buttons.guide_plan", language), "payload": MAKE_PLAN_PAYLOAD}
            return Reply(NO_MAIL, language, buttons=[plan])
        if kind == "missed":
            missed = self.kb.facts.get(last_fact) if last_fact else None
            if missed is None:
                return Reply(REPHRASE, language)
            case = missed.topic if self.kb.topics[missed.topic].is_case else None
            near = (
                self.retriever.search(asked_before, language, case).candidates(4)
                if asked_before
                else []
            )
            offered = [f for f in near if f.id != missed.id][:3] or self.retriever.related(missed)
            return Reply(
                MISSED,
                language,
                buttons=self.buttons(offered, language),
                suggested=[f.id for f in offered],
            )
        if kind == "again":
            # "now in danish", "og på engelsk?": the last answer in the language asked
            # for (knowledge/ holds both); with no answer just before (in the guide, the
            # interview, after "not covered"), that each reply follows its message's.
            last = self.kb.facts.get(last_fact) if last_fact and answered_before else None
            if last is None:
                return Reply(LANGUAGE_SWITCHED, language)
            return self.answer_fact(last, language)
        if kind == "shorter":
            last = self.kb.facts.get(last_fact) if last_fact else None
            related = self.retriever.related(last) if last is not None else []
            return Reply(NO_SHORTER, language, buttons=self.buttons(related, language))
        if kind != "opinion":
            return None
        cases = [n for n in named if n in self.kb.topics and self.kb.topics[n].is_case]
        offered = [self.kb.facts[f"{cases[0]}.summary"]] if len(cases) == 1 else []
        if not offered and named:
            offered = self.retriever.search(text, language).candidates(1)
        if not offered:
            offered = [self.kb.fact(OPINION_FALLBACK)]
        return Reply(
            NO_OPINION,
            language,
            buttons=self.buttons(offered, language),
            case=cases[0] if len(cases) == 1 else None,
            suggested=[f.id for f in offered],
        )

    def answers_plainly(
        self,
        text: str,
        language: str,
        context_case: Optional[str] = None,
        last_fact: Optional[str] = None,
        suggested: Sequence[str] = (),
        earlier: Sequence[str] = (),
    ) -> Optional[Reply]:
        """The catalogue's answer to a message the classifier took for out of scope
        ("can i order a printed copy", "gains for local politicians?"), when one fact
        answers it as surely as a short message the classifier could not place must
        be (:meth:`unclear_bar`: ``UNCLEAR_BAR``, a search-box query at the
        catalogue's own bar; a whole question too, as the classifier heard it was
        about something else) and it asks no task of us ("kan du skrive vores
        ansøgning?"), else ``None``, in the conversation's context."""
        if self.skill_cues.says("out_of_scope.a_task_for_us", text, language):
            return None
        reply = self.reply(
            text,
            language,
            context_case=context_case,
            last_fact=last_fact,
            suggested=suggested,
            bar=self.unclear_bar(text, language, whole_questions=False),
            earlier=earlier,
        )
        return (
            reply
            if reply.fact is not None and reply.response.startswith("utter_catalog_")
            else None
        )

    def asks_more_than_yes(self, text: str, language: str) -> bool:
        """Whether a message the classifier took for a yes asks for more: it picks an
        item of the last answer ("the first one") or has words of its own ("funded
        by"); not a yes or words of agreeing ("ja tak", "yes that makes sense", "sure",
        "forstået", "sounds good").

        Example:
            >>> store = Answerer.load()
            >>> store.asks_more_than_yes("first one", "en")
            True
            >>> store.asks_more_than_yes("ja tak", "da")
            False
        """
        retriever = self.retriever
        prepared = retriever.names.read(text, language).prepared
        cues = retriever.follow_up_cues(prepared, language)
        if cues & set(PICKS) and "affirm" not in cues:
            return True
        # What is left besides the yes and the words of agreeing ("yes that makes
        # sense", "ja, det kunne vi godt bruge", "forstået"): "ja, nummer to", "yes and
        # who paid" ask more.
        rest = self.skill_cues.without("catalog.agrees", prepared, language)
        rest = self.skill_cues.without("catalog.a_yes", rest, language)
        leaning = retriever.follow_up_words[language]
        return any(not set(g) & leaning for g in retriever.term_groups(rest, language))

    def follows_up_last_answer(
        self,
        skill: str,
        text: str,
        language: str,
        context_case: Optional[str],
        last_fact: Optional[str],
        suggested: Sequence[str] = (),
    ) -> bool:
        """Whether a message the classifier gave to another skill (``skill``), right
        after a catalogue answer (or, for the interview, right after "Mente du …?"
        offered the facts ``suggested``), follows up that answer instead: then the
        catalogue answers it. One decision for every skill that gives way. The piece of advice
        after or before the last one ("og den forrige?") always is; otherwise the
        catalogue must answer the message with confidence as a follow-up (naming
        nothing new, in the conversation's context: the same search the answer then
        makes), and what its words must show besides depends on what the skill would
        do with it:

        - ``"out_of_scope"`` would refuse it, so any short question will do
          ("since when?", "og børnene?");
        - ``"guide"`` would start or move the guide, whose own words ("trin",
          "steps") a follow-up shares, so the words must point at the answer: at
          what it named ("what are its steps?"), or back at the answer itself
          ("hvad er trinene i den?", "in it", "af dem"; then it is answered from a
          topic the answer names, or from the answer's own section by a fact about
          the steps it asks for: LEGO's case has none, so "hvilke trin er der i den?"
          after it is the guide's), and must not ask for the guide ("tag mig igennem
          rådene", "start the guide");
        - ``"interview"`` would start the interview and read the message as a
          description of the user's area, so it must be a question ("var der mindre
          hærværk bagefter?", "and how did the area benefit?") that says nothing of
          us, our plans or what fits us ("hvordan kunne det se ud hos os?" stays the
          interview), and the catalogue must find it in the answer's own case or
          topic; it may then also offer the nearest facts ("Mente du …?"): asked of
          the case, a question is better met by them than by the interview. Right
          after "Mente du …?" the same words, found in the case or topic of the
          facts offered, or naming a case, are a catalogue question too.
        """
        if skill not in FOLLOW_UP_SKILLS:
            raise ValueError(f"no follow-up rule for the skill {skill!r}")
        last = self.kb.facts.get(last_fact) if last_fact else None
        offered = [self.kb.facts[f] for f in suggested if f in self.kb.facts]
        if skill != "interview":
            offered = []
        if last is None and not context_case and not offered:
            return False
        text = one_spaced(text)
        prepared = self.retriever.names.read(text, language).prepared
        cues = self.retriever.follow_up_cues(prepared, language)
        if last is not None and last.number is not None and cues & {"next", "previous"}:
            return True
        if (
            last is not None
            and self.kb.topics[last.topic].is_case
            and cues & {"next", "previous"}
            and not self.retriever.names.read(text, language).topics
            and not self.retriever.asks_besides_next(prepared, language)
            # ("næste" alone in the guide is its next step; "den næste case" is not.)
            and (skill != "guide" or self.skill_cues.says("catalog.a_case_word", text, language))
        ):
            return True
        if skill == "guide":
            words = bool(cues & {"thing", "points_back"}) and not self.skill_cues.says(
                "guide.walk_through", text, language
            )
            # "steps", "hvilke trin?" alone right after a method with steps (ABCD's
            # three): its steps, as a search box asks, not the guide's ("step 2",
            # "første skridt", "guide steps", "næste trin" are the guide's).
            words = words or (
                last is not None
                and self.skill_cues.says("guide.steps_alone", text, language)
                and self.skill_cues.says(
                    "guide.has_steps", " ".join(last.keywords[language]), language
                )
            )
        elif skill == "interview":
            # A question: a question word or "?", a few words that open as a question
            # does ("fik det stoppet stenkastningen", no "?" typed; not "har en stor bank
            # i området", which tells with its subject left out), or words that lean
            # on the answer ("ok and the other one, in english pls"). The interview's
            # own words keep it the interview's, whatever the catalogue could answer
            # (``SkillCues.interview_words``).
            words = (
                self.skill_cues.asks_something(text, language)
                or opens_as_a_question(text, language)
                or bool(cues & LEANS_ON_THE_ANSWER)
            ) and not self.skill_cues.interview_words(text, language)
        else:
            words = is_short_question(text, language)
        if not words:
            return False
        found = self.retriever.search(
            text, language, context_case, last_fact=last_fact, suggested=[f.id for f in offered]
        )
        if skill == "interview":
            about = {context_case, last.topic if last is not None else None} - {None}
            about |= {f.topic for f in offered}
            # After "Mente du …?" a case named is no new subject: the question was unclear.
            leans = found.follow_up or bool(offered and found.cases)
            return (
                leans
                and found.best is not None
                and (found.best.topic in about or bool(offered and found.cases))
                and found.decision in ("answer", "suggest")
            )
        if not (found.follow_up and found.decision == "answer" and found.best is not None):
            return False
        if skill == "guide" and "thing" not in cues and last is not None:
            # "i den" points at the answer itself, answered from its section, or at
            # what it named ("ABCD", named in Byen i Balance's answer).
            named = self.retriever.names.read(last.answer[language], language).topics
            # Steps asked for only from a fact about steps: LEGO's case has none ("hvilke
            # trin er der i den?" after it is the guide's), ABCD's method has three.
            steps = functools.partial(self.skill_cues.says, "guide.step_words", language=language)
            return (found.best.section == last.section or found.best.topic in named) and (
                not steps(text) or steps(" ".join(found.best.keywords[language]))
            )
        return True

    def _is_number(self, word: str, language: str, counts_only: bool = False) -> bool:
        """A word that writes a number: digits, a number word or an ordinal; with
        ``counts_only`` not a number word that is an article too ("sorry, one more
        thing": ``words.COUNTING_WORDS``)."""
        word = word.strip(".,:;!?").lower()
        cardinals = COUNTING_WORDS if counts_only else CARDINALS
        return word.isdigit() or word in cardinals[language] or word in ORDINALS[language]

    def _partner_after(self, tail: str, language: str) -> Optional[int]:
        """Where a partner named at the end of ``tail`` begins ("samarbejdet med røde
        kors" -> the offset of "røde"): the words after the last of ``_WITH``, at most
        ``_PARTNER_WORDS`` of them, which begin and end on words the catalogue writes in
        names ("save the children"; ``Knowledge.name_words``; not "for skolerne"); None
        when the tail ends on no such words."""
        words = list(re.finditer(r"\S+", tail))
        for i in range(len(words) - 1, max(len(words) - _PARTNER_WORDS - 2, -1), -1):
            if words[i].group().lower() in _WITH[language]:
                named = [w.group().lower().strip(",.:;!?") for w in words[i + 1 :]]
                if named and {named[0], named[-1]} <= self.kb.name_words:
                    return words[i + 1].start()
                return None
        return None

    def meant(
        self, text: str, language: str, earlier: Sequence[str] = ()
    ) -> Tuple[str, Optional[str]]:
        """What a message that takes back what it began to ask means
        (``SkillCues.repair``), and the case named in what it took back, for the meant
        part that names none ("when did Høje Taastrup start it – sorry, I mean which
        government plan was the money part of"). A short meant part is put in place of
        what it replaces: a name for a name ("hvor mange klasser adopterede brfkredit –
        nej undskyld, lego"), a number for a number ("hvad er råd nr 12, nej 11"), words
        for the words they start like ("how many full time firefighters do they have..
        no, how many part time"), else after the question's opening words ("hvad er
        add-on modellen.. nej undskyld den strategisk integrerede"). A message that only
        corrects ("undskyld jeg mente nr 8") corrects the question before it. The
        message as it is, and no case, when it takes nothing back.

        Example:
            >>> Answerer.load().meant("hvad er råd nr 12, nej 11", "da")
            ('hvad er råd nr 11', None)
        """
        repair = self.skill_cues.repair(text, language)
        if repair is None:
            return text, None
        retracted, said = repair
        if self.retriever.references.other[language].search(said.lower()) or self.skill_cues.says(
            "repair.the_other_one", said, language
        ):
            # "nej jeg mente den anden på nørrebro": the other one of what the last
            # answer named, which the references read (partnerskab.core.references).
            return text, None
        if not retracted:
            if not earlier:
                return said, None
            retracted = self.meant(earlier[0], language)[0]
        names = self.retriever.names
        before = [m for m in names.read_in(retracted, language, None).mentions]
        after = [m for m in names.read_in(said, language, None).mentions]
        cases = [m.topic for m in before if self.kb.topics[m.topic].is_case]
        case = cases[-1] if cases and not after else None
        words = said.split()
        while len(words) > 1 and words[-1].lower().strip(".,!?") in _STANDS_FOR:
            words = words[:-1]
        kept = retracted.split()
        lowered = [w.lower().strip(",.:;!?") for w in kept]
        first = words[0].lower().strip(",.:;!?")
        a_number = any(self._is_number(w, language, counts_only=True) for w in words) and all(
            self._is_number(w, language) or w.lower() in _NUMBER_MARKS for w in words
        )
        asks = self.skill_cues.asks_something(said, language)
        replaces = (
            bool(after)
            or (a_number and any(self._is_number(w, language) for w in kept))
            or first in lowered
            or asks
        )
        if not replaces:
            # "hvem skrev kataloget? undskyld forstyrrelsen", "… no sorry, my bad",
            # "hvad er råd 5, undskyld for 6 spørgsmål i træk": an apology or an aside,
            # which names nothing in place of anything, gives no number for a number
            # and asks nothing, whatever words open it.
            return text, None
        if asks and first not in lowered:
            # A question of its own ("…, nej vent, hvor meget betalte de?").
            if not after and _POINTS_BACK & {w.lower().strip(",.:;!?") for w in words}:
                return f"{retracted}, {said}", None
            return said, case
        if first in lowered:
            # Words for the words they start like ("advice 11 - sorry, advice 10").
            at = lowered.index(first)
            return " ".join(kept[:at] + words + kept[at + len(words) :]), case
        if before and after:
            last = before[-1]
            named = said[after[0].start : after[-1].end]
            partner = self._partner_after(retracted[last.end :], language)
            if partner is not None and {m.topic for m in after} == {last.topic}:
                # "hvornår startede skandia samarbejdet med røde kors.. nej undskyld
                # dansk flygtningehjælp": a name of the same case takes back the partner
                # named after it, not the case.
                return retracted[: last.end + partner] + named, None
            return retracted[: last.start] + named + retracted[last.end :], None
        if a_number:
            numbers = [i for i, w in enumerate(kept) if self._is_number(w, language)]
            if numbers:
                at = numbers[-1]
                number = [w for w in words if self._is_number(w, language)][-1]
                return " ".join(kept[:at] + [number] + kept[at + 1 :]), case
        if kept and kept[0].lower() in QUESTION_WORDS[language] and len(kept) > 2:
            return " ".join(kept[:2] + words), case
        return said, case

    def claimed(self, statement: str, language: str) -> str:
        """The question a claim to check asks (its ``statement``, ``SkillCues.claim``),
        without the value it puts forward, which may be wrong: the numbers and the names
        the catalogue does not know ("lego adopterede 20 klasser" -> "lego adopterede
        klasser"); one put as "it was X who …" asks who ("det var vel skandia der
        betalte for kurserne" -> "hvem betalte for kurserne").

        Example:
            >>> Answerer.load().claimed("det er rambøll der skrev kataloget", "da")
            'hvem skrev kataloget'
        """
        cleft = _CLEFT[language].match(statement)
        if cleft is not None:
            statement = f"{_WHO[language]} {cleft.group('rest')}"
        # The value claimed: a number, or a name the catalogue does not know (not a
        # word of the language it lacks: "findes kataloget på engelsk?" asks about
        # something it does not cover).
        kept = [
            w
            for w in statement.split()
            if not any(c.isdigit() for c in w)
            and (
                self.retriever.knows(w, language)
                or dictionary_has(w.lower().strip(",.:;!?"), language)
            )
        ]
        return " ".join(kept)

    def reply(
        self,
        text: str,
        language: str,
        context_case: Optional[str] = None,
        fact_id: Optional[str] = None,
        last_fact: Optional[str] = None,
        suggested: Sequence[str] = (),
        bar: Optional[float] = None,
        earlier: Sequence[str] = (),
        answered_before: bool = True,
    ) -> Reply:
        """The reply to one catalogue question. ``context_case`` and ``last_fact``
        (the case in play and the fact last answered; ``answered_before``: whether the
        reply just before gave it, not "Mente du …?", the guide or the interview, so
        that "now in english" or "kører det stadig?" may give it again), ``suggested`` (the facts
        the last reply offered, if it asked "Mente du …?") and ``earlier`` (the user's
        messages before, the latest first: "og hos LEGO?" asks the last question again)
        are the conversation's context for follow-ups. A "Mente du …?" reply puts in
        context the case the question names, or else the one case all its facts are
        about. ``bar``: how
        likely right an answer must be, when not the calibrated threshold
        (:meth:`unclear_bar` for a message the intent classifier could not place).

        Example:
            >>> store = Answerer.load()
            >>> store.reply("Hvem er Mikael Kamber?", "da").fact.id
            'lego.people'
        """
        if fact_id:
            fact = self.kb.facts.get(fact_id)
            if fact is not None:
                return self.answer_fact(fact, language)
        text = one_spaced(text)
        # "min chef spørger: hvem skrev kataloget? kan du svare på det?": the question
        # passed on is asked, not who asks it ("chef" would find advice 8's contact);
        # "tak for svaret, hvad med økonomien?" asks "hvad med økonomien?".
        text = self.skill_cues.question_in(text, language)
        # "as bullet points, in danish please: why did the photo project succeed":
        # answered in the language asked for (``language``), searched in the one the
        # question is written in (the actions pass it without the request).
        asked_in = detect_language(text, hint=language) or language
        # "hvor mange klasser adopterede brfkredit – nej undskyld, lego": what it means
        # (and, should that find nothing, the message as typed).
        as_typed = text
        text, took_back = self.meant(text, language, earlier)
        context_case = took_back or context_case
        if self.skill_cues.personal_request(text, language):
            # "Kan jeg få job hos LEGO?": a request for the user's own sake, which no
            # case answers even when it names one; said plainly, with what it can do.
            return Reply(PERSONAL_REQUEST, language)
        declined = self.about_the_reply(text, language, last_fact, answered_before=answered_before)
        if declined is not None:
            # "Kan du lide LEGO?" names a case but asks for a taste, not a fact.
            return declined

        def search(question: str) -> Tuple[Retrieval, str]:
            """The facts for ``question`` in this conversation, and the decision."""
            found = self.retriever.search(
                question,
                asked_in,
                context_case,
                last_fact=last_fact,
                suggested=suggested or (),
                earlier=earlier,
            )
            return found, found.decision if bar is None else decide(found, bar=bar)

        if self.skill_cues.says("catalog.names_the_model", text, language):
            # "Vi vil hjælpe med noget, der intet har med det, vi sælger, at gøre.
            # Hvilken model er det?": the line between the two models, for the user to
            # draw; not one model read from words that a "not" may turn around. (Nor
            # does the catalogue say which model each case follows.)
            return self.answer_fact(self.kb.fact(MODELS_DIFFERENCE), language)
        closest = self.closest_case(text, language)
        if closest is not None:
            return closest
        after_across = bool(answered_before and last_fact and last_fact.startswith(ACROSS_PREFIX))
        # (A short question that leans on it, "og hvem betalte?", naming nothing at all:
        # not "hvad er idéen med ABCD?" nor "hvem står bag kataloget?".)
        across = self.across_cases(
            text,
            language,
            asked_in,
            follows_across=after_across
            and is_short_question(text, asked_in)
            and self.skill_cues.says("catalog.across_follow_up", text, language)
            and not self.retriever.names.read(text, asked_in).topics
            and not any(w in CATALOGUE_WORDS[asked_in] for w in re.findall(r"\w+", text.lower())),
        )
        if across is not None:
            return across
        if after_across and last_fact:
            # "og hos LEGO?" after who took the initiative in each case: LEGO's initiative.
            case = self.retriever.only_a_case(text, asked_in)
            kind = last_fact[len(ACROSS_PREFIX) :]
            of_kind = [f for f in self.kb.facts.values() if f.topic == case and f.kind == kind]
            if of_kind:
                return self.answer_fact(of_kind[0], language)
        last = self.kb.facts.get(last_fact) if last_fact else None
        if last is not None and self.retriever.asks_only_about_today(text, asked_in):
            if answered_before:
                # "kører det stadig?", "is that still current?" after an answer: how
                # that stands today, which the catalogue cannot say; what it said then.
                reply = self.answer_fact(last, language)
                reply.response = partial_response(last, "today")
                reply.lead = t("catalog.missing.today", language)
                return reply
            # (In the guide or the interview the fact last answered is an older
            # answer's: not one to give again, nor the context of the question.)
            last_fact = None
        found, decision = search(text)
        if decision != "answer" and text != as_typed:
            # "hvad gjorde lego? undskyld, lego education": what it meant finds nothing,
            # the message as typed may.
            typed_found, typed_decision = search(as_typed)
            if typed_decision == "answer":
                found, decision = typed_found, typed_decision
        statement = self.skill_cues.claim(text, language)
        if statement and self.retriever.asks_about_today(statement, language):
            # "jeg har hørt der kom en revideret udgave i 2015, passer det?": how things
            # stand since, which the catalogue cannot say ("jeg har hørt" is no present
            # of our own).
            found, decision = search(statement)
        elif statement and decision != "answer" and found.missing[0] in CLAIMED_VALUES:
            # "er det rigtigt at lego adopterede 20 klasser?": the claim asked as a
            # question, its value left to the answer.
            question = self.claimed(statement, language)
            if question and question != text:
                checked, checked_decision = search(question)
                if (
                    checked_decision == "answer"
                    and checked.best is not None
                    and checked.coverage >= CLAIM_COVERAGE
                    and (
                        not self.kb.topics[checked.best.topic].is_case
                        or checked.best.topic in self.retriever.names.read(text, language).topics
                    )
                ):
                    # (Only what the claim is about: a case it names, or the catalogue's
                    # general chapters; "the ministry paid 50 million for the catalogue"
                    # is no claim about Høje Taastrup's 13.5 million.)
                    found, decision = checked, checked_decision
        if found.advice_number is not None and found.best is None:
            return Reply(
                "utter_no_such_advice",
                language,
                buttons=self.buttons([self.kb.fact("advice.overview")], language),
            )
        if decision == "answer" and found.best is not None:
            return self.with_runner_up(self.answer_fact(found.best, language, found), found, text)
        nearest = self.nearest_to_missing(found, language, text) if decision == "suggest" else None
        if nearest is not None:
            reply = self.answer_fact(nearest, language, found)
            reply.response = partial_response(nearest, found.missing[0])
            reply.lead = missing_lead(found, language)
            return reply
        asked = self.without_our_own_story(text, language)
        if asked:
            # (… and of what is left, the question passed on: "management asks what a
            # company gets out of it – what does the catalogue say?")
            asked = self.skill_cues.question_in(asked, language)
            # "I work in HR at a supermarket chain. Management asks what a company
            # gets out of a partnership – what does the catalogue say?": what we told
            # of ourselves drowned the question; asked alone, it may be answered.
            again, decided = search(asked)
            if decided == "answer" and again.best is not None:
                return self.answer_fact(again.best, language, again)
        if decision == "suggest":
            # (A reference that may mean several facts is no gap in the catalogue.)
            response = "utter_did_you_mean" if found.ambiguous else "utter_not_covered_suggest"
            return self.offer(found.candidates(3), language, found.cases, response=response)
        return Reply("utter_not_covered", language)

    def unclear_bar(
        self, text: str, language: str, whole_questions: bool = True
    ) -> Optional[float]:
        """How likely right an answer to a message the classifier could not place (or,
        ``whole_questions`` off, took for out of scope) must be: ``UNCLEAR_BAR``, as
        such messages are also small talk it has not learnt ("thx a lot!!"); the
        catalogue's own (``None``) for a search-box query of its words and for a whole
        question (:meth:`unclear_reading`).

        Example:
            >>> store = Answerer.load()
            >>> store.unclear_bar("thx a lot!!", "en")
            0.5
            >>> whole = "What's in it for our staff if we join a partnership?"
            >>> store.unclear_bar(whole, "en") is None
            True
        """
        return self.bar_for(self.unclear_reading(text, language), whole_questions)

    @staticmethod
    def bar_for(reading: str, whole_questions: bool = True) -> Optional[float]:
        """:meth:`unclear_bar` for a message already read (:meth:`unclear_reading`)."""
        catalogues = reading == "keywords" or (whole_questions and reading == "whole")
        return None if catalogues else UNCLEAR_BAR

    def unclear_reading(self, text: str, language: str) -> str:
        """What an unclear message is to the catalogue: "keywords", a search-box query
        of its words (:meth:`is_keyword_query`); "whole", a question of
        ``WHOLE_QUESTION`` words or more, asked by its form, whose words the catalogue
        mostly knows and covers (``SUGGEST``, ``UNKNOWN_UNNAMED``: "When the council
        calls us about a partnership, who in our firm should they talk to?"; not "Hvem
        vandt fodboldkampen mellem Vejle og Esbjerg i søndags?", which names places of
        the cases and little else of theirs); "" for anything else."""
        if self.is_keyword_query(text, language):
            return "keywords"
        if len(re.findall(r"[^\W_]+", text)) < WHOLE_QUESTION:
            return ""
        if not self.skill_cues.asks_by_its_form(text, language):
            return ""
        found = self.retriever.search(text, language)
        whole = found.coverage >= SUGGEST and found.unknown < UNKNOWN_UNNAMED
        return "whole" if whole else ""

    def is_keyword_query(self, text: str, language: str) -> bool:
        """A search-box query: a few words (``KEYWORD_QUERY``), each one the catalogue
        knows, none a small word, a filler or a word of chat ("isbn", "visit length",
        "start year"; not "hej", "ok cool", "tak for hjælpen", "are you a bot", nor a
        word it does not know, as abuse is). Such a message is searched as a
        catalogue question, at the catalogue's own bar, whatever the classifier
        guessed of it (actions.catalog: unclear and out of scope).

        Example:
            >>> Answerer.load().is_keyword_query("isbn", "da")
            True
        """
        words = re.findall(r"[^\W_]+", text.lower())
        if not 0 < len(words) <= KEYWORD_QUERY or _SMALL_WORDS.intersection(words):
            return False
        cues = self.skill_cues
        if cues.says("catalog.chat_words", text, language) or cues.another_skill(text, language):
            return False  # (nor "næste", "stop", "hjælp": the guide's and help's words)
        # (Known words that ask something: not question words alone, "since when?".)
        found = self.retriever.search(text, language)
        return found.best is not None and found.unknown == 0.0 and found.coverage > 0.0

    def without_our_own_story(self, text: str, language: str) -> str:
        """A message of several sentences without those that tell of ourselves ("jeg
        er lærer i en 4. klasse.", "we plan a partnership with a shipping firm."), or
        when none does, without those that do not ask (``asks_with_its_subject``: "skal
        skrive et notat til udvalget i morgen.", "drafting a speech for the mayor.");
        "" when there is nothing to leave out or nothing left."""
        parts = sentences(text)
        if len(parts) < 2:
            return ""
        for leave_out in (
            lambda part: self.skill_cues.says("interview.first_person", part, language),
            lambda part: not asks_with_its_subject(part, language),
        ):
            kept = [part for part in parts if not leave_out(part)]
            if 0 < len(kept) < len(parts):
                return " ".join(kept)
        return ""

    def offer(
        self,
        offered: Sequence[Fact],
        language: str,
        cases: Sequence[str] = (),
        response: str = "utter_not_covered_suggest",
    ) -> Reply:
        """ "Mente du …?" with ``offered`` as buttons; the next message may pick one.
        The case in play is the one the question names (``cases``), or else the one
        all the offered facts are about ("Hvor mange ansatte har de?" -> LEGO's facts)."""
        topics = set(cases) or {f.topic for f in offered}
        (topic,) = topics if len(topics) == 1 else (None,)
        return Reply(
            response,
            language,
            buttons=self.buttons(offered, language),
            case=topic if topic and self.kb.topics[topic].is_case else None,
            suggested=[f.id for f in offered],
        )
