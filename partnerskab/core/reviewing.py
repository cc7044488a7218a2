"""What the review page may write: plain, short, masked text only.

A question goes from the tracker store (a citizen's words) into the question
bank in knowledge/, and a reviewer's name beside it; neither may carry markup,
control or formatting characters (bidi overrides, zero-width) or personal data
into files that are committed and read at every start. Anything else is
refused with :class:`ReviewError`, never silently repaired beyond whitespace.

Example:
    >>> clean_question("  hvad er  ABCD?\\n")
    'hvad er ABCD?'
    >>> clean_name("Anne Sørensen-Bø")
    'Anne Sørensen-Bø'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Dict

from partnerskab.core.privacy import mask

MAX_QUESTION = 300
MAX_NAME = 60
DECISIONS = ("assigned", "new_content", "ignored")
_NAME = re.compile(r"[^\W\d_]+(?:[ .'\-][^\W\d_]*)*\.?", re.UNICODE)


class ReviewError(ValueError):
    """The input cannot be written (the message says why, in English)."""


def _plain(text: object, limit: int, what: str) -> str:
    if not isinstance(text, str):
        raise ReviewError(f"{what} must be text")
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\t\n\r]+", " ", text)
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in text):
        raise ReviewError(f"{what} contains control or formatting characters")
    text = " ".join(text.split())
    if not text:
        raise ReviewError(f"{what} is empty")
    if len(text) > limit:
        raise ReviewError(f"{what} is longer than {limit} characters")
    return text


def clean_question(text: object) -> str:
    """A question fit for the question bank: one line of plain text up to
    MAX_QUESTION characters, no markup (``<``, ``>``), not a button payload
    (leading ``/``), personal data masked."""
    text = _plain(text, MAX_QUESTION, "the question")
    if re.search(r"[<>`]", text) or text.startswith("/"):
        raise ReviewError("the question contains markup")
    return mask(text)[0]


def clean_name(text: object) -> str:
    """A reviewer's name: letters, spaces, ``.``, ``'`` and ``-``, up to MAX_NAME characters."""
    if isinstance(text, str) and re.search(r"[\t\n\r]", text):
        raise ReviewError("the name must be one line")
    text = _plain(text, MAX_NAME, "the name")
    if not _NAME.fullmatch(text):
        raise ReviewError("the name may hold letters, spaces, '.', \"'\" and '-' only")
    return text


def reviewed_entry(
    fact_id: str, language: str, question: str, reviewer: str, when: dt.datetime
) -> Dict[str, str]:
    """One entry of a reviewed-questions file (see ``partnerskab.knowledge``)."""
    return {
        "fact": fact_id,
        "language": language,
        "question": clean_question(question),
        "reviewer": clean_name(reviewer),
        "reviewed_at": when.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
