"""End to end over REST: the guide, the interview and catalogue questions do not
capture each other's words (issue 11), in Danish and in English. The skill a message
started is read back from the tracker store, not guessed from the reply's wording."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from partnerskab.testing.evaluation import skill_started
from tests.rest import ask, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def slot_values(tracker_db, sender, name):
    """Every value the conversation's slot ``name`` was set to, in order."""
    with sqlite3.connect(tracker_db) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot' ORDER BY id",
            (sender,),
        ).fetchall()
    return [d["value"] for d in (json.loads(r[0]) for r in rows) if d.get("name") == name]


def asks(messages, question):
    """The interview's question (its text) is among the replies."""
    return question in text_of(messages)


CHALLENGES_Q = {"da": "største udfordringer", "en": "biggest challenges"}
COMPANY_Q = {"da": "bestemt virksomhed i tankerne", "en": "particular company in mind"}


def step_of(text: str):
    found = re.search(r"(?:Trin|Step) (\d+) (?:af|of) 12", text)
    return int(found.group(1)) if found else None


@pytest.mark.parametrize(
    "request_text,next_word",
    [
        (
            "Vi vil gerne starte et partnerskab med en virksomhed – kan du tage os igennem det "
            "trin for trin?",
            "næste",
        ),
        (
            "We want to start a partnership with a local firm, can you walk us through it step "
            "by step?",
            "next",
        ),
    ],
)
def test_step_by_step_request_that_mentions_a_partnership_starts_the_guide(
    servers, request_text, next_word
):
    sender = new_sender()
    first = text_of(ask(servers, sender, request_text))
    assert skill_started(servers.tracker_db, sender) == "guide"
    assert step_of(first) == 1
    assert step_of(text_of(ask(servers, sender, next_word))) == 2
    assert skill_started(servers.tracker_db, sender) == "guide"


@pytest.mark.parametrize(
    "description,next_word,question",
    [
        (
            "Vores boligområde har meget hærværk, og et vagtfirma vil gerne hjælpe",
            "næste trin",
            "Hvem tog initiativ til Gennem Ild og Vand?",
        ),
        (
            "Our estate has a lot of vandalism, and a security firm nearby offered to help",
            "next step",
            "Who started Gennem Ild og Vand?",
        ),
    ],
)
def test_navigation_during_the_interview_is_not_taken_as_an_answer(
    servers, description, next_word, question
):
    sender = new_sender()
    ask(servers, sender, description)
    assert skill_started(servers.tracker_db, sender) == "interview"
    moved = text_of(ask(servers, sender, next_word))
    assert skill_started(servers.tracker_db, sender) == "guide"
    assert step_of(moved) is not None  # a guide step, not the interview's question again
    answered = text_of(ask(servers, sender, question))
    assert skill_started(servers.tracker_db, sender) == "catalog"
    assert "Steen Søgaard" in answered and ("Kilde:" in answered or "Source:" in answered)


@pytest.mark.parametrize(
    "text,skill",
    [
        ("hvad kan du hjælpe mig med?", "help"),
        ("what can I ask you about?", "help"),
        ("Hvad er et socialt partnerskab?", "catalog"),
        ("What is the ABCD method?", "catalog"),
        ("råd 3??", "catalog"),
        ("flygtningehjaelpen og skandia, hvad gik det ud paa", "catalog"),
        ("Hvilke virksomheder passer til et område med meget hærværk?", "companies"),
    ],
)
def test_each_kind_of_message_starts_its_own_skill(servers, text, skill):
    sender = new_sender()
    ask(servers, sender, text)
    assert skill_started(servers.tracker_db, sender) == skill


@pytest.mark.parametrize(
    "language,start,switch",
    [
        (
            "da",
            "Hvilken partnerskabsmodel passer til vores område?",
            "vis mig rådene trin for trin",
        ),
        ("en", "Which partnership model suits our area?", "show me the advice step by step"),
    ],
)
def test_step_by_step_during_the_interview_switches_to_the_guide(servers, language, start, switch):
    sender = new_sender()
    assert asks(ask(servers, sender, start), CHALLENGES_Q[language])
    assert skill_started(servers.tracker_db, sender) == "interview"
    moved = text_of(ask(servers, sender, switch))
    assert skill_started(servers.tracker_db, sender) == "guide"
    assert step_of(moved) == 1
    assert slot_values(servers.tracker_db, sender, "area_challenges") == []
    # and the guide goes on from there
    assert step_of(text_of(ask(servers, sender, {"da": "næste", "en": "next"}[language]))) == 2


@pytest.mark.parametrize(
    "language,start,question,expected",
    [
        ("da", "Kan du anbefale en model til vores boligområde?", "hvad er råd 3?", "CSR"),
        ("en", "Can you recommend a model for our estate?", "what is advice 3?", "CSR"),
    ],
)
def test_a_question_about_the_advice_is_answered_and_the_interview_resumes(
    servers, language, start, question, expected
):
    sender = new_sender()
    assert asks(ask(servers, sender, start), CHALLENGES_Q[language])
    answered = ask(servers, sender, question)
    text = text_of(answered)
    assert ("Kilde:" in text or "Source:" in text) and expected in text
    assert asks(answered, CHALLENGES_Q[language])  # the same question comes back
    assert slot_values(servers.tracker_db, sender, "area_challenges") == []


@pytest.mark.parametrize(
    "language,description,move",
    [
        ("da", "Vi har meget hærværk i vores boligområde", "tilbage"),
        ("en", "We have a lot of vandalism on our estate", "go back"),
    ],
)
def test_a_move_in_the_guide_is_not_taken_for_a_company_name(servers, language, description, move):
    sender = new_sender()
    assert asks(ask(servers, sender, description), COMPANY_Q[language])
    ask(servers, sender, move)
    assert skill_started(servers.tracker_db, sender) == "guide"
    assert slot_values(servers.tracker_db, sender, "area_company_name") == []
    assert slot_values(servers.tracker_db, sender, "area_company") == []


@pytest.mark.parametrize(
    "text",
    ["Hvilke virksomheder passer til os?", "which companies suit us?", "Which firms suit us?"],
)
def test_which_companies_suit_us_starts_the_company_suggestions(servers, text):
    sender = new_sender()
    ask(servers, sender, text)
    assert skill_started(servers.tracker_db, sender) == "companies"
