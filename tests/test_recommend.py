"""The model recommendation, its cases, companies and steps (no Rasa)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from partnerskab.core.interview import NO_COMPANY, SKIPPED, AreaProfile
from partnerskab.core.recommender import ADD_ON, STRATEGIC, Recommender
from partnerskab.testing.evaluation import evaluate_areas
from tests.conftest import RESULTS

DATA = Path(__file__).parent / "data"


def test_core_business_fit_gives_the_strategic_model(rec):
    profile = AreaProfile(challenges=["unrest"], company="security")
    result = rec.recommend(profile, "en")
    assert result.model == STRATEGIC and result.points[STRATEGIC] > result.points[ADD_ON]
    assert result.cases[0][0] == "brandvaesen"


def test_unrelated_company_gives_the_add_on_model(rec):
    result = rec.recommend(AreaProfile(challenges=["loneliness"], company="retail_food"), "da")
    assert result.model == ADD_ON
    assert result.cases[0][0] == "skandia"


@pytest.mark.parametrize("challenge", sorted(Recommender.load().interview.challenges))
def test_every_challenge_without_a_company(rec, challenge):
    """No company yet: the challenge's own model, cases that fit it, and kinds of
    company whose core business fits it."""
    result = rec.recommend(AreaProfile(challenges=[challenge], company=NO_COMPANY), "da")
    c = rec.interview.challenges[challenge]
    assert result.model == c.model
    assert result.cases[0][0] == c.cases[0][0]
    assert result.kinds and all(challenge in rec.interview.kinds[k].fits for k in result.kinds)
    assert result.steps == [2, 3, 4]
    assert bool(result.not_in_catalogue) != c.in_catalogue


def test_both_models_occur_among_challenge_defaults(rec):
    assert {c.model for c in rec.interview.challenges.values()} == {STRATEGIC, ADD_ON}


def test_not_covered_challenge_is_said_plainly(rec):
    result = rec.recommend(AreaProfile(challenges=["loneliness"]), "da")
    assert "Kataloget har intet eksempel" in result.reasons[0]


def test_csr_strategy_tips_towards_strategic_and_moves_the_steps(rec):
    base = AreaProfile(challenges=["homework_rolemodels"], company="construction")
    with_csr = AreaProfile(
        challenges=["homework_rolemodels"], company="construction", company_csr="yes"
    )
    assert (
        rec.recommend(with_csr, "da").points[STRATEGIC]
        == rec.recommend(base, "da").points[STRATEGIC] + 1
    )
    assert rec.recommend(base, "da").steps == [3, 4, 5]
    assert rec.recommend(with_csr, "da").steps == [4, 5, 6]


def test_everything_skipped_still_recommends(rec):
    profile = AreaProfile(
        challenges=[SKIPPED],
        company=SKIPPED,
        target_group=SKIPPED,
        area_type=SKIPPED,
        driver=SKIPPED,
    )
    result = rec.recommend(profile, "en")
    assert result.model in (STRATEGIC, ADD_ON) and result.cases and result.steps
    text = rec.render(result, profile, have_list=False)
    assert text["kinds"] and text["steps"]


@pytest.mark.parametrize(
    "language,start",
    [("da", "den strategisk integrerede model"), ("en", "the strategically integrated model")],
)
def test_rendering_names_the_model_and_cites_sources(rec, language, start):
    profile = AreaProfile(challenges=["unrest"], company="security", target_group="youth")
    parts = rec.render(rec.recommend(profile, language), profile, have_list=False)
    assert parts["model_name"] == start
    assert ("Kilde:" if language == "da" else "Source:") in parts["cases"]
    assert "DB07" in parts["kinds"] and "80" in parts["kinds"]
    assert len(parts["steps"].splitlines()) == 3


def _numbers(text):
    """Numbers stated, leaving out the page numbers of source citations."""
    text = re.sub(r"\((?:Kilde|Source):.*?(?:s|p)\. [\d-]+\)", "", text)
    return set(re.findall(r"\d+", text))


def test_recommendations_state_only_catalogue_facts(rec, catalog_text):
    """Numbers in the rendered cases and reasons occur in the catalogue (industry
    codes are attributed to DB07 and left out)."""
    known = _numbers(catalog_text)
    for cid in rec.interview.challenges:
        for language in ("da", "en"):
            profile = AreaProfile(challenges=[cid], company=NO_COMPANY)
            parts = rec.render(rec.recommend(profile, language), profile, have_list=False)
            for key in ("reasons", "cases", "steps"):
                assert _numbers(parts[key]) <= known, (cid, key, _numbers(parts[key]) - known)


def test_local_companies_fit_and_protected_ones_are_marked(rec, companies):
    profile = AreaProfile(challenges=["unrest"], company="security")
    result = rec.recommend(profile, "da", companies)
    names = [c.name for c, _ in result.local]
    assert names[0] == "Eksempel Vagt & Sikring A/S"
    text = rec.local_text(result.local, ["unrest"], "da", have_list=True)
    protected = [c for c, _ in result.local if c.advertising_protected]
    assert protected, "the example list should show a protected company here"
    for company in protected:
        line = next(row for row in text.splitlines() if company.name in row)
        assert "Reklamebeskyttet" in line and "ingen uopfordret henvendelse" in line
    for company, _ in result.local:
        line = next(row for row in text.splitlines() if company.name in row)
        assert company.advertising_protected == ("Reklamebeskyttet" in line)


def test_no_list_says_so(rec):
    assert "ikke indlæst" in rec.local_text([], ["unrest"], "da", have_list=False)


def _score(name):
    return evaluate_areas(yaml.safe_load((DATA / name).read_text(encoding="utf-8")))


def test_unseen_area_descriptions(rec):
    """Held-out descriptions (Danish and English): right model and a fitting case,
    in the user's language, for at least 85 %."""
    results = {name: _score(name) for name in ("area_eval.yml", "area_eval2.yml", "area_dev.yml")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Area interview: recommendation on area descriptions",
        "",
        "Written by tests/test_recommend.py. Right = expected model and a fitting case among the"
        " recommended ones, in the user's language, from one message.",
        "",
        "| set | items | right |",
        "|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(f"| {name} | {len(r['rows'])} | {r['score']:.3f} |")
    lines += ["", "## Misses", ""]
    for name, r in results.items():
        for row in r["rows"]:
            if not row["ok"]:
                lines.append(
                    f"- {name}: expected {row['expected']}, got {row['model']} {row['cases']} "
                    f"(read: {row['challenges']}, {row['company']}): {row['text']}"
                )
    (RESULTS / "area_eval.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    held_out = results["area_eval.yml"]["rows"] + results["area_eval2.yml"]["rows"]
    assert sum(r["ok"] for r in held_out) / len(held_out) >= 0.85
