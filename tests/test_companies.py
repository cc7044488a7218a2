"""The municipality's company list (CSV shaped like a CVR export)."""

from __future__ import annotations

import pytest

from partnerskab.core.companies import (
    EXAMPLE_CSV,
    CompanyListError,
    cvr_is_valid,
    load_companies,
    parse_companies,
)

HEADER = "cvr;navn;branchekode;branchetekst;ansatte;postnr;by;csr_url;reklamebeskyttet"


def test_example_list_loads_and_is_marked_as_an_example():
    companies = load_companies(EXAMPLE_CSV)
    assert len(companies) >= 5
    assert "EKSEMPEL" in EXAMPLE_CSV.read_text(encoding="utf-8").splitlines()[0]
    assert all(c.name.startswith("Eksempel") for c in companies)
    assert any(c.advertising_protected for c in companies) and not all(
        c.advertising_protected for c in companies
    )


def test_cvr_check_digit():
    assert cvr_is_valid("10000009")
    assert (
        not cvr_is_valid("10000008")
        and not cvr_is_valid("1234567")
        and not cvr_is_valid("0000000A")
    )


def test_every_bad_row_is_reported_with_its_line_number():
    text = "\n".join(
        [
            "# kommentar",
            HEADER,
            "10000009;Godt Firma;412000;Byggeri;5;7100;Vejle;;nej",
            "12345678;Forkert CVR;412000;Byggeri;5;7100;Vejle;;nej",
            "10000017;Kort kode;4120;Byggeri;5;7100;Vejle;;nej",
            "10000025;Dårlig beskyttelse;412000;Byggeri;5;7100;Vejle;;måske",
            "10000033;For få felter;412000",
            "10000009;Samme CVR;412000;Byggeri;5;7100;Vejle;;nej",
            "10000041;Dårlig url;412000;Byggeri;5;710;Vejle;javascript:alert(1);nej",
        ]
    )
    with pytest.raises(CompanyListError) as error:
        parse_companies(text)
    errors = error.value.errors
    for line in (4, 5, 6, 7, 8, 9):
        assert any(e.startswith(f"line {line}:") for e in errors), (line, errors)
    assert not any(e.startswith("line 3:") for e in errors)
    assert sum(e.startswith("line 9:") for e in errors) == 2  # postcode and URL


def test_missing_columns_are_named():
    with pytest.raises(CompanyListError) as error:
        parse_companies("cvr;navn\n10000009;Firma\n")
    assert "branchekode" in str(error.value) and "line 1" in str(error.value)


def test_comma_separated_and_dotted_codes_are_accepted():
    text = (
        HEADER.replace(";", ",")
        + "\n10000009,Firma,41.20.00,Byggeri,10-19,7100,Vejle,https://example.org,ja\n"
    )
    (company,) = parse_companies(text)
    assert (
        company.db07 == "412000" and company.advertising_protected and company.employees == "10-19"
    )


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "\n10000009;Firma Å;412000;Byggeri;5;7100;Vejle;;nej\n").encode("latin-1")
    )
    with pytest.raises(CompanyListError, match="line 2: not UTF-8"):
        load_companies(path)


def test_no_list_configured_is_an_empty_list(monkeypatch):
    monkeypatch.delenv("COMPANIES_CSV", raising=False)
    assert load_companies() == []
