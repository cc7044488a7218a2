"""The area interview: what a municipality tells us about its area, read from free
text, and which question to ask next.

Plain Python (no Rasa) so tests and the evaluation can call it directly. All
vocabulary comes from ``knowledge/interview/``:

* ``profile.yml``: the fields (area type, target group, CSR, driver, resources),
  their options and patterns, the order questions are asked in and the cap on
  questions, the skip phrases, negations and the model signals;
* ``challenges.yml``: the challenge taxonomy derived from the six cases;
* ``company_kinds.yml``: kinds of company, their DB07 codes and which challenges
  their core business fits;
* ``case_profiles.yml``: the six cases' company kinds, target groups and model.

Example:
    >>> interview = load_interview()
    >>> p = interview.extract("Vi har meget hærværk, og et vagtfirma vil gerne hjælpe.", "da")
    >>> p.challenges, p.company
    (['unrest'], 'security')
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Pattern, Sequence, Tuple

import yaml

from partnerskab.core.knowledge import (
    KNOWLEDGE_DIR,
    LANGUAGES,
    KnowledgeError,
    bilingual,
    bilingual_words,
)
from partnerskab.core.skills import load_skill_cues
from partnerskab.core.spelling import spelled_out
from partnerskab.core.words import question_word

INTERVIEW_DIR = KNOWLEDGE_DIR / "interview"

# The values a field takes when the user skipped it, or said there is no company.
SKIPPED = "skip"
NO_COMPANY = "none"


def skipped_value(field_name: str) -> object:
    """What a skipped field holds (challenges is a list)."""
    return [SKIPPED] if field_name == "challenges" else SKIPPED


# Interview fields, in the names the Rasa slots use (prefixed there with "area_").
FIELDS = (
    "challenges",
    "company",
    "target_group",
    "company_csr",
    "area_type",
    "driver",
    "resources",
)


class Matcher:
    """Patterns of one option in one language, matched from the start of a word;
    each also as typed without æ/ø/å ("boligomraade", "boern"), so an answer typed
    on a phone is read too (positions stay those of the text itself)."""

    def __init__(self, patterns: Iterable[str]):
        written = list(patterns)
        forms = dict.fromkeys(written + [spelled_out(p) for p in written])
        self.patterns: Tuple[Pattern[str], ...] = tuple(
            re.compile(r"(?<!\w)" + p, re.IGNORECASE) for p in forms
        )

    def find(self, text: str) -> List[int]:
        """Start positions of every match in ``text``."""
        return sorted(m.start() for p in self.patterns for m in p.finditer(text))


@dataclass(frozen=True)
class Option:
    id: str
    label: Dict[str, str]
    matchers: Dict[str, Matcher]
    lack: bool = False


@dataclass(frozen=True)
class Challenge(Option):
    in_catalogue: bool = True
    model: str = "strategic"
    cases: Tuple[Tuple[str, Dict[str, str]], ...] = ()  # (case id, why) best first


@dataclass(frozen=True)
class CompanyKind(Option):
    db07: Tuple[str, ...] = ()
    fits: Dict[str, Dict[str, str]] = field(default_factory=dict)  # challenge -> why

    def matches_code(self, code: str) -> bool:
        """Whether a six-digit DB07 code (digits only) belongs to this kind."""
        for prefix in self.db07:
            if "-" in prefix:
                low, high = prefix.split("-")
                if low <= code[:2] <= high:
                    return True
            elif code.startswith(prefix.replace(".", "")):
                return True
        return False


@dataclass(frozen=True)
class CaseProfile:
    id: str
    kinds: Tuple[str, ...]
    target_groups: Tuple[str, ...]
    model: Optional[str]


@dataclass
class AreaProfile:
    """What we know about one municipality's area. ``None`` means not known yet,
    ``SKIPPED`` that the user skipped the question."""

    challenges: Optional[List[str]] = None
    company: Optional[str] = None  # a company kind id, NO_COMPANY or SKIPPED
    company_name: Optional[str] = None  # a named local company, if any
    target_group: Optional[str] = None
    company_csr: Optional[str] = None  # "yes" / "no" / SKIPPED
    area_type: Optional[str] = None
    driver: Optional[str] = None
    resources: Optional[str] = None
    signals: List[str] = field(default_factory=list)

    def known(self, name: str) -> bool:
        value = getattr(self, name)
        return value not in (None, SKIPPED, [], [SKIPPED])

    def filled(self, name: str) -> bool:
        """Answered or skipped: not to be asked again."""
        return getattr(self, name) not in (None, [])

    def merged(self, newer: "AreaProfile") -> "AreaProfile":
        """This profile with every field ``newer`` knows taken from ``newer``."""
        result = AreaProfile(**asdict(self))
        for name in FIELDS + ("company_name",):
            if getattr(newer, name) not in (None, []):
                setattr(result, name, getattr(newer, name))
        result.signals = sorted(set(self.signals) | set(newer.signals))
        return result

    def as_slots(self) -> Dict[str, object]:
        return asdict(self)


def _matchers(value: Any, where: str) -> Dict[str, Matcher]:
    patterns = bilingual_words(value, where)
    try:
        return {lang: Matcher(patterns[lang]) for lang in LANGUAGES}
    except re.error as error:
        raise KnowledgeError(f"{where}: bad pattern: {error}") from error


class Interview:
    """The interview's vocabulary, loaded once; extraction and question planning."""

    def __init__(self, directory: Path = INTERVIEW_DIR):
        read = lambda name: yaml.safe_load((Path(directory) / name).read_text(encoding="utf-8"))  # noqa: E731
        profile = read("profile.yml")
        self.max_questions: int = int(profile["max_questions"])
        self.ask_order: Tuple[str, ...] = tuple(profile["ask"])
        if set(self.ask_order) != set(FIELDS):
            raise KnowledgeError(f"profile.yml: ask must list exactly {FIELDS}")
        self.skip = _matchers(profile["skip"], "profile.yml: skip")
        self.negations = {
            lang: set(words) | {spelled_out(w) for w in words}
            for lang, words in bilingual_words(profile["negations"], "negations").items()
        }
        self.fields: Dict[str, Dict[str, Option]] = {
            name: {
                str(oid): Option(
                    str(oid),
                    bilingual(o["label"], f"{name}.{oid}"),
                    _matchers(o["patterns"], f"profile.yml: {name}.{oid}"),
                )
                for oid, o in spec["options"].items()
            }
            for name, spec in profile["fields"].items()
        }
        self.signals: Dict[str, Option] = {
            sid: Option(sid, s["label"], _matchers(s["patterns"], f"signals.{sid}"))
            for sid, s in profile["signals"].items()
        }
        self.challenges: Dict[str, Challenge] = {}
        for cid, c in read("challenges.yml")["challenges"].items():
            self.challenges[cid] = Challenge(
                cid,
                bilingual(c["label"], cid),
                _matchers(c["patterns"], f"challenges.yml: {cid}"),
                lack=bool(c.get("lack")),
                in_catalogue=bool(c["in_catalogue"]),
                model=c["model"],
                cases=tuple(
                    (x["case"], bilingual(x["why"], f"{cid}.{x['case']}")) for x in c["cases"]
                ),
            )
        self.kinds: Dict[str, CompanyKind] = {}
        for kid, k in read("company_kinds.yml")["kinds"].items():
            unknown = set(k["fits"]) - set(self.challenges)
            if unknown:
                raise KnowledgeError(
                    f"company_kinds.yml: {kid} fits unknown challenges {sorted(unknown)}"
                )
            self.kinds[kid] = CompanyKind(
                kid,
                bilingual(k["label"], kid),
                _matchers(k["patterns"], f"company_kinds.yml: {kid}"),
                db07=tuple(str(c) for c in k["db07"]),
                fits={ch: bilingual(why, f"{kid}.fits.{ch}") for ch, why in k["fits"].items()},
            )
        self.case_profiles: Dict[str, CaseProfile] = {
            cid: CaseProfile(cid, tuple(c["kinds"]), tuple(c["target_groups"]), c["model"])
            for cid, c in read("case_profiles.yml")["cases"].items()
        }
        for c in self.challenges.values():
            for case_id, _ in c.cases:
                if case_id not in self.case_profiles:
                    raise KnowledgeError(f"challenges.yml: {c.id} names unknown case {case_id}")

    # -- reading free text -------------------------------------------------

    def _negated(self, text: str, position: int, language: str) -> bool:
        before = re.findall(r"[\w']+", text[:position].lower())[-3:]
        return any(w in self.negations[language] for w in before)

    def _positions(
        self, option: Option, text: str, language: str, negatable: bool = True
    ) -> List[int]:
        found = option.matchers[language].find(text)
        if option.lack or not negatable:
            return found
        return [p for p in found if not self._negated(text, p, language)]

    def _first(
        self, options: Iterable[Option], text: str, language: str, negatable: bool = True
    ) -> Optional[str]:
        best: Optional[Tuple[int, str]] = None
        for option in options:
            positions = self._positions(option, text, language, negatable)
            if positions and (best is None or positions[0] < best[0]):
                best = (positions[0], option.id)
        return best[1] if best else None

    def is_skip(self, text: str, language: str) -> bool:
        """Whether the whole message says "don't know" / "skip"."""
        cleaned = " ".join(re.sub(r"[^\w' -]", " ", text.lower()).split())
        return bool(cleaned) and any(m.fullmatch(cleaned) for m in self.skip[language].patterns)

    def extract(self, text: str, language: str, company_names: Sequence[str] = ()) -> AreaProfile:
        """Everything ``text`` says about the area. Fields it does not mention
        stay ``None``. ``company_names`` are local companies (from the
        municipality's list) that may be named in the text."""
        profile = AreaProfile()
        lowered = text.lower()
        challenges = [
            (positions[0], c.id)
            for c in self.challenges.values()
            if (positions := self._positions(c, lowered, language))
        ]
        if challenges:
            profile.challenges = [cid for _, cid in sorted(challenges)]
        for name in ("area_type", "target_group", "company_csr", "driver", "resources"):
            setattr(
                profile,
                name,
                self._first(self.fields[name].values(), lowered, language, negatable=False),
            )
        profile.signals = [
            s.id for s in self.signals.values() if s.matchers[language].find(lowered)
        ]
        for name in company_names:
            if re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", lowered):
                profile.company_name = name
                break
        profile.company = self._first(self.kinds.values(), lowered, language)
        if profile.company is None and "no_company" in profile.signals:
            profile.company = NO_COMPANY
        return profile

    # -- planning questions --------------------------------------------------

    def questions(self, profile: AreaProfile) -> List[str]:
        """The fields still to ask, in order (CSR only when there is a company)."""
        wanted = []
        for name in self.ask_order:
            if profile.filled(name):
                continue
            if name == "company_csr" and not (
                profile.known("company") and profile.company != NO_COMPANY
            ):
                continue
            wanted.append(name)
        return wanted

    def next_question(self, profile: AreaProfile, asked: Sequence[str]) -> Optional[str]:
        """The next field to ask, or ``None`` when the interview is done: nothing
        is missing, or ``max_questions`` different questions have been asked."""
        for name in self.questions(profile):
            if name in asked or len(set(asked)) < self.max_questions:
                return name
        return None

    def answer(
        self, field_name: str, text: str, language: str, company_names: Sequence[str] = ()
    ) -> AreaProfile:
        """Reads the answer to the question about ``field_name``: whatever the
        text says (which may fill other fields too), or else a skip."""
        found = self.extract(text, language, company_names)
        if not found.filled(field_name) and self.is_skip(text, language):
            setattr(found, field_name, skipped_value(field_name))
        return found

    def read(
        self,
        text: str,
        intent: Optional[str],
        requested: Optional[str],
        language: str,
        company_names: Sequence[str] = (),
    ) -> AreaProfile:
        """One typed message during the interview, read as the answer to the
        question about ``requested`` (None: the message that starts it, read
        whole). The intent only helps where the words alone cannot decide
        ("ja"/"nej" to the CSR question, "nej" to "which company?"). A question or
        request that answers nothing is an interruption and reads as nothing
        (an empty profile): the rules answer it and the question comes back."""
        if requested is None:
            return self.extract(text, language, company_names)
        # Whatever the intent (short answers are hard to classify), read the text.
        found = self.answer(requested, text, language, company_names)
        if (
            requested == "company_csr"
            and intent in ("affirm", "deny")
            and not found.filled(requested)
        ):
            found.company_csr = "yes" if intent == "affirm" else "no"
        if requested == "company" and intent == "deny" and not found.filled(requested):
            found.company = NO_COMPANY
        if not any(found.filled(n) for n in FIELDS) and load_skill_cues().another_skill(
            text, language
        ):
            # "næste trin", "tilbage", "vis mig rådene trin for trin", "which companies
            # suit us?": a move in the guide or a request for another skill, not an answer.
            return AreaProfile()
        if (
            requested == "company"
            and not any(found.filled(n) for n in FIELDS)
            and 0 < len(text.split()) <= 6
            and not QUESTION.search(text.strip())
            and intent not in INTERRUPTIONS - {"out_of_scope", "ask_catalog"}
        ):
            # A bare company name: keep it, its kind stays unknown.
            found.company, found.company_name = SKIPPED, text.strip(" .!")
        if is_interruption(text, intent, found.filled(requested)):
            return AreaProfile()
        return found

    def from_entities(self, entities: Sequence[Dict]) -> AreaProfile:
        """Answers given by button payloads (``/inform{"target_group": "youth"}``):
        only known options count."""
        profile = AreaProfile()
        for entity in entities:
            name, value = entity.get("entity"), entity.get("value")
            if name == "challenges" and value in self.challenges:
                profile.challenges = (profile.challenges or []) + [value]
            elif name == "company" and (value in self.kinds or value in (NO_COMPANY, SKIPPED)):
                profile.company = value
            elif name in self.fields and value in self.fields[name]:
                setattr(profile, name, value)
        return profile


def load_interruptions(directory: Path = INTERVIEW_DIR) -> Dict:
    """knowledge/interview/interruptions.yml: what is answered mid-interview."""
    return yaml.safe_load((directory / "interruptions.yml").read_text(encoding="utf-8"))


# Intents that are requests rather than answers. During the interview the form
# lets them through (the rules answer them, then the question comes back) unless
# the text answers the question asked.
_INTERRUPTIONS = load_interruptions()
INTERRUPTIONS = (
    frozenset(_INTERRUPTIONS["answered_then_return"])
    | frozenset(_INTERRUPTIONS["ends_the_interview"])
    | frozenset(_INTERRUPTIONS["other_skills"])
)
# Intents under which a question-like text may still be an answer.
ANSWERING = frozenset({"describe_area", "start_interview", "affirm", "deny"})
# A question rather than an answer: a question mark, a question word
# (words.QUESTION_OPENERS), or one of the few verbs that open a question here. Fewer
# than words.QUESTION_VERBS on purpose: an answer to the interview may open with "har",
# "vil" or "var" ("har ingen virksomhed endnu", "vil gerne have de unge med").
QUESTION = re.compile(
    rf"\?\s*$|^({question_word()}|kan|må|er|skal|can|is|are|do|does|should)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    return bool(QUESTION.search(text.strip()))


def is_interruption(text: str, intent: Optional[str], answers_question: bool) -> bool:
    """Whether a message during the interview is a question or request to be
    handled first, rather than an answer. Questions are interruptions unless NLU
    took them for an area description; requests are, unless the text answers
    the question asked ("hej, det er de unge")."""
    if is_question(text):
        return intent not in ANSWERING or not answers_question
    return intent in INTERRUPTIONS and not answers_question


@functools.lru_cache(maxsize=None)
def load_interview(directory: Path = INTERVIEW_DIR) -> Interview:
    return Interview(directory)
