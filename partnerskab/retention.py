"""Retention of conversations in Rasa's SQL tracker store (GDPR): delete
everything older than N days, or one conversation by its id.

    python -m partnerskab.retention purge --days 90     # make purge DAYS=90
    python -m partnerskab.retention forget --sender ID  # make forget SENDER=ID

The store is $TRACKER_URL (an SQLAlchemy URL, e.g. PostgreSQL in production) or
else the SQLite file $TRACKER_DB (default var/tracker.db). A conversation is
deleted whole when its newest event is older than the limit, so no conversation
is left cut in half. Plans are purged by their own expiry (partnerskab.plans).
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
    how many conversations were deleted."""
    cutoff = (now or time.time()) - days * 86400
    with engine(url).begin() as conn:
        if not _has_events(conn):
            return 0
        old = [r[0] for r in conn.execute(sa.text(
            "select sender_id from events group by sender_id having max(timestamp) < :cutoff"), {"cutoff": cutoff})]
        for sender in old:
            conn.execute(sa.text("delete from events where sender_id = :s"), {"s": sender})
    return len(old)


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
    else:
        print(f"Deleted {forget(args.sender)} event(s) of conversation {args.sender!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
