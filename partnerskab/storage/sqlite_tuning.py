"""SQLite settings for Rasa's SQL tracker store (one instance, `make run`).

Rasa commits once per handled message, on the event loop. With SQLite's defaults
(a rollback journal, ``synchronous=FULL``) each commit waits for two fsyncs, and
the whole Rasa process waits with it: a quarter of its CPU per message under load
(bench/profile.md, before). In write-ahead-log mode with ``synchronous=NORMAL`` a
commit appends to the log and syncs only at checkpoints. The database stays
consistent after a crash or power loss; at worst the last few messages before a
power loss are missing. Other processes (the web app, retention, the report) read
and write the same file as before; WAL works across processes on one machine.

PostgreSQL (production) is left alone: the listener acts on SQLite connections only.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False


def _on_connect(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()


def tune_sqlite() -> None:
    """Applies the settings to every SQLite connection SQLAlchemy opens from now
    on in this process (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _on_connect)
        _installed = True
