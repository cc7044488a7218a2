"""Rasa's SQL tracker store, with fewer queries per message (bot/endpoints.yml).

Rasa 3.6's ``SQLTrackerStore`` handles each message with one read and one write,
and both are dear (bench/profile.md): the read fetches the events of the current
session and replays them all into a new tracker; the write first counts the
session's stored events (a query with a sub-query) to know which of the tracker's
events are new, then inserts them one by one through the ORM.

This subclass stores and reads exactly the same rows, in the same table, and
keeps a small cache per process, per conversation (least recently used first out):

- the conversation's *fingerprint* as stored: the id and timestamp of its newest row;
- how many events of its current session are stored (what Rasa's count returns);
- the tracker a read would rebuild from those rows, pickled (so every read gets
  its own copy; nothing is shared between requests).

A read asks the database for the fingerprint only (one indexed query) and, if it
matches, unpickles the tracker; a write asks for the fingerprint, and if it
matches takes the stored count from the cache, inserts the new events in one
``executemany``, and brings the cached tracker up to date by replaying only the
new events (what a read would do with all of them). Whenever the fingerprint
differs, this process did not write the conversation's newest row: another
instance or Sanic worker did (behind the Redis lock store), retention deleted
it (``make forget``, ``make purge``), or the process restarted with an empty
cache. Then it falls back to Rasa's own queries and fills the cache again. A
forgotten conversation has no rows, so no fingerprint: its cache entry goes and
nothing of it comes back. The timestamp is in the fingerprint because SQLite may
give a new row the id of a deleted one.

Full trackers (all sessions, ``retrieve_full_tracker``) are read as Rasa reads them.
"""

from __future__ import annotations

import itertools
import json
import logging
import pickle
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.pool import QueuePool

logger = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 1000  # conversations per process; a pickled tracker is some 10-30 KB

Fingerprint = Tuple[int, Optional[float]]


_event_classes: Dict[str, Optional[type]] = {}


def deserialise(dicts: List[Dict[str, Any]]) -> List[Event]:
    """``rasa.shared.core.events.deserialise_events``, with each event type's class
    looked up once per process: Rasa walks all subclasses of ``Event`` for every
    event (0.15 ms each, a quarter of a tracker's replay)."""
    events = []
    for data in dicts:
        name = data.get("event")
        if name is None:
            continue
        if name not in _event_classes:
            _event_classes[name] = Event.resolve_by_type(name)  # as Rasa resolves it
        cls = _event_classes[name]
        event = cls._from_parameters(data) if cls is not None else None
        if event:
            events.append(event)
    return events


@dataclass
class _Entry:
    fingerprint: Fingerprint  # (id, timestamp) of the conversation's newest stored row
    stored: int  # events of the current session stored (Rasa's count)
    since: Optional[float]  # timestamp of the session's start (Rasa reads the events from it)
    tracker: Optional[bytes]  # the pickled tracker a read rebuilds; None: read it again


class CachedSQLTrackerStore(SQLTrackerStore):
    """See the module docstring. Configured in bot/endpoints.yml
    (``type: partnerskab.storage.tracker_store.CachedSQLTrackerStore``), with
    the same settings as Rasa's ``type: SQL`` and an optional ``cache_size``."""

    def __init__(self, *args: Any, cache_size: Any = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            # SQLAlchemy 1.4 opens and closes a SQLite connection per session (NullPool):
            # some 0.5 ms each, two sessions per message. A pool keeps them (as 2.0 does).
            self.engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=QueuePool, connect_args={"check_same_thread": False}
            )
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        try:
            self.cache_size = max(0, int(cache_size))
        except (TypeError, ValueError):
            self.cache_size = DEFAULT_CACHE_SIZE
        self._cache: "OrderedDict[str, _Entry]" = OrderedDict()
        self._table = self.SQLEvent.__table__
        table = self._table
        self._newest_query = (
            sa.select(table.c.id, table.c.timestamp)
            .where(table.c.sender_id == sa.bindparam("sender"))
            .order_by(table.c.id.desc())
            .limit(1)
        )
        self._since_query = (
            sa.select(table.c.id, table.c.timestamp)
            .where(table.c.sender_id == sa.bindparam("sender"), table.c.id > sa.bindparam("after"))
            .order_by(table.c.id)
        )

    # The domain's slots go into every tracker: a new domain (a new model) empties the cache.
    @property
    def domain(self) -> Domain:
        return self._domain

    @domain.setter
    def domain(self, domain: Optional[Domain]) -> None:
        self._domain = domain or Domain.empty()
        if hasattr(self, "_cache"):
            self._cache.clear()

    # ---- the cache ----

    def _get(self, sender: str) -> Optional[_Entry]:
        entry = self._cache.get(sender)
        if entry is not None:
            self._cache.move_to_end(sender)
        return entry

    def _put(self, sender: str, entry: _Entry) -> None:
        if self.cache_size <= 0:
            return
        self._cache[sender] = entry
        self._cache.move_to_end(sender)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def forget_cached(self, sender: Optional[str] = None) -> None:
        """Drops one conversation from the cache (all of them without ``sender``)."""
        if sender is None:
            self._cache.clear()
        else:
            self._cache.pop(sender, None)

    def _fingerprint(self, session: Any, sender: str) -> Optional[Fingerprint]:
        row = session.execute(self._newest_query, {"sender": sender}).first()
        return (row[0], row[1]) if row is not None else None

    # ---- reading ----

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The tracker of the conversation's current session, as Rasa's store
        rebuilds it; from the cache when the conversation is unchanged."""
        with self.session_scope() as session:
            fingerprint = self._fingerprint(session, sender_id)
            if fingerprint is None:  # no rows: a new or a forgotten conversation
                self._cache.pop(sender_id, None)
                return None
            entry = self._get(sender_id)
            if entry is not None and entry.fingerprint == fingerprint and entry.tracker:
                return pickle.loads(entry.tracker)
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        self._cache.pop(sender_id, None)
        events = [json.loads(row.data) for row in rows]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_events(
            sender_id, deserialise(events), self.domain.slots
        )
        if (rows[-1].id, rows[-1].timestamp) == fingerprint:
            # The rows read are the conversation as fingerprinted (no one wrote in between).
            starts = [row.timestamp for row in rows if row.type_name == SessionStarted.type_name]
            since = max(starts) if starts else None
            self._put(sender_id, _Entry(fingerprint, len(rows), since, self._pickle(tracker)))
        return tracker

    @staticmethod
    def _pickle(tracker: DialogueStateTracker) -> Optional[bytes]:
        try:
            return pickle.dumps(tracker, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # something in a tracker that does not pickle: read it again
            logger.debug("A tracker could not be pickled; it is not cached.", exc_info=True)
            return None

    # ---- writing ----

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the tracker's events that are not stored yet, as Rasa's store
        does (the same rows), in one ``executemany``."""
        await self.stream_events(tracker)
        sender = tracker.sender_id
        entry = self._get(sender)
        with self.session_scope() as session:
            before = self._fingerprint(session, sender)
            if entry is None or before is None or entry.fingerprint != before:
                entry = None
                stored = self._event_query(
                    session, sender, fetch_events_from_all_sessions=False
                ).count()
            else:
                stored = entry.stored
            new = list(itertools.islice(tracker.events, stored, len(tracker.events)))
            if not new:
                return
            rows = [self._row(sender, event) for event in new]
            session.execute(self._table.insert(), rows)
            written = session.execute(
                self._since_query, {"sender": sender, "after": before[0] if before else -1}
            ).fetchall()
            ours = len(written) == len(rows) and all(
                w[1] == row["timestamp"] for w, row in zip(written, rows)
            )
            new_session = any(isinstance(event, SessionStarted) for event in new)
            count = None
            if ours and new_session:
                count = self._event_query(
                    session, sender, fetch_events_from_all_sessions=False
                ).count()
            session.commit()
        self._cache.pop(sender, None)
        if not ours:  # someone else wrote too (no lock?): read it all again next time
            return
        try:
            self._remember(
                sender, tracker, entry, stored, rows, (written[-1][0], written[-1][1]), count
            )
        except Exception:  # the events are stored; the next read rebuilds the tracker
            self._cache.pop(sender, None)
            logger.warning("The tracker cache could not be updated.", exc_info=True)

    def _remember(
        self,
        sender: str,
        tracker: DialogueStateTracker,
        entry: Optional[_Entry],
        stored: int,
        rows: List[Dict[str, Any]],
        fingerprint: Fingerprint,
        count: Optional[int],
    ) -> None:
        """Caches what a read would now return, when that is known for sure."""
        stamps = [row["timestamp"] for row in rows]
        if count is None:
            # The current session goes on: a read returns the stored events and
            # these, if they are not older than its start (Rasa reads by timestamp).
            since = entry.since if entry is not None else None
            if since is not None and not all(s is not None and s >= since for s in stamps):
                return
            if entry is None and since is None and stored:
                return  # the session's start is not known here: the next read finds it
            snapshot = None
            if entry is not None and entry.tracker:
                snapshot = self._replay(entry.tracker, rows)
            self._put(sender, _Entry(fingerprint, stored + len(rows), since, snapshot))
            return
        # A session started: a read returns the events from the newest SessionStarted
        # on; they are all new, and if as many rows are at least as recent, exactly these.
        start = max(i for i, e in enumerate(tracker.events) if isinstance(e, SessionStarted))
        first = len(tracker.events) - len(rows)
        if start < first:
            return
        session_rows = rows[start - first :]
        since = session_rows[0]["timestamp"]
        if since is None or count != len(session_rows):
            return
        if not all(
            row["timestamp"] is not None and row["timestamp"] >= since for row in session_rows
        ):
            return
        events = [json.loads(row["data"]) for row in session_rows]
        tracker_now = DialogueStateTracker.from_events(
            sender, deserialise(events), self.domain.slots
        )
        self._put(sender, _Entry(fingerprint, count, since, self._pickle(tracker_now)))

    @staticmethod
    def _row(sender: str, event: Event) -> Dict[str, Any]:
        """One ``events`` row, as Rasa's SQLTrackerStore.save makes it."""
        data = event.as_dict()
        return {
            "sender_id": sender,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    def _replay(self, pickled: bytes, rows: List[Dict[str, Any]]) -> Optional[bytes]:
        """The cached tracker with the new rows applied, as a read would rebuild it
        (it replays every row's JSON in order)."""
        tracker = pickle.loads(pickled)
        for event in deserialise([json.loads(row["data"]) for row in rows]):
            tracker.update(event)
        return self._pickle(tracker)
