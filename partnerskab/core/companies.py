"""A municipality's own list of local companies, loaded from CSV.

The file is shaped like an export from the Danish company register (CVR): one
company a row, with these columns (header required, ``;`` or ``,`` as separator,
UTF-8; lines starting with ``#`` are comments)::

    cvr;navn;branchekode;branchetekst;ansatte;postnr;by;csr_url;reklamebeskyttet

* ``cvr``: the eight-digit CVR number (checked with the register's modulus-11 rule);
* ``branchekode``: the six-digit DB07 industry code (``412000`` or ``41.20.00``);
* ``ansatte``: a number or the register's interval (``10-19``); may be empty;
* ``postnr``: four digits; ``csr_url``: optional ``http(s)://`` address;
* ``reklamebeskyttet``: the register's advertising protection, ``ja``/``nej``
  (also ``true``/``false``, ``1``/``0``, ``yes``/``no``).

Every problem is reported with its line number and the whole file is refused:
no row is silently dropped.

Example:
    >>> rows = load_companies(EXAMPLE_CSV)
    >>> rows[0].name
    'Eksempel Byg ApS'
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from partnerskab import settings
from partnerskab.settings import ROOT

EXAMPLE_CSV = ROOT / "bot" / "companies" / "eksempel-virksomheder.csv"
COLUMNS = (
    "cvr",
    "navn",
    "branchekode",
    "branchetekst",
    "ansatte",
    "postnr",
    "by",
    "csr_url",
    "reklamebeskyttet",
)
REQUIRED = ("cvr", "navn", "branchekode", "branchetekst", "postnr", "by", "reklamebeskyttet")
_TRUE = {"ja", "true", "1", "yes", "j", "x"}
_FALSE = {"nej", "false", "0", "no", "n", ""}
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


class CompanyListError(ValueError):
    """The CSV has problems; ``errors`` lists every one as "line N: ..."."""

    def __init__(self, path: Path, errors: List[str]):
        self.errors = errors
        super().__init__(f"{path}: {len(errors)} problem(s)\n  " + "\n  ".join(errors))


@dataclass(frozen=True)
class Company:
    cvr: str
    name: str
    db07: str  # six digits
    industry: str  # the register's text for the code
    employees: str  # as given ("25", "10-19" or "")
    postcode: str
    city: str
    csr_url: Optional[str]
    advertising_protected: bool
    line: int


def cvr_is_valid(cvr: str) -> bool:
    """The CVR register's modulus-11 check.

    Example:
        >>> cvr_is_valid("10000009"), cvr_is_valid("10000000")
        (True, False)
    """
    if not re.fullmatch(r"[1-9]\d{7}", cvr):
        return False
    return sum(int(d) * w for d, w in zip(cvr, _CVR_WEIGHTS)) % 11 == 0


def _row(line: int, row: dict, errors: List[str]) -> Optional[Company]:
    problems = []
    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    for column in REQUIRED:
        if column != "reklamebeskyttet" and not values[column]:
            problems.append(f"'{column}' is empty")
    cvr = values["cvr"].replace(" ", "")
    if cvr and not cvr_is_valid(cvr):
        problems.append(f"CVR number '{values['cvr']}' is not a valid eight-digit CVR number")
    code = values["branchekode"].replace(".", "").replace(" ", "")
    if values["branchekode"] and not re.fullmatch(r"\d{6}", code):
        problems.append(f"industry code '{values['branchekode']}' is not a six-digit DB07 code")
    if values["ansatte"] and not re.fullmatch(r"\d+(\s*-\s*\d+)?", values["ansatte"]):
        problems.append(
            f"employees '{values['ansatte']}' is not a number or an interval like 10-19"
        )
    if values["postnr"] and not re.fullmatch(r"\d{4}", values["postnr"]):
        problems.append(f"postcode '{values['postnr']}' is not four digits")
    url = values["csr_url"] or None
    if url and not re.fullmatch(r"https?://[^\s<>\"']+", url):
        problems.append(f"CSR URL '{url}' must start with http:// or https://")
    protected = values["reklamebeskyttet"].lower()
    if protected not in _TRUE | _FALSE:
        problems.append(f"advertising protection '{values['reklamebeskyttet']}' must be ja or nej")
    if problems:
        errors.extend(f"line {line}: {p}" for p in problems)
        return None
    return Company(
        cvr,
        values["navn"],
        code,
        values["branchetekst"],
        values["ansatte"],
        values["postnr"],
        values["by"],
        url,
        protected in _TRUE,
        line,
    )


def parse_companies(text: str, path: Path = Path("<text>")) -> List[Company]:
    """Parses the CSV text; raises ``CompanyListError`` listing every problem."""
    errors: List[str] = []
    lines = text.splitlines()
    content = [
        (n, line)
        for n, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not content:
        raise CompanyListError(path, ["line 1: the file has no header and no companies"])
    header_line, header = content[0]
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    names = [h.strip().lower() for h in next(csv.reader([header], delimiter=delimiter))]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise CompanyListError(
            path,
            [
                f"line {header_line}: header lacks column(s) {', '.join(missing)}; "
                f"expected {';'.join(COLUMNS)}"
            ],
        )
    companies: List[Company] = []
    seen: Dict[str, int] = {}  # CVR number -> line
    for number, line in content[1:]:
        cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        if len(cells) != len(names):
            errors.append(f"line {number}: has {len(cells)} fields, the header has {len(names)}")
            continue
        company = _row(number, dict(zip(names, cells)), errors)
        if company is None:
            continue
        if company.cvr in seen:
            errors.append(
                f"line {number}: CVR number {company.cvr} already on line {seen[company.cvr]}"
            )
            continue
        seen[company.cvr] = number
        companies.append(company)
    if errors:
        raise CompanyListError(path, errors)
    return companies


def load_companies(path: Optional[Path] = None) -> List[Company]:
    """Loads the list named by ``path``, else by $COMPANIES_CSV; no list is an
    empty list (the assistant then names kinds of companies only)."""
    if path is None:
        path = settings.companies_csv()
        if path is None:
            return []
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CompanyListError(path, [f"line 0: cannot read the file: {error.strerror}"]) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CompanyListError(
            path, [f"line {line}: not UTF-8 text (save the file as UTF-8)"]
        ) from error
    return parse_companies(text, path)


def main() -> int:
    """``python -m partnerskab.core.companies FILE``: check a list, print what it holds."""
    import sys

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    try:
        companies = load_companies(path)
    except CompanyListError as error:
        print(error, file=sys.stderr)
        return 1
    protected = sum(c.advertising_protected for c in companies)
    print(f"{len(companies)} companies OK ({protected} advertising-protected)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
