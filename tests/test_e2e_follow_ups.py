"""End to end: follow-ups whose context lives in the slots (issue 11): the facts a
"Mente du …?" offered (`suggested_facts`), the case it puts in context, and a
follow-up of a catalogue answer that the classifier took for another skill."""

from __future__ import annotations

import pytest

from tests.rest import ask, buttons_of, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def test_yes_after_did_you_mean_answers_the_first_fact_offered(servers):
    sender = new_sender()
    offer = ask(servers, sender, "Hvor mange ansatte har LEGO?")
    buttons = buttons_of(offer)
    assert "Mente du" in text_of(offer) and buttons
    answer = text_of(ask(servers, sender, "ja"))
    assert "Kilde: Idékataloget" in answer and "LEGO" in answer
    # The offer is used up: a second yes offers the menu.
    assert "Kilde:" not in text_of(ask(servers, sender, "ja"))


def test_a_follow_up_after_did_you_mean_stays_with_its_case(servers):
    sender = new_sender()
    assert "Did you mean" in text_of(ask(servers, sender, "How many employees does LEGO have?"))
    answer = text_of(ask(servers, sender, "who paid?"))
    assert "Source:" in answer and "class adoption" in answer


@pytest.mark.parametrize(
    "first,follow_up,expected",
    [
        ("What's advice 4?", "and the next one?", "Advice 5"),
        ("tip 2 mentions some method, which one", "what are its steps", "The ABCD method"),
    ],
)
def test_a_follow_up_of_an_answer_is_not_the_guide(servers, first, follow_up, expected):
    sender = new_sender()
    assert "Source:" in text_of(ask(servers, sender, first))
    assert text_of(ask(servers, sender, follow_up)).startswith(expected)


def test_since_when_after_an_answer_is_a_follow_up(servers):
    sender = new_sender()
    first = "What does Skandia do together with the Danish Refugee Council?"
    assert "Source:" in text_of(ask(servers, sender, first))
    assert "2009" in text_of(ask(servers, sender, "since when?"))
