"""Which bot messages are answers a user may rate, and how a rating names one.

Every bot message the REST channel sends carries ``answer_id`` (stable for that
bot event in that conversation: the event's own timestamp, written exactly as
the tracker store keeps it) and ``rateable`` (true only for real answers). The
widget shows thumbs only on rateable messages and sends
``/feedback{"feedback": "up", "answer": "<answer_id>"}``. The channel lets a
rating through only when that id is a rateable bot message of the same
conversation (:func:`find_answer`); ``/api/history`` and ``make report`` use the
same rules.

Rateable are catalogue answers, recommendations, company suggestions, guide
steps and plans; a sequence (the recommendation, a guide step) is rated once,
on its last message. Fallbacks, "not covered", questions, small talk and fault
replies are not.

Pure: no Rasa imports; events are the tracker store's dicts or Rasa's event
objects (anything with ``timestamp`` and ``metadata``).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Optional

RATEABLE_RESPONSES = frozenset(
    {
        "utter_catalog_answer",
        "utter_catalog_answer_dated",
        "utter_catalog_partial",  # a detail the catalogue does not give, and the nearest it does
        "utter_catalog_partial_dated",  # ... with the note that the catalogue is from 2010
        "utter_recommendation_steps",  # the last message of the recommendation
        "utter_company_steps",  # the last message of "which companies suit our area?"
        "utter_guide_tip",  # the last message of a guide step
        "utter_plan_ready",
    }
)
ANSWER_ID = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,9})?")


def answer_id(timestamp: Any) -> Optional[str]:
    """The id of a bot message: its event's timestamp, exactly (``repr`` of the
    float round-trips through JSON, so the stored event gives the same id)."""
    if isinstance(timestamp, bool) or not isinstance(timestamp, (int, float)) or timestamp < 0:
        return None
    text = repr(float(timestamp))
    return text if ANSWER_ID.fullmatch(text) else None


def is_rateable(utter_action: Any) -> bool:
    return isinstance(utter_action, str) and utter_action in RATEABLE_RESPONSES


def _field(event: Any, name: str) -> Any:
    return event.get(name) if isinstance(event, dict) else getattr(event, name, None)


def is_bot(event: Any) -> bool:
    if isinstance(event, dict):
        return event.get("event") == "bot"
    return getattr(event, "type_name", None) == "bot"


def utter_action(event: Any) -> Optional[str]:
    metadata = _field(event, "metadata") or {}
    return metadata.get("utter_action") if isinstance(metadata, dict) else None


def marks(event: Any) -> dict:
    """``answer_id`` and ``rateable`` of one bot event."""
    found = answer_id(_field(event, "timestamp"))
    return {"answer_id": found, "rateable": bool(found) and is_rateable(utter_action(event))}


def find_answer(events: Iterable[Any], wanted: Any) -> Optional[Any]:
    """The rateable bot event whose id is ``wanted``, or None."""
    if not isinstance(wanted, str) or not ANSWER_ID.fullmatch(wanted):
        return None
    for event in events:
        if (
            is_bot(event)
            and answer_id(_field(event, "timestamp")) == wanted
            and is_rateable(utter_action(event))
        ):
            return event
    return None
