"""The usage summary kept beside the events (partnerskab/storage/events.py): built
in batches as conversations go on, it must give the review page the figures that
summarising the events themselves gives, for any period of whole days, also when
a question, its answer and the answer's rating fall on different days. Retention
deletes a conversation from every derived table, and the summary holds nothing
personal: counts, masked questions and the assistant's own replies."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import threading
import time

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from partnerskab.core.rating import answer_id
from partnerskab.core.usage import SLOTS, Row, group_inbox, group_key, summarise
from partnerskab.storage import events
from partnerskab.testing.synthetic import fill
from tests.test_review import DOMAIN, NOT_COVERED, postgres_tracker_store, rating

DAY = 86400
PG_PORT = int(os.environ.get("E2E_PORT_BASE") or 5100) + 42
NIGHT = "5e1f0c2a-0000-4c3d-8e9f-0123456789ab"  # a conversation over two midnights
OTHER = "5e1f0c2a-1111-4c3d-8e9f-0123456789ab"


def from_events(url, start, end):
    """The period's rows read from Rasa's events table itself (not the digest)."""
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=dt.timezone.utc).timestamp()
    hi = dt.datetime.combine(end, dt.time.max, tzinfo=dt.timezone.utc).timestamp()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(
                "select sender_id, type_name, timestamp, intent_name, action_name, data "
                "from events where timestamp between :lo and :hi order by id"
            ),
            {"lo": lo, "hi": hi},
        ).fetchall()
    engine.dispose()
    rows = []
    for sender, kind, ts, intent, action, data in found:
        event = json.loads(data)
        if kind == "user":
            entities = tuple((event.get("parse_data") or {}).get("entities") or ())
            rows.append(Row(sender, ts, kind, intent, event.get("text"), entities=entities))
        elif kind == "bot":
            said = (event.get("metadata") or {}).get("utter_action")
            rows.append(Row(sender, ts, kind, None, event.get("text"), said))
        elif kind == "slot" and action in SLOTS:
            rows.append(Row(sender, ts, kind, name=event["name"], value=event["value"]))
    return rows


def figures(usage):
    """Everything the page shows of a Usage, comparable with ==."""
    return {
        "conversations": usage.conversations,
        "questions": usage.questions,
        "days": dict(usage.days),
        "outcomes": dict(usage.outcomes),
        "facts": dict(usage.facts),
        "topics": dict(usage.topics),
        "ratings": {k: dict(v) for k, v in usage.ratings.items() if sum(v.values())},
        "ignored": usage.ignored_ratings,
        "models": dict(usage.models),
        "challenges": dict(usage.challenges),
        "inbox": [(i.question, i.asked_at, i.reason, i.reply) for i in usage.inbox],
        "groups": [(g.key, g.count, sorted(g.keys)) for g in group_inbox(usage.inbox)],
    }


def midnight(days_ago):
    today = dt.datetime.now(dt.timezone.utc).date()
    day = today - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.timezone.utc).timestamp(), day


@pytest.fixture
def tracker(tmp_path):
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.from_dict(DOMAIN), dialect="sqlite", db=str(path))
    return store, f"sqlite:///{path}"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)],
)
def any_tracker(request, tmp_path):
    """Rasa's SQLTrackerStore on SQLite, and on a throwaway PostgreSQL server."""
    if request.param == "sqlite":
        yield request.getfixturevalue("tracker")
        return
    from partnerskab.testing.services import postgres

    with postgres(tmp_path / "pg", PG_PORT) as url:
        store = postgres_tracker_store(PG_PORT)
        yield store, url
        store.engine.dispose()
        events.engine(url).dispose()


def save(store, sender, new_events):
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(
        sender, store.domain.slots
    )
    for event in new_events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def night_first_part(kb, m):
    """A question just before midnight answered just after, rated up; a question
    not covered (with a phone number); the area's challenges."""
    lego = kb.fact("lego.summary").answer["da"] + "\n\nKilde: …"
    return [
        UserUttered("Hvad er LEGO-projektet?", timestamp=m - 30),
        BotUttered(lego, metadata={"utter_action": "utter_catalog_answer"}, timestamp=m + 5),
        _at(rating("up", answer_id(m + 5)), m + 60),
        UserUttered("Hvad koster en bolig i Vejle? ring 20304050", timestamp=m + 100),
        BotUttered(NOT_COVERED, metadata={"utter_action": "utter_not_covered"}, timestamp=m + 101),
        SlotSet("area_challenges", ["unrest", "leisure"], timestamp=m + 200),
    ]


def night_second_part(m):
    """The next day: the same answer rated down, a recommendation (for the day
    before's challenges), a rating that names no answer, a question left waiting
    over the next midnight."""
    return [
        _at(rating("down", answer_id(m + 5)), m + DAY + 10),
        SlotSet("recommended_model", "strategic", timestamp=m + DAY + 20),
        _at(rating("up", "12345.5"), m + DAY + 30),
        UserUttered("Kan man få tilskud til parkering?", timestamp=m + 2 * DAY - 5),
        BotUttered(
            "Det står der ikke direkte i kataloget. Mente du …?",
            metadata={"utter_action": "utter_not_covered_suggest"},
            timestamp=m + 2 * DAY + 5,
        ),
    ]


def _at(event, timestamp):
    event.timestamp = timestamp
    return event


def test_the_summary_built_in_batches_gives_the_figures_of_the_events(any_tracker, kb):
    store, url = any_tracker
    m, day = midnight(6)
    first = fill(url, 1500, m - 8 * DAY, 12, seed=1)
    save(store, NIGHT, night_first_part(kb, m))
    assert events.refresh_summary(kb, url) > 0  # batch one
    assert events.refresh_summary(kb, url) == 0  # nothing new: nothing counted again
    save(store, NIGHT, night_second_part(m))
    second = fill(url, 1500, m - 2 * DAY, 8, seed=2)
    save(
        store,
        OTHER,
        [_at(rating("up", answer_id(m + 5)), m + 40), UserUttered("hej", timestamp=m + 50)],
    )
    # batch two, by two web workers at once: one counts, the other finds it done
    results: list = []

    def worker():
        try:
            results.append(events.refresh_summary(kb, url))
        except Exception as error:  # noqa: BLE001 - the test reports it below
            results.append(error)

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert all(isinstance(r, int) for r in results), results
    assert min(results) == 0 and max(results) > 0, results
    assert first > 1000 and second > 1000
    d = dt.timedelta(days=1)
    periods = [
        (day - d, day - d),
        (day, day),
        (day + d, day + d),
        (day - d, day),
        (day, day + d),
        (day - d, day + d),
        (day, day + 2 * d),
        (day - 9 * d, day + 7 * d),
    ]
    rnd = random.Random(15)
    for _ in range(12):
        start = day - dt.timedelta(days=rnd.randrange(10))
        periods.append((start, start + dt.timedelta(days=rnd.randrange(12))))
    for start, end in periods:
        stored = figures(events.period_usage(start, end, kb, url))
        direct = figures(summarise(from_events(url, start, end), kb))
        assert stored == direct, (start, end)
    # what the night conversation shows on its own days
    three = figures(events.period_usage(day - d, day + d, kb, url))
    assert three["ratings"]["lego.summary"] == {"up": 1, "down": 1}
    assert three["challenges"]["unrest"] >= 1 and three["models"]["strategic"] >= 1
    midnight_only = figures(events.period_usage(day, day, kb, url))
    after = figures(events.period_usage(day + d, day + d, kb, url))
    assert "Hvad er LEGO-projektet?" not in [q for q, *_ in midnight_only["inbox"]]
    assert "Hvad er LEGO-projektet?" in [q for q, *_ in three["inbox"]]
    assert after["ignored"] >= 1 and "lego.summary" not in after["ratings"]


def test_forgetting_a_conversation_empties_every_derived_table_and_nothing_personal_is_kept(
    tracker, kb
):
    store, url = tracker
    m, day = midnight(1)
    personal = [
        ("20304050", "Hvad koster en bolig i Vejle? ring 20304050"),
        ("jens.hansen", "Skriv til jens.hansen@kommune.dk om det"),
        ("010203-1234", "Mit CPR er 010203-1234, hvad nu?"),
    ]
    turns = []
    for offset, (_, question) in enumerate(personal):
        turns += [
            UserUttered(question, timestamp=m + 100 * offset),
            BotUttered(
                NOT_COVERED,
                metadata={"utter_action": "utter_not_covered"},
                timestamp=m + 100 * offset + 1,
            ),
        ]
    save(store, NIGHT, turns + night_first_part(kb, m + 3600))
    save(store, OTHER, night_first_part(kb, m + 7200))
    events.refresh_summary(kb, url)
    before = events.derived_rows(url, NIGHT)
    assert all(before[table] > 0 for table in events.DERIVED), before
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        stored = " ".join(
            str(value)
            for table in events.DERIVED
            if table != events.DIGEST  # the events' own fields, as the tracker store has them
            for row in conn.execute(sa.text(f"select * from {table}"))
            for value in row
        )
    engine.dispose()
    for secret, _ in personal:
        assert secret not in stored
    assert "[telefonnummer]" in stored and "[e-mail]" in stored and "[CPR-nummer]" in stored
    events.forget(NIGHT, url)
    assert events.derived_rows(url, NIGHT) == {table: 0 for table in events.DERIVED}
    assert all(n > 0 for n in events.derived_rows(url, OTHER).values())
    period = (day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    assert figures(events.period_usage(*period, kb, url)) == figures(
        summarise(from_events(url, *period), kb)
    )
    assert events.period_usage(*period, kb, url).conversations == 1


def test_purging_old_sessions_counts_the_rest_of_the_conversation_again(tracker, kb):
    """An answer in a session that retention deletes can no longer be rated: the
    rating in the session that stays is then not counted, as in the events."""
    store, url = tracker
    old, _ = midnight(120)
    new, day = midnight(2)
    lego = kb.fact("lego.summary").answer["da"]
    save(
        store,
        NIGHT,
        [
            UserUttered("Hvad er LEGO-projektet?", timestamp=old + 10),
            BotUttered(lego, metadata={"utter_action": "utter_catalog_answer"}, timestamp=old + 11),
            UserUttered("Hvad koster en bolig?", timestamp=old + 20),
            BotUttered(
                NOT_COVERED, metadata={"utter_action": "utter_not_covered"}, timestamp=old + 21
            ),
        ],
    )
    save(store, NIGHT, [*_session_start(new), _at(rating("down", answer_id(old + 11)), new + 5)])
    events.refresh_summary(kb, url)
    whole = (day - dt.timedelta(days=200), day)
    assert figures(events.period_usage(*whole, kb, url))["ratings"] == {"lego.summary": {"down": 1}}
    assert events.purge_old_sessions(90, url) > 0
    stored = figures(events.period_usage(*whole, kb, url))
    assert stored == figures(summarise(from_events(url, *whole), kb))
    assert stored["ratings"] == {} and stored["ignored"] == 1 and stored["inbox"] == []


def _session_start(timestamp):
    from rasa.shared.core.events import ActionExecuted, SessionStarted

    return [
        ActionExecuted("action_session_start", timestamp=timestamp),
        SessionStarted(timestamp=timestamp + 1),
    ]


def test_make_purge_deletes_old_decisions_on_questions_no_longer_asked(
    tracker, kb, monkeypatch, tmp_path
):
    from partnerskab.ops import retention
    from partnerskab.storage import review_store

    store, url = tracker
    monkeypatch.setenv("TRACKER_URL", url)
    monkeypatch.setenv("PLANS_DB", str(tmp_path / "plans.db"))
    m, _ = midnight(1)
    asked = "Hvad koster en bolig i Vejle?"
    save(
        store,
        NIGHT,
        [
            UserUttered(asked, timestamp=m + 10),
            BotUttered(
                NOT_COVERED, metadata={"utter_action": "utter_not_covered"}, timestamp=m + 11
            ),
        ],
    )
    events.refresh_summary(kb, url)
    old = time.time() - 100 * DAY
    forms = {
        "still asked": (asked, old),
        "no longer asked": ("Hvornår har rådhuset åbent?", old),
        "recent": ("Hvem ejer LEGO?", time.time() - DAY),
    }
    for question, when in forms.values():
        key = review_store.key_hash(group_key(question))
        review_store.decide([key], "new_content", question, "Anne Bø", url=url, now=when)
    retention.main(["purge", "--days", "90"])
    left = {item["question"] for item in review_store.todo(url)}
    assert left == {forms["still asked"][0], forms["recent"][0]}


def test_events_committed_out_of_id_order_are_counted(any_tracker, kb):
    """Two Rasa instances on PostgreSQL: an event whose id was taken before the
    newest one's may be committed after it; the next refresh still counts it."""
    store, url = any_tracker
    fill(url, 300, time.time() - 3 * DAY, 2, seed=4)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        newest = conn.execute(sa.text("select max(id) from events")).scalar()
    now = time.time()

    def write(rows):
        with engine.begin() as conn:
            for offset, sender, kind, text, said, at in rows:
                data = {"event": kind, "timestamp": at, "text": text}
                if said:
                    data["metadata"] = {"utter_action": said}
                conn.execute(
                    sa.text(
                        "insert into events (id, sender_id, type_name, timestamp, intent_name, "
                        "action_name, data) values (:id, :s, :k, :t, :i, null, :d)"
                    ),
                    {
                        "id": newest + offset,
                        "s": sender,
                        "k": kind,
                        "t": at,
                        "i": "ask_catalog" if kind == "user" else None,
                        "d": json.dumps(data),
                    },
                )

    write(
        [
            (100, NIGHT, "user", "Hvad koster en bolig?", None, now - 100),
            (101, NIGHT, "bot", NOT_COVERED, "utter_not_covered", now - 99),
        ]
    )
    events.refresh_summary(kb, url)
    write(
        [
            (50, OTHER, "user", "Hvem ejer LEGO?", None, now - 80),  # committed late
            (51, OTHER, "bot", NOT_COVERED, "utter_not_covered", now - 79),
            (200, NIGHT, "user", "hej", None, now - 10),
        ]
    )
    events.refresh_summary(kb, url)
    engine.dispose()
    whole = (dt.date.today() - dt.timedelta(days=4), dt.date.today() + dt.timedelta(days=1))
    stored = figures(events.period_usage(*whole, kb, url))
    assert "Hvem ejer LEGO?" in [q for q, *_ in stored["inbox"]]
    assert stored == figures(summarise(from_events(url, *whole), kb))
