"""Retention of conversations in Rasa's SQL tracker store (GDPR): delete
everything older than N days, or one conversation by its id.

    python -m partnerskab.ops.retention purge --days 90     # make purge DAYS=90
    python -m partnerskab.ops.retention forget --sender ID  # make forget SENDER=ID

The store is $TRACKER_URL (an SQLAlchemy URL, e.g. PostgreSQL in production) or
else the SQLite file $TRACKER_DB (default var/tracker.db). A conversation is
deleted whole when its newest event is older than the limit. A conversation
that stays in use loses its old *sessions* (Rasa starts a new session after 120
minutes of silence and carries the slots over into it): every session whose
newest event is older than the limit is deleted, so no session is cut in half
and the conversation's state (case, interview, guide step) is kept. `purge` also
deletes expired plans from the plan store ($PLANS_DB), and the review page's
decisions (review_decisions: a masked question's form, the decision, the fact,
the reviewer's name and the time) made more than N days ago on questions that
no kept conversation asks any more: a decision on a question still in the inbox
stays, since it keeps the question out of it (or on the to-do list).
"""

from __future__ import annotations

import argparse
import sys
import time

from partnerskab import settings
from partnerskab.storage import review_store
from partnerskab.storage.events import (
    forget,
    inbox_keys,
    purge,
    purge_old_sessions,
    refresh_summary,
)
from partnerskab.storage.plan_store import PlanStore


def purge_plans() -> int:
    """Deletes expired plans from the plan store; 0 when there is no store yet."""
    if not settings.plans_db().exists():
        return 0
    return PlanStore().purge_expired()


def purge_decisions(days: float, url=None, now=None) -> int:
    """Deletes the review decisions made more than ``days`` ago on questions no
    kept conversation asks any more (run after the conversations are purged)."""
    cutoff = (time.time() if now is None else now) - days * 86400
    old = review_store.decided_before(cutoff, url)
    if not old:
        return 0
    from partnerskab.core.knowledge import load_knowledge  # only when there is something to check

    refresh_summary(load_knowledge(), url)  # the inbox of what is left
    asked = {review_store.key_hash(key) for key in inbox_keys(url)}
    return review_store.forget_decisions(old - asked, url)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("purge", help="delete conversations older than N days")
    p.add_argument("--days", type=float, default=settings.retention_days())
    f = sub.add_parser("forget", help="delete one conversation")
    f.add_argument("--sender", required=True)
    args = parser.parse_args(argv)
    if args.command == "purge":
        if args.days < 0:
            parser.error("--days must be 0 or more")
        print(f"Deleted {purge(args.days)} conversation(s) older than {args.days:g} days.")
        sessions = purge_old_sessions(args.days)
        print(f"Deleted {sessions} event(s) of older sessions in conversations still in use.")
        print(f"Deleted {purge_plans()} expired plan(s).")
        print(
            f"Deleted {purge_decisions(args.days)} review decision(s) older than {args.days:g} "
            "days on questions no longer asked."
        )
    else:
        print(f"Deleted {forget(args.sender)} event(s) of conversation {args.sender!r}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
