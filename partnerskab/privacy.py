"""Personal data typed into the chat: masked before anything stores or logs it.

Danish CPR numbers (ddmmyy-xxxx, with or without the dash), phone numbers (eight
digits, optionally +45, in the usual groupings) and e-mail addresses are
replaced by a placeholder; the caller tells the user. Four-digit pairs that are
both years ("2006 2007") are not taken for phone numbers.

Example:
    >>> mask("Ring på 20 30 40 50 eller skriv til a@b.dk, CPR 010203-1234")
    ('Ring på [telefonnummer] eller skriv til [e-mail], CPR [CPR-nummer]', ['phone', 'email', 'cpr'])
"""

from __future__ import annotations

import re
from typing import List, Tuple

CPR = re.compile(r"(?<![\d-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\d-])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)45[ -]?)?(?:\d{8}|\d{2}(?:[ -]\d{2}){3}|\d{4}[ -]\d{4})(?![\d])")
PLACEHOLDER = {"cpr": "[CPR-nummer]", "email": "[e-mail]", "phone": "[telefonnummer]"}


def _is_years(match: re.Match) -> bool:
    parts = re.findall(r"\d{4}", match.group(0))
    return len(parts) == 2 and all(1900 <= int(p) <= 2099 for p in parts)


def mask(text: str) -> Tuple[str, List[str]]:
    """The text with personal data replaced, and which kinds were found."""
    found: List[str] = []
    # e-mail first, then CPR (ten digits), then phone numbers (eight)
    text, n = EMAIL.subn(PLACEHOLDER["email"], text)
    found += ["email"] * bool(n)
    text, n = CPR.subn(PLACEHOLDER["cpr"], text)
    found += ["cpr"] * bool(n)

    def phone(match: re.Match) -> str:
        if _is_years(match):
            return match.group(0)
        found.append("phone")
        return PLACEHOLDER["phone"]

    text = PHONE.sub(phone, text)
    order = {"phone": 0, "email": 1, "cpr": 2}
    return text, sorted(set(found), key=lambda k: order[k])
