"""Closing the loop (issue 15): a question the running assistant does not
answer appears in the review page's inbox, the content owner assigns it to a
fact there, the knowledge is reloaded as the product does it (the action server
reads the question bank, reviewed questions included, when it starts; the NLU
model does not change, because only each bank's first questions are training
examples), and the same question is now answered with that fact."""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
import yaml

from tests.conftest import REVIEW_TOKEN
from tests.rest import ask, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]

# Today "Mente du …?": the catalogue states no amount. A reviewer points it to the
# fact that says how little the adoption asks of the school.
QUESTION = "Hvad koster det skolen at være med i LEGO-adoptionen?"
FACT = "lego.organisation"
BEARER = {"Authorization": f"Bearer {REVIEW_TOKEN}", "X-Reviewer": "Loop Test"}


def review(servers, path="/review", data=None, headers=None):
    """(status, body, final URL) of one request to the review page."""
    url = f"http://127.0.0.1:{servers.web_port}{path}"
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={**(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8"), response.url
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), url


def inbox_questions(page):
    return [html.unescape(q) for q in re.findall(r'class="question"[^>]*>([^<]*)<', page)]


def restart_actions(servers):
    servers.stop_named("actions")
    servers.start_actions()
    servers.wait_ready()


def test_an_unanswered_question_is_assigned_on_the_page_and_then_answered(servers, kb):
    fact = kb.fact(FACT)
    before = text_of(ask(servers, new_sender(), QUESTION))
    assert fact.answer["da"] not in before

    status, _, _ = review(servers)
    assert status == 401  # the token is required
    status, page, _ = review(servers, headers=BEARER)
    assert status == 200 and QUESTION in inbox_questions(page)
    form = next(
        f
        for f in re.findall(r'<form method="post" action="/review/decide".*?</form>', page, re.S)
        if html.escape(QUESTION, quote=True) in f
    )
    fields = [
        (n, html.unescape(v))
        for n, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    ]
    status, after, _ = review(
        servers, "/review/decide", [*fields, ("decision", "assigned"), ("fact", FACT)], BEARER
    )
    assert status == 200 and QUESTION not in inbox_questions(after)

    files = list(servers.reviewed_dir.glob("*.yml"))
    try:
        entries = [e for path in files for e in yaml.safe_load(path.read_text(encoding="utf-8"))]
        assert {
            "fact": FACT,
            "language": "da",
            "question": QUESTION,
            "reviewer": "Loop Test",
        }.items() <= entries[-1].items()
        restart_actions(servers)  # what the next start (make run, systemd) does
        answered = ask(servers, new_sender(), QUESTION)
        assert fact.answer["da"] in text_of(answered), json.dumps(answered, ensure_ascii=False)
    finally:
        for path in files:
            path.unlink()
        restart_actions(servers)  # the other tests see knowledge/ as it is
