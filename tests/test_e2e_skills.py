"""End to end over REST: the guide, the interview and catalogue questions do not
capture each other's words (issue 11), in Danish and in English. The skill a message
started is read back from the tracker store, not guessed from the reply's wording."""

from __future__ import annotations

import re

import pytest

from partnerskab.testing.evaluation import skill_started
from tests.rest import ask, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]


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
