"""The review page in Debian's Chromium (Playwright): signing in and deciding
by keyboard alone, axe WCAG 2.1 AA clean at 1280 and 320 px, no CSP violation,
nothing wider than the screen."""

from __future__ import annotations

import pytest

from tests.conftest import RESULTS, REVIEW_TOKEN
from tests.rest import ask, new_sender
from tests.test_browser import WATCH, WCAG

pytestmark = [pytest.mark.model, pytest.mark.e2e, pytest.mark.browser]

UNANSWERED = [
    "Hvad koster en ejerbolig i Vejle?",
    "Hvad koster det skolen at være med i LEGO-adoptionen?",
    "Hvornår har rådhuset åbent?",
]


@pytest.fixture(scope="module")
def asked(servers):
    """A few questions the assistant does not answer, so the inbox has items."""
    for question in UNANSWERED:
        ask(servers, new_sender(), question)
    return UNANSWERED


def open_page(browser, servers, width, locale="da-DK"):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
    context.add_init_script(WATCH)
    page = context.new_page()
    response = page.goto(f"http://127.0.0.1:{servers.web_port}/review")
    assert response.status == 401
    return context, page


def tab_to(page, selector, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable by Tab")


def sign_in_by_keyboard(page):
    tab_to(page, "#token")
    page.keyboard.type(REVIEW_TOKEN)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "name"
    page.keyboard.type("Anne Bø")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("h2#h-inbox").wait_for()


def test_sign_in_and_decide_by_keyboard(browser, servers, asked):
    from axe_playwright_python.sync_playwright import Axe

    context, page = open_page(browser, servers, 1280)
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()
    sign_in_by_keyboard(page)
    assert page.locator("html").get_attribute("lang") == "da"
    cookies = {c["name"]: c for c in context.cookies()}
    assert (
        cookies["review_session"]["httpOnly"] and cookies["review_session"]["sameSite"] == "Strict"
    )
    assert page.evaluate("document.cookie") == ""  # not readable by scripts
    questions = page.locator(".inbox .question").all_inner_texts()
    assert set(asked) & set(questions), questions
    # the period form, then the first question's "Ignorér", by keyboard
    first = questions[0]
    tab_to(page, "form.decide button[value=ignored]", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "fjernet fra indbakken" in page.locator(".notice").inner_text()
    assert first not in page.locator(".inbox .question").all_inner_texts()
    # a chart's table opens from the keyboard
    tab_to(page, "details summary", limit=40)
    page.keyboard.press("Enter")
    assert page.locator("details[open] table").count() == 1
    results = Axe().run(page, options=WCAG)
    RESULTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS / "review.png"), full_page=False)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("window.__csp") == []
    context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_wcag21_aa_and_fits_the_screen(browser, servers, asked, width):
    from axe_playwright_python.sync_playwright import Axe

    context, page = open_page(browser, servers, width, locale="en-GB")
    assert page.locator("html").get_attribute("lang") == "en"  # Accept-Language
    page.fill("#token", REVIEW_TOKEN)
    page.fill("#name", "Anne Bø")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.locator("h2#h-inbox").wait_for()
    assert page.locator("h1").inner_text() == "Conversation review"
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")  # the tables are checked too
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("window.__csp") == []
    context.close()
