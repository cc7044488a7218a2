"""End to end over REST: misroutes a user met (issue 11), each in both languages.
An acknowledgement after the interview's intro, a request to mail or shorten the
reply, "walk me through it" after a piece of advice, an opinion asked of the bot,
and a description typed after the company suggestions ask which challenges. The
skill a message started is read back from the tracker store where it matters."""

from __future__ import annotations

import re

import pytest

from partnerskab.testing.evaluation import skill_started
from tests.rest import ask, buttons_of, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]

INTRO = {"da": "højst fem korte spørgsmål", "en": "at most five short questions"}
CHALLENGES_Q = {"da": "største udfordringer", "en": "biggest challenges"}
UNUSABLE = ("kunne jeg ikke bruge", "could not use")


def is_question(messages):
    """An interview question: its last button is the skip button."""
    buttons = buttons_of(messages)
    return bool(buttons) and buttons[-1]["payload"] == "/skip"


def step_of(text: str):
    found = re.search(r"(?:Trin|Step) (\d+) (?:af|of) 12", text)
    return int(found.group(1)) if found else None


@pytest.mark.parametrize(
    "start,ack,answer,language",
    [
        ("Hvilken partnerskabsmodel passer til os?", "ok klar", "hærværk", "da"),
        ("Hvilken model passer til os?", "fint", "hærværk", "da"),
        ("which partnership model suits us?", "yes let's go", "vandalism", "en"),
    ],
)
def test_an_acknowledgement_after_the_intro_gets_the_question_again_kindly(
    servers, start, ack, answer, language
):
    sender = new_sender()
    first = text_of(ask(servers, sender, start))
    # The intro and the first question arrive together.
    assert INTRO[language] in first and CHALLENGES_Q[language] in first
    again = ask(servers, sender, ack)
    text = text_of(again)
    assert is_question(again) and CHALLENGES_Q[language] in text
    assert not any(words in text for words in UNUSABLE)  # no error wording
    assert INTRO[language] not in text  # nor the intro a second time
    # The acknowledgement was no answer: the challenges are still to be told.
    after = ask(servers, sender, answer)
    assert is_question(after) and CHALLENGES_Q[language] not in text_of(after)


def test_a_new_interview_after_a_recommendation_starts_afresh(servers):
    sender = new_sender()
    messages = ask(servers, sender, "Vi har meget hærværk, og et vagtfirma vil gerne hjælpe")
    for _ in range(6):
        if not is_question(messages):
            break
        messages = ask(servers, sender, "spring over")
    assert text_of(messages).startswith("**Anbefaling:")
    again = ask(servers, sender, "Hvilken partnerskabsmodel passer til os?")
    assert is_question(again) and CHALLENGES_Q["da"] in text_of(again)


@pytest.mark.parametrize(
    "request_text,description,language",
    [
        (
            "Hvilke virksomheder passer til vores område?",
            "Vi har meget hærværk og unge der keder sig",
            "da",
        ),
        (
            "Which companies suit our area?",
            "there is a lot of vandalism and the kids have nothing to do",
            "en",
        ),
    ],
)
def test_a_description_typed_after_which_challenges_gets_the_suggestions(
    servers, request_text, description, language
):
    sender = new_sender()
    asked = text_of(ask(servers, sender, request_text))
    assert ("Hvilke udfordringer" if language == "da" else "Which challenges") in asked
    reply = ask(servers, sender, description)
    assert skill_started(servers.tracker_db, sender) == "companies"
    assert not is_question(reply) and "DB07" in text_of(reply)
    assert INTRO[language] not in text_of(reply)


@pytest.mark.parametrize(
    "question,request_text,said",
    [
        ("Hvad er ABCD-metoden?", "kan du sende det på mail", "kan ikke sende e-mails"),
        ("What is ABCD?", "can you email it to me", "cannot send e-mails"),
    ],
)
def test_a_mail_request_after_an_answer_says_no_mail_is_sent(servers, question, request_text, said):
    sender = new_sender()
    ask(servers, sender, question)
    reply = ask(servers, sender, request_text)
    text = text_of(reply)
    assert said in text
    # Not the colophon's ordering address, nor the contact details.
    assert "@" not in text
    assert [b["payload"] for b in buttons_of(reply)] == ["/make_plan"]


@pytest.mark.parametrize(
    "make,request_text,said",
    [
        ("lav en partnerskabsplan", "kan du sende den på mail?", "linket ovenfor"),
        ("make a plan", "can you email it to me", "link above"),
    ],
)
def test_a_mail_request_after_a_plan_points_at_its_links(servers, make, request_text, said):
    sender = new_sender()
    ask(servers, sender, make)
    reply = ask(servers, sender, request_text)
    assert said in text_of(reply) and not buttons_of(reply)


@pytest.mark.parametrize(
    "question,walk,step",
    [
        ("Hvad går råd nummer 2 ud på?", "Tag mig igennem den", 2),
        ("What is the second piece of advice?", "walk me through it", 2),
        ("Hvad går råd nummer 2 ud på?", "tag mig igennem rådene", 1),
    ],
)
def test_walk_me_through_it_after_a_piece_of_advice_starts_there(servers, question, walk, step):
    sender = new_sender()
    ask(servers, sender, question)
    assert step_of(text_of(ask(servers, sender, walk))) == step
    assert skill_started(servers.tracker_db, sender) == "guide"


@pytest.mark.parametrize(
    "question,said,yes",
    [("Kan du lide LEGO?", "ingen holdninger", "ja"), ("do you like LEGO", "no opinions", "yes")],
)
def test_an_opinion_asked_of_the_bot_offers_the_case(servers, question, said, yes):
    sender = new_sender()
    reply = ask(servers, sender, question)
    assert said in text_of(reply) and "LEGO" not in text_of(reply).split(":")[0]
    assert [b["payload"] for b in buttons_of(reply)] == ['/ask_catalog{"fact_id": "lego.summary"}']
    answer = text_of(ask(servers, sender, yes))
    assert "JydskeVestkysten" in answer and ("Kilde:" in answer or "Source:" in answer)


def test_what_the_catalogue_says_about_a_case_is_still_answered(servers):
    answer = text_of(ask(servers, new_sender(), "hvad synes kataloget om LEGO?"))
    assert "Kilde: Idékataloget" in answer and "holdninger" not in answer


@pytest.mark.parametrize(
    "question,request_text,said",
    [
        (
            "Hvem var med i partnerskabet i Mimersgade?",
            "kan du skrive det kortere?",
            "allerede korte",
        ),
        ("Tell me about the LEGO partnership", "shorter please", "already short"),
    ],
)
def test_a_shorter_answer_is_declined_with_its_details_offered(
    servers, question, request_text, said
):
    sender = new_sender()
    ask(servers, sender, question)
    reply = ask(servers, sender, request_text)
    text = text_of(reply)
    assert said in text and "Kilde:" not in text and "Source:" not in text  # no other fact
    buttons = buttons_of(reply)
    assert buttons and all(b["payload"].startswith("/ask_catalog{") for b in buttons)


@pytest.mark.parametrize(
    "start,again,said,language",
    [
        (
            "Vi vil gerne i gang med et partnerskab",
            "Hvilken partnerskabsmodel passer til os?",
            "vi finder ud af nu",
            "da",
        ),
        (
            "which partnership model suits us?",
            "what model would you recommend for us?",
            "finding out now",
            "en",
        ),
    ],
)
def test_asking_for_the_interview_while_it_runs_goes_on_with_it(
    servers, start, again, said, language
):
    # It got the core's fallback ("Undskyld, det kan jeg desværre ikke hjælpe med").
    sender = new_sender()
    ask(servers, sender, start)
    reply = ask(servers, sender, again)
    assert said in text_of(reply) and is_question(reply)
    assert CHALLENGES_Q[language] in text_of(reply)


@pytest.mark.parametrize(
    "first,thanks_and_question,language",
    [
        ("Fortæl om LEGO-casen", "tak for svaret, hvem betalte?", "da"),
        ("Fortæl om LEGO-casen", "mange tak! hvem betalte for det?", "da"),
        ("Tell me about the LEGO case", "thanks! and who paid?", "en"),
    ],
)
def test_a_thanks_followed_by_a_question_answers_the_question(
    servers, first, thanks_and_question, language
):
    """ "tak for svaret, hvad med økonomien?" got only "Selv tak!": the question after
    the thanks is answered, in the case's context."""
    sender = new_sender()
    ask(servers, sender, first)
    reply = text_of(ask(servers, sender, thanks_and_question))
    assert skill_started(servers.tracker_db, sender) == "catalog"
    assert ("Kilde:" if language == "da" else "Source:") in reply
    assert "LEGO" in reply.splitlines()[-1]  # the source: LEGO's case
    # Thanks alone is still thanked for.
    ask(servers, sender, "tusind tak!" if language == "da" else "thanks a lot!")
    assert skill_started(servers.tracker_db, sender) == "smalltalk"


@pytest.mark.parametrize(
    "text,words",
    [
        ("can i order a printed copy", ("Lovekspeditionen", "Holmens Kanal")),
        ("gains for local politicians?", ("platform", "decisions")),
    ],
)
def test_a_catalogue_question_the_classifier_took_for_out_of_scope_is_answered(
    servers, text, words
):
    """The classifier takes these for out of scope; one fact plainly answers each."""
    reply = text_of(ask(servers, new_sender(), text))
    assert any(w in reply for w in words), reply


@pytest.mark.parametrize(
    "text,language",
    [("hvordan bliver vejret i morgen?", "da"), ("what will the weather be like tomorrow?", "en")],
)
def test_a_question_out_of_scope_is_still_declined(servers, text, language):
    reply = text_of(ask(servers, new_sender(), text))
    assert ("uden for" if language == "da" else "outside what I can") in reply, reply


def test_a_language_asked_for_in_the_interview_replays_no_older_answer(servers):
    sender = new_sender()
    ask(servers, sender, "hvad er abcd?")
    ask(servers, sender, "hvilken model passer til os?")
    reply = text_of(ask(servers, sender, "now in english"))
    assert "ABCD" not in reply and "Source:" not in reply
    assert "write your question in English" in reply


def test_the_last_answer_again_in_the_language_asked_for(servers):
    sender = new_sender()
    ask(servers, sender, "hvem startede galleri hamlet?")
    reply = text_of(ask(servers, sender, "in english please"))
    assert "Leif Schiller" in reply and "Source:" in reply


def test_how_things_stand_today_in_the_guide_replays_no_older_answer(servers):
    sender = new_sender()
    ask(servers, sender, "hvem startede galleri hamlet?")
    ask(servers, sender, "start guiden")
    reply = text_of(ask(servers, sender, "er det stadig aktuelt?"))
    assert "Leif Schiller" not in reply
