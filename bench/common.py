"""What the bench scripts share: the catalogue questions they ask, and one timed
message over Rasa's REST channel (each conversation one user behind the proxy, so
the per-client limit on new conversations counts users, as in production)."""

from __future__ import annotations

import time
from typing import Any, Dict, List, Tuple

from tests.rest import post

QUESTIONS = [
    "Hvem var med i partnerskabet i Mimersgade?",
    "Hvad fik brandvæsenet ud af det?",
    "How was the LEGO class adoption organised?",
    "Hvad er forskellen på de to modeller?",
    "Hvad går råd nummer 5 ud på?",
]


def timed_post(url: str, sender: str, text: str) -> Tuple[float, List[Dict[str, Any]]]:
    """The seconds one message took to answer, and the bot's messages (never none)."""
    start = time.perf_counter()
    messages = post(url, sender, text, timeout=120)
    seconds = time.perf_counter() - start
    assert messages, f"empty answer to {text!r}"
    return seconds, messages
