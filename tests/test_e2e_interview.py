"""End to end over REST: the area interview, its recommendation and the company
suggestions, against both real servers (the example company list is loaded)."""

from __future__ import annotations

import pytest

from tests.rest import ask, buttons_of, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def is_question(messages):
    """An interview question: its last button is the skip button."""
    buttons = buttons_of(messages)
    return bool(buttons) and buttons[-1]["payload"] == "/skip"


def skip_until_recommendation(servers, sender, messages, word="spring over", limit=6):
    questions = 0
    while is_question(messages):
        questions += 1
        assert questions <= limit
        messages = ask(servers, sender, word)
    return messages, questions


def test_one_message_description_asks_only_what_is_missing(servers):
    sender = new_sender()
    first = ask(
        servers,
        sender,
        "Vores boligområde har mange ledige lokaler og en stærk beboerforening, men "
        "børnene har ingen fritidstilbud. Et lokalt byggefirma vil gerne hjælpe.",
    )
    text = text_of(first)
    assert is_question(first) and "højst fem" in text
    assert (
        "CSR-strategi" in text
    )  # about the company it understood; not about challenges or the company
    assert "største udfordringer" not in text and "virksomhed i tankerne" not in text
    final, questions = skip_until_recommendation(servers, sender, first)
    answer = text_of(final)
    assert answer.startswith("**Anbefaling: den strategisk integrerede model")
    assert "fritidstilbud" in answer and "Idékataloget, s." in answer and "DB07" in answer
    assert "Eksempel Byg ApS" in answer  # named from the municipality's list
    assert questions <= 4
    # a short sequence, none over ~700 characters, rated once at its end
    recommendation = final[
        next(i for i, m in enumerate(final) if m.get("text", "").startswith("**Anbefaling")) :
    ]
    assert len(recommendation) >= 5 and all(len(m.get("text", "")) <= 700 for m in final)
    assert [m["rateable"] for m in recommendation] == [False] * (len(recommendation) - 1) + [True]
    assert all(m["answer_id"] for m in recommendation)


def test_english_description_gets_an_english_recommendation(servers):
    sender = new_sender()
    first = ask(
        servers,
        sender,
        "We have lots of vandalism at the local school; a security company nearby offered to help.",
    )
    final, _ = skip_until_recommendation(servers, sender, first, word="skip")
    answer = text_of(final)
    assert answer.startswith("**Recommendation: the strategically integrated model")
    assert "Vejle Fire Brigade" in answer and "idea catalogue, p." in answer
    assert "Eksempel Vagt & Sikring A/S" in answer


def test_challenge_outside_the_catalogue_is_said_plainly_and_gets_add_on(servers):
    sender = new_sender()
    first = ask(
        servers, sender, "Ældre beboere er ensomme og et lokalt supermarked vil gerne gøre noget."
    )
    final, _ = skip_until_recommendation(servers, sender, first)
    answer = text_of(final)
    assert answer.startswith("**Anbefaling: add-on-modellen")
    assert "Kataloget har intet eksempel" in answer and "Skandia" in answer


def test_step_by_step_with_buttons_then_case_button(servers):
    sender = new_sender()
    messages = ask(servers, sender, "Hvilken partnerskabsmodel passer til os?")
    assert "største udfordringer" in text_of(messages)
    answers = {"challenges": "digital", "company": "it", "target_group": "all_residents"}
    questions = 1
    while is_question(messages):
        buttons = buttons_of(messages)
        pick = next(
            (b for b in buttons for v in answers.values() if f'"{v}"' in b["payload"]), buttons[0]
        )
        messages = ask(servers, sender, pick["payload"])
        questions += is_question(messages)
        assert questions <= 5
    answer = text_of(messages)
    assert answer.startswith("**Anbefaling: den strategisk integrerede model")
    assert "BRFkredit" in answer
    case_button = next(b for b in buttons_of(messages) if "brfkredit.summary" in b["payload"])
    assert "BRFkredit" in text_of(ask(servers, sender, case_button["payload"]))


def test_skipping_every_question_still_recommends(servers):
    sender = new_sender()
    messages = ask(servers, sender, "Vi vil gerne i gang med et partnerskab")
    final, questions = skip_until_recommendation(servers, sender, messages)
    assert 1 <= questions <= 5
    assert text_of(final).startswith("**Anbefaling:")


def test_catalogue_question_interrupts_and_the_interview_resumes(servers):
    sender = new_sender()
    ask(servers, sender, "Hvilken partnerskabsmodel passer til os?")
    interrupted = ask(servers, sender, "Hvad er ABCD-metoden?")
    text = text_of(interrupted)
    assert "Kilde: Idékataloget" in text and "kortlægning" in text.lower()
    assert "største udfordringer" in text  # the same question again
    after = ask(servers, sender, "Der er meget hærværk")
    assert is_question(after) and "største udfordringer" not in text_of(after)


def test_stop_keeps_answers_and_resume_goes_on(servers):
    sender = new_sender()
    ask(servers, sender, "Vi har meget hærværk i området")
    stopped = text_of(ask(servers, sender, "stop"))
    assert "stopper interviewet" in stopped
    resumed = ask(servers, sender, "/start_interview")
    assert is_question(resumed) and "største udfordringer" not in text_of(resumed)


def test_unreadable_answer_is_asked_again(servers):
    sender = new_sender()
    ask(servers, sender, "Vi vil gerne i gang med et partnerskab")
    again = text_of(ask(servers, sender, "blå"))
    assert "største udfordringer" in again


def test_which_companies_names_kinds_codes_and_marks_protected(servers):
    messages = ask(servers, new_sender(), "Hvilke virksomheder passer til et område med hærværk?")
    text = text_of(messages)
    assert "Vagt- og sikkerhedsfirmaer" in text and "DB07 80" in text
    line = next(row for row in text.splitlines() if "Eksempel Dagligvarer" in row)
    assert "Reklamebeskyttet" in line
    assert "Råd 2" in text and "Råd 3" in text
    assert all(len(m.get("text", "")) <= 700 for m in messages) and len(messages) >= 3
    assert [m["rateable"] for m in messages][-1] is True and not any(
        m["rateable"] for m in messages[:-1]
    )


def test_which_companies_without_challenges_asks_for_them(servers):
    sender = new_sender()
    messages = ask(servers, sender, "Which companies suit our area?")
    payload = next(b["payload"] for b in buttons_of(messages) if "digital" in b["payload"])
    text = text_of(ask(servers, sender, payload))
    assert "IT and telecom companies" in text and "Eksempel IT-Service ApS" in text
