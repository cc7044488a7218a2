"""What the review page keeps: its decisions, in a small table beside Rasa's
events (same database, SQLite or PostgreSQL), and the questions it assigns to
facts, in YAML files the knowledge loader reads (``knowledge/questions/reviewed/``
or $REVIEWED_QUESTIONS_DIR; see ``partnerskab.knowledge``).

A decision is stored per question form (the SHA-256 of
``partnerskab.core.usage.group_key``), so every wording in a decided group
leaves the inbox, and a new wording that comes later is a new question. The
table holds masked questions only, never a conversation id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import sqlalchemy as sa
import yaml

from partnerskab.core.reviewing import DECISIONS
from partnerskab.storage.events import engine

metadata = sa.MetaData()
decisions = sa.Table(
    "review_decisions",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("question", sa.String(400), nullable=False),
    sa.Column("fact_id", sa.String(120)),
    sa.Column("reviewer", sa.String(80), nullable=False),
    sa.Column("decided_at", sa.Float, nullable=False),
)
_created: set = set()
_file_lock = threading.Lock()
HEADER = (
    "# Questions the review page (/review) assigned to facts: read with the question bank\n"
    "# (partnerskab/knowledge.py) at the next start. Review, then commit.\n"
)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _engine(url: Optional[str]) -> sa.engine.Engine:
    db = engine(url)
    if str(db.url) not in _created:
        metadata.create_all(db, checkfirst=True)
        _created.add(str(db.url))
    return db


def decided(url: Optional[str] = None) -> set:
    """The hashes of every decided question form."""
    with _engine(url).connect() as conn:
        return {r[0] for r in conn.execute(sa.select(decisions.c.key))}


def decide(
    hashes: Iterable[str],
    decision: str,
    question: str,
    reviewer: str,
    fact_id: Optional[str] = None,
    url: Optional[str] = None,
    now: Optional[float] = None,
) -> int:
    """Stores one decision for every given question form (a later decision on
    the same form replaces the earlier one); returns how many were stored."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    now = time.time() if now is None else now
    rows = [
        {
            "key": h,
            "decision": decision,
            "question": question,
            "fact_id": fact_id,
            "reviewer": reviewer,
            "decided_at": now,
        }
        for h in dict.fromkeys(hashes)
    ]
    with _engine(url).begin() as conn:
        conn.execute(decisions.delete().where(decisions.c.key.in_([r["key"] for r in rows])))
        if rows:
            conn.execute(decisions.insert(), rows)
    return len(rows)


def decided_before(cutoff: float, url: Optional[str] = None) -> set:
    """The hashes of the question forms decided before ``cutoff`` (a timestamp)."""
    with _engine(url).connect() as conn:
        rows = conn.execute(sa.select(decisions.c.key).where(decisions.c.decided_at < cutoff))
        return {r[0] for r in rows}


def forget_decisions(hashes: Iterable[str], url: Optional[str] = None) -> int:
    """Deletes the decisions on the given question forms; returns how many."""
    hashes = list(hashes)
    deleted = 0
    with _engine(url).begin() as conn:
        for i in range(0, len(hashes), 500):
            batch = hashes[i : i + 500]
            deleted += conn.execute(decisions.delete().where(decisions.c.key.in_(batch))).rowcount
    return deleted


def todo(url: Optional[str] = None) -> List[Dict]:
    """Questions marked "new content needed", newest first, one per question."""
    with _engine(url).connect() as conn:
        rows = conn.execute(
            sa.select(decisions.c.question, decisions.c.reviewer, decisions.c.decided_at)
            .where(decisions.c.decision == "new_content")
            .order_by(decisions.c.decided_at.desc())
        ).fetchall()
    seen: Dict[str, Dict] = {}
    for question, reviewer, when in rows:
        seen.setdefault(question, {"question": question, "reviewer": reviewer, "decided_at": when})
    return list(seen.values())


def append_reviewed(entry: Dict[str, str], directory: Path, day: Optional[dt.date] = None) -> Path:
    """Appends one reviewed question to ``<directory>/<day>.yml`` (written with
    ``yaml.safe_dump`` and replaced atomically); returns the file."""
    day = day or dt.datetime.now(dt.timezone.utc).date()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{day.isoformat()}.yml"
    with _file_lock:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        entries = entries if isinstance(entries, list) else []
        if not any(
            e.get("fact") == entry["fact"] and e.get("question") == entry["question"]
            for e in entries
            if isinstance(e, dict)
        ):
            entries.append(entry)
        text = HEADER + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".reviewed-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    return path
