"""The SQLite tracker store's connections use a write-ahead log
(partnerskab.storage.sqlite_tuning)."""

from __future__ import annotations

import sqlalchemy as sa

from partnerskab.storage.sqlite_tuning import tune_sqlite


def test_sqlite_connections_use_wal_and_normal_sync(tmp_path):
    tune_sqlite()
    tune_sqlite()  # idempotent: one listener
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    engine.dispose()
    # Closing the session's connection did not checkpoint and delete the log (a kept-open
    # connection holds it), so a commit costs no checkpoint fsync.
    assert (tmp_path / "tracker.db-wal").exists()
    # The mode is kept in the file: a plain sqlite3 connection (web app, retention) sees it too.
    import sqlite3

    with sqlite3.connect(tmp_path / "tracker.db") as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
