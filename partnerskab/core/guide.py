"""The step-by-step guide through the catalogue's 12 pieces of advice.

Plain Python: understanding navigation ("næste", "gå til trin 5", "where am I"),
moving between steps, and the text of each step, tailored to what the interview
knows. Where the user is lives in Rasa slots (``guide_step``, ``guide_seen``), so
it is stored in the tracker store and survives restarts; nothing here keeps
per-conversation state.

Example:
    >>> guide = Guide.load()
    >>> guide.command("gå til trin 5", "da")
    Command(kind='goto', number=5)
    >>> guide.move(4, guide.command("næste", "da"))
    5
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import yaml

from partnerskab.core.interview import SKIPPED, AreaProfile
from partnerskab.core.knowledge import KNOWLEDGE_DIR, LANGUAGES, KnowledgeError
from partnerskab.core.recommender import Recommender
from partnerskab.core.words import said_numbers

GUIDE_DIR = KNOWLEDGE_DIR / "guide"
FIRST, LAST = 1, 12
COMMANDS = ("start", "next", "previous", "goto", "repeat", "where", "all", "stop")


@dataclass
class GuideState:
    """Where a user is in the guide (kept in slots): the current step, the steps
    seen, and whether the guide is running (false after "stop")."""

    current: Optional[int] = None
    seen: List[int] = field(default_factory=list)
    active: bool = False


@dataclass
class Outcome:
    """The result of one command: ``kind`` is one of "step" (show ``step``),
    "stopped", "what_next" (stop outside the guide), "overview", "where", "done"
    (next after the last step), "first" (previous at step 1) and "no_such_step";
    ``step`` is the step concerned, ``state`` the new state when it changed."""

    kind: str
    step: Optional[int] = None
    state: Optional[GuideState] = None


@dataclass(frozen=True)
class Command:
    kind: str  # one of COMMANDS
    number: Optional[int] = None  # for goto


class Guide:
    """Navigation vocabulary and step texts, loaded once."""

    def __init__(self, recommender: Recommender):
        self.recommender = recommender
        nav = yaml.safe_load((GUIDE_DIR / "navigation.yml").read_text(encoding="utf-8"))
        if list(nav["commands"]) != [
            "goto",
            "next",
            "previous",
            "repeat",
            "where",
            "all",
            "stop",
            "start",
        ]:
            raise KnowledgeError("navigation.yml: commands must be listed in matching order")
        self.patterns: Dict[str, Dict[str, List[re.Pattern]]] = {
            kind: {lang: [re.compile(p) for p in pats[lang]] for lang in LANGUAGES}
            for kind, pats in nav["commands"].items()
        }
        self.this_one: Dict[str, List[re.Pattern]] = {
            lang: [re.compile(p) for p in nav["this_one"][lang]] for lang in LANGUAGES
        }
        data = yaml.safe_load((GUIDE_DIR / "steps.yml").read_text(encoding="utf-8"))
        self.steps: Dict[int, Dict] = {int(n): s for n, s in data["steps"].items()}
        if sorted(self.steps) != list(range(FIRST, LAST + 1)):
            raise KnowledgeError("steps.yml: needs steps 1 to 12")
        self.gains: Dict[str, Dict] = data["gains"]

    @classmethod
    @functools.lru_cache(maxsize=None)
    def load(cls) -> "Guide":
        return cls(Recommender.load())

    # -- understanding ---------------------------------------------------------

    def number(self, text: str, language: str) -> Optional[int]:
        """The step number a message names: digits or a number word."""
        lowered = text.lower()
        digits = re.search(r"\b(\d{1,3})\b", lowered)
        if digits:
            return int(digits.group(1))
        said = said_numbers(lowered, language)
        return said[0].value if said else None

    def command(
        self, text: str, language: str, last_advice: Optional[int] = None
    ) -> Optional[Command]:
        """What a typed message asks the guide to do, or ``None``. ``last_advice``:
        the piece of advice answered just before, which a start that points at one
        thing ("tag mig igennem den", "walk me through it") starts at.

        Example:
            >>> Guide.load().command("Tag mig igennem den", "da", last_advice=2)
            Command(kind='goto', number=2)
        """
        lowered = " ".join(text.lower().split()).strip(" .!?")
        kind = next(
            (
                k
                for k, patterns in self.patterns.items()
                if any(p.search(lowered) for p in patterns[language])
            ),
            None,
        )
        if (
            kind in ("start", None)
            and last_advice is not None
            and any(p.search(lowered) for p in self.this_one[language])
        ):
            return Command("goto", last_advice)
        if kind is None:
            return None
        return Command(kind, self.number(lowered, language) if kind == "goto" else None)

    @staticmethod
    def move(current: Optional[int], command: Command) -> Optional[int]:
        """The step a command leads to, or ``None`` when it leads nowhere (a goto
        outside 1-12, "previous" at step 1, "next" after step 12)."""
        if command.kind == "goto":
            return (
                command.number
                if command.number is not None and FIRST <= command.number <= LAST
                else None
            )
        if current is None:
            return FIRST if command.kind in ("start", "next", "repeat", "where") else None
        if command.kind == "next":
            return current + 1 if current < LAST else None
        if command.kind == "previous":
            return current - 1 if current > FIRST else None
        return current  # start / repeat / where keep the place

    @staticmethod
    def handle(state: "GuideState", command: Command) -> "Outcome":
        """What one command does to where the user is: the outcome names the
        message to show; its ``state`` is the new place when it changed.

        Example:
            >>> Guide.handle(GuideState(12, [12], True), Command("next")).kind
            'done'
            >>> Guide.handle(GuideState(4, [1, 4], False), Command("start")).step  # coming back
            4
        """
        current, active = state.current, state.active
        if command.kind == "stop":
            if active and current:
                return Outcome("stopped", current, GuideState(current, state.seen, False))
            return Outcome("what_next")
        if command.kind == "all":
            return Outcome("overview", current)
        if command.kind == "where" and current:
            return Outcome("where", current)
        if not active and current and command.kind in ("start", "next", "repeat", "where"):
            target: Optional[int] = current  # coming back: continue where the user was
        else:
            target = Guide.move(current, command)
        if target is None:
            if command.kind == "next" and current == LAST:
                return Outcome("done", current)
            return Outcome("first" if command.kind == "previous" else "no_such_step", current)
        return Outcome("step", target, GuideState(target, sorted(set(state.seen) | {target}), True))

    # -- the text of a step ------------------------------------------------------

    def gains_text(self, profile: AreaProfile, model: Optional[str], language: str) -> str:
        known = set(profile.challenges or []) | {profile.target_group, profile.company, model}
        chosen = [
            g["text"][language]
            for g in self.gains.values()
            if g.get("always") or known & set(g.get("when") or [])
        ]
        return self.recommender.join(chosen, language)

    def tip(
        self, number: int, profile: AreaProfile, language: str, companies: Sequence = ()
    ) -> str:
        """The step's concrete tip, tailored where the interview knows enough."""
        step = self.steps[number]
        recommender = self.recommender
        challenges = [c for c in (profile.challenges or []) if c != SKIPPED]
        prefer = profile.company if profile.company in recommender.interview.kinds else None
        text = lambda key, **kw: step[key][language].format(**kw)  # noqa: E731
        if number == 1 and challenges:
            result = recommender.recommend(profile, language)
            return text(
                "tip_known",
                challenges=recommender.challenge_names(challenges, language),
                model=recommender.model_name(result.model, language),
            )
        if number == 2 and challenges:
            kinds = recommender.kinds_for(challenges, prefer)[:3]
            local = recommender.local_companies(companies, challenges, prefer)
            names = f" ({', '.join(c.name for c, _ in local)})" if local else ""
            kind = recommender.interview.kinds[kinds[0]] if kinds else None
            fit = next((kind.fits[c][language] for c in challenges if kind and c in kind.fits), "")
            return text(
                "tip_known",
                kinds=recommender.join(
                    [recommender.interview.kinds[k].label[language] for k in kinds], language
                ),
                local=names,
                fit=fit,
            )
        if number == 3 and (challenges or profile.company_name):
            local = recommender.local_companies(companies, challenges, prefer)
            candidates = [c.name for c, _ in local] or (
                [profile.company_name]
                if profile.company_name
                else [
                    recommender.interview.kinds[k].label[language]
                    for k in recommender.kinds_for(challenges, prefer)[:3]
                ]
            )
            csr = (
                recommender.wording["reasons"]["csr_yes"][language]
                if profile.company_csr == "yes"
                else recommender.wording["reasons"]["csr_unknown"][language]
            )
            return text("tip_known", candidates=recommender.join(candidates, language), csr=csr)
        if number == 4:
            model = (
                recommender.recommend(profile, language).model
                if (challenges or profile.known("company"))
                else None
            )
            return text("tip", gains=self.gains_text(profile, model, language))
        if number == 5 and challenges:
            return text("tip_known", challenges=recommender.challenge_names(challenges, language))
        if number == 6 and profile.resources in ("small", "large"):
            return text(f"tip_{profile.resources}")
        if number == 8 and profile.driver is not None and profile.known("driver"):
            return text(
                "tip_known",
                driver=recommender.interview.fields["driver"][profile.driver].label[language],
            )
        return text("tip")

    def step(
        self, number: int, profile: AreaProfile, language: str, companies: Sequence = ()
    ) -> Dict[str, str]:
        """The variables of the domain response ``utter_guide_step``."""
        fact = self.recommender.kb.advice_step(number)
        return {
            "number": str(number),
            "title": fact.label[language],
            "what": fact.answer[language],
            "why": self.steps[number]["why"][language],
            "tip": self.tip(number, profile, language, companies),
            "source": self.recommender.kb.source(fact, language),
        }

    def overview(self, current: Optional[int], seen: Sequence[int], language: str) -> str:
        """All 12 steps as a checklist: seen steps ticked, the current one marked."""
        lines = []
        for n in range(FIRST, LAST + 1):
            mark = "→" if n == current else ("✓" if n in seen else "·")
            lines.append(f"{mark} {self.recommender.kb.advice_step(n).label[language]}")
        return "\n".join(lines)
