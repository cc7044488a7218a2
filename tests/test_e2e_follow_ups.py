"""End to end: follow-ups whose context lives in the slots (issue 11): the facts a
"Mente du …?" offered (`suggested_facts`), the case it puts in context, and a
follow-up of a catalogue answer that the classifier took for another skill."""

from __future__ import annotations

import json

import pytest

from partnerskab.core.knowledge import load_knowledge
from partnerskab.testing.evaluation import skill_started
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


INTERVIEW_INTRO = ("højst fem korte spørgsmål", "at most five short questions")


@pytest.mark.parametrize(
    "first,follow_ups,source",
    [
        (
            "Fortæl om LEGO-casen",
            ["var der mindre hærværk bagefter?", "blev der mindre kriminalitet i området?"],
            "Kilde:",
        ),
        (
            "Tell me about the LEGO case",
            ["was the area a deprived one with lots of vandalism?"],
            "Source:",
        ),
    ],
)
def test_a_question_about_the_case_just_answered_is_not_the_interview(
    servers, first, follow_ups, source
):
    """The classifier reads "var der mindre hærværk bagefter?" as a description of an
    area; right after LEGO's case it asks about LEGO, and the catalogue answers (or
    offers LEGO's facts), again and again, instead of starting the interview."""
    sender = new_sender()
    assert source in text_of(ask(servers, sender, first))
    for follow_up in follow_ups:
        reply = ask(servers, sender, follow_up)
        assert skill_started(servers.tracker_db, sender) == "catalog", follow_up
        assert not any(intro in text_of(reply) for intro in INTERVIEW_INTRO)
        assert any("lego" in b["payload"] for b in buttons_of(reply)), follow_up


@pytest.mark.parametrize(
    "first,own_area",
    [
        ("Fortæl om LEGO-casen", "vi har meget hærværk i området"),
        ("Fortæl om LEGO-casen", "hvordan kunne det se ud hos os, vi har meget hærværk?"),
        (
            "Tell me about the LEGO case",
            "we have a lot of vandalism in our area, what should we do?",
        ),
    ],
)
def test_our_own_area_right_after_an_answer_starts_the_interview(servers, first, own_area):
    """What names our own area or plans stays the interview, right after an answer too."""
    sender = new_sender()
    ask(servers, sender, first)
    reply = ask(servers, sender, own_area)
    assert skill_started(servers.tracker_db, sender) == "interview"
    assert any(intro in text_of(reply) for intro in INTERVIEW_INTRO)
    assert buttons_of(reply)  # the first question's options


@pytest.mark.parametrize(
    "first,steps,step_one",
    [
        ("Fortæl om LEGO-casen", "hvilke trin er der i den", "Trin 1 af 12"),
        ("Tell me about the LEGO case", "what are the steps in it", "Step 1 of 12"),
    ],
)
def test_the_steps_of_a_case_the_catalogue_gives_none_for_are_the_guide(
    servers, first, steps, step_one
):
    """The catalogue describes no steps for LEGO's class adoptions; "hvilke trin er der
    i den" after its summary got LEGO's partners. The steps of a partnership like it
    are the guide's 12 (in English too, as before)."""
    sender = new_sender()
    ask(servers, sender, first)
    reply = text_of(ask(servers, sender, steps))
    assert skill_started(servers.tracker_db, sender) == "guide"
    assert step_one in reply


@pytest.mark.parametrize(
    "follow_up,expected",
    [
        ("den første du nævnte, hvad gik den ud på?", "Galleri Hamlet"),
        ("og den sidste?", "Høje Taastrup"),
    ],
)
def test_an_item_of_the_last_answer_by_its_place(servers, follow_up, expected):
    # The last answer is kept in the last_fact slot; the place is read in its list.
    sender = new_sender()
    overview = text_of(ask(servers, sender, "Hvilke cases er der i kataloget?"))
    assert "Kilde:" in overview and "Mimersgade" in overview
    answer = text_of(ask(servers, sender, follow_up))
    assert "Kilde:" in answer and expected in answer


def test_who_said_that_names_the_person_quoted(servers):
    sender = new_sender()
    answer = text_of(ask(servers, sender, "What did the employees get out of it at Skandia?"))
    assert "Source:" in answer
    assert "Maria Kavita Nielsen" in text_of(ask(servers, sender, "who said that?"))


def test_i_meant_the_other_one_after_did_you_mean_picks_it(servers):
    sender = new_sender()
    offer = ask(servers, sender, "Hvor mange ansatte har LEGO?")
    payloads = [b["payload"] for b in buttons_of(offer)]
    assert "Mente du" in text_of(offer) and len(payloads) >= 2
    second = json.loads("{" + payloads[1].split("{", 1)[1])
    answer = text_of(ask(servers, sender, "nej, jeg mente den anden"))
    assert "Kilde:" in answer
    assert load_knowledge().fact(second["fact_id"]).answer["da"][:60] in answer


@pytest.mark.parametrize(
    "first,follow_up,then,expected",
    [
        ("Hvad gjorde LEGO?", "i vejle?", "hvem betalte?", "LEGO"),
        ("What did LEGO do?", "and in vejle?", "who paid?", "LEGO"),
    ],
)
def test_a_place_of_the_case_in_play_stays_with_it(servers, first, follow_up, then, expected):
    """LEGO's classes are in Vejle, as is the fire brigade's project: "i vejle?" while
    LEGO is in play is about LEGO, and LEGO stays the case in play (the NLU's `case`
    entity for "vejle" is the fire brigade's; the slot is the action's, issue 11)."""
    sender = new_sender()
    ask(servers, sender, first)
    answer = text_of(ask(servers, sender, follow_up))
    assert expected in answer and "Brandvæsen" not in answer and "Fire Brigade" not in answer
    assert "Brandvæsen" not in text_of(ask(servers, sender, then))


@pytest.mark.parametrize(
    "first,follow_up,expected",
    [
        ("Hvad er add-on modellen?", "og den anden model?", "strategisk integrerede model"),
        ("What is the strategically integrated model?", "and the other model?", "add-on model"),
    ],
)
def test_the_other_model_after_one_of_them(servers, first, follow_up, expected):
    sender = new_sender()
    ask(servers, sender, first)
    answer = text_of(ask(servers, sender, follow_up))
    assert answer.split(".")[0].count(expected) == 1, answer  # the other one, not both
    assert "skelner mellem to modeller" not in answer and "distinguishes two" not in answer


@pytest.mark.parametrize(
    "first,follow_up,offered",
    [
        ("Hvad er råd 4?", "og den anden?", ["Råd 2", "Råd 5"]),
        ("What is advice 4?", "and the other one?", ["Advice 5", "Advice 3"]),
    ],
)
def test_the_other_one_after_a_piece_of_advice_asks_which(servers, first, follow_up, offered):
    sender = new_sender()
    ask(servers, sender, first)
    reply = ask(servers, sender, follow_up)
    titles = [b["title"] for b in buttons_of(reply)]
    assert "Kilde:" not in text_of(reply) and "Source:" not in text_of(reply)
    assert [t.split(":")[0] for t in titles[:2]] == offered


@pytest.mark.parametrize(
    "first,follow_up",
    [
        ("Hvor mange ansatte har LEGO?", "var der mindre hærværk i området bagefter?"),
        (
            "How many employees does LEGO have?",
            "was the area a deprived one with lots of vandalism?",
        ),
    ],
)
def test_a_question_right_after_did_you_mean_is_not_the_interview(servers, first, follow_up):
    sender = new_sender()
    assert buttons_of(ask(servers, sender, first))  # "Mente du …?"
    reply = ask(servers, sender, follow_up)
    assert skill_started(servers.tracker_db, sender) == "catalog"
    assert not any(intro in text_of(reply) for intro in INTERVIEW_INTRO)


@pytest.mark.parametrize(
    "first,complaint,said",
    [
        ("Hvad gjorde LEGO?", "tak, men det var ikke det jeg spurgte om?", "Undskyld"),
        ("What did LEGO do?", "thanks, but that's not what I asked", "Sorry"),
    ],
)
def test_an_answer_that_missed_gets_an_apology_and_other_facts(servers, first, complaint, said):
    sender = new_sender()
    given = text_of(ask(servers, sender, first))
    reply = ask(servers, sender, complaint)
    assert text_of(reply).startswith(said) and "Kilde:" not in text_of(reply)
    assert "Source:" not in text_of(reply)
    buttons = buttons_of(reply)
    assert len(buttons) >= 2 and all(b["payload"].startswith("/ask_catalog{") for b in buttons)
    # "ja" takes the first fact offered: another answer than the one that missed.
    again = text_of(ask(servers, sender, "ja" if said == "Undskyld" else "yes"))
    assert ("Kilde:" in again or "Source:" in again) and again != given


@pytest.mark.parametrize(
    "first,again,expected",
    [
        ("brandstationen, hvor mange gange om året", "og hos lego?", "to gange årligt"),
        ("who paid for the fire brigade project?", "what about Skandia?", "Trygfonden"),
    ],
)
def test_a_case_alone_asks_the_question_before_again(servers, first, again, expected):
    # The action reads the message before from the tracker; the case slot already
    # holds the case named now when it runs.
    sender = new_sender()
    answer = text_of(ask(servers, sender, first))
    assert "Kilde:" in answer or "Source:" in answer
    assert expected in text_of(ask(servers, sender, again))
