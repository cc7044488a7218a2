"""Masking of personal data, retention (purge/forget) and the content owners'
report, on a real SQLite tracker store written by Rasa's own SQLTrackerStore."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from partnerskab.core.knowledge import load_knowledge
from partnerskab.core.privacy import mask
from partnerskab.core.rating import answer_id
from partnerskab.core.usage import summarise
from partnerskab.ops.report import build_report
from partnerskab.storage.events import forget, purge, usage_rows


@pytest.mark.parametrize(
    "text,kinds",
    [
        ("Mit CPR er 010203-1234", ["cpr"]),
        ("cpr 0102031234 tak", ["cpr"]),
        ("ring på 20 30 40 50", ["phone"]),
        ("tlf +45 12345678", ["phone"]),
        ("tlf 0045 1234 5678", ["phone"]),
        ("skriv til jens.hansen@kommune.dk", ["email"]),
        ("Udstillingerne var i 2006 2007 og 2008", []),
        ("Hvad er råd 12? Hvor mange af de 850 medarbejdere?", []),
        ("13,5 mio. kr. til Høje Taastrup", []),
    ],
)
def test_masking(text, kinds):
    masked, found = mask(text)
    assert found == kinds
    for digits in ("010203", "0102031234", "20 30 40 50", "12345678", "jens.hansen"):
        assert digits not in masked or digits not in text


@pytest.fixture
def store(tmp_path):
    domain = Domain.from_dict({"slots": {"recommended_model": {"type": "any", "mappings": []}}})
    url_path = tmp_path / "tracker.db"
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(url_path))
    return store, f"sqlite:///{url_path}"


def save(store, sender, events):
    tracker = DialogueStateTracker.from_events(sender, events)
    import asyncio

    asyncio.run(store.save(tracker))


def test_purge_deletes_whole_old_conversations_and_forget_one(store):
    store, url = store
    old = time.time() - 100 * 86400
    save(store, "old", [UserUttered("hej", timestamp=old), BotUttered("hej", timestamp=old + 1)])
    save(store, "new", [UserUttered("hej"), BotUttered("hej")])
    save(store, "other", [UserUttered("hej")])
    assert purge(90, url) == 1
    assert purge(90, url) == 0
    assert forget("other", url) == 1
    assert forget("other", url) == 0
    remaining = {
        row.sender
        for row in usage_rows(dt.date(2000, 1, 1), dt.date.today() + dt.timedelta(days=1), url)
    }
    assert remaining == {"new"}


def test_report_counts_topics_unanswered_recommendations_and_ratings(store):
    store, url = store
    kb = load_knowledge()
    answer = kb.fact("lego.summary").answer["da"] + "\n\nKilde: …"
    now = time.time()

    def rating(value, answer_id):
        data = {
            "intent": {"name": "feedback"},
            "entities": [
                {"entity": "feedback", "value": value},
                {"entity": "answer", "value": answer_id},
            ],
        }
        return UserUttered(
            f'/feedback{{"feedback": "{value}", "answer": "{answer_id}"}}', parse_data=data
        )

    save(
        store,
        "a",
        [
            UserUttered("Hvad er LEGO-projektet?"),
            BotUttered(
                answer, metadata={"utter_action": "utter_catalog_answer"}, timestamp=now - 10
            ),
            rating("up", answer_id(now - 10)),
            UserUttered("Hvad koster en bolig, ring 20304050"),
            BotUttered(
                "Det dækker idékataloget ikke",
                metadata={"utter_action": "utter_not_covered"},
                timestamp=now - 5,
            ),
            rating("down", answer_id(now - 5)),  # a non-answer: not counted
            rating("down", "12345.5"),  # no such answer: not counted
            SlotSet("recommended_model", "strategic"),
            BotUttered(
                "Næste skridt …",
                metadata={"utter_action": "utter_recommendation_steps"},
                timestamp=now - 2,
            ),
            rating("down", answer_id(now - 2)),
        ],
    )
    # another conversation cannot rate this one's answers
    save(store, "b", [UserUttered("hej"), rating("up", answer_id(now - 10))])
    today = dt.date.today()
    report = build_report(
        summarise(usage_rows(today - dt.timedelta(days=1), today + dt.timedelta(days=1), url), kb),
        today,
        today,
    )
    assert "| `lego.summary` | 1 |" in report
    assert "LEGO og JydskeVestkysten adopterer skoleklasser | 1 |" in report
    assert (
        "\\[telefonnummer\\]" in report and "20304050" not in report
    )  # escaped like the plan's Markdown
    assert "| strategic | 1 |" in report
    assert "| `lego.summary` | 1 | 0 |" in report
    assert "| (anbefaling) | 0 | 1 |" in report
    assert "tælles ikke med (3 i perioden)" in report
