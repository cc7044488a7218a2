"""Long answers come as short messages: the recommendation, the company
suggestions and the guide steps, rendered through the domain's own response
texts, never exceed ~700 characters, in the same order in both languages; the
plan still holds everything (no Rasa server; the domain read as Rasa merges bot/domain/)."""

from __future__ import annotations

import itertools
import re

import pytest

from partnerskab.core.guide import Guide
from partnerskab.core.interview import NO_COMPANY, AreaProfile
from partnerskab.core.plan import build_plan, render_markdown
from partnerskab.core.recommender import CHAT_LIMIT, chunk_lines
from partnerskab.core.wording import t
from tests.conftest import load_domain

DOMAIN = load_domain()


def template(name: str, language: str) -> str:
    variations = DOMAIN["responses"][name]
    for v in variations:
        if any(c.get("value") == language for c in v.get("condition") or []):
            return v["text"]
    return next(v["text"] for v in variations if not v.get("condition"))


def rendered(parts, language):
    return [(name, template(name, language).format(**values)) for name, values in parts]


def profiles(rec):
    """Every challenge alone and the in-catalogue ones in pairs, with no company,
    each company kind (with and without CSR, with a staff-wish and a core-business
    signal) and an unknown company."""
    challenges = list(rec.interview.challenges)
    sets = (
        [[c] for c in challenges]
        + [list(p) for p in itertools.combinations(challenges, 2)][:12]
        + [[]]
    )
    kinds = list(rec.interview.kinds) + [NO_COMPANY, None]
    for n, (chosen, kind) in enumerate(itertools.product(sets, kinds)):
        profile = AreaProfile(
            challenges=chosen or None, company=kind, target_group="youth" if n % 2 else None
        )
        profile.company_csr = "yes" if n % 3 == 0 and kind else None
        profile.signals = [["staff_wish"], ["core_business"], []][n % 3]
        yield profile


def test_chunk_lines_keeps_every_line_in_order():
    lines = [f"line {n} " + "x" * (n * 37 % 200) for n in range(40)]
    chunks = chunk_lines(lines, budget=300)
    assert [line for chunk in chunks for line in chunk] == lines
    assert all(sum(len(x) + 1 for x in chunk) <= 300 or len(chunk) == 1 for chunk in chunks)
    assert len(chunks) > 5


@pytest.mark.parametrize("have_list", [True, False])
def test_recommendation_is_a_short_sequence_in_both_languages(rec, companies, have_list):
    longest, count = 0, 0
    for profile in profiles(rec):
        names = {}
        for language in ("da", "en"):
            result = rec.recommend(profile, language, companies if have_list else ())
            messages = rendered(rec.chat_messages(result, profile, have_list), language)
            # the same kinds of message in the same order (a long part may take two messages)
            names[language] = [name for name, _ in itertools.groupby(n for n, _ in messages)]
            for name, text in messages:
                assert len(text) <= CHAT_LIMIT, (profile, name, len(text), text)
                assert (
                    "{" not in text
                    and "Kilde: Idékataloget" not in text
                    and "Source: the idea" not in text
                )
                longest = max(longest, len(text))
            count += 1
            first = messages[0][1]
            assert first.startswith("**Anbefaling: " if language == "da" else "**Recommendation: ")
            assert rec.model_name(result.model, language) in first
            assert 2 <= first.count("\n- ") <= 1 + 2 + 1  # strongest reasons and the definition
        assert names["da"] == names["en"], profile
        assert names["da"][:3] == [
            "utter_recommendation",
            "utter_recommendation_cases",
            "utter_recommendation_kinds",
        ]
        assert names["da"][-1] == "utter_recommendation_steps"
    assert count > 100 and longest > 300


def test_headline_keeps_the_strongest_reasons_and_the_plan_keeps_all(rec, companies):
    profile = AreaProfile(
        challenges=["unrest", "leisure"],
        company="security",
        company_csr="yes",
        signals=["core_business"],
    )
    result = rec.recommend(profile, "da", companies)
    headline = rendered(rec.chat_messages(result, profile, True), "da")[0][1]
    assert result.reasons[0] in headline  # the company fits the challenge: +3
    assert "Kataloget om modellen:" in headline  # the catalogue's definition, short source
    assert re.search(r"\(Idékataloget, s\. \d+-\d+\)$", headline)
    markdown = render_markdown(build_plan(profile, "da", [], None, companies))
    plain = markdown.replace("\\", "")
    assert (
        len(result.reasons) == 4 and headline.count("\n- ") == 3
    )  # two strongest of three, and the definition
    for reason in result.reasons:
        assert reason in plain  # every reason is in the plan
    for company, _ in result.local:
        assert company.name in markdown


def test_not_covered_challenge_stays_in_the_headline(rec):
    profile = AreaProfile(
        challenges=[c for c, v in rec.interview.challenges.items() if not v.in_catalogue][:1],
        company="retail_food",
        signals=["staff_wish"],
    )
    result = rec.recommend(profile, "en")
    headline = rendered(rec.chat_messages(result, profile, False), "en")[0][1]
    assert "The catalogue has no case directly about" in headline


def test_company_suggestions_are_short(rec, companies):
    for challenges in [[c] for c in rec.interview.challenges] + [
        list(rec.interview.challenges)[:3]
    ]:
        for language in ("da", "en"):
            kinds = rec.kinds_for(challenges)[:4]
            local = rec.local_companies(companies, challenges)
            messages = rendered(
                rec.suggestion_messages(kinds, challenges, local, language, True), language
            )
            assert messages[-1][0] == "utter_company_steps"
            assert all(len(text) <= CHAT_LIMIT for _, text in messages), [
                len(t) for _, t in messages
            ]


def test_guide_steps_are_two_short_messages(rec, companies):
    guide = Guide.load()
    profile = AreaProfile(
        challenges=["unrest", "leisure", "image"],
        company="security",
        company_csr="yes",
        target_group="youth",
        resources="small",
        driver=next(iter(rec.interview.fields["driver"])),
    )
    for language in ("da", "en"):
        for number in range(1, 13):
            values = guide.step(number, profile, language, companies)
            for name in ("utter_guide_step", "utter_guide_tip"):
                text = template(name, language).format(**values)
                assert len(text) <= CHAT_LIMIT, (number, name, len(text))


def test_every_catalogue_answer_is_short(store):
    """Catalogue answers as the chat shows them (with the 2010 note where it applies)."""
    longest = 0
    for fact_id in store.kb.facts:
        for language in ("da", "en"):
            reply = store.reply("", language, fact_id=fact_id)
            if reply.response not in ("utter_catalog_answer", "utter_catalog_answer_dated"):
                continue
            text = template(reply.response, language).format(
                answer=reply.answer, source=reply.source
            )
            assert len(text) <= CHAT_LIMIT, (fact_id, language, len(text))
            longest = max(longest, len(text))
    assert longest > 400


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_partial_reply_is_short(store, language):
    """A detail the catalogue does not give: the lead, the nearest fact and its source
    (and the 2010 note) as the chat shows them, for every fact that could be the
    nearest and every kind of missing detail; a fact too long to follow the lead is
    passed over for the next."""
    from partnerskab.core.answering import partial_response
    from partnerskab.core.retrieval import Hit, Retrieval

    kinds = [k for k in (*store.retriever.type_order, "name", "unknown_year", "later")]
    passed_over = 0
    for fact in store.kb.facts.values():
        for kind in kinds:
            found = Retrieval(
                language, [Hit(fact, 2.0)], 0.6, named=[fact.topic], missing=(kind, "Odense")
            )
            nearest = store.nearest_to_missing(found, language)
            if nearest is None:
                passed_over += kind not in store.retriever.fact_types[fact.id]
                continue
            reply = store.answer_fact(nearest, language)
            response = partial_response(nearest, kind)
            lead = t(f"catalog.missing.{kind}", language, word="Odense")
            text = template(response, language).format(
                lead=lead, answer=reply.answer, source=reply.source
            )
            assert len(text) <= CHAT_LIMIT, (fact.id, kind, len(text))
    # Most facts can follow a lead: fewer than one (fact, kind) pair in ten is passed over.
    assert passed_over < len(store.kb.facts) * len(kinds) // 10
