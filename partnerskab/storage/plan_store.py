"""Where finished plans wait to be fetched: an SQLite table keyed by an
unguessable token, with an expiry time. Written by the action server, read by
the web server (``partnerskab.webapp.server``); no plan lives only in memory.

Example:
    >>> import tempfile, pathlib
    >>> store = PlanStore(pathlib.Path(tempfile.mkdtemp()) / "plans.db")
    >>> token = store.save("da", "<p>x</p>", "x")
    >>> store.get(token)["markdown"]
    'x'
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional

from partnerskab.settings import plan_ttl_hours as ttl_hours
from partnerskab.settings import plans_db

TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32): 256 random bits


class PlanStoreError(RuntimeError):
    """The plan store cannot be read or written (locked, disk full, unreadable)."""


@contextmanager
def _failures() -> Iterator[None]:
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        raise PlanStoreError(str(error)) from error


class PlanStore:
    """Every method raises ``PlanStoreError`` when the store fails."""

    def __init__(self, path: Optional[Path] = None, ttl: Optional[float] = None):
        self.path = Path(path or plans_db())
        self.ttl_seconds = (ttl if ttl is not None else ttl_hours()) * 3600
        with _failures():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute("pragma journal_mode=wal")
                db.execute(
                    "create table if not exists plans (token text primary key, "
                    "created real not null, expires real not null, language text not null, "
                    "html text not null, markdown text not null)"
                )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def save(self, language: str, html: str, markdown: str) -> str:
        token = secrets.token_urlsafe(32)
        now = time.time()
        with _failures(), self._connect() as db:
            db.execute("delete from plans where expires < ?", (now,))
            db.execute(
                "insert into plans values (?, ?, ?, ?, ?, ?)",
                (token, now, now + self.ttl_seconds, language, html, markdown),
            )
        return token

    def purge_expired(self, now: Optional[float] = None) -> int:
        """Deletes expired plans; returns how many (``make purge``)."""
        with _failures(), self._connect() as db:
            return db.execute("delete from plans where expires < ?", (now or time.time(),)).rowcount

    def get(self, token: str) -> Optional[Dict[str, str]]:
        """The plan, or ``None`` when the token is malformed, unknown or expired."""
        if not TOKEN.fullmatch(token or ""):
            return None
        with _failures(), self._connect() as db:
            row = db.execute(
                "select language, html, markdown, expires from plans where token = ?", (token,)
            ).fetchone()
        if row is None or row[3] < time.time():
            return None
        return {"language": row[0], "html": row[1], "markdown": row[2]}

    def expired(self, token: str) -> bool:
        if not TOKEN.fullmatch(token or ""):
            return False
        with _failures(), self._connect() as db:
            row = db.execute("select expires from plans where token = ?", (token,)).fetchone()
        return row is not None and row[0] < time.time()
