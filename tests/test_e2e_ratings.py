"""End to end over REST: which replies may be rated, and that a rating is taken
only for an answer this conversation actually received (issue 12, point 6);
/api/history carries the same marks so thumbs survive a reload."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
import uuid

import pytest

from tests.rest import ask

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def rate(servers, sender, answer_id, value="up"):
    return ask(servers, sender, "/feedback" + json.dumps({"feedback": value, "answer": answer_id}))


def stored_ratings(servers, sender):
    with sqlite3.connect(servers.tracker_db) as db:
        rows = [
            json.loads(r[0])
            for r in db.execute(
                "select data from events where sender_id = ? and type_name = 'user'", (sender,)
            )
        ]
    return [
        {e["entity"]: e["value"] for e in r["parse_data"]["entities"]}
        for r in rows
        if r.get("parse_data", {}).get("intent", {}).get("name") == "feedback"
    ]


def history(servers, sender):
    request = urllib.request.Request(
        f"http://127.0.0.1:{servers.web_port}/api/history",
        data=json.dumps({"sender": sender}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["messages"]


def test_only_answers_are_rateable_and_only_their_ratings_are_stored(servers):
    sender, other = str(uuid.uuid4()), str(uuid.uuid4())
    greeting = ask(servers, sender, "hej")
    assert greeting and all(m["rateable"] is False and m["answer_id"] for m in greeting)
    not_covered = ask(servers, sender, "Hvad siger kataloget om vindmøller?")
    assert not any(m["rateable"] for m in not_covered)
    answer = ask(servers, sender, "Hvad er ABCD-metoden?")
    rateable = [m for m in answer if m["rateable"]]
    assert len(rateable) == 1 and "Kilde:" in rateable[0]["text"]
    answer_id = rateable[0]["answer_id"]

    assert rate(servers, sender, answer_id) == []  # taken, no reply
    assert stored_ratings(servers, sender) == [{"feedback": "up", "answer": answer_id}]
    # dropped before Rasa: small talk, "not covered", an unknown id, another conversation's answer
    for wrong in (greeting[0]["answer_id"], not_covered[0]["answer_id"], "1234567890.5"):
        assert rate(servers, sender, wrong, "down") == []
    ask(servers, other, "Hvad er CSR?")
    assert rate(servers, other, answer_id) == []
    assert stored_ratings(servers, sender) == [{"feedback": "up", "answer": answer_id}]
    assert stored_ratings(servers, other) == []

    # a reload restores the same marks
    restored = [m for m in history(servers, sender) if m["from"] == "bot"]
    live = greeting + not_covered + answer
    assert [(m["answer_id"], m["rateable"]) for m in restored] == [
        (m["answer_id"], m["rateable"]) for m in live
    ]


def test_typed_fake_rating_is_not_a_command(servers):
    sender = str(uuid.uuid4())
    ask(servers, sender, "Hvad er ABCD-metoden?")
    assert rate(servers, sender, "1") == []  # the old counter form names no answer
    assert stored_ratings(servers, sender) == []
