"""The partnership plan: a document for the first meeting with a company.

``build_plan`` gathers the content (area profile, recommended model and why,
matching cases, companies, what the company gains, a draft agreement following
advice 7 with blanks marked, the 12 steps as a checklist, sources);
``render_html`` (printable, Jinja2 with autoescaping: user text never becomes
markup) and ``render_markdown`` (user text escaped for Markdown) write it out.

Example:
    >>> from partnerskab.core.interview import AreaProfile
    >>> plan = build_plan(AreaProfile(challenges=["unrest"], company="security"), "da")
    >>> plan.model_name
    'den strategisk integrerede model'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import jinja2

from partnerskab.core import wording
from partnerskab.core.companies import Company
from partnerskab.core.guide import FIRST, LAST, Guide
from partnerskab.core.interview import SKIPPED, AreaProfile
from partnerskab.settings import ROOT

TEMPLATES = ROOT / "bot" / "web" / "templates"


@functools.lru_cache(maxsize=None)
def _texts() -> Dict:
    return wording.section("plan")


@dataclass
class Plan:
    language: str
    texts: Dict[str, Any]  # fixed texts (str) and "headings" (a dict)
    created: str
    profile: List[Tuple[str, Optional[str]]]  # (label, value or None = blank)
    model_name: str
    reasons: List[str]
    cases: List[Tuple[str, str, str]]  # (name, why, source)
    kinds: List[Tuple[str, str, str]]  # (label, DB07 codes, why)
    local: List[Tuple[str, str, str, str, str, Optional[str], bool]] = field(default_factory=list)
    have_list: bool = False
    gains: str = ""
    agreement: List[Tuple[str, str, bool]] = field(
        default_factory=list
    )  # (label, text, has a blank to fill)
    steps: List[Tuple[int, str, str]] = field(default_factory=list)  # (number, title, status)
    sources: List[str] = field(default_factory=list)


def build_plan(
    profile: AreaProfile,
    language: str,
    seen: Sequence[int] = (),
    current: Optional[int] = None,
    companies: Sequence[Company] = (),
    guide: Optional[Guide] = None,
    today: Optional[dt.date] = None,
) -> Plan:
    guide = guide or Guide.load()
    recommender, interview, kb = (
        guide.recommender,
        guide.recommender.interview,
        guide.recommender.kb,
    )
    raw = _texts()
    t = {k: v[language] for k, v in raw.items() if isinstance(v, dict) and language in v}
    t["headings"] = {k: v[language] for k, v in raw["headings"].items()}
    challenges = [c for c in (profile.challenges or []) if c != SKIPPED]
    result = recommender.recommend(profile, language, companies)
    sources: List[str] = []

    def cite(source: str) -> str:
        if source not in sources:
            sources.append(source)
        return source

    def option(name: str, value: Optional[str]) -> Optional[str]:
        if value in (None, SKIPPED):
            return None if value is None else t["skipped"]
        return (
            interview.fields[name][value].label[language]
            if value in interview.fields[name]
            else value
        )

    company = None
    if profile.company_name or profile.known("company"):
        kind = interview.kinds.get(profile.company or "")
        company = ", ".join(
            x for x in (profile.company_name, kind.label[language] if kind else None) if x
        )
    elif profile.company == "none":
        company = interview.signals["no_company"].label[language]
    rows = raw["profile_rows"]
    profile_rows = [
        (
            rows["challenges"][language],
            recommender.challenge_names(challenges, language) if challenges else None,
        ),
        (rows["target_group"][language], option("target_group", profile.target_group)),
        (rows["area_type"][language], option("area_type", profile.area_type)),
        (rows["company"][language], company),
        (rows["company_csr"][language], option("company_csr", profile.company_csr)),
        (rows["driver"][language], option("driver", profile.driver)),
        (rows["resources"][language], option("resources", profile.resources)),
    ]
    definition = kb.fact(recommender.wording["models"][result.model]["definition_fact"])
    cite(kb.source(definition, language))
    cases = [
        (name, why, cite(source)) for name, why, source in recommender.case_items(result, profile)
    ]
    kinds = recommender.kind_items(*recommender.shown_kinds(result, profile), language)
    local = [
        (
            comp.name,
            comp.city,
            comp.industry,
            comp.db07,
            why,
            comp.csr_url,
            comp.advertising_protected,
        )
        for comp, why in recommender.local_items(result.local, challenges, language)
    ]
    for number in (4, 7):
        cite(kb.source(kb.advice_step(number), language))
    fit = next(
        (
            interview.kinds[profile.company].fits[c][language]
            for c in challenges
            if profile.company in interview.kinds and c in interview.kinds[profile.company].fits
        ),
        "",
    )
    driver = option("driver", profile.driver)
    ag = raw["agreement_rows"]
    agreement = [
        (
            ag["goals"][language],
            raw["goals_from_challenges"][language].format(
                challenges=recommender.challenge_names(challenges, language)
            )
            if challenges
            else "",
            True,
        ),
        (ag["activities"][language], fit, not fit),
        (ag["success"][language], "", True),
        (
            ag["timeline"][language],
            option("resources", profile.resources) or "",
            profile.resources in (None, SKIPPED),
        ),
        (ag["budget"][language], "", True),
        (
            ag["responsibility"][language],
            raw["responsibility_known"][language].format(driver=driver)
            if driver and profile.driver != SKIPPED
            else raw["responsibility_unknown"][language],
            True,
        ),
    ]
    steps = []
    for n in range(FIRST, LAST + 1):
        status = t["step_current"] if n == current else (t["step_done"] if n in seen else "")
        steps.append((n, kb.advice_step(n).label[language], status))
    cite(kb.source(kb.advice_step(1), language))
    return Plan(
        language=language,
        texts=t,
        created=(today or dt.date.today()).isoformat(),
        profile=profile_rows,
        model_name=recommender.model_name(result.model, language),
        reasons=result.reasons,
        cases=cases,
        kinds=kinds,
        local=local,
        have_list=bool(companies),
        gains=guide.gains_text(profile, result.model, language),
        agreement=agreement,
        steps=steps,
        sources=sources,
    )


@functools.lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(plan: Plan) -> str:
    """Printable HTML; every value is escaped by Jinja2's autoescaping."""
    return _environment().get_template("plan.html.j2").render(plan=plan, t=plan.texts)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md(text: Optional[str]) -> str:
    """Escapes text for Markdown so that it stays text (no links, HTML or emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "").replace("\n", " ")


def render_markdown(plan: Plan) -> str:
    t = plan.texts
    blank = f"\\_\\_\\_ ({t['blank']})"
    out = [f"# {md(t['title'])}", "", md(t["intro"]), "", f"{md(t['created'])}: {plan.created}", ""]
    out += [f"## {md(t['headings']['profile'])}", ""]
    out += [f"- **{md(label)}:** {md(value) if value else blank}" for label, value in plan.profile]
    out += ["", f"## {md(t['headings']['model'])}", "", f"**{md(plan.model_name)}**", ""]
    out += [f"- {md(r)}" for r in plan.reasons]
    out += ["", f"## {md(t['headings']['cases'])}", ""]
    out += [f"- **{md(name)}:** {md(why)} ({md(source)})" for name, why, source in plan.cases]
    out += ["", f"## {md(t['headings']['companies'])}", ""]
    out += [f"- **{md(label)}** (DB07 {md(codes)}): {md(why)}" for label, codes, why in plan.kinds]
    out += ["", md(t["codes_note"]), ""]
    if plan.local:
        for name, city, industry, code, why, csr, protected in plan.local:
            extra = (f" CSR: {md(csr)}" if csr else "") + (
                f" **{md(t['protected'])}**" if protected else ""
            )
            out.append(
                f"- **{md(name)}**, {md(city)} – {md(industry)} (DB07 {md(code)}): {md(why)}{extra}"
            )
    elif not plan.have_list:
        out.append(md(t["no_local"]))
    out += ["", f"## {md(t['headings']['gains'])}", "", md(plan.gains), ""]
    out += [f"## {md(t['headings']['agreement'])}", ""]
    for label, text, open_field in plan.agreement:
        out.append(f"- **{md(label)}:** {md(text)}{(' ' + blank) if open_field else ''}")
    out += ["", f"## {md(t['headings']['steps'])}", ""]
    for _number, title, status in plan.steps:
        box = "x" if status == t["step_done"] else " "
        out.append(f"- [{box}] {md(title)}" + (f" – {md(status)}" if status else ""))
    out += ["", f"## {md(t['headings']['sources'])}", ""]
    out += [f"- {md(s)}" for s in plan.sources]
    out += ["", md(t["dated_note"]), ""]
    return "\n".join(out)
