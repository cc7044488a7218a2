"""Everything the actions need, loaded once at the start of the action server.

``partnerskab.adapters.action_server`` calls :func:`load` before the server listens, so
its ``/health`` answers only when the knowledge, both spaCy pipelines, the
retrieval index, the interview vocabulary, the recommender, the guide, the
plan templates and the municipality's company list are in memory, and the
first catalogue question is answered as fast as the hundredth.

The actions read them with ``await resources()``. Outside the action server
(unit tests calling an action directly) the first call loads them in a worker
thread, so even then loading never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from partnerskab.core.answering import Answerer
from partnerskab.core.companies import Company, load_companies
from partnerskab.core.guide import Guide
from partnerskab.core.interview import Interview
from partnerskab.core.knowledge import LANGUAGES
from partnerskab.core.recommender import Recommender

# One question per language, answered once at start so every lazy cache on the
# answering path (spaCy pipelines, lemma caches, index) is filled.
WARM_QUESTIONS = {"da": "Hvad er ABCD-metoden?", "en": "What is the ABCD method?"}


@dataclass(frozen=True)
class Resources:
    store: Answerer
    interview: Interview
    recommender: Recommender
    companies: List[Company]
    guide: Guide
    contact: Dict[str, Any]
    seconds: float  # how long loading took


_loaded: Optional[Resources] = None
_lock = threading.Lock()


def load() -> Resources:
    """Loads everything once (later calls return the same object). Raises on a
    broken knowledge folder, company list or contact file, so the action server
    fails at start rather than on a visitor's question."""
    global _loaded
    with _lock:
        if _loaded is None:
            from actions.contact import load_contact  # actions.contact imports actions.common
            from partnerskab.core import plan

            start = time.monotonic()
            store = Answerer.load()
            recommender = Recommender.load()
            for language in LANGUAGES:
                store.reply(WARM_QUESTIONS.get(language, WARM_QUESTIONS["da"]), language)
            plan._texts(), plan._environment()  # noqa: SLF001 - the plan's templates and wording
            _loaded = Resources(
                store=store,
                interview=recommender.interview,
                recommender=recommender,
                companies=load_companies(),
                guide=Guide.load(),
                contact=load_contact(),
                seconds=time.monotonic() - start,
            )
    return _loaded


def loaded() -> bool:
    return _loaded is not None


async def resources() -> Resources:
    """The loaded resources; loads them in a worker thread if nobody has yet."""
    if _loaded is not None:
        return _loaded
    return await asyncio.to_thread(load)
