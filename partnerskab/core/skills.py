"""Which skill a message asks for, told from its words (issue 11, "skill mix-ups").

The intent classifier learns the skills from examples, and its weakest boundary is
between the guide, the area interview, the company suggestions and help: "we want
to start a partnership, walk us through it" looks like both the guide and the
interview. Some words settle it whatever else the message says. The cues are data
(``knowledge/skills.yml``); this module only applies them, in this order:

1. A request to be walked through the process ("trin for trin", "walk us through")
   is the guide, unless it names a case of the catalogue; so is asking where we are
   in it ("hvilket trin er vi på?"), unless it names something of the catalogue.
2. "Which companies / kinds of firms" is the company suggestions, unless it asks
   about the catalogue's own companies ("kataloget", past tense, or a case named in a
   message that does not speak of "us").
3. "What fits us", "recommend us a model", "interview me" is the interview, and so
   is going on with its questions ("fortsæt interviewet").
4. A message that describes the user's own area ("we", a challenge or a kind of
   area) and asks what to do or where to begin is the interview.
5. "Where do we begin", "first step" is the guide, when nothing in the catalogue is
   named; a bare "where do I start?" (with the assistant) is help.
6. "What can you do" is help, in a short message that names nothing.
7. A bare wish for a partnership of our own ("vi overvejer et partnerskab med en
   virksomhed"), with no words of the process or the advice, is the interview.

Anything else is left to the classifier. During the interview,
:meth:`SkillCues.another_skill` tells a request for another skill or a move in
the guide ("næste trin", "tilbage") from an answer.

Example:
    >>> cues = load_skill_cues()
    >>> cues.decide("Vi vil starte et partnerskab, tag os igennem det trin for trin", "da")
    'guide'
    >>> cues.decide("which companies suit us?", "en")
    'companies'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import (
    Callable,
    Dict,
    FrozenSet,
    List,
    Match,
    NamedTuple,
    Optional,
    Pattern,
    Sequence,
    Tuple,
)

import yaml

from partnerskab.core.knowledge import KNOWLEDGE_DIR, LANGUAGES
from partnerskab.core.language import asks_only_for_a_language, without_language_asked_for
from partnerskab.core.retrieval import answer_types, parse_advice_number
from partnerskab.core.spelling import spelled_out
from partnerskab.core.words import (
    FILLERS,
    NUMBER_HINTS,
    QUESTION_WORDS,
    QUOTATION_MARKS,
    STOPWORDS,
    asking_sentence,
    opens_as_a_question,
    quotations,
    with_word_lists,
)

SKILLS_FILE = KNOWLEDGE_DIR / "skills.yml"
# How sure the intent classifier must be of small talk or of "out of scope" for its
# guess to stand against a message that names the catalogue or that one fact plainly
# answers (the NLU's CatalogRouter, actions.catalog's out of scope).
CLASSIFIER_SURE = 0.9
# The intents of small talk: a message the classifier could not place and took for
# one of them is not searched in the catalogue as a question (the NLU's CatalogRouter,
# actions.catalog's unclear messages).
SMALL_TALK = frozenset({"affirm", "deny", "greet", "goodbye", "thank"})
# Words besides small ones that make a short question with "igen" a question about
# something, not a repeat (``SkillCues.navigates``).
ASKS_ABOUT_WORDS = 2
# The words that keep a question the guide's whatever else it asks: the guide's own,
# the process's or the advice's, and ourselves ("hvad gør vi nu?").
GUIDE_OWN_WORDS = (
    "guide.walk_through",
    "guide.show_the_advice",
    "guide.where_to_begin",
    "guide.step_words",
    "guide.asks_where",
    "guide.process_words",
    "interview.first_person",
)
# What makes a message the catalogue's even after we told of our own area or plans
# (``SkillCues.asks_the_catalogue_after_our_story``): what others did, a case
# remembered, which model a thing told is.
ASKS_THE_CATALOGUE = (
    "catalog.asks_what_others_did",
    "catalog.recalls",
    "catalog.names_the_model",
    "catalog.wants_a_detail",
    # State money to apply for ("kan vi søge statspenge …? hvad skal vi gøre?"): area
    # renewal, which the catalogue describes and the interview does not.
    "catalog.asks_about_funding",
)
# … and, unless it asks what we should do or which model ("vi har en stor bank og mange
# unge uden job, hvad siger kataloget – hvilken model?" is the interview's), the
# catalogue named as the source.
ASKS_THE_CATALOGUE_UNLESS_OURS = ("catalog.names_the_catalogue",)
# A question with none of those words asks beside the guide from this many words on
# (``SkillCues.asks_beside_the_guide``).
ASKS_BESIDE_WORDS = 3
NAVIGATION_FILE = KNOWLEDGE_DIR / "guide" / "navigation.yml"
# Navigation words count as a move in the guide only in short messages: "igen" or
# "status" inside a longer sentence is something else.
NAVIGATION_WORDS = 5
HELP_WORDS = 12
# The moves that can only mean the guide: "stop", "igen" or "status" mean other
# things outside it.
STEP_MOVES = ("goto", "next", "previous")
STEP_WORDS = 3
# "Suggest some companies": short enough to need no "us" or area to be a request.
SHORT = 5
# A quoted question in a message that passes one on ("min chef spørger: »hvem skrev
# kataloget?« kan du svare?"): three words or more in quotation marks
# (``words.quotations``: the apostrophe of "what's" quotes nothing).
QUOTED_WORDS = 3
# A question passed on is at least this many words ("hvem skrev det?").
PASSED_ON_WORDS = 3
# The end of a lead that puts the question indirectly ("spørger om", "asks whether").
INDIRECT = re.compile(r"\b(om|whether|if|to explain|to find out|to check|to look up)\W*$")
# What is taken back must be a few words at least ("nej, jeg mente …" alone is a
# correction of the message before: ``repair.opens``).
RETRACTED_WORDS = 2
# After a word that could take back, words that say it does not ("hvem betalte? nej
# ved det ikke", "who paid? no idea"); and what the meant part drops before it: what it
# takes back named again ("nej ikke lego, skandia").
_NO_REPAIR = re.compile(
    r"^(idea|clue|doubt|problem|worries|way|matter|thanks|right|ok|more|need|longer|tak|ved|ide|vel|ikke|ikk|mere)\W*($|\s)"
)
_NOT_THAT = {
    "da": re.compile(r"^ikke\b[^,]*,\s*(men\s+)?"),
    "en": re.compile(r"^not\b[^,]*,\s*(but\s+)?"),
}
# The interview's own words (``SkillCues.interview_words``): of us, our area or plans
# ("hos os", "vi har …"), what fits us, going on with the interview, a wish for a
# partnership of our own, asking what to do ("hvilken model passer til et område med
# mange unge?") or where to begin ("skoler i udsatte områder, hvordan kommer man i
# gang?").
INTERVIEW_WORDS = (
    "interview.first_person",
    "interview.fits_us",
    "interview.resume",
    "interview.wants_a_partnership",
    "interview.asks_what_to_do",
    "guide.where_to_begin",
)


# How many times the form patterns are applied (``SkillCues.without_answer_form``).
FORM_PASSES = 2
# Words that ask nothing of their own beside a form or a language asked for ("i én
# sætning tak", "kan du skrive det på engelsk?", "could you say that in english please").
# (Compared with folded words, so folded here: "fortælle" -> "fortaelle".)
_POLITE = {
    language: frozenset(spelled_out(w) for w in words.split())
    for language, words in {
        "da": "tak please pls venligst gerne lige nu og så ok okay kan kunne vil gider du"
        " skriv skrive svar svare sig sige forklar forklare fortæl fortælle gentag gentage"
        " det dét den dem svaret teksten igen mig os samme",
        "en": "please pls plz thanks thx now and then just ok okay can could would will you"
        " write answer reply respond say tell explain repeat put it that this the me us"
        " again same",
    }.items()
}


def _asks_nothing_of_its_own(text: str) -> bool:
    """Whether ``text`` holds no word but those of ``_POLITE``, in either language."""
    return not set(re.findall(r"\w+", fold(text))) - _POLITE["da"] - _POLITE["en"]


def _tidied(text: str) -> str:
    """``text`` with what a removal left: spaces run together, a space before a
    punctuation mark, punctuation at its ends."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:–-")
    return re.sub(r"\s+([,.;:?!])", r"\1", text).strip(" ,;:–-")


_FOLDED_FILLERS = {
    language: frozenset(spelled_out(w) for w in words) for language, words in FILLERS.items()
}


def _as_typed(text: str, folded_at: int) -> int:
    """Where in ``text`` a position in ``spelled_out(text.lower())`` falls: the
    folding writes one letter as two ("æ" -> "ae")."""
    return next(i for i in range(len(text) + 1) if len(spelled_out(text[:i].lower())) >= folded_at)


def fold(text: str) -> str:
    """Lower case, æ/ø/å written out, spaces collapsed: how cues are matched."""
    return " ".join(spelled_out(text.lower()).split())


@dataclass(frozen=True)
class Area:
    """What the interview reads in a message: enough to tell whether it describes an
    area of the user's own (``partnerskab.core.interview.Interview.extract``)."""

    challenges: bool = False
    area_type: bool = False
    company_kind: bool = False

    @property
    def anything(self) -> bool:
        """Whether the interview read anything of an area in the message."""
        return self.challenges or self.area_type or self.company_kind


class Repair(NamedTuple):
    """What a message takes back and what it says it meant (:meth:`SkillCues.repair`)."""

    retracted: str
    said: str


class SkillCues:
    def __init__(self, skills_file: Path = SKILLS_FILE, navigation_file: Path = NAVIGATION_FILE):
        raw = yaml.safe_load(skills_file.read_text(encoding="utf-8"))
        self.cues: Dict[str, Dict[str, List[Pattern[str]]]] = {}
        for skill, groups in raw.items():
            for group, by_language in groups.items():
                self.cues[f"{skill}.{group}"] = {
                    language: [
                        re.compile(spelled_out(with_word_lists(p, language)))
                        for p in by_language.get(language, [])
                    ]
                    for language in LANGUAGES
                }
        # How many, or a share ("hvor stor en del af beboerne …"), asked: the words that
        # ask how many (words.NUMBER_HINTS) and the "share" kind of detail the retriever
        # reads (knowledge/answer_types.yml), folded as cues are.
        self.cues["catalog.asks_how_many"] = {
            language: [re.compile(rf"\b{' '.join(NUMBER_HINTS[language])}\b")]
            for language in LANGUAGES
        }
        self.cues["catalog.asks_a_share"] = {
            language: [re.compile(spelled_out(p)) for p in answer_types()["share"]["ask"][language]]
            for language in LANGUAGES
        }
        commands = yaml.safe_load(navigation_file.read_text(encoding="utf-8"))["commands"]
        # Every move but "start": its patterns ("guide", "get started") are cues above.
        self.navigation = {
            language: [
                re.compile(spelled_out(p))
                for kind, by_language in commands.items()
                if kind != "start"
                for p in by_language[language]
            ]
            for language in LANGUAGES
        }
        self.step_moves = {
            language: [
                re.compile(spelled_out(p)) for kind in STEP_MOVES for p in commands[kind][language]
            ]
            for language in LANGUAGES
        }

    def says(self, cue: str, text: str, language: str) -> bool:
        """Whether ``text`` holds the cue ``skill.group`` (``guide.walk_through``),
        read without the words of speech ("øh", "um": ``words.FILLERS``)."""
        folded = self.without_fillers(fold(text), language)
        return any(p.search(folded) for p in self.cues[cue][language])

    def found(
        self, cue: str, folded: str, language: str, pos: int = 0, at_start: bool = False
    ) -> Optional[Match[str]]:
        """The first match of the cue's patterns in ``folded`` (``spelled_out`` of the
        lower-cased text, so that a match's ends map back with ``_as_typed``): at
        ``pos`` itself with ``at_start``, else anywhere from ``pos`` on."""
        for pattern in self.cues[cue][language]:
            found = pattern.match(folded, pos) if at_start else pattern.search(folded, pos)
            if found is not None:
                return found
        return None

    def without_fillers(self, folded: str, language: str) -> str:
        """A folded text without the words of speech (``words.FILLERS``: "and um what's
        his title" -> "and what's his title")."""
        fillers = _FOLDED_FILLERS[language]
        return " ".join(w for w in folded.split() if w.strip(",.!?") not in fillers)

    def asking_part(self, text: str, language: str) -> str:
        """What a message asks: its last sentence that ends with "?" (else its last
        sentence), from the first question word that opens a clause in it on ("Vi
        overvejer brandstationen. Hvordan gjorde de i Vejle?" -> "hvordan gjorde de i
        vejle?"; dictated "we have an estate and er what's the ABCD thing that Vejle
        used" -> "what's the abcd thing that vejle used"), folded as cues are read;
        "" when no question word opens a clause.

        Example:
            >>> cues = load_skill_cues()
            >>> cues.asking_part("Vi har et boligområde. Hvordan gjorde de i Vejle?", "da")
            'hvordan gjorde de i vejle?'
        """
        sentence = self.without_fillers(fold(asking_sentence(text)), language)
        opens = [
            m.start(1)
            for p in self.cues["catalog.opens_a_question"][language]
            for m in p.finditer(sentence)
        ]
        return sentence[min(opens) :] if opens else ""

    def says_in_either(self, cue: str, text: str) -> bool:
        """Whether ``text`` holds the cue in either language: for words people mix
        in ("hvilke companies …", "er du en bot") whatever language was detected."""
        return any(self.says(cue, text, language) for language in LANGUAGES)

    def personal_request(self, text: str, language: str) -> bool:
        """A request for the user's own sake ("kan jeg få job hos LEGO?"), not a job
        sought for others ("hvordan kan jeg finde praktikpladser til de unge?"): the
        one decision the NLU router and the catalogue's reply both ask."""
        return self.says("out_of_scope.personal_request", text, language) and not self.says(
            "out_of_scope.for_others", text, language
        )

    def after_thanks(self, text: str, language: str) -> str:
        """What a message says after the thanks that opens it ("tak for svaret, hvad
        med økonomien?" -> "hvad med økonomien?"), or "" when it opens with none or
        says nothing more ("tusind tak!").

        Example:
            >>> load_skill_cues().after_thanks("Thanks! And what about money?", "en")
            'And what about money?'
        """
        folded = spelled_out(text.lower())
        found = self.found("thanks.opening", folded, language, at_start=True)
        return "" if found is None else text[_as_typed(text, found.end()) :].strip()

    def asks_something(self, text: str, language: str) -> bool:
        """Whether what is left of a message (after a thanks, or of a question passed
        on) asks something: it ends with "?" (emoji or a signature after it aside:
        "… show for it?? 🔥🚒", "… Anna? /Mikkel") or opens with a question word."""
        ended = re.sub(r"(\s+/\w+|[^\w?]+)+$", "", text.rstrip())
        return ended.endswith("?") or self.says("guide.asks_something", text, language)

    def asks_after_thanks(self, text: str, language: str) -> str:
        """The question after the thanks that opens a message ("thanks! and what about
        money?"), or "" when nothing after it asks something."""
        rest = self.after_thanks(text, language)
        return rest if rest and self.asks_something(rest, language) else ""

    def asks_about_a_request(self, text: str, language: str) -> bool:
        """The plan or a person asked about ("hvilken plan fra regeringen hørte det
        under?", "why must our contact person decide?"), not asked for ("hvornår kan
        jeg tale med en medarbejder?", "which person can I contact?"). The
        partnership's own contact person ("who should be our contact person with
        them?") is advice 8's, and a web address ("er der en hjemmeside jeg kan henvise
        til?") the catalogue's references: neither is a person for the user to talk to;
        nor is someone to get a thing from ("can our estate get free computers from
        someone?"), which is what the catalogue's companies give."""
        if self.says("requests.a_thing_from_someone", text, language):
            return True
        return (
            self.says("requests.asked_about", text, language)
            or self.says("requests.the_partnerships_contact", text, language)
            or self.says("requests.a_web_address", text, language)
        ) and not self.says("requests.asked_for", text, language)

    def about_the_reply(self, text: str, language: str, names: Sequence[str] = ()) -> Optional[str]:
        """A request about the assistant's own reply or taste, which no fact of the
        catalogue answers (``about_the_reply`` in knowledge/skills.yml): "again" (the
        last answer in a language asked for: "now in danish"), "by_mail"
        ("kan du sende det på mail?"), "shorter" ("kan du skrive det kortere?", when
        the message names nothing of the catalogue, ``names``, nor asks for its
        advice, steps or cases in short), "opinion" ("kan du lide LEGO?") or
        "missed" ("tak, men det var ikke det jeg spurgte om?", a complaint that asks
        nothing besides); ``None`` for anything else. Either language's words count:
        a message with no sign of its language ("tl;dr") keeps the conversation's,
        and people mix ("shorter pls" in a Danish conversation)."""
        if self.says_in_either("about_the_reply.missed", text):
            return "missed"
        if self.says_in_either("about_the_reply.by_mail", text):
            return "by_mail"
        if self.only_asks_for_a_language(text):
            return "again"
        if (
            not names
            # ("in one sentence: who signed the foreword?" asks who signed it;
            # "kortere, på dansk" asks for it shorter.)
            and self.says_in_either(
                "about_the_reply.shorter", self.without_answer_form(text, language)
            )
            and not self.says_in_either("about_the_reply.of_the_catalogue", text)
        ):
            return "shorter"
        if self.says_in_either("about_the_reply.opinion", text) and not self.says(
            "about_the_reply.our_choice", text, language
        ):
            return "opinion"
        return None

    def passed_on(self, text: str, language: str) -> str:
        """The question a message passes on from someone else, as typed, without who
        asks and the request to answer it (``passed_on`` in knowledge/skills.yml), and
        within quotation marks if it is quoted; "" when the message passes nothing on,
        or what is left asks nothing ("min chef spørger om det samme", "min leder
        skrev til mig i går om det her").

        Example:
            >>> load_skill_cues().passed_on("Min chef spørger: hvem skrev det? Kan du svare?", "da")
            'hvem skrev det?'
        """
        folded = spelled_out(text.lower())
        start, end = 0, len(folded)
        lead = self.found("passed_on.lead", folded, language)
        if lead is not None:
            start = lead.end()
        tail = self.found("passed_on.tail", folded, language, start)
        if tail is not None:
            end = tail.start()
        if lead is None and tail is None:
            # Lines quoted as a mail quotes them ("> Has anyone done this before?").
            quoted_lines = " ".join(
                line.lstrip("> ").strip()
                for line in text.splitlines()
                if line.lstrip().startswith(">")
            )
            if quoted_lines and self.asks_something(quoted_lines, language):
                return quoted_lines if len(quoted_lines.split()) >= PASSED_ON_WORDS else ""
            return ""
        rest = text[_as_typed(text, start) : _as_typed(text, end)]
        # (Within it, lines quoted as a mail quotes them.)
        rest = "\n".join(line.lstrip().lstrip(">").strip() for line in rest.splitlines())
        quoted = [
            q.inside.strip() for q in quotations(rest) if len(q.inside.split()) >= QUOTED_WORDS
        ]
        asked = (max(quoted, key=len) if quoted else rest).strip(" -,:;" + QUOTATION_MARKS)
        # "spørger om …", "asks whether …": a question put indirectly.
        indirect = lead is not None and bool(INDIRECT.search(lead.group()))
        asks = indirect or self.asks_something(asked, language)
        return asked if len(asked.split()) >= PASSED_ON_WORDS and asks else ""

    def repair(self, text: str, language: str) -> Optional[Repair]:
        """What a message takes back and what it says it meant instead, as typed
        (``repair`` in knowledge/skills.yml): ("hvor mange klasser adopterede brfkredit",
        "lego") for "hvor mange klasser adopterede brfkredit – nej undskyld, lego"; ("",
        "nr 8") for "undskyld jeg mente nr 8", which corrects the message before it;
        ``None`` when it takes nothing back. The last turn in a message counts ("råd 3,
        nej 4, nej 5" means 5). Words that take back may open an apology or an aside
        ("hvem skrev det? undskyld forstyrrelsen", "… no sorry, my bad"), which
        ``Answerer.meant`` takes for a repair only when what follows names what it
        replaces, gives a number for a number or asks anew.

        Example:
            >>> load_skill_cues().repair("hvad er råd nr 12, nej 11", "da")
            Repair(retracted='hvad er råd nr 12', said='11')
        """
        folded = spelled_out(text.lower())
        found: Optional[Tuple[int, int]] = None
        opening = self.found("repair.opens", folded, language, at_start=True)
        if opening is not None:
            found = (0, opening.end())
        turns = sorted(
            (turn.start(), turn.end())
            for pattern in self.cues["repair.within"][language]
            for turn in pattern.finditer(folded)
            if len(folded[: turn.start()].split()) >= RETRACTED_WORDS
        )
        for turn in turns:
            if found is not None and turn[0] <= found[1] and found[0] > 0:
                # One turn in several words ("nej vent, jeg mente").
                found = (found[0], max(found[1], turn[1]))
            elif found is None or turn[0] > found[0]:
                found = turn
        if found is None:
            return None
        start, end = found
        meant = folded[end:]
        tail = self.found("repair.tail", meant, language)
        stop = end + (tail.start() if tail is not None else len(meant))
        said = text[_as_typed(text, end) : _as_typed(text, stop)].strip(" ,.;:-–")
        said = _NOT_THAT[language].sub("", said)
        if not said.strip(" ?!.") or _NO_REPAIR.match(fold(said)):
            return None
        retracted = text[: _as_typed(text, start)].strip(" ,.;:-–")
        return Repair(retracted, said)

    def claim(self, text: str, language: str) -> str:
        """The claim a message asks to have checked, as typed, without the words that
        frame it (``claim`` in knowledge/skills.yml: "er det rigtigt at …", "… ikk?",
        "my colleague says …, true?"); "" when it checks no claim.

        Example:
            >>> load_skill_cues().claim("er det rigtigt at lego adopterede 20 klasser?", "da")
            'lego adopterede 20 klasser'
        """
        folded = spelled_out(text.lower())
        lead = self.found("claim.lead", folded, language, at_start=True)
        start = lead.end() if lead is not None else 0
        tail = self.found("claim.tail", folded, language, start)
        end = tail.start() if tail is not None else len(folded)
        if lead is None and tail is None:
            return ""
        said = text[_as_typed(text, start) : _as_typed(text, end)].strip(" ,.;:-–?!")
        return said if len(said.split()) >= PASSED_ON_WORDS else ""

    def claims_of_others(self, text: str, language: str) -> bool:
        """Whether a message checks a claim it heard or read ("my colleague says …",
        "is it true that …", "the intro says …"): framed so at its start; a tag at its
        end alone ("…, ikke?") may end a description of our own area."""
        folded = spelled_out(text.lower())
        return self.found("claim.lead", folded, language, at_start=True) is not None and bool(
            self.claim(text, language)
        )

    def without(self, cue: str, text: str, language: str) -> str:
        """``text`` (lower-cased, æ/ø/å folded as the cues read it) with every stretch
        the patterns of ``cue`` match taken out."""
        folded = fold(text)
        for pattern in self.cues[cue][language]:
            folded = pattern.sub(" ", folded)
        return folded

    def question_in(self, text: str, language: str) -> str:
        """What a message asks, to be searched: what follows the thanks that opens it
        when that asks something (:meth:`asks_after_thanks`), and of that the question
        passed on from someone else (:meth:`passed_on`); else the message as it is.
        The one reading of both, for the NLU (a thanks that asks something) and the
        catalogue's actions and answers.

        Example:
            >>> load_skill_cues().question_in("Tak! Min chef spørger: hvem skrev det?", "da")
            'hvem skrev det?'
        """
        text = self.without_letter_form(text, language)
        text = self.without_answer_form(text, language)
        text = self.asks_after_thanks(text, language) or text
        return self.passed_on(text, language) or text

    def without_answer_form(self, text: str, language: str) -> str:
        """A message without the form, length, audience or role its question is
        wrapped in (``about_the_reply.form``: "in one sentence: who signed the
        foreword?" -> "who signed the foreword?", "ELI5 what ABCD is" -> "what ABCD
        is"); the message as it is when nothing else is left ("i én sætning tak")."""
        rest = without_language_asked_for(text)
        # Twice: what one form leaves may open with another ("summarise in 3 bullets
        # what …" -> "summarise what …" -> "what …").
        for _ in range(FORM_PASSES):
            rest = self._without_forms(rest)
        if rest == text:
            return text
        rest = _tidied(rest)
        # ("answer in English please: hvem startede …": the polite word that closed
        # the request opens nothing of the question.)
        rest = re.sub(r"^(?:(?:please|pls|plz|tak|thanks)\b\W*)+", "", rest, flags=re.IGNORECASE)
        # (What is left must ask something more than "tak" or "please".)
        return text if _asks_nothing_of_its_own(rest) else rest

    def _without_forms(self, asked: str) -> str:
        """``asked`` without what the form patterns of either language match ("as
        bullet points, in danish please: …" is written in both) and the punctuation
        that leaves at its ends; as it is when they match nothing."""
        folded = spelled_out(asked.lower())
        spans = sorted(
            (_as_typed(asked, m.start()), _as_typed(asked, m.end()))
            for either in LANGUAGES
            for pattern in self.cues["about_the_reply.form"][either]
            for m in pattern.finditer(folded)
            if m.end() > m.start()
        )
        if not spans:
            return asked
        kept, at = [], 0
        for start, end in spans:
            if start > at:
                kept.append(asked[at:start])
            at = max(at, end)
        kept.append(asked[at:])
        return _tidied(" ".join(kept))

    def only_asks_for_a_language(self, text: str) -> bool:
        """Whether a message asks for nothing but the answer in a language ("now in
        danish", "og på engelsk?", "in english pls"): the last answer again in it."""
        if asks_only_for_a_language(text):
            return True
        asked = without_language_asked_for(text)
        return asked != text and _asks_nothing_of_its_own(asked)

    def without_letter_form(self, text: str, language: str) -> str:
        """A message without the salutation that opens it and the sign-off that closes
        it ("Kære Partnerskabsguide. Hvem skrev forordet? Mvh Lone" -> "Hvem skrev
        forordet?"); the message as it is when nothing else is left.

        Example:
            >>> load_skill_cues().without_letter_form("Dear all, who wrote it? Best, Tom", "en")
            'who wrote it? Best, Tom'
        """
        folded = spelled_out(text.lower())
        start, end = 0, len(text)
        opening = self.found("letter.salutation", folded, language, at_start=True)
        if opening is not None:
            start = _as_typed(text, opening.end())
        closing = self.found("letter.sign_off", folded, language)
        if closing is not None and closing.start(2) >= (opening.end() if opening else 0):
            end = _as_typed(text, closing.start(2))
        kept = text[start:end].strip()
        return kept if kept and (start, end) != (0, len(text)) else text

    def asks_the_closest_case(self, text: str, language: str) -> bool:
        """Whether a message asks which case of the catalogue is nearest to what it
        describes ("… hvilken case ligner mest?"), and not also which model or what we
        should do (the interview's), nor for another case than one already given."""
        says = functools.partial(self.says, text=text, language=language)
        # ("which case fits us best" asks for a case, though it says "fits us".)
        return (
            says("catalog.closest_case")
            and not says("interview.asks_what_to_do")
            and not says("catalog.closest_case_not")
        )

    def asks_beside_the_guide(self, text: str, language: str) -> bool:
        """A question of a few words or more that holds no word of the guide, of the
        process or advice, or of ourselves ("hvad betyder det", "who painted the wall
        in the end"), and is no move in the guide."""
        says = functools.partial(self.says, text=text, language=language)
        return (
            len(text.split()) >= ASKS_BESIDE_WORDS
            and self.asks_something(text, language)
            and not self.navigates(text, language)
            and not any(says(cue) for cue in GUIDE_OWN_WORDS)
        )

    def asks_the_catalogue_after_our_story(
        self,
        text: str,
        language: str,
        topics: Callable[[str], Sequence[str]],
        cases: Callable[[str], Sequence[str]] = lambda text: (),
    ) -> bool:
        """A message that may tell of our own area or plans but asks the catalogue: what
        others did ("er der nogen der har prøvet det?"), a case heard of or half
        remembered ("jeg har hørt at et kreditforeningsfirma giver computere væk",
        "Der var et forsikringsselskab der lavede lektiehjælp, ikke?"), which model a
        thing told is ("… noget, der intet har med det, vi sælger, at gøre. Hvilken
        model er det?"), or a question
        about something of the catalogue that speaks of them, not us ("… Hvordan gjorde
        de i Vejle?", "… what's the ABCD thing that Vejle used"); never "what fits us".
        ``topics`` gives the catalogue topics a text names (``Names.read``), ``cases``
        the cases among them."""
        says = functools.partial(self.says, text=text, language=language)
        if says("interview.fits_us"):
            return False
        if any(says(cue) for cue in ASKS_THE_CATALOGUE):
            return True
        if any(says(cue) for cue in ASKS_THE_CATALOGUE_UNLESS_OURS) and not says(
            "interview.asks_what_to_do"
        ):
            return True
        asked = self.asking_part(text, language)
        if not asked:
            # "… Skal vi selv kontakte BRF, eller …?", "… er det en type område, som
            # områdefornyelse kan støtte?": a question by its form, with no question word.
            sentence = self.without_fillers(fold(asking_sentence(text)), language)
            asked = sentence if self.asks_by_its_form(sentence, language) else ""
        if not asked:
            return False
        ours = self.says("interview.first_person", asked, language)
        named = topics(asked)
        of_others = self.says("catalog.of_others", asked, language)
        ours_asked = any(
            self.says(cue, asked, language)
            for cue in ("interview.asks_what_to_do", "guide.where_to_begin")
        )
        if named:
            # "… Skal vi selv kontakte BRF, eller er det dem, der kommer ud?": a question
            # that names only cases and speaks of them is the catalogue's, even when it
            # says "we"; not "Kan vi få LEGO med?", "what should we do" nor "add-on or
            # strategic for our district?" (the interview's).
            return not ours or (set(named) <= set(cases(asked)) and of_others and not ours_asked)
        # "Jeg er fritidspædagog … ligesom det der galleri på gavlen i København. Hvor
        # lang var den væg egentlig?": a case named in the story, then a question that
        # speaks of it, not of us (not "… ligesom i Vejle. Hvor starter man?").
        return not ours and of_others and not ours_asked and bool(cases(text))

    def asks_by_its_form(self, text: str, language: str) -> bool:
        """A message that asks by its form, at any length: "?" at its end, a question
        word first, or a verb and then its subject ("er stenkastene stoppet", "are the
        police involved"); not a sentence that tells ("har mange unge uden job"). (A
        remark before a question is read more strictly: ``words.asks_with_its_subject``.)"""
        return self.asks_something(text, language) or opens_as_a_question(
            text, language, any_length=True
        )

    def asks_of_others(self, text: str, language: str) -> bool:
        """A question that says nothing of us: about someone else ("and um what's his
        title, like his job", "er stenkastene stoppet", "are the police involved")."""
        asks = self.asks_by_its_form(text, language)
        return asks and not self.says("interview.first_person", text, language)

    def asks_a_count_of_others(self, text: str, language: str) -> bool:
        """How many, or how large a share, of something that is not ours ("hvor stor en
        del af beboerne i de almene boligområder har ikke computer"): a figure the
        catalogue gives, which the interview, asking about our area, never does."""
        asks = self.says("catalog.asks_how_many", text, language) or self.says(
            "catalog.asks_a_share", text, language
        )
        return asks and not self.says("interview.first_person", text, language)

    def navigates(self, text: str, language: str) -> bool:
        """A short move in the guide: "næste trin", "tilbage", "gå til trin 5"; not a
        question about something else that ends in "igen" ("hvad giver en krone igen?":
        gives back), which holds two words or more besides question words, small words
        and the moves' own, and no word of the guide ("hvad er trin 3 igen?" is one)."""
        folded = fold(text).strip(" .!?")
        if not (
            0 < len(folded.split()) <= NAVIGATION_WORDS
            and any(p.search(folded) for p in self.navigation[language])
        ):
            return False
        if not self.asks_something(text, language):
            return True
        besides = [
            word
            for word in folded.split()
            if word not in STOPWORDS[language]
            and word not in QUESTION_WORDS[language]
            and not any(p.search(word) for p in self.navigation[language])
        ]
        return len(besides) < ASKS_ABOUT_WORDS or any(
            self.says(cue, text, language) for cue in GUIDE_OWN_WORDS
        )

    def moves_a_step(self, text: str, language: str) -> bool:
        """A move to another step and little else: "næste", "videre tak", "trin 5";
        not a question ("kom de tilbage?", "did they continue?") nor a goodbye ("skal
        videre", "continue tomorrow, bye")."""
        folded = fold(text).strip(" .!")
        return (
            0 < len(folded.split()) <= STEP_WORDS
            and "?" not in folded
            and any(p.search(folded) for p in self.step_moves[language])
            and not self.says("guide.leaving", text, language)
        )

    def interview_words(self, text: str, language: str) -> FrozenSet[str]:
        """The interview's own words (``INTERVIEW_WORDS``) that ``text`` holds: what
        :meth:`decide` reads to give a message to the interview, and what keeps a
        message the interview's rather than a follow-up of the last catalogue answer
        (``partnerskab.core.answering.Answerer.follows_up_last_answer``).

        Example:
            >>> sorted(load_skill_cues().interview_words("hvad passer til os?", "da"))
            ['interview.first_person', 'interview.fits_us']
        """
        return frozenset(cue for cue in INTERVIEW_WORDS if self.says(cue, text, language))

    def asks_where_we_are(self, text: str, language: str) -> bool:
        """Asking where we are in the guide ("hvilket trin er vi på, og hvad handler
        det om?", "which step are we on?"), however the message goes on: the guide's
        (:meth:`decide`, when nothing else of the catalogue is named), and never a
        question about a piece of advice (:meth:`asks_what_a_piece_says`)."""
        return self.says("guide.asks_where", text, language)

    def asks_what_a_piece_says(self, text: str, language: str) -> bool:
        """A question about one piece of advice named by its number ("hvad er trinene
        i råd 5?"), about which one holds a topic ("which step is about
        evaluation?") or about the steps of a method ("what are the steps of that
        method"), neither a move in the guide ("gå til råd 5"), nor a request to
        be walked through it, nor asking where we are in it."""
        if self.says("guide.walk_through", text, language) or self.asks_where_we_are(
            text, language
        ):
            return False
        if self.says("guide.asks_which_piece", text, language) or self.says(
            "guide.asks_a_methods_steps", text, language
        ):
            return True  # its own words tell it from "hvilket trin er jeg på?"
        return (
            parse_advice_number(text) is not None
            and self.says("guide.asks_what_a_piece_says", text, language)
            and not self.navigates(text, language)
        )

    def decide(
        self,
        text: str,
        language: str,
        names: Sequence[str] = (),
        cases: Sequence[str] = (),
        area: Area = Area(),
        cases_in: Optional[Callable[[str], Sequence[str]]] = None,
    ) -> Optional[str]:
        """The skill the words ask for ("guide", "plan", "interview", "companies",
        "help"), or ``None`` when they do not settle it. ``names`` are the catalogue
        topics the message names (cases included), ``cases`` the cases among them,
        ``area`` what the interview reads in it and ``cases_in`` the cases a text names
        (asked of the last sentence only when a story stands before it; when not
        given, ``cases`` count for it)."""
        says = functools.partial(self.says, text=text, language=language)
        if says("guide.walk_through") and not cases:
            return "guide"
        asked = self.after_our_story(text)
        if asked:
            # Our story, then what we ask for in its last sentence: "… like in the LEGO
            # example. Walk me through what we need to do, one step at a time." is the
            # guide (the case is the story's, not what is walked through); "… Kan du
            # lave en partnerskabsplan til os?" the guide's plan.
            wanted = (
                "guide"
                if self.says("guide.walk_through", asked, language)
                else "plan"
                if self.says("guide.make_a_plan", asked, language)
                else None
            )
            if wanted and not (cases if cases_in is None else cases_in(asked)):
                return wanted
        if self.asks_where_we_are(text, language) and not [n for n in names if n != "advice"]:
            return "guide"  # "hvilket trin er vi på, og hvad handler det om?"
        words = self.interview_words(text, language)
        ours = "interview.first_person" in words
        own_area = (area.challenges or area.area_type) and ours
        companies = (
            says("companies.which_companies")
            and (ours or area.challenges or area.area_type or len(text.split()) <= SHORT)
        ) or (
            # "skal vi vælge banken eller bageren?"; not "hvilken model skal vi vælge? vi
            # har et byggemarked ved siden af" (which model fits: the interview's).
            area.company_kind
            and ours
            and says("companies.choose_between")
            and "interview.fits_us" not in words
        )
        if companies and (ours or not cases) and not says("companies.about_the_catalogue"):
            return "companies"
        if "interview.fits_us" in words and not says("interview.not_fits_us"):
            return "interview"
        if "interview.resume" in words:
            return "interview"
        if own_area and words & {"interview.asks_what_to_do", "guide.where_to_begin"}:
            return "interview"
        other_names = [n for n in names if n != "advice"]
        if "guide.where_to_begin" in words and not other_names and not own_area:
            if says("guide.where_to_begin_here"):
                return "help"
            return "guide"
        if not names and (
            says("help.what_you_are_for")
            or (says("help.what_can_you_do") and len(text.split()) <= HELP_WORDS)
        ):
            return "help"
        if self.asks_what_you_do_after_our_story(text, language):
            return "help"
        if (
            "interview.wants_a_partnership" in words
            and not names
            and not says("guide.process_words")
            and not says("companies.which_companies")
        ):
            return "interview"
        return None

    @staticmethod
    def after_our_story(text: str) -> str:
        """The sentence that asks (``words.asking_sentence``) when something stands
        before it, which tells of us ("Jeg er ny i Esbjerg Øst. Hvad kan du?" -> "Hvad
        kan du?"); "" for a message of that sentence alone."""
        asked = asking_sentence(text)
        return asked if asked and asked != text.strip() else ""

    def asks_what_you_do_after_our_story(self, text: str, language: str) -> bool:
        """Who we are, then what the assistant can do, in a short last sentence ("Jeg er
        lige startet i Esbjerg Øst og fik et link til chatten. Hvad kan du egentlig
        hjælpe mig med?"): help, however long the story before it, and whatever it
        names ("… har ikke tid til at læse hele kataloget. Hvad kan du?"); the cues
        leave out "what can you tell me about LEGO"."""
        asked = self.after_our_story(text)
        if not asked or len(asked.split()) > HELP_WORDS:
            return False
        return self.says("help.what_can_you_do", asked, language) or self.says(
            "help.what_you_are_for", asked, language
        )

    def another_skill(self, text: str, language: str) -> bool:
        """During the interview: whether a message asks for another skill or moves
        in the guide rather than answering ("næste trin", "tilbage", "vis mig
        rådene trin for trin", "which companies suit us?", "what can you do?")."""
        return self.navigates(text, language) or any(
            self.says(cue, text, language)
            for cue in (
                "guide.walk_through",
                "guide.show_the_advice",
                "companies.which_companies",
                "help.what_can_you_do",
            )
        )


@functools.lru_cache(maxsize=None)
def load_skill_cues() -> SkillCues:
    return SkillCues()
