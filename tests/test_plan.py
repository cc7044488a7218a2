"""The partnership plan: every section, escaping of hostile input, the store and
the web server that serves it (no Rasa)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time

import markupsafe
import pytest
from aiohttp.test_utils import TestClient, TestServer

from partnerskab.core.companies import EXAMPLE_CSV, load_companies
from partnerskab.core.interview import AreaProfile
from partnerskab.core.plan import build_plan, md, render_html, render_markdown
from partnerskab.storage.plan_store import PlanStore
from partnerskab.webapp.server import create_app

HOSTILE = (
    "<script>alert(1)</script><img src=x onerror=alert(2)> [klik](javascript:alert(3)) **fed**"
)


@pytest.fixture(scope="module")
def companies():
    return load_companies(EXAMPLE_CSV)


def full_profile(name=HOSTILE):
    return AreaProfile(
        challenges=["unrest", "jobs_education"],
        company="security",
        company_name=name,
        target_group="youth",
        company_csr="yes",
        area_type="social_housing",
        driver="area_secretariat",
        resources="small",
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_plan_has_every_section(companies, language):
    plan = build_plan(
        full_profile("Vagt ApS"),
        language,
        seen=[1, 2, 3],
        current=4,
        companies=companies,
        today=dt.date(2026, 1, 2),
    )
    html, markdown = render_html(plan), render_markdown(plan)
    for heading in plan.texts["headings"].values():
        assert str(markupsafe.escape(heading)) in html and md(heading) in markdown
    for text in (html, markdown):
        assert plan.model_name in text
        assert "Vejle" in text  # the matching case
        assert "DB07 80" in text  # kinds of companies with codes
        assert "Eksempel Vagt &" in text  # a named local company
        assert (
            "rekruttering" if language == "da" else "recruitment"
        ) in text  # what the company gains
        assert ("Kilde:" if language == "da" else "Source:") in text
        assert "2026-01-02" in text
    assert html.count("☑") == 3  # progress in the checklist
    assert markdown.count("- [x]") == 3 and markdown.count("- [ ]") == 9
    assert "Budget" in html
    assert html.startswith("<!doctype html>") and f'lang="{language}"' in html


def test_blanks_are_marked_and_filled_answers_shown():
    plan = build_plan(AreaProfile(challenges=["digital"]), "da")
    markdown = render_markdown(plan)
    assert markdown.count("(udfyld)") >= 6  # profile gaps and agreement fields
    assert "digital udstødelse" in markdown


def test_hostile_input_is_escaped_everywhere(companies):
    plan = build_plan(full_profile(), "da", companies=companies)
    html = render_html(plan)
    assert (
        "<script" not in html
        and "<img" not in html
        and "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
    )
    assert "&lt;script&gt;" in html
    markdown = render_markdown(plan)
    # every markup character from the user is backslash-escaped, so it renders as text
    assert re.search(r"(?<!\\)[<>\[\]]", markdown.replace("- [x]", "").replace("- [ ]", "")) is None
    assert "](javascript:" not in markdown and "**fed**" not in markdown
    assert r"\<script\>" in markdown


def test_md_escape_keeps_text_as_text():
    assert md("[a](b) <c> *d*") == r"\[a\]\(b\) \<c\> \*d\*"


def test_store_tokens_are_unguessable_and_expire(tmp_path):
    store = PlanStore(tmp_path / "plans.db", ttl=1 / 3600)  # one second
    token = store.save("da", "<p>x</p>", "x")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token) and token != store.save("da", "y", "y")
    assert store.get(token)["html"] == "<p>x</p>"
    assert (
        store.get("../../etc/passwd") is None
        and store.get(token[:-1] + "A" if token[-1] != "A" else "B") is None
    )
    time.sleep(1.2)
    assert store.get(token) is None and store.expired(token)


def test_web_server_serves_plans_with_strict_headers(tmp_path):
    store = PlanStore(tmp_path / "plans.db")
    token = store.save("en", "<!doctype html><p>plan</p>", "# plan")
    expired = PlanStore(tmp_path / "plans.db", ttl=0).save("en", "old", "old")

    async def check():
        async with TestClient(TestServer(create_app(store))) as client:
            page = await client.get(f"/plan/{token}")
            assert page.status == 200 and "plan" in await page.text()
            assert page.headers["Content-Type"].startswith("text/html")
            assert "default-src 'none'" in page.headers["Content-Security-Policy"]
            assert page.headers["Cache-Control"] == "no-store"
            assert page.headers["X-Content-Type-Options"] == "nosniff"
            markdown = await client.get(f"/plan/{token}.md")
            assert markdown.status == 200 and markdown.headers["Content-Type"].startswith(
                "text/markdown"
            )
            assert "attachment" in markdown.headers["Content-Disposition"]
            assert (await client.get("/plan/" + "A" * 43)).status == 404
            assert (await client.get("/plan/not-a-token")).status == 404
            assert (await client.get(f"/plan/{token}.exe")).status == 404
            gone = await client.get(f"/plan/{expired}")
            assert gone.status == 410 and "expired" in await gone.text()
            css = await client.get("/static/plan.css")
            assert css.status == 200 and "Content-Security-Policy" in css.headers
            assert (await client.get("/static/../plans.py")).status == 404

    asyncio.run(check())
