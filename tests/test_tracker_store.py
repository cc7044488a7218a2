"""The cached SQL tracker store (partnerskab.storage.tracker_store): it writes
the rows Rasa's own SQLTrackerStore writes, and every read gives what Rasa's
store reads from the same database, also when another instance wrote the
conversation, retention deleted it, or the process restarted."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.utils.endpoints import EndpointConfig

from partnerskab.storage.events import forget, purge_old_sessions
from partnerskab.storage.tracker_store import CachedSQLTrackerStore

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = int(os.environ.get("E2E_PORT_BASE") or 5100) + 43


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "bot" / "domain"))


def run(coroutine):
    return asyncio.run(coroutine)


def make(domain, url, cls=CachedSQLTrackerStore, **kwargs):
    return cls(domain, host=url, **kwargs)


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'tracker.db'}"


def user(text, intent="ask_catalog", **kwargs):
    return UserUttered(
        text,
        intent={"name": intent, "confidence": 0.9},
        parse_data={
            "intent": {"name": intent, "confidence": 0.9},
            "entities": [],
            "text": text,
            "intent_ranking": [{"name": intent, "confidence": 0.9}],
        },
        **kwargs,
    )


def session_start(at=None):
    at = at or time.time()  # the events that follow are made later
    return [
        ActionExecuted("action_session_start", timestamp=at - 0.002),
        SessionStarted(timestamp=at - 0.001),
        ActionExecuted("action_listen", timestamp=at),
    ]


def turn(text, answer, language="da", at=None):
    at = at or time.time()
    return [
        user(text, timestamp=at),
        SlotSet("language", language, timestamp=at + 0.0001),
        ActionExecuted("utter_greet", timestamp=at + 0.0002),
        BotUttered(answer, metadata={"utter_action": "utter_greet"}, timestamp=at + 0.0003),
        ActionExecuted("action_listen", timestamp=at + 0.0004),
    ]


async def message(store, sender, events):
    """What Rasa's processor does with one message: read, append, save."""
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    return tracker


def stored_rows(url, sender):
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "select type_name, timestamp, intent_name, action_name, data from events "
                "where sender_id = :s order by id"
            ),
            {"s": sender},
        ).fetchall()
    engine.dispose()
    return [tuple(r) for r in rows]


def same(a, b):
    """Two trackers hold the same events and state."""
    assert (a is None) == (b is None)
    if a is None:
        return
    assert [e.as_dict() for e in a.events] == [e.as_dict() for e in b.events]
    assert a.current_state() == b.current_state()
    assert {k: s.value for k, s in a.slots.items()} == {k: s.value for k, s in b.slots.items()}


def conversation(stores, sender, start):
    """Messages of one conversation through ``stores`` in turn, with a new
    session in the middle (the old session's events still in the tracker)."""
    script = [  # each message's events made when it comes
        lambda: session_start(start) + turn("hej", "Hej!"),
        lambda: turn("hvad er en partnerskabsaftale", "En aftale ..."),
        lambda: turn("tak", "Selv tak", "en"),
        lambda: session_start() + turn("igen", "Velkommen tilbage"),
        lambda: turn("mere", "Mere ..."),
    ]
    for i, events in enumerate(script):
        time.sleep(0.003)
        run(message(stores[i % len(stores)], sender, events()))


def test_writes_the_rows_rasas_store_writes_and_reads_the_same(domain, tmp_path):
    ours_url, rasa_url = (f"sqlite:///{tmp_path / name}" for name in ("ours.db", "rasa.db"))
    ours, rasa = make(domain, ours_url), make(domain, rasa_url, SQLTrackerStore)
    start = time.time() - 3600
    for store in (ours, rasa):
        conversation([store], "a", start)
    # The same rows, in the same order; ids aside (timestamps of the turns differ a little).
    mine, theirs = stored_rows(ours_url, "a"), stored_rows(rasa_url, "a")
    assert [r[0] for r in mine] == [r[0] for r in theirs]
    assert [r[2:4] for r in mine] == [r[2:4] for r in theirs]
    assert len(mine) == 5 * 5 + 2 * 3
    # Every read of ours equals Rasa's read of the same database: the current session only.
    plain = make(domain, ours_url, SQLTrackerStore)
    tracker = run(ours.retrieve("a"))
    same(tracker, run(plain.retrieve("a")))
    assert [e.type_name for e in tracker.events][:2] == ["session_started", "action"]
    assert tracker.get_slot("language") == "da"
    same(run(ours.retrieve_full_tracker("a")), run(plain.retrieve_full_tracker("a")))
    assert run(ours.retrieve("nobody")) is None


def count_statements(store):
    seen = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_a_read_after_a_write_asks_only_for_the_newest_row(domain, url):
    store = make(domain, url)
    run(message(store, "a", session_start() + turn("hej", "Hej!")))
    statements = count_statements(store)
    first = run(store.retrieve("a"))  # after a session start: read once, then cached
    run(message(store, "a", turn("mere", "Mere")))
    statements.clear()
    tracker = run(store.retrieve("a"))
    assert len(statements) == 1 and "LIMIT" in statements[0].upper()
    same(tracker, run(make(domain, url, SQLTrackerStore).retrieve("a")))
    # A write that the cache knows: no count of the stored events.
    statements.clear()
    run(message(store, "a", turn("igen", "Igen")))
    assert not any("count(" in s.lower() for s in statements), statements
    # Every read gets its own tracker: changing one changes no other.
    one, two = run(store.retrieve("a")), run(store.retrieve("a"))
    assert one is not two and one is not first
    one.update(SlotSet("language", "en"))
    one.update(user("ændret"))
    assert two.get_slot("language") == "da"
    same(two, run(store.retrieve("a")))


def test_another_writer_invalidates_the_cache(domain, url):
    """Two instances (behind the lock store) take turns with one conversation."""
    a, b = make(domain, url), make(domain, url)
    conversation([a, b], "shared", time.time() - 600)
    plain = make(domain, url, SQLTrackerStore)
    for store in (a, b):
        same(run(store.retrieve("shared")), run(plain.retrieve("shared")))
    # Nothing stored twice, nothing lost, in order.
    reference = make(domain, f"sqlite:///{Path(url[len('sqlite:///') :]).parent / 'ref.db'}")
    conversation([reference], "shared", time.time() - 600)
    kinds = [r[0] for r in stored_rows(url, "shared")]
    assert kinds == [r[0] for r in stored_rows(reference.engine.url, "shared")]
    # b appends while a holds the conversation in its cache: a reads b's event.
    run(a.retrieve("shared"))
    run(message(b, "shared", turn("fra b", "Svar til b")))
    tracker = run(a.retrieve("shared"))
    assert tracker.latest_message.text == "fra b"
    # and a's next write stores only its own new events.
    run(message(a, "shared", turn("fra a", "Svar til a")))
    texts = [e.text for e in run(plain.retrieve("shared")).events if e.type_name == "user"]
    assert texts == ["igen", "mere", "fra b", "fra a"]


def test_a_forgotten_conversation_does_not_come_back(domain, url):
    store = make(domain, url)
    run(message(store, "x", session_start() + turn("mit navn er Jens", "Hej")))
    run(message(store, "x", turn("hej igen", "Hej")))
    assert run(store.retrieve("x")) is not None  # cached
    assert forget("x", url) > 0
    assert run(store.retrieve("x")) is None
    # The same sender starts over through another instance, on the same row ids
    # (SQLite reuses the ids of deleted rows at the end of the table) and with as
    # many events: the cache still does not answer with the forgotten conversation.
    with sqlite3.connect(url[len("sqlite:///") :]) as db:
        assert db.execute("select count(*) from events").fetchone()[0] == 0
    run(message(store, "x", session_start() + turn("mit navn er Jens", "Hej")))
    run(message(store, "x", turn("hej igen", "Hej")))
    run(store.retrieve("x"))
    forget("x", url)
    other = make(domain, url)
    time.sleep(0.01)
    run(message(other, "x", session_start() + turn("ny samtale", "Hej")))
    run(message(other, "x", turn("anden besked", "Hej")))
    texts = [e.text for e in run(store.retrieve("x")).events if e.type_name == "user"]
    assert texts == ["ny samtale", "anden besked"]
    assert "mit navn er Jens" not in str(stored_rows(url, "x"))


def test_a_restart_and_old_sessions_purged(domain, url):
    old = time.time() - 200 * 86400
    first = make(domain, url)
    run(message(first, "r", session_start(old) + turn("gammel", "Svar", at=old)))
    run(message(first, "r", session_start() + turn("ny", "Svar")))
    run(first.retrieve("r"))
    assert purge_old_sessions(90, url) > 0  # the old session goes; the current one stays
    same(run(first.retrieve("r")), run(make(domain, url, SQLTrackerStore).retrieve("r")))
    run(message(first, "r", turn("efter oprydning", "Svar")))
    restarted = make(domain, url)  # an empty cache: Rasa's queries
    run(message(restarted, "r", turn("efter genstart", "Svar")))
    plain = run(make(domain, url, SQLTrackerStore).retrieve("r"))
    same(run(restarted.retrieve("r")), plain)
    same(run(first.retrieve("r")), plain)
    texts = [e.text for e in plain.events if e.type_name == "user"]
    assert texts == ["ny", "efter oprydning", "efter genstart"]


def test_the_cache_is_bounded(domain, url):
    store = make(domain, url, cache_size=3)
    for sender in "abcde":
        run(message(store, sender, turn("hej", "Hej")))
        run(store.retrieve(sender))
    assert list(store._cache) == ["c", "d", "e"]
    same(run(store.retrieve("a")), run(make(domain, url, SQLTrackerStore).retrieve("a")))


def test_endpoints_configure_this_store(domain, url):
    """bot/endpoints.yml names the class (a wrong name would make Rasa fall back to
    its in-memory store with only a warning)."""
    config = yaml.safe_load((ROOT / "bot" / "endpoints.yml").read_text(encoding="utf-8"))
    settings = dict(config["tracker_store"], url=url, db="")
    store = create_tracker_store(EndpointConfig.from_dict(settings), domain)
    assert type(store) is CachedSQLTrackerStore
    run(message(store, "e", turn("hej", "Hej")))
    assert len(stored_rows(url, "e")) == 5


@pytest.mark.services
def test_two_instances_on_postgresql(domain, tmp_path):
    from partnerskab.testing.services import postgres

    with postgres(tmp_path / "pg", PG_PORT) as pg_url:
        a, b = make(domain, pg_url), make(domain, pg_url)
        try:
            conversation([a, b], "pg", time.time() - 600)
            run(message(a, "pg", turn("fra a", "Svar")))
            run(b.retrieve("pg"))
            run(message(a, "pg", turn("igen fra a", "Svar")))
            plain = make(domain, pg_url, SQLTrackerStore)
            reference = run(plain.retrieve("pg"))
            same(run(b.retrieve("pg")), reference)
            same(run(a.retrieve("pg")), reference)
            texts = [e.text for e in reference.events if e.type_name == "user"]
            assert texts == ["igen", "mere", "fra a", "igen fra a"]
            assert forget("pg", pg_url) > 0
            assert run(a.retrieve("pg")) is None and run(b.retrieve("pg")) is None
        finally:
            for store in (a, b):
                store.engine.dispose()
            from partnerskab.storage import events

            for engine in events._engines.values():
                engine.dispose()
