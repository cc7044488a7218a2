"""Helpers shared by the action modules: the shared store, language, domain text."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker

from partnerskab.catalog import CatalogStore
from partnerskab.language import language_or_default

LANGUAGE_SLOT = "language"
CASE_SLOT = "case"
CASE_ENTITY = "case"
FACT_ENTITY = "fact_id"

# Responses sent only by actions, custom or Rasa's default ones (ask_rephrase,
# default), so `rasa data validate` cannot see them used in a story or rule;
# tests/test_validate.py allows exactly these.
ACTION_RESPONSES = (
    "utter_catalog_answer",
    "utter_catalog_answer_dated",
    "utter_not_covered",
    "utter_not_covered_suggest",
    "utter_no_such_advice",
    "utter_did_you_mean",
    "utter_none_of_these",
    "utter_human_contact",
    "utter_ask_rephrase",
    "utter_default",
)

_store: Optional[CatalogStore] = None
_store_lock = asyncio.Lock()


async def catalog_store() -> CatalogStore:
    """The one CatalogStore of this process, built on first use in a worker
    thread so building the index never blocks other conversations."""
    global _store
    if _store is None:
        async with _store_lock:
            if _store is None:
                _store = await asyncio.to_thread(CatalogStore.load)
    return _store


def language_of(tracker: Tracker) -> str:
    return language_or_default(tracker.get_slot(LANGUAGE_SLOT))


def entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [
        str(e.get("value"))
        for e in (tracker.latest_message or {}).get("entities", [])
        if e.get("entity") == entity and e.get("value")
    ]


def question_of(tracker: Tracker) -> Dict[str, Any]:
    """What retrieval needs from the latest message: its text and language, the
    case in context and the cases it names (the retriever itself lets a named
    case outrank the context)."""
    return {
        "text": (tracker.latest_message or {}).get("text") or "",
        "language": language_of(tracker),
        "context_case": tracker.get_slot(CASE_SLOT),
        "named_cases": entity_values(tracker, CASE_ENTITY),
    }


def response_text(domain: Dict[Text, Any], name: str, language: str) -> str:
    """The text of a domain response in ``language`` (the English variation is
    the one conditioned on language=en; the first unconditioned one is Danish)."""
    variations = domain.get("responses", {}).get(name, [])
    for variation in variations:
        conditions = variation.get("condition") or []
        if any(c.get("name") == LANGUAGE_SLOT and c.get("value") == language for c in conditions):
            return variation.get("text", "")
    for variation in variations:
        if not variation.get("condition"):
            return variation.get("text", "")
    return ""
