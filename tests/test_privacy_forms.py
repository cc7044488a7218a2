"""Masking of personal data (partnerskab.core.privacy), both directions: every
written form of a CPR number, phone number or e-mail address that must be
masked, and look-alikes from the catalogue's own world that must not be."""

from __future__ import annotations

import re

import pytest

from partnerskab.core.privacy import PLACEHOLDER, mask, normalise

NBSP, THIN, NNBSP, EN, EM, NBH, MINUS, SHY, ZWSP = (
    "\u00a0",
    "\u2009",
    "\u202f",
    "\u2013",
    "\u2014",
    "\u2011",
    "\u2212",
    "\u00ad",
    "\u200b",
)

# (message, kind, the digits/address that must be gone afterwards)
MUST_MASK = [
    # CPR numbers
    ("Mit CPR er 010203-1234", "cpr", "0102031234"),
    ("cpr 0102031234 tak", "cpr", "0102031234"),
    (f"CPR: 010203{EN}1234", "cpr", "0102031234"),
    (f"CPR: 010203{EM}1234", "cpr", "0102031234"),
    (f"CPR: 010203{NBH}1234", "cpr", "0102031234"),
    (f"CPR: 010203{MINUS}1234", "cpr", "0102031234"),
    (f"CPR: 010203{SHY}1234", "cpr", "0102031234"),
    ("født 01.02.03-1234", "cpr", "0102031234"),
    ("01.02.03 1234 er mit nummer", "cpr", "0102031234"),
    ("010203 1234", "cpr", "0102031234"),
    ("010203 - 1234", "cpr", "0102031234"),
    (f"010203{NBSP}{EN}{NBSP}1234", "cpr", "0102031234"),
    ("01 02 03 1234", "cpr", "0102031234"),
    ("01 02 03-1234", "cpr", "0102031234"),
    ("010203/1234", "cpr", "0102031234"),
    ("01/02/03-1234", "cpr", "0102031234"),
    ("cpr-010203-1234", "cpr", "0102031234"),
    ("cpr-0102031234", "cpr", "0102031234"),
    ("CPR-nr.:311299-9999", "cpr", "3112999999"),
    ("personnummer 150585-4321.", "cpr", "1505854321"),
    ("０１０２０３－１２３４", "cpr", "0102031234"),  # full-width digits and hyphen
    (f"0102{ZWSP}03-1234", "cpr", "0102031234"),
    # phone numbers
    ("ring på 20 30 40 50", "phone", "20304050"),
    ("tlf +45 12345678", "phone", "12345678"),
    ("tlf 0045 1234 5678", "phone", "12345678"),
    ("mobil 12345678", "phone", "12345678"),
    ("20.30.40.50 efter kl. 16", "phone", "20304050"),
    ("+45.20.30.40.50", "phone", "20304050"),
    ("20-30-40-50", "phone", "20304050"),
    (f"20{NBSP}30{NBSP}40{NBSP}50", "phone", "20304050"),
    (f"20{THIN}30{THIN}40{THIN}50", "phone", "20304050"),
    (f"20{NNBSP}30{NNBSP}40{NNBSP}50", "phone", "20304050"),
    ("(+45) 20 30 40 50", "phone", "20304050"),
    ("+4520304050", "phone", "20304050"),
    ("004520304050", "phone", "20304050"),
    ("1234-5678", "phone", "12345678"),
    (f"1234{EN}5678", "phone", "12345678"),
    ("123 45 678", "phone", "12345678"),
    ("ring 2010 2011 i morgen", "phone", "20102011"),
    ("tlf. 2004-2010", "phone", "20042010"),
    ("phone: 1999 2000", "phone", "19992000"),
    ("+45 2006 2007", "phone", "20062007"),
    ("20 06 20 07", "phone", "20062007"),
    ("20062007", "phone", "20062007"),
    ("tlf\t20 30 40 50", "phone", "20304050"),
    # e-mail addresses
    ("skriv til jens.hansen@kommune.dk", "email", "jens.hansen"),
    ("søren.ærø@kommune.dk", "email", "søren.ærø"),
    ("mail: info@æblehaven.dk", "email", "æblehaven"),
    ("post@børn-og-unge.kommune.dk!", "email", "børn-og-unge"),
    ("x@xn--blehaven-u0a.dk", "email", "xn--blehaven-u0a"),
    ("JENS@KOMMUNE.DK", "email", "JENS"),
    ("jens＠kommune.dk", "email", "jens"),  # full-width at sign
    ("jens[at]kommune.dk", "email", "jens"),
    ("jens (at) kommune.dk", "email", "jens"),
    ("12345678@sms.dk", "email", "12345678"),
    ("a+tag@sub.example.org.", "email", "a+tag"),
]

# Look-alikes: numbers the catalogue and its users write all the time.
MUST_NOT_MASK = [
    "Vi bor i 7100 Vejle",
    "7100 Vejle og 2630 Taastrup",
    "Kataloget er fra 2010",
    "Projektet kørte 2004-2010",
    f"Projektet kørte 2004{EN}2010",
    "Udstillingerne var i 2006 2007 og 2008",
    "fra 2006 til 2008",
    "Høje Taastrup fik 13,5 mio. kr.",
    "13.500.000 kr. i alt",
    "Kilde: Idékataloget, s. 20-23",
    f"s. 20{EN}23 og s. 8",
    "sag nr. 2023-12345",
    "j.nr. 10/4567",
    "ISBN 978-87-7546-168-4",
    "ISBN 9788775461684",
    "153 computere til beboerne",
    "2-4 besøg om året",
    "Hvad er råd 12? Hvor mange af de 850 medarbejdere?",
    "mødet er kl. 10.00-12.00",
    "den 12.05.2010",
    "35 ansatte, heraf 20 brandmænd, og 60 deltidsansatte",
    "branchekode 41.20.00",
    "1:5 i følgeinvestering",
    "version 3.6.21",
    "3 x 4 timer",
    "www.kommune.dk og kommune.dk/partnerskab",
    "@kommune på sociale medier",
]


@pytest.mark.parametrize("text,kind,secret", MUST_MASK)
def test_written_forms_are_masked(text, kind, secret):
    masked, kinds = mask(text)
    assert kind in kinds, (text, masked)
    assert PLACEHOLDER[kind] in masked
    _, folded, _ = normalise(masked)
    digits_only = re.sub(r"[^\w]", "", folded)
    assert secret not in digits_only and secret not in masked, masked


@pytest.mark.parametrize("text", MUST_NOT_MASK)
def test_look_alikes_are_not_masked(text):
    assert mask(text) == (text, []), text


def test_the_table_is_as_large_as_promised():
    assert len(MUST_MASK) >= 40 and len(MUST_NOT_MASK) >= 20


def test_text_around_a_match_keeps_its_own_characters():
    text = f"Hej – mit nr. er 20{NBSP}30{NBSP}40{NBSP}50, og vi bor i 7100 Vejle."
    assert mask(text) == ("Hej – mit nr. er [telefonnummer], og vi bor i 7100 Vejle.", ["phone"])


def test_several_kinds_in_one_message():
    masked, kinds = mask("CPR 010203–1234, tlf. 20.30.40.50, søren@æblehaven.dk")
    assert kinds == ["phone", "email", "cpr"]
    assert masked == "CPR [CPR-nummer], tlf. [telefonnummer], [e-mail]"


def test_no_catalogue_answer_is_taken_for_personal_data(kb):
    """Every answer in knowledge/ (both languages) is full of page numbers,
    years, amounts and counts: none of it may be masked."""
    # The one exception: the colophon's ordering address, the ministry's public phone
    # number and e-mail, which are exactly what the masking is for in a user's message.
    contact = kb.fact("general.ordering")
    answers = [
        fact.answer[lang]
        for fact in kb.facts.values()
        if fact is not contact
        for lang in ("da", "en")
    ]
    assert len(answers) > 100
    assert [a for a in answers if mask(a)[1]] == []
    assert all(mask(contact.answer[lang])[1] == ["phone", "email"] for lang in ("da", "en"))
