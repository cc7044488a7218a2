"""Personal data typed into the chat: masked before anything stores or logs it.

Danish CPR numbers, phone numbers and e-mail addresses are replaced by a
placeholder; the caller tells the user. The text is first *normalised for
matching*: Unicode NFKC (full-width digits, ``＠``), every kind of dash (en dash,
non-breaking hyphen, minus sign, soft hyphen …) to ``-``, every kind of space
(no-break, thin, tab …) to a space, zero-width characters dropped. Matches are
mapped back onto the message, which otherwise stays as written (NFC).

* CPR: a valid day and month, two year digits, then four digits; the date may
  be written with dots, dashes, slashes or spaces (``01.02.03-1234``,
  ``010203 - 1234``, ``010203/1234``), also glued to a word (``cpr-0102031234``).
* Phone: eight digits, ``+45``/``0045``/``(+45)`` optional, written together or
  as 2-2-2-2 (one separator throughout: space, dot or dash), 4-4 or 3-2-3.
  Two four-digit groups that are both years (``2006 2007``, ``2004-2010``) are a
  phone number only after a phone word (``tlf``, ``ring``, ``mobil``, ``phone`` …).
* E-mail: Unicode local part and domain (``søren@kommune.dk``,
  ``a@æblehaven.dk``, ``x@xn--blehaven-u0a.dk``), also ``[at]``/``(at)``.

Example:
    >>> masked, kinds = mask("Ring på 20 30 40 50 eller skriv til a@b.dk, CPR 010203-1234")
    >>> masked
    'Ring på [telefonnummer] eller skriv til [e-mail], CPR [CPR-nummer]'
    >>> kinds
    ['phone', 'email', 'cpr']
    >>> mask("Projektet kørte 2004–2010 i 7100 Vejle")[1]
    []
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Tuple

PLACEHOLDER = {"cpr": "[CPR-nummer]", "email": "[e-mail]", "phone": "[telefonnummer]"}
# Dashes that are not in Unicode's dash category (Pd) but are written as one.
_EXTRA_DASHES = {"\u2212", "\u2043", "\u00ad", "\u02d7", "\u2796"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e"}

_BEFORE = r"(?<![\w+])(?<!\d[ .\-/])"  # not inside a longer number or word
_AFTER = r"(?!\d)(?![ .\-/]\d)(?!\w)"
_DAY, _MONTH = r"(?:0[1-9]|[12]\d|3[01])", r"(?:0[1-9]|1[0-2])"
CPR = re.compile(
    rf"(?<!\d)(?<!\d[ .\-/]){_DAY}[ .\-/]?{_MONTH}[ .\-/]?\d{{2}} ?[-/.]? ?\d{{4}}{_AFTER}"
)
_PREFIX = r"(?:\(?(?:\+|00) ?45\)?[ .\-]?)"
PHONE = re.compile(
    rf"(?<![\w+])(?<!\d[ .\-/])(?P<prefix>{_PREFIX})?"
    rf"(?P<number>\d{{8}}"
    rf"|\d{{2}}(?P<sep>[ .\-])\d{{2}}(?P=sep)\d{{2}}(?P=sep)\d{{2}}"
    rf"|\d{{4}}[ .\-]\d{{4}}"
    rf"|\d{{3}} \d{{2}} \d{{3}}){_AFTER}"
)
_AT = r"(?:@| ?[\[({] ?(?:at|snabel-a) ?[\])}] ?)"
EMAIL = re.compile(
    rf"(?<![\w.%+\-])[\w.%+\-]+{_AT}[^\W_](?:[\w\-]*[^\W_])?(?:\.[^\W_](?:[\w\-]*[^\W_])?)*"
    rf"\.(?:[^\W\d_]{{2,}}|xn--[a-z0-9\-]+)(?![\w\-])",
    re.IGNORECASE,
)
_PHONE_WORD = re.compile(
    r"(?:tlf|telefon\w*|mobil\w*|ring\w*|nummer|nr|sms|phone|call|mobile|tel)\W{0,6}$",
    re.IGNORECASE,
)


def _fold(ch: str) -> str:
    """One character as the patterns see it."""
    if ch in _ZERO_WIDTH:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c in _EXTRA_DASHES or unicodedata.category(c) == "Pd":
            out.append("-")
        elif c == "\t" or unicodedata.category(c) == "Zs":
            out.append(" ")
        elif c in _ZERO_WIDTH:
            continue
        else:
            out.append(c)
    return "".join(out)


def normalise(text: str) -> Tuple[str, str, List[int]]:
    """(the text in NFC, the text folded for matching, and for every folded
    character the index of the NFC character it came from)."""
    nfc = unicodedata.normalize("NFC", text)
    folded: List[str] = []
    origin: List[int] = []
    for i, ch in enumerate(nfc):
        for c in _fold(ch):
            folded.append(c)
            origin.append(i)
    return nfc, "".join(folded), origin


def _is_years(number: str) -> bool:
    parts = re.fullmatch(r"(\d{4})[ \-](\d{4})", number)
    return parts is not None and all(1900 <= int(p) <= 2099 for p in parts.groups())


def find(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, kind) of every piece of personal data in ``text``, as spans
    of the NFC form of the text, in order."""
    nfc, folded, origin = normalise(text)
    spans: List[Tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in spans)

    for match in EMAIL.finditer(folded):
        spans.append((match.start(), match.end(), "email"))
    for match in CPR.finditer(folded):
        if free(*match.span()):
            spans.append((match.start(), match.end(), "cpr"))
    for match in PHONE.finditer(folded):
        if not free(*match.span()):
            continue
        if (
            not match.group("prefix")
            and _is_years(match.group("number"))
            and not _PHONE_WORD.search(folded[max(0, match.start() - 24) : match.start()])
        ):
            continue  # "2004-2010", "i 2006 2007": years, unless a phone word comes before
        spans.append((match.start(), match.end(), "phone"))
    return sorted((origin[s], origin[e - 1] + 1, kind) for s, e, kind in spans)


def mask(text: str) -> Tuple[str, List[str]]:
    """The text (NFC) with personal data replaced, and which kinds were found
    (in the order phone, email, cpr)."""
    nfc = unicodedata.normalize("NFC", text)
    spans = find(nfc)
    for start, end, kind in reversed(spans):
        nfc = nfc[:start] + PLACEHOLDER[kind] + nfc[end:]
    order = {"phone": 0, "email": 1, "cpr": 2}
    return nfc, sorted({kind for _, _, kind in spans}, key=lambda k: order[k])
