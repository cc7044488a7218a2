"""Which partnership model to aim for, with which companies, and why.

The decision is a transparent points table (README, "How the recommendation is
made"), grounded in the catalogue's definitions of the two models (p. 8):

=========================================================  ==========  =======
What we know                                               strategic   add-on
=========================================================  ==========  =======
the company's kind has a core business that fits one of        +3
the challenges (company_kinds.yml ``fits``)
a company is known, but its kind fits none of the                          +3
challenges (or its kind is not one we know)
the company has a CSR strategy (CSR relates social             +1
responsibility to the company's core competences)
the user says the activity builds on the company's trade       +2
the user says the engagement springs from staff or                         +1
management wanting to help
no company yet: per challenge, the model its catalogue        +2 or       +2
examples point to (challenges.yml ``model``)
=========================================================  ==========  =======

The higher total wins; a tie goes to the strategically integrated model, which
advice 3 asks the municipality to look for ("virksomheder, hvis profil og
kerneydelser er relevante"). Every point comes with the sentence that explains it.

Example:
    >>> from partnerskab.core.interview import load_interview
    >>> interview = load_interview()
    >>> text = "We have lots of vandalism; a security company offered to help."
    >>> profile = interview.extract(text, "en")
    >>> Recommender.load().recommend(profile, "en").model
    'strategic'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from partnerskab.core import wording
from partnerskab.core.companies import Company
from partnerskab.core.interview import NO_COMPANY, SKIPPED, AreaProfile, Interview, load_interview
from partnerskab.core.knowledge import Knowledge, load_knowledge
from partnerskab.core.wording import t

STRATEGIC, ADD_ON = "strategic", "add_on"
# The points table (module docstring and README): what each finding adds to a model.
FIT_POINTS = 3  # the company's core business fits a challenge (strategic), or fits none (add-on)
CSR_POINTS = (
    1  # the company has a CSR strategy: CSR ties social work to core competences (strategic)
)
NO_COMPANY_POINTS = 2  # no company yet: per challenge, the model its catalogue examples used
SIGNAL_POINTS = {
    "core_business": 2,
    "staff_wish": 1,
}  # what the user says the engagement springs from
# Ranking cases: a challenge's cases in the catalogue's order weigh 1, 0.7 and 0.5
# (earlier challenges weigh more); then shared traits add a little, enough to
# break ties but never to outweigh a shared challenge.
CASE_RANK_WEIGHTS = (1.0, 0.7, 0.5)
CASE_SAME_TARGET_GROUP, CASE_SAME_COMPANY_KIND, CASE_SAME_MODEL = 0.3, 0.4, 0.2
# Kinds of companies and local companies: the kind the user named comes first;
# among local companies, one of that kind or with a published CSR page ranks higher.
PREFERRED_KIND_BONUS = 10.0
LOCAL_PREFERRED_KIND, LOCAL_WITH_CSR_PAGE = 0.5, 0.3
MAX_CASES = 3
MIN_CASE_SCORE = 0.3
MAX_KINDS = 4
MAX_LOCAL = 3
# The chat shows the recommendation as a short sequence of messages, none longer
# than about CHAT_LIMIT characters; the plan (partnerskab.core.plan) holds everything.
CHAT_LIMIT = 700
LINES_BUDGET = 560  # for the lines of one message, leaving room for its heading
HEADLINE_REASONS = 2  # the strongest reasons in the headline, then the catalogue's definition
HEADLINE_BUDGET = 620  # its heading ("**Recommendation: …**\n\nWhy:") takes the rest


@dataclass
class Recommendation:
    model: str
    language: str
    points: Dict[str, int]
    reasons: List[str]
    cases: List[Tuple[str, float]]  # (case id, score), best first
    kinds: List[str]  # company kind ids, best first
    steps: List[int]  # advice numbers
    local: List[Tuple[Company, List[str]]] = field(default_factory=list)  # (company, fitting kinds)
    not_in_catalogue: List[str] = field(default_factory=list)
    strengths: List[int] = field(
        default_factory=list
    )  # points each reason gave, parallel to reasons


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ„'\"])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a full stop before a capital letter ends
    it, so "bl.a. med" does not)."""
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def chunk_lines(lines: Sequence[str], budget: int = LINES_BUDGET) -> List[List[str]]:
    """Lines in groups of at most ``budget`` characters (a longer line alone)."""
    chunks: List[List[str]] = []
    current: List[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > budget:
            chunks.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        chunks.append(current)
    return chunks


def _known_challenges(profile: AreaProfile) -> List[str]:
    return [c for c in (profile.challenges or []) if c != SKIPPED]


class Recommender:
    """The decision and its wording; knowledge and interview vocabulary loaded once."""

    def __init__(self, kb: Knowledge, interview: Interview):
        self.kb = kb
        self.interview = interview
        self.wording = wording.section("recommendation")

    @classmethod
    @functools.lru_cache(maxsize=None)
    def load(cls) -> "Recommender":
        return cls(load_knowledge(), load_interview())

    def _w(self, group: str, key: str, language: str, **values) -> str:
        return self.wording[group][key][language].format(**values)

    def join(self, items: Sequence[str], language: str) -> str:
        items = list(items)
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.wording['lines']['and'][language]} " + items[-1]

    def codes_note(self, language: str) -> str:
        return self._w("lines", "codes_note", language)

    def model_name(self, model: str, language: str) -> str:
        return self.wording["models"][model]["name"][language]

    def company_label(self, profile: AreaProfile, language: str) -> str:
        kind = self.interview.kinds.get(profile.company or "")
        label = kind.label[language] if kind else ""
        if profile.company_name:
            return f"{profile.company_name}, {label}" if label else profile.company_name
        return label

    # -- the decision ---------------------------------------------------------

    def decide(self, profile: AreaProfile, language: str) -> Tuple[str, Dict[str, int], List[str]]:
        model, points, weighted = self.weighed(profile, language)
        return model, points, [text for text, _ in weighted]

    def weighed(
        self, profile: AreaProfile, language: str
    ) -> Tuple[str, Dict[str, int], List[Tuple[str, int]]]:
        """The model, its points and every reason with the points it gave (0 for
        advice and context; the catalogue's definition of the model comes last)."""
        points = {STRATEGIC: 0, ADD_ON: 0}
        reasons: List[Tuple[str, int]] = []
        challenges = _known_challenges(profile)
        has_company = profile.known("company") and profile.company != NO_COMPANY
        if has_company:
            kind = self.interview.kinds.get(profile.company or "")
            fitting = [c for c in challenges if kind and c in kind.fits]
            company = self.company_label(profile, language)
            if kind and fitting:
                points[STRATEGIC] += FIT_POINTS
                reasons.append(
                    (
                        self._w(
                            "reasons",
                            "fit",
                            language,
                            company=company,
                            challenge=self.interview.challenges[fitting[0]].label[language],
                            why=kind.fits[fitting[0]][language],
                        ),
                        FIT_POINTS,
                    )
                )
            elif challenges:
                points[ADD_ON] += FIT_POINTS
                reasons.append(
                    (
                        self._w(
                            "reasons",
                            "no_fit",
                            language,
                            company=company,
                            challenge=self.join(
                                [self.interview.challenges[c].label[language] for c in challenges],
                                language,
                            ),
                        ),
                        FIT_POINTS,
                    )
                )
            else:
                reasons.append((self._w("reasons", "no_challenge", language), 0))
            if profile.company_csr == "yes":
                points[STRATEGIC] += CSR_POINTS
                reasons.append((self._w("reasons", "csr_yes", language), CSR_POINTS))
            else:
                reasons.append((self._w("reasons", "csr_unknown", language), 0))
        elif challenges:
            first = self.interview.challenges[challenges[0]]
            for cid in challenges:
                points[self.interview.challenges[cid].model] += NO_COMPANY_POINTS
            if first.model == STRATEGIC:
                kinds = [
                    self.interview.kinds[k].label[language] for k in self.kinds_for([first.id])[:3]
                ]
                reasons.append(
                    (
                        self._w(
                            "reasons",
                            "no_company_strategic",
                            language,
                            challenge=first.label[language],
                            kinds=self.join(kinds, language),
                        ),
                        NO_COMPANY_POINTS,
                    )
                )
            else:
                reasons.append(
                    (
                        self._w(
                            "reasons",
                            "no_company_add_on",
                            language,
                            challenge=first.label[language],
                        ),
                        NO_COMPANY_POINTS,
                    )
                )
        for signal, model in (("core_business", STRATEGIC), ("staff_wish", ADD_ON)):
            weight = SIGNAL_POINTS[signal]
            if signal in profile.signals and has_company:
                points[model] += weight
                reasons.append(
                    (
                        self._w(
                            "reasons",
                            "signal",
                            language,
                            signal=self.interview.signals[signal].label[language],
                        ),
                        weight,
                    )
                )
        if not has_company and not challenges:
            reasons.append((self._w("reasons", "nothing_known", language), 0))
        model = ADD_ON if points[ADD_ON] > points[STRATEGIC] else STRATEGIC
        definition = self.kb.fact(self.wording["models"][model]["definition_fact"])
        reasons.append(
            (
                self._w(
                    "reasons",
                    "definition",
                    language,
                    definition=definition.answer[language],
                    source=self.kb.source(definition, language),
                ),
                0,
            )
        )
        return model, points, reasons

    # -- what goes with it ---------------------------------------------------

    def kinds_for(self, challenges: Sequence[str], prefer: Optional[str] = None) -> List[str]:
        """Company kinds whose core business fits the challenges, best first
        (earlier challenges weigh more; the kind the user named comes first)."""
        scores: Dict[str, float] = {}
        for rank, cid in enumerate(challenges):
            for kind in self.interview.kinds.values():
                if cid in kind.fits:
                    scores[kind.id] = scores.get(kind.id, 0) + 1.0 / (rank + 1)
        if prefer in scores:
            scores[prefer] += PREFERRED_KIND_BONUS
        order = list(self.interview.kinds)
        return sorted(scores, key=lambda k: (-scores[k], order.index(k)))

    def rank_cases(self, profile: AreaProfile, model: str) -> List[Tuple[str, float]]:
        scores: Dict[str, float] = {cid: 0.0 for cid in self.interview.case_profiles}
        for rank, cid in enumerate(_known_challenges(profile)):
            for position, (case_id, _) in enumerate(self.interview.challenges[cid].cases):
                scores[case_id] += CASE_RANK_WEIGHTS[min(position, 2)] / (rank + 1)
        for case_id, case in self.interview.case_profiles.items():
            if profile.target_group in case.target_groups:
                scores[case_id] += CASE_SAME_TARGET_GROUP
            if profile.company in case.kinds:
                scores[case_id] += CASE_SAME_COMPANY_KIND
            if case.model == model:
                scores[case_id] += CASE_SAME_MODEL
        order = list(self.interview.case_profiles)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
        chosen = [(c, round(s, 3)) for c, s in ranked if s >= MIN_CASE_SCORE][:MAX_CASES]
        return chosen or [(c, round(s, 3)) for c, s in ranked[:1]]

    def steps(self, profile: AreaProfile) -> List[int]:
        plan = self.wording["next_steps"]
        if not profile.known("company") or profile.company == NO_COMPANY:
            return list(plan["no_company"])
        return list(plan["company_with_csr" if profile.company_csr == "yes" else "company"])

    def local_companies(
        self, companies: Sequence[Company], challenges: Sequence[str], prefer: Optional[str] = None
    ) -> List[Tuple[Company, List[str]]]:
        """Companies from the municipality's list whose industry fits, best first."""
        scored = []
        for company in companies:
            kinds = [k.id for k in self.interview.kinds.values() if k.matches_code(company.db07)]
            fitting = [
                k for k in kinds if any(c in self.interview.kinds[k].fits for c in challenges)
            ]
            if not fitting:
                continue
            score = sum(
                1.0 / (r + 1)
                for r, c in enumerate(challenges)
                if any(c in self.interview.kinds[k].fits for k in fitting)
            )
            score += LOCAL_PREFERRED_KIND if prefer in fitting else 0
            score += LOCAL_WITH_CSR_PAGE if company.csr_url else 0
            scored.append((-score, company.line, company, fitting))
        return [(c, f) for _, _, c, f in sorted(scored, key=lambda t: (t[0], t[1]))[:MAX_LOCAL]]

    def recommend(
        self, profile: AreaProfile, language: str, companies: Sequence[Company] = ()
    ) -> Recommendation:
        model, points, weighted = self.weighed(profile, language)
        challenges = _known_challenges(profile)
        missing = [c for c in challenges if not self.interview.challenges[c].in_catalogue]
        for cid in missing[:1]:
            # said first and always in the headline: the catalogue has no example for it
            weighted.insert(
                0,
                (
                    self._w(
                        "reasons",
                        "not_in_catalogue",
                        language,
                        challenge=self.interview.challenges[cid].label[language],
                    ),
                    10,
                ),
            )
        reasons = [text for text, _ in weighted]
        prefer = profile.company if profile.company in self.interview.kinds else None
        return Recommendation(
            model=model,
            language=language,
            points=points,
            reasons=reasons,
            cases=self.rank_cases(profile, model),
            kinds=self.kinds_for(challenges, prefer)[:MAX_KINDS],
            steps=self.steps(profile),
            local=self.local_companies(companies, challenges, prefer),
            not_in_catalogue=missing,
            strengths=[weight for _, weight in weighted],
        )

    # -- wording ---------------------------------------------------------------

    def case_items(
        self, recommendation: Recommendation, profile: AreaProfile
    ) -> List[Tuple[str, str, str]]:
        """(name, why it matches, source) of each recommended case: the challenge's
        own line where one fits, else the case's summary."""
        items = []
        for case_id, _ in recommendation.cases:
            summary = self.kb.fact(f"{case_id}.summary")
            why = next(
                (
                    w[recommendation.language]
                    for cid in _known_challenges(profile)
                    for c, w in self.interview.challenges[cid].cases
                    if c == case_id
                ),
                summary.answer[recommendation.language],
            )
            items.append(
                (
                    self.kb.topics[case_id].name[recommendation.language],
                    why,
                    self.kb.source(summary, recommendation.language),
                )
            )
        return items

    def case_lines(self, recommendation: Recommendation, profile: AreaProfile) -> List[str]:
        return [
            self._w("lines", "case", recommendation.language, name=name, why=why, source=source)
            for name, why, source in self.case_items(recommendation, profile)
        ]

    def shown_kinds(
        self, recommendation: Recommendation, profile: AreaProfile
    ) -> Tuple[List[str], List[str]]:
        """The company kinds to show and the challenges that explain them; with no
        challenge known, kinds for every challenge."""
        challenges = _known_challenges(profile)
        kinds = recommendation.kinds or self.kinds_for(list(self.interview.challenges))[:MAX_KINDS]
        return kinds, challenges or list(self.interview.challenges)

    def kind_items(
        self, kinds: Sequence[str], challenges: Sequence[str], language: str
    ) -> List[Tuple[str, str, str]]:
        """(label, DB07 codes, why) of each kind, explained by the first challenge it fits."""
        items = []
        for kid in kinds:
            kind = self.interview.kinds[kid]
            cid = next(c for c in challenges if c in kind.fits)
            items.append((kind.label[language], ", ".join(kind.db07), kind.fits[cid][language]))
        return items

    def kind_lines(
        self, kinds: Sequence[str], challenges: Sequence[str], language: str
    ) -> List[str]:
        return [
            self._w(
                "lines", "kind", language, label=label[:1].upper() + label[1:], codes=codes, why=why
            )
            for label, codes, why in self.kind_items(kinds, challenges, language)
        ]

    def local_items(
        self, local: Sequence[Tuple[Company, List[str]]], challenges: Sequence[str], language: str
    ) -> List[Tuple[Company, str]]:
        """(company, why it fits) of each local company, by its first fitting kind."""
        items = []
        for company, kinds in local:
            kind = self.interview.kinds[kinds[0]]
            cid = next(c for c in challenges if c in kind.fits)
            items.append((company, kind.fits[cid][language]))
        return items

    def step_lines(self, steps: Sequence[int], language: str, short: bool = False) -> List[str]:
        """One line per piece of advice: its number in the list, its title and
        its source (the short page reference in the chat, the full one in the plan)."""
        lines = []
        for n, number in enumerate(steps, start=1):
            fact = self.kb.advice_step(number)
            source = self.page_ref(fact, language) if short else self.kb.source(fact, language)
            lines.append(
                self._w("lines", "step", language, n=n, label=fact.label[language], source=source)
            )
        return lines

    def local_text(
        self,
        local: Sequence[Tuple[Company, List[str]]],
        challenges: Sequence[str],
        language: str,
        have_list: bool,
    ) -> str:
        if not have_list:
            return self._w("lines", "no_list", language)
        if not local:
            return self._w("lines", "local_none", language)
        lines = [self._w("lines", "local_header", language)]
        for company, why in self.local_items(local, challenges, language):
            lines.append(
                self._w(
                    "lines",
                    "local",
                    language,
                    name=company.name,
                    city=company.city,
                    industry=company.industry,
                    code=company.db07,
                    why=why,
                    csr=self._w("lines", "local_csr", language, url=company.csr_url)
                    if company.csr_url
                    else "",
                    protected=self._w("lines", "local_protected", language)
                    if company.advertising_protected
                    else "",
                )
            )
        return "\n".join(lines)

    def render(
        self, recommendation: Recommendation, profile: AreaProfile, have_list: bool
    ) -> Dict[str, str]:
        """The variables of the domain response ``utter_recommendation``."""
        language = recommendation.language
        challenges = _known_challenges(profile)
        kinds, basis = self.shown_kinds(recommendation, profile)
        return {
            "model_name": self.model_name(recommendation.model, language),
            "reasons": "\n".join(recommendation.reasons),
            "cases": "\n".join(self.case_lines(recommendation, profile)),
            "kinds": "\n".join(self.kind_lines(kinds, basis, language)),
            "codes_note": self.codes_note(language),
            "local": self.local_text(recommendation.local, challenges, language, have_list)
            if (challenges or not have_list)
            else "",
            "steps": "\n".join(self.step_lines(recommendation.steps, language)),
        }

    def challenge_names(self, challenges: Sequence[str], language: str) -> str:
        names = [
            self.interview.challenges[c].label[language]
            for c in challenges
            if c in self.interview.challenges
        ]
        return self.join(names, language) or self.wording["lines"]["unknown_challenge"][language]

    # -- the chat: a short sequence of messages ------------------------------------

    def page_ref(self, fact, language: str) -> str:
        """A short source for a chat line ("Idékataloget, s. 24-25" / "idea
        catalogue, p. 24-25"); the plan and catalogue answers give the full one."""
        pages = self.kb.sections[fact.section].pages()
        if pages is None:
            return self.kb.source(fact, language)
        return t("source.short", language, pages=pages)

    def headline_reasons(self, recommendation: Recommendation) -> List[str]:
        """The strongest reasons (at most HEADLINE_REASONS, by points, in their
        own order) and the catalogue's definition of the model with a short source."""
        language = recommendation.language
        strengths = recommendation.strengths or [0] * len(recommendation.reasons)
        body = list(range(len(recommendation.reasons) - 1))  # the last reason is the definition
        strong = sorted((i for i in body if strengths[i] > 0), key=lambda i: (-strengths[i], i))[
            :HEADLINE_REASONS
        ]
        chosen = sorted(strong) or body[:1]
        definition = self.kb.fact(self.wording["models"][recommendation.model]["definition_fact"])
        closing = self._w(
            "reasons",
            "definition",
            language,
            definition=definition.answer[language],
            source=self.page_ref(definition, language),
        )
        lines = [recommendation.reasons[i] for i in chosen] + [closing]
        while len(lines) > 2 and sum(len(line) + 3 for line in lines) > HEADLINE_BUDGET:
            weakest = min(chosen[1:], key=lambda i: (strengths[i], -i))
            chosen.remove(weakest)
            lines = [recommendation.reasons[i] for i in chosen] + [closing]
        return lines

    def short_case_lines(self, recommendation: Recommendation, profile: AreaProfile) -> List[str]:
        """One line per case: its name, the first sentence of why it matches, the pages."""
        return [
            self._w(
                "lines",
                "case",
                recommendation.language,
                name=f"**{name}**",
                why=first_sentence(why),
                source=self.page_ref(self.kb.fact(f"{case_id}.summary"), recommendation.language),
            )
            for (case_id, _), (name, why, _) in zip(
                recommendation.cases, self.case_items(recommendation, profile)
            )
        ]

    def short_step_lines(self, steps: Sequence[int], language: str) -> List[str]:
        return self.step_lines(steps, language, short=True)

    def local_messages(
        self,
        local: Sequence[Tuple[Company, List[str]]],
        challenges: Sequence[str],
        language: str,
        have_list: bool,
    ) -> List[str]:
        """The local companies as one or more short messages (the header on the first)."""
        text = self.local_text(local, challenges, language, have_list)
        if not have_list or not local:
            return [text]
        header, *lines = text.split("\n")
        chunks = chunk_lines(lines)
        return [
            ("**" + header + "**\n" if n == 0 else "") + "\n".join(chunk)
            for n, chunk in enumerate(chunks)
        ]

    def kind_messages(
        self,
        kinds: Sequence[str],
        challenges: Sequence[str],
        language: str,
        budget: int = LINES_BUDGET,
    ) -> List[Dict[str, str]]:
        """Variables of one or more kind messages; the DB07 note on the last."""
        chunks = chunk_lines(self.kind_lines(kinds, challenges, language), budget)
        return [
            {
                "kinds": "\n".join(chunk),
                "codes_note": self.codes_note(language) if n == len(chunks) - 1 else "",
            }
            for n, chunk in enumerate(chunks)
        ]

    def chat_messages(
        self, recommendation: Recommendation, profile: AreaProfile, have_list: bool
    ) -> List[Tuple[str, Dict[str, str]]]:
        """The recommendation as a short sequence of (domain response, variables):
        the headline with the model and the strongest reasons, the cases, the company
        kinds, the local companies and the next steps, in this order in both languages."""
        language = recommendation.language
        challenges = _known_challenges(profile)
        kinds, basis = self.shown_kinds(recommendation, profile)
        out: List[Tuple[str, Dict[str, str]]] = [
            (
                "utter_recommendation",
                {
                    "model_name": self.model_name(recommendation.model, language),
                    "reasons": "\n".join("- " + r for r in self.headline_reasons(recommendation)),
                },
            ),
        ]
        out += [
            ("utter_recommendation_cases", {"cases": "\n".join(chunk)})
            for chunk in chunk_lines(self.short_case_lines(recommendation, profile))
        ]
        out += [
            ("utter_recommendation_kinds", v) for v in self.kind_messages(kinds, basis, language)
        ]
        if challenges or not have_list:
            out += [
                ("utter_recommendation_local", {"local": text})
                for text in self.local_messages(
                    recommendation.local, challenges, language, have_list
                )
            ]
        out.append(
            (
                "utter_recommendation_steps",
                {"steps": "\n".join(self.short_step_lines(recommendation.steps, language))},
            )
        )
        return out

    def suggestion_messages(
        self,
        kinds: Sequence[str],
        challenges: Sequence[str],
        local: Sequence[Tuple[Company, List[str]]],
        language: str,
        have_list: bool,
    ) -> List[Tuple[str, Dict[str, str]]]:
        """ "Which companies suit our area?" as a short sequence: the kinds, the
        local companies, then advice 2 and 3."""
        names = self.challenge_names(challenges, language)
        out = [
            ("utter_company_suggestions", {"challenges": names, **v})
            for v in self.kind_messages(kinds, challenges, language, LINES_BUDGET - len(names))
        ]
        out += [
            ("utter_company_local", {"local": text})
            for text in self.local_messages(local, challenges, language, have_list)
        ]
        out.append(
            ("utter_company_steps", {"steps": "\n".join(self.short_step_lines([2, 3], language))})
        )
        return out
