"""Retention of conversations in Rasa's SQL tracker store (GDPR): delete
everything older than N days, or one conversation by its id.

    python -m partnerskab.retention purge --days 90     # make purge DAYS=90
    python -m partnerskab.retention forget --sender ID  # make forget SENDER=ID

The store is $TRACKER_URL (an SQLAlchemy URL, e.g. PostgreSQL in production) or
else the SQLite file $TRACKER_DB (default var/tracker.db). A conversation is
deleted whole when its newest event is older than the limit. A conversation
that stays in use loses its old *sessions* (Rasa starts a new session after 120
minutes of silence and carries the slots over into it): every session whose
newest event is older than the limit is deleted, so no session is cut in half
and the conversation's state (case, interview, guide step) is kept. `purge` also
deletes expired plans from the plan store ($PLANS_DB).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DAYS = 90


def tracker_url() -> str:
    return os.environ.get("TRACKER_URL") or f"sqlite:///{os.environ.get('TRACKER_DB') or ROOT / 'var' / 'tracker.db'}"


_engines: dict = {}


def engine(url: Optional[str] = None) -> sa.engine.Engine:
    """One engine (connection pool) per URL and process."""
    url = url or tracker_url()
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
        old = [r[0] for r in conn.execute(sa.text(
            "select sender_id from events group by sender_id having max(timestamp) < :cutoff"), {"cutoff": cutoff})]
        for sender in old:
            conn.execute(sa.text("delete from events where sender_id = :s"), {"s": sender})
    return len(old)


def _first_kept_event(rows, cutoff: float) -> Optional[int]:
    """Of one conversation's events (id, type, timestamp, action) in order: the
    id of the first event of the oldest session with an event newer than
    ``cutoff``, or None when nothing before it can go."""
    starts = []  # index where each session begins
    for i, (_, kind, _, _) in enumerate(rows):
        if kind == "session_started":
            begin = i - 1 if i and rows[i - 1][1] == "action" and rows[i - 1][3] == "action_session_start" else i
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
        live = [r[0] for r in conn.execute(sa.text(
            "select sender_id from events group by sender_id having min(timestamp) < :cutoff "
            "and max(timestamp) >= :cutoff"), {"cutoff": cutoff})]
        for sender in live:
            rows = conn.execute(sa.text("select id, type_name, timestamp, action_name from events "
                                        "where sender_id = :s order by id"), {"s": sender}).fetchall()
            first = _first_kept_event([tuple(r) for r in rows], cutoff)
            if first is not None:
                deleted += conn.execute(sa.text("delete from events where sender_id = :s and id < :first"),
                                        {"s": sender, "first": first}).rowcount
    return deleted


def purge_plans() -> int:
    """Deletes expired plans from the plan store; 0 when there is no store yet."""
    from partnerskab.plans import PlanStore, plans_db

    if not plans_db().exists():
        return 0
    return PlanStore().purge_expired()


def forget(sender: str, url: Optional[str] = None) -> int:
    """Deletes one conversation; returns the number of events deleted."""
    with engine(url).begin() as conn:
        if not _has_events(conn):
            return 0
        return conn.execute(sa.text("delete from events where sender_id = :s"), {"s": sender}).rowcount


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("purge", help="delete conversations older than N days")
    p.add_argument("--days", type=float, default=float(os.environ.get("RETENTION_DAYS") or DEFAULT_DAYS))
    f = sub.add_parser("forget", help="delete one conversation")
    f.add_argument("--sender", required=True)
    args = parser.parse_args(argv)
    if args.command == "purge":
        if args.days < 0:
            parser.error("--days must be 0 or more")
        print(f"Deleted {purge(args.days)} conversation(s) older than {args.days:g} days.")
        print(f"Deleted {purge_old_sessions(args.days)} event(s) of older sessions in conversations still in use.")
        print(f"Deleted {purge_plans()} expired plan(s).")
    else:
        print(f"Deleted {forget(args.sender)} event(s) of conversation {args.sender!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
