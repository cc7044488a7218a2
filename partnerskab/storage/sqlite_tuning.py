"""SQLite settings for Rasa's SQL tracker store (one instance, `make run`).

Rasa commits once per handled message, on the event loop. With SQLite's defaults
(a rollback journal, ``synchronous=FULL``) each commit waits for two fsyncs, and
the whole Rasa process waits with it: a quarter of its CPU per message under load
(bench/profile.md, before). In write-ahead-log mode with ``synchronous=NORMAL`` a
commit appends to the log and syncs only at checkpoints. The database stays
consistent after a crash or power loss; at worst the last few messages before a
power loss are missing. Other processes (the web app, retention, the report) read
and write the same file as before; WAL works across processes on one machine.

SQLAlchemy 1.4 opens a new SQLite connection for every session (NullPool) and
closes it after the commit; closing the last connection to a WAL database
checkpoints the log into the file and deletes it, with the fsyncs this is meant to
avoid. So the first connection to each file also opens one more that stays open
for the life of the process: the log stays, and SQLite checkpoints it by itself
every 1000 pages (``wal_autocheckpoint``).

PostgreSQL (production) is left alone: the listener acts on SQLite connections only.
"""

from __future__ import annotations

import sqlite3
from typing import Dict

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False
_keepers: Dict[str, sqlite3.Connection] = {}  # database file -> the connection kept open


def _on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        row = cursor.execute("PRAGMA database_list").fetchone()
        path = row[2] if row else ""
        if path not in _keepers:
            cursor.execute("PRAGMA journal_mode=WAL").fetchone()  # kept in the file: once per file
            if path:  # a file, not an in-memory database
                _keepers[path] = sqlite3.connect(path, check_same_thread=False, timeout=0)
        if path:
            # A read makes the kept connection hold the log; on a new, empty file the
            # first one does not yet, so it reads again at every connect (microseconds).
            try:
                _keepers[path].execute("PRAGMA schema_version").fetchone()
            except sqlite3.OperationalError:  # locked by another process just now: next time
                pass
        cursor.execute("PRAGMA synchronous=NORMAL")  # per connection
    finally:
        cursor.close()


def tune_sqlite() -> None:
    """Applies the settings to every SQLite connection SQLAlchemy opens from now
    on in this process (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _on_connect)
        _installed = True
