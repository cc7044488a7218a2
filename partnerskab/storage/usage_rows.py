"""The events a period's usage summary needs, straight from Rasa's ``events``
table, filtered and cut down by the database (SQLite or PostgreSQL).

Only user and bot events, and the slot events ``partnerskab.core.usage`` reads,
in the period; of each only the fields the summary uses, pulled out of the
event's JSON by the database (``json_extract`` in SQLite, ``->>`` in
PostgreSQL), so a year of conversations is not parsed in Python. A rating's
entities and a slot's value come as JSON (they are few).

An index on ``events.timestamp`` is created once per database if it is missing
(Rasa indexes only ``sender_id``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import List, Optional, Tuple

import sqlalchemy as sa

from partnerskab.core.usage import SLOTS, Row
from partnerskab.retention import engine

TIMESTAMP_INDEX = "events_timestamp_idx"
_indexed: set = set()


def period(start: dt.date, end: dt.date) -> Tuple[float, float]:
    """The first and last second of a period of whole days (UTC), as timestamps."""
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=dt.timezone.utc).timestamp()
    hi = dt.datetime.combine(end, dt.time.max, tzinfo=dt.timezone.utc).timestamp()
    return lo, hi


def _json(dialect: str, *path: str) -> str:
    """SQL for one field of the event's JSON, as text."""
    if dialect == "postgresql":
        head = "cast(data as json)"
        for part in path[:-1]:
            head += f" -> '{part}'"
        return f"{head} ->> '{path[-1]}'"
    return f"json_extract(data, '$.{'.'.join(path)}')"


def ensure_timestamp_index(conn) -> None:
    """Creates the timestamp index if it is missing (idempotent; once per process and database)."""
    key = str(conn.engine.url)
    if key in _indexed:
        return
    conn.execute(sa.text(f"create index if not exists {TIMESTAMP_INDEX} on events (timestamp)"))
    _indexed.add(key)


def usage_rows(start: dt.date, end: dt.date, url: Optional[str] = None) -> List[Row]:
    """The period's user, bot and summary slot events, in stored order."""
    lo, hi = period(start, end)
    db = engine(url)
    dialect = db.dialect.name
    slot_names = ", ".join(f"'{name}'" for name in SLOTS)
    query = sa.text(
        f"select sender_id, timestamp, type_name, intent_name, "
        f"case when type_name in ('user', 'bot') then {_json(dialect, 'text')} end, "
        f"case when type_name = 'bot' then {_json(dialect, 'metadata', 'utter_action')} end, "
        f"case when type_name = 'slot' or intent_name = 'feedback' then data end "
        f"from events where timestamp between :lo and :hi "
        f"and (type_name in ('user', 'bot') or (type_name = 'slot' and {_json(dialect, 'name')} in ({slot_names}))) "
        f"order by id")
    with db.begin() as conn:
        if not sa.inspect(conn).has_table("events"):
            return []
        ensure_timestamp_index(conn)
        result = conn.execute(query, {"lo": lo, "hi": hi}).fetchall()
    return [_row(*r) for r in result]


def _row(sender, timestamp, kind, intent, text, action, raw) -> Row:
    if raw is None:
        return Row(sender, timestamp, kind, intent, text, action)
    event = json.loads(raw)
    if kind == "slot":
        return Row(sender, timestamp, kind, name=event.get("name"), value=event.get("value"))
    entities = (event.get("parse_data") or {}).get("entities") or ()
    return Row(sender, timestamp, kind, intent, text, action, entities=tuple(entities))
