"""Rasa's SQL ``events`` table, the one module that reads or deletes in it.

Rasa's SQL tracker store (SQLite by default, PostgreSQL in production) keeps one
row per event: ``id``, ``sender_id``, ``type_name``, ``timestamp``,
``intent_name``, ``action_name`` and the event as JSON in ``data``. Retention
(delete old conversations and sessions, forget one), the widget's history, the
launcher's probe clean-up and the usage report all come through here; nothing
else writes SQL against it but Rasa's tracker store (partnerskab.storage.tracker_store,
whose cache sees these deletions: it checks the conversation's newest row).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from partnerskab import settings
from partnerskab.core.knowledge import Knowledge
from partnerskab.core.usage import (
    ACTIVE,
    MESSAGE,
    SLOTS,
    InboxItem,
    Row,
    Tallier,
    Usage,
    build_usage,
    day_span,
    knowledge_fingerprint,
)

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
    """Deletes one conversation's events, and its rows in every derived table."""
    deleted = conn.execute(sa.text("delete from events where sender_id = :s"), {"s": sender})
    _forget_in_derived(conn, sender)
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
                _forget_in_derived(conn, sender, before_id=first)
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


# ---- tables derived from the events: their schema, in one place ---------------------------
# The usage digest: the few fields the review page and the report read, pulled out
# of each event's JSON once and kept beside the events (event id, conversation,
# time, type, intent, text, response name, and the JSON of slot and rating events).
# Reading a year from the events themselves means parsing some 30,000 JSON
# documents per page view (bench/review.md); the digest is brought up to date
# with the events added since its newest row.
#
# The usage summary, kept beside the digest and brought up to date with it
# (refresh_summary): what partnerskab.core.usage.Tallier counts, per conversation
# (usage_tallies: a metric, what it counts, the first and last day of the events it
# rests on, how many), and the inbox (usage_inbox: the masked question, when it was
# asked, why it is there, the reply, the key it is grouped by). A conversation with
# new events is counted again from its digest rows, so nothing is counted twice; a
# year's charts are a few SQL sums, not 30,000 rows in Python. usage_summary_state
# holds the newest event counted and the knowledge it was read with
# (core.usage.knowledge_fingerprint): after knowledge/ changes, the summary is
# counted again from the digest, as summarising the events would.
#
# Nothing personal is kept in the summary: counts, the masked question and the
# assistant's own reply; the conversation id only so that retention can delete.
# Retention deletes a conversation's rows from every table in DERIVED.
DIGEST = "usage_digest"
TALLIES = "usage_tallies"
INBOX = "usage_inbox"
STATE = "usage_summary_state"
DERIVED = (DIGEST, TALLIES, INBOX)  # each has sender_id
_derived = sa.MetaData()
sa.Table(
    DIGEST,
    _derived,
    sa.Column("event_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("type_name", sa.String(255)),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("text", sa.Text),
    sa.Column("action", sa.String(255)),
    sa.Column("raw", sa.Text),
)
tallies = sa.Table(
    TALLIES,
    _derived,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("metric", sa.String(16), primary_key=True),
    sa.Column("label", sa.String(255), primary_key=True),
    sa.Column("first_day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last_day", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("n", sa.Integer, nullable=False),
)
inbox = sa.Table(
    INBOX,
    _derived,
    sa.Column("event_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("sender_id", sa.String(255), nullable=False),
    sa.Column("first_day", sa.Integer, nullable=False),
    sa.Column("last_day", sa.Integer, nullable=False),
    sa.Column("asked_at", sa.Float, nullable=False),
    sa.Column("reason", sa.String(16), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("group_key", sa.Text, nullable=False),
    sa.Column("reply", sa.Text, nullable=False),
)
sa.Table(
    STATE,
    _derived,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("last_event_id", sa.BigInteger, nullable=False),
    sa.Column("knowledge", sa.String(64), nullable=False),
    sa.Column("version", sa.BigInteger, nullable=False),  # one up at every change
)
# Created with the tables where missing (also on a digest made before they were listed).
# The tallies' two hold every column a period's sums read, so the sums read the index only.
_INDEXES = {
    "usage_digest_timestamp_idx": (DIGEST, "timestamp"),
    "usage_digest_sender_idx": (DIGEST, "sender_id"),
    "usage_tallies_sums_idx": (TALLIES, "metric, label, first_day, last_day, n"),
    "usage_tallies_days_idx": (TALLIES, "metric, first_day, sender_id, n"),
    "usage_inbox_day_idx": (INBOX, "first_day"),
    "usage_inbox_sender_idx": (INBOX, "sender_id"),
}
_DIGEST_COLUMNS = "event_id, sender_id, timestamp, type_name, intent_name, text, action, raw"
_ready: set = set()


def _ensure_derived(conn) -> None:
    """Creates the derived tables and their indexes where missing (checked in
    full once per process and database)."""
    key = str(conn.engine.url)
    inspector = sa.inspect(conn)
    if key in _ready and inspector.has_table(STATE):  # (not a new database at the same URL)
        return
    present = set(inspector.get_table_names())
    summary = (STATE, TALLIES, INBOX)
    if any(
        table in present
        and {c["name"] for c in inspector.get_columns(table)}
        != set(_derived.tables[table].c.keys())
        for table in summary
    ):  # made by an earlier version of this module: made again, then counted again
        for table in summary:
            if table in present:
                conn.execute(sa.text(f"drop table {table}"))
    _derived.create_all(conn, checkfirst=True)
    for name, (table, columns) in _INDEXES.items():
        conn.execute(sa.text(f"create index if not exists {name} on {table} ({columns})"))
    _ready.add(key)


LOOK_BACK = 1000  # events before the digest's newest looked at again (see _add_to_digest)


def _add_to_digest(conn) -> Tuple[int, List[str]]:
    """Adds the events stored since the digest's newest row; returns how many,
    and their conversations. On PostgreSQL two Rasa instances may commit events
    out of id order (an id taken first, committed last), so the LOOK_BACK events
    before the newest are looked at again (a row already added is skipped)."""
    dialect = conn.engine.dialect.name
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
    ensure_timestamp_index(conn)
    _ensure_derived(conn)
    last = conn.execute(sa.text(f"select coalesce(max(event_id), 0) from {DIGEST}")).scalar()
    if dialect == "postgresql" or sqlite3.sqlite_version_info >= (3, 35):  # returning
        added = conn.execute(
            sa.text(f"{insert} returning sender_id"), {"last": max(0, last - LOOK_BACK)}
        ).fetchall()
        return len(added), list(dict.fromkeys(r[0] for r in added))
    count = conn.execute(sa.text(insert), {"last": last}).rowcount or 0
    return count, []


def refresh_digest(url: Optional[str] = None) -> int:
    """Adds the events stored since the digest's newest row; returns how many."""
    with engine(url).begin() as conn:
        if not _has_events(conn):
            return 0
        return _add_to_digest(conn)[0]


def refresh_summary(kb: Knowledge, url: Optional[str] = None) -> int:
    """Brings the digest and the usage summary up to date; returns how many
    conversations were counted (again). With nothing new it writes nothing
    (Rasa writes to the same database at every message)."""
    fingerprint = knowledge_fingerprint(kb)
    with engine(url).begin() as conn:
        if not _has_events(conn):
            return 0
        _ensure_derived(conn)
        state = _summary_state(conn)
        if state is not None and state[1] == fingerprint and state[0] >= _newest_event(conn):
            return 0  # (after retention the newest event may be older than the last counted)
        _lock_summary(conn)
        seen = _newest_event(conn)  # events after it (being written now) come next time
        _, added = _add_to_digest(conn)
        last, known = _summary_state(conn)
        if known != fingerprint:
            conn.execute(sa.text(f"delete from {TALLIES}"))
            conn.execute(sa.text(f"delete from {INBOX}"))
            last = 0
        elif seen <= last:
            return 0  # another worker has just brought it up to date
        changed = None  # every conversation
        if last:  # with rows added now, or by refresh_digest since the last count
            found = conn.execute(
                sa.text(f"select sender_id from {DIGEST} where event_id > :last"), {"last": last}
            )
            changed = list(dict.fromkeys([*added, *(r[0] for r in found)]))
        newest = conn.execute(sa.text(f"select coalesce(max(event_id), 0) from {DIGEST}")).scalar()
        counted = _count_again(conn, kb, changed, newest)
        conn.execute(
            sa.text(
                f"update {STATE} set last_event_id = :seen, knowledge = :knowledge, "
                "version = version + 1"
            ),
            {"seen": seen, "knowledge": fingerprint},
        )
        return counted


def _newest_event(conn) -> int:
    return conn.execute(sa.text("select coalesce(max(id), 0) from events")).scalar()


def _summary_state(conn) -> Optional[Tuple[int, str]]:
    """(the newest event counted, the knowledge's fingerprint), or None before the first count."""
    row = conn.execute(
        sa.text(f"select last_event_id, knowledge from {STATE} where id = 1")
    ).first()
    return (row[0], row[1]) if row else None


def _lock_summary(conn) -> None:
    """One writer of the summary at a time: the state row is written first, which
    takes SQLite's write lock, or PostgreSQL's lock on the row (a second writer
    waits, then sees what the first wrote)."""
    dialect = conn.engine.dialect.name
    insert = "insert or ignore into" if dialect != "postgresql" else "insert into"
    tail = " on conflict do nothing" if dialect == "postgresql" else ""
    conn.execute(
        sa.text(
            f"{insert} {STATE} (id, last_event_id, knowledge, version) values (1, 0, '', 0){tail}"
        )
    )
    conn.execute(sa.text(f"update {STATE} set last_event_id = last_event_id where id = 1"))


def _count_again(conn, kb: Knowledge, senders: Optional[List[str]], newest: int) -> int:
    """Counts again the given conversations (every one if None) from their
    digest rows up to event ``newest``: their old tallies and inbox rows go, the
    new ones are written. Returns how many conversations."""
    if senders is None:
        batches: List[Optional[List[str]]] = [None]
    else:
        batches = [senders[i : i + 500] for i in range(0, len(senders), 500)]
    counted = 0
    for batch in batches:
        counted += _count_batch(conn, kb, batch, newest)
    return counted


def _count_batch(conn, kb: Knowledge, senders: Optional[List[str]], newest: int) -> int:
    among = " and sender_id in :senders" if senders is not None else ""
    params: Dict = {"newest": newest}
    if senders is not None:
        params["senders"] = senders

    def statement(sql: str):
        text = sa.text(sql)
        return text.bindparams(sa.bindparam("senders", expanding=True)) if among else text

    result = conn.execute(
        statement(
            "select sender_id, timestamp, type_name, intent_name, text, action, raw, event_id "
            f"from {DIGEST} where event_id <= :newest{among} order by event_id"
        ),
        params,
    )
    tallier = Tallier(kb).feed(_row(*r) for r in result)
    for table in (TALLIES, INBOX):
        doomed = " where sender_id in :senders" if among else ""
        conn.execute(statement(f"delete from {table}{doomed}"), params)
    if tallier.tallies:
        conn.execute(
            tallies.insert(),
            [
                {
                    "sender_id": t.sender,
                    "metric": t.metric,
                    "label": t.key,
                    "first_day": t.first_day,
                    "last_day": t.last_day,
                    "n": n,
                }
                for t, n in tallier.tallies.items()
            ],
        )
    if tallier.inbox:
        conn.execute(
            inbox.insert(),
            [
                {
                    "event_id": e.event_id,
                    "sender_id": e.sender,
                    "first_day": e.first_day,
                    "last_day": e.last_day,
                    "asked_at": e.item.asked_at,
                    "reason": e.item.reason,
                    "question": e.item.question,
                    "group_key": e.item.key,
                    "reply": e.item.reply,
                }
                for e in tallier.inbox
            ],
        )
    return len({t.sender for t in tallier.tallies})


def inbox_keys(url: Optional[str] = None) -> set:
    """The group key of every question in the inbox, over all the conversations
    kept (as far as the summary was last brought up to date)."""
    with engine(url).connect() as conn:
        if INBOX not in _tables(conn):
            return set()
        return {r[0] for r in conn.execute(sa.text(f"select distinct group_key from {INBOX}"))}


def summary_version(url: Optional[str] = None) -> int:
    """A number that changes whenever the summary does (new events counted,
    retention): what was read from the summary for it can be kept until then."""
    with engine(url).connect() as conn:
        if STATE not in _tables(conn):
            return 0
        return conn.execute(sa.text(f"select max(version) from {STATE}")).scalar() or 0


def derived_rows(url: Optional[str] = None, sender: Optional[str] = None) -> Dict[str, int]:
    """How many rows each derived table holds (of one conversation, if given)."""
    with engine(url).connect() as conn:
        present = _tables(conn)
        where, params = (" where sender_id = :s", {"s": sender}) if sender else ("", {})
        return {
            table: conn.execute(sa.text(f"select count(*) from {table}{where}"), params).scalar()
            if table in present
            else 0
            for table in DERIVED
        }


def _tables(conn) -> set:
    return set(sa.inspect(conn).get_table_names())


def _forget_in_derived(conn, sender: str, before_id: Optional[int] = None) -> None:
    """Retention: the derived tables lose what the events lose. Whole conversations
    go from each; when only a conversation's old sessions go, it is counted again
    from what is left of it (with the knowledge the summary was made with, else the
    summary is marked to be counted again in full at the next refresh)."""
    present = _tables(conn)
    if STATE in present:
        conn.execute(sa.text(f"update {STATE} set version = version + 1"))
    if before_id is None:
        for table in DERIVED:
            if table in present:
                conn.execute(sa.text(f"delete from {table} where sender_id = :s"), {"s": sender})
        return
    if DIGEST not in present:
        return
    conn.execute(
        sa.text(f"delete from {DIGEST} where sender_id = :s and event_id < :first"),
        {"s": sender, "first": before_id},
    )
    if STATE not in present:
        return
    state = conn.execute(sa.text(f"select last_event_id, knowledge from {STATE}")).first()
    if state is None:
        return
    from partnerskab.core.knowledge import load_knowledge  # only here: loading takes a while

    kb = load_knowledge()
    if knowledge_fingerprint(kb) != state[1]:
        conn.execute(sa.text(f"update {STATE} set knowledge = ''"))
        return
    _count_again(conn, kb, [sender], state[0])


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
                "select sender_id, timestamp, type_name, intent_name, text, action, raw, event_id "
                f"from {DIGEST} where timestamp between :lo and :hi order by event_id"
            ),
            {"lo": lo, "hi": hi},
        ).fetchall()
    return [_row(*r) for r in result]


def period_usage(
    start: dt.date, end: dt.date, kb: Knowledge, url: Optional[str] = None, refresh: bool = True
) -> Usage:
    """The period's usage (as core.usage.summarise gives it from the period's
    events), from the usage summary, brought up to date first (unless the
    caller just did): a few sums in SQL and the period's inbox items."""
    if refresh:
        refresh_summary(kb, url)
    lo, hi = day_span(start, end)
    within = "first_day >= :lo and last_day <= :hi"
    span = {"lo": lo, "hi": hi}
    with engine(url).connect() as conn:
        if not _has_events(conn):
            return Usage()
        counts = conn.execute(
            sa.text(
                f"select metric, label, sum(n) from {TALLIES} where {within} "
                f"and metric not in ('{ACTIVE}', '{MESSAGE}') group by metric, label"
            ),
            span,
        ).fetchall()
        days = conn.execute(
            sa.text(
                f"select first_day, count(distinct case when metric = '{ACTIVE}' then sender_id "
                f"end), sum(case when metric = '{MESSAGE}' then n else 0 end) from {TALLIES} "
                f"where first_day between :lo and :hi and metric in ('{ACTIVE}', '{MESSAGE}') "
                "group by first_day"
            ),
            span,
        ).fetchall()
        conversations = conn.execute(
            sa.text(
                f"select count(distinct sender_id) from {TALLIES} "
                f"where first_day between :lo and :hi and metric = '{ACTIVE}'"
            ),
            span,
        ).scalar()
        items = conn.execute(
            sa.text(
                f"select question, asked_at, reason, reply, group_key from {INBOX} "
                f"where {within} order by event_id"
            ),
            span,
        ).fetchall()
    return build_usage(
        [tuple(r) for r in counts],
        [tuple(r) for r in days],
        conversations or 0,
        [InboxItem(*r) for r in items],
    )


def _row(sender, timestamp, kind, intent, text, action, raw, event_id=0) -> Row:
    if raw is None:
        return Row(sender, timestamp, kind, intent, text, action, event_id=event_id)
    event = json.loads(raw)
    if kind == "slot":
        return Row(
            sender,
            timestamp,
            kind,
            name=event.get("name"),
            value=event.get("value"),
            event_id=event_id,
        )
    entities = (event.get("parse_data") or {}).get("entities") or ()
    return Row(
        sender, timestamp, kind, intent, text, action, entities=tuple(entities), event_id=event_id
    )
