"""Rasa's SQL ``events`` table, the one module that reads or deletes in it.

Rasa's SQL tracker store (SQLite by default, PostgreSQL in production) keeps one
row per event: ``id``, ``sender_id``, ``type_name``, ``timestamp``,
``intent_name``, ``action_name`` and the event as JSON in ``data``. Retention
(delete old conversations and sessions, forget one), the widget's history, the
launcher's probe clean-up and the usage report all come through here; nothing
else writes SQL against it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from partnerskab import settings
from partnerskab.core.usage import SLOTS, Row

_engines: dict = {}


def engine(url: Optional[str] = None) -> sa.engine.Engine:
    """One engine (connection pool) per URL and process; the URL defaults to
    settings.tracker_url()."""
    url = url or settings.tracker_url()
    if url not in _engines:
        _engines[url] = sa.create_engine(url)
    return _engines[url]


def _has_events(conn) -> bool:
    return sa.inspect(conn).has_table("events")


def purge(days: float, url: Optional[str] = None, now: Optional[float] = None) -> int:
    """Deletes conversations whose newest event is older than ``days``; returns
    how many conversations were deleted. (Old sessions of live conversations:
    ``purge_old_sessions``.)"""
    cutoff = (now or time.time()) - days * 86400
    with engine(url).begin() as conn:
        if not _has_events(conn):
            return 0
        old = _senders_having(conn, "max(timestamp) < :cutoff", cutoff)
        for sender in old:
            _delete_conversation(conn, sender)
    return len(old)


def _senders_having(conn, condition: str, cutoff: float) -> List[str]:
    """The conversations whose events meet ``condition`` (on their timestamps)."""
    query = f"select sender_id from events group by sender_id having {condition}"
    return [r[0] for r in conn.execute(sa.text(query), {"cutoff": cutoff})]


def _delete_conversation(conn, sender: str) -> int:
    """Deletes one conversation's events, and its rows in the usage digest."""
    deleted = conn.execute(sa.text("delete from events where sender_id = :s"), {"s": sender})
    _forget_in_digest(conn, sender)
    return deleted.rowcount


def _first_kept_event(rows, cutoff: float) -> Optional[int]:
    """Of one conversation's events (id, type, timestamp, action) in order: the
    id of the first event of the oldest session with an event newer than
    ``cutoff``, or None when nothing before it can go."""
    starts = []  # index where each session begins
    for i, (_, kind, _, _) in enumerate(rows):
        if kind == "session_started":
            begin = (
                i - 1
                if i and rows[i - 1][1] == "action" and rows[i - 1][3] == "action_session_start"
                else i
            )
            starts.append(begin)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = starts + [len(rows)]
    for begin, end in zip(bounds, bounds[1:]):
        if end > begin and max(r[2] for r in rows[begin:end]) >= cutoff:
            return rows[begin][0] if begin > 0 else None
    return None


def purge_old_sessions(days: float, url: Optional[str] = None, now: Optional[float] = None) -> int:
    """In conversations still in use, deletes whole sessions whose newest event
    is older than ``days``; returns the number of events deleted."""
    cutoff = (now or time.time()) - days * 86400
    deleted = 0
    with engine(url).begin() as conn:
        if not _has_events(conn):
            return 0
        live = _senders_having(
            conn, "min(timestamp) < :cutoff and max(timestamp) >= :cutoff", cutoff
        )
        for sender in live:
            rows = conn.execute(
                sa.text(
                    "select id, type_name, timestamp, action_name from events "
                    "where sender_id = :s order by id"
                ),
                {"s": sender},
            ).fetchall()
            first = _first_kept_event([tuple(r) for r in rows], cutoff)
            if first is not None:
                deleted += conn.execute(
                    sa.text("delete from events where sender_id = :s and id < :first"),
                    {"s": sender, "first": first},
                ).rowcount
                _forget_in_digest(conn, sender, before_id=first)
    return deleted


def forget(sender: str, url: Optional[str] = None) -> int:
    """Deletes one conversation; returns the number of events deleted."""
    with engine(url).begin() as conn:
        if not _has_events(conn):
            return 0
        return _delete_conversation(conn, sender)


def conversation_events(sender: str, url: Optional[str] = None) -> List[Tuple[str, Dict]]:
    """One conversation's events in order, as (type_name, event)."""
    with engine(url).connect() as conn:
        if not _has_events(conn):
            return []
        rows = conn.execute(
            sa.text("select type_name, data from events where sender_id = :s order by id"),
            {"s": sender},
        ).fetchall()
    return [(kind, json.loads(raw)) for kind, raw in rows]


# ---- the usage summary (make report, the review page) -------------------------------------
# Only user and bot events, and the slot events partnerskab.core.usage reads, in
# the period; of each only the fields the summary uses, pulled out of the event's
# JSON by the database (json_extract in SQLite, ->> in PostgreSQL), so a year of
# conversations is not parsed in Python. A rating's entities and a slot's value
# come as JSON (they are few). An index on events.timestamp is created once per
# database if it is missing (Rasa indexes only sender_id).

TIMESTAMP_INDEX = "events_timestamp_idx"
_indexed: set = set()


def period(start: dt.date, end: dt.date) -> Tuple[float, float]:
    """The first and last second of a period of whole days (UTC), as timestamps."""
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=dt.timezone.utc).timestamp()
    hi = dt.datetime.combine(end, dt.time.max, tzinfo=dt.timezone.utc).timestamp()
    return lo, hi


def ensure_timestamp_index(conn) -> None:
    """Creates the timestamp index if it is missing (idempotent; once per process and database)."""
    key = str(conn.engine.url)
    if key in _indexed:
        return
    conn.execute(sa.text(f"create index if not exists {TIMESTAMP_INDEX} on events (timestamp)"))
    _indexed.add(key)


def _json_field(dialect: str, *path: str) -> str:
    """SQL for one text field of the event's JSON. PostgreSQL: a json cast per
    field measured faster than one jsonb cast per row (0.55 s against 0.74 s
    for a year of synthetic events)."""
    if dialect == "postgresql":
        head = "cast(data as json)" + "".join(f" -> '{part}'" for part in path[:-1])
        return f"{head} ->> '{path[-1]}'"
    return f"json_extract(data, '$.{'.'.join(path)}')"


# The usage digest: the few fields the review page and the report read, pulled out
# of each event's JSON once and kept beside the events (event id, conversation,
# time, type, intent, text, response name, and the JSON of slot and rating events).
# Reading a year from the events themselves means parsing some 30,000 JSON
# documents per page view (bench/review.md); the digest is brought up to date
# with the events added since its newest row, and retention deletes from both.
DIGEST = "usage_digest"
_DIGEST_COLUMNS = "event_id, sender_id, timestamp, type_name, intent_name, text, action, raw"


def _ensure_digest(conn) -> None:
    conn.execute(
        sa.text(
            f"create table if not exists {DIGEST} (event_id bigint primary key, sender_id "
            "varchar(255), "
            "timestamp double precision, type_name varchar(255), intent_name varchar(255), text "
            "text, "
            "action varchar(255), raw text)"
        )
    )
    conn.execute(
        sa.text(f"create index if not exists {DIGEST}_timestamp_idx on {DIGEST} (timestamp)")
    )


def refresh_digest(url: Optional[str] = None) -> int:
    """Adds the events stored since the digest's newest row; returns how many."""
    db = engine(url)
    dialect = db.dialect.name
    slot_names = ", ".join(f"'{name}'" for name in SLOTS)
    select = (
        "select id, sender_id, timestamp, type_name, intent_name, "
        f"case when type_name in ('user', 'bot') then {_json_field(dialect, 'text')} end, "
        f"case when type_name = 'bot' then {_json_field(dialect, 'metadata', 'utter_action')} end, "
        "case when type_name = 'slot' or intent_name = 'feedback' then data end "
        "from events where id > :last and (type_name in ('user', 'bot') "
        f"or (type_name = 'slot' and action_name in ({slot_names})))"
    )
    # Two web workers may refresh at once: a row already added is skipped.
    insert = (
        f"insert into {DIGEST} ({_DIGEST_COLUMNS}) {select} on conflict do nothing"
        if dialect == "postgresql"
        else f"insert or ignore into {DIGEST} ({_DIGEST_COLUMNS}) {select}"
    )
    with db.begin() as conn:
        if not _has_events(conn):
            return 0
        ensure_timestamp_index(conn)
        _ensure_digest(conn)
        last = conn.execute(sa.text(f"select coalesce(max(event_id), 0) from {DIGEST}")).scalar()
        return conn.execute(sa.text(insert), {"last": last}).rowcount or 0


def _forget_in_digest(conn, sender: str, before_id: Optional[int] = None) -> None:
    """Retention: the digest loses what the events lose."""
    if not sa.inspect(conn).has_table(DIGEST):
        return
    if before_id is None:
        conn.execute(sa.text(f"delete from {DIGEST} where sender_id = :s"), {"s": sender})
    else:
        conn.execute(
            sa.text(f"delete from {DIGEST} where sender_id = :s and event_id < :first"),
            {"s": sender, "first": before_id},
        )


def usage_rows(start: dt.date, end: dt.date, url: Optional[str] = None) -> List[Row]:
    """The period's user, bot and summary slot events, in stored order, with the
    JSON fields pulled out (a bot event's text and response name, a user event's
    text); slot events keep their name in ``action_name``. Read from the usage
    digest, brought up to date first."""
    lo, hi = period(start, end)
    refresh_digest(url)
    with engine(url).begin() as conn:
        if not sa.inspect(conn).has_table(DIGEST):
            return []
        result = conn.execute(
            sa.text(
                "select sender_id, timestamp, type_name, intent_name, text, action, raw "
                f"from {DIGEST} where timestamp between :lo and :hi order by event_id"
            ),
            {"lo": lo, "hi": hi},
        ).fetchall()
    return [_row(*r) for r in result]


def _row(sender, timestamp, kind, intent, text, action, raw) -> Row:
    if raw is None:
        return Row(sender, timestamp, kind, intent, text, action)
    event = json.loads(raw)
    if kind == "slot":
        return Row(sender, timestamp, kind, name=event.get("name"), value=event.get("value"))
    entities = (event.get("parse_data") or {}).get("entities") or ()
    return Row(sender, timestamp, kind, intent, text, action, entities=tuple(entities))
