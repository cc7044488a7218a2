"""End to end: start the action server and Rasa on loopback and ask over REST."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request

import pytest

from tests.rest import ask, buttons_of, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def test_greeting_says_bot_and_no_personal_data(servers):
    messages = ask(servers, new_sender(), "Hej")
    text = text_of(messages)
    assert "chatbot" in text and "personlige oplysninger" in text
    assert any(m.get("buttons") for m in messages)


def test_danish_question_answer_with_source(servers):
    messages = ask(servers, new_sender(), "Hvem var med i partnerskabet i Mimersgade?")
    text = text_of(messages)
    assert "Schiller House" in text
    assert (
        "Kilde: Idékataloget, „Partnerskab gav bedre image til Mimersgadekvarteret“, s. 12" in text
    )
    assert messages[-1].get("buttons"), "follow-up buttons expected"


def test_english_question_in_english(servers):
    text = text_of(
        ask(servers, new_sender(), "How many part-time firefighters are there in Vejle?")
    )
    assert (
        "60 part-time firefighters" in text
        and "Source: the idea catalogue" in text
        and "p. 20" in text
    )


def test_a_detail_the_catalogue_does_not_give_is_said_then_the_nearest_with_source(servers):
    from partnerskab.core.wording import t

    text = text_of(ask(servers, new_sender(), "Hvor meget kostede Galleri Hamlet i alt?"))
    assert t("catalog.missing.money", "da") in text
    assert "Mimersgade" in text and "Kilde: Idékataloget" in text
    text = text_of(ask(servers, new_sender(), "Is Gennem Ild og Vand still running today?"))
    assert t("catalog.missing.today", "en") in text and "Source: the idea catalogue" in text


def test_follow_up_keeps_the_case_in_context(servers):
    sender = new_sender()
    assert "BRFkredit" in text_of(ask(servers, sender, "Fortæl om BRFkredits projekt"))
    follow_up = text_of(ask(servers, sender, "Hvem hjalp dem?"))
    assert "Microsoft" in follow_up and "IT-Recycling" in follow_up


def test_language_follows_each_message_and_the_metadata_hint(servers):
    sender = new_sender()
    assert "Source:" in text_of(ask(servers, sender, "What is the ABCD method?"))
    assert "Kilde:" in text_of(ask(servers, sender, "Hvad er ABCD-metoden?"))
    assert "Source:" in text_of(ask(servers, new_sender(), "LEGO?", metadata={"language": "en"}))


def test_out_of_scope_is_honest_and_offers_help(servers):
    messages = ask(servers, new_sender(), "Hvordan bliver vejret i morgen?")
    text = text_of(messages)
    assert "Kilde" not in text
    assert "kataloget" in text.lower() or "idékataloget" in text.lower()
    assert any(m.get("buttons") for m in messages)


def test_unclear_message_asks_did_you_mean_and_the_pick_is_answered(servers):
    sender = new_sender()
    messages = ask(servers, sender, "asdf qwerty")
    assert "Mente du" in text_of(messages)
    buttons = [b for m in messages for b in m.get("buttons", [])]
    assert buttons[-1] == {"title": "Ingen af dem", "payload": "/deny"}
    answer = text_of(ask(servers, sender, buttons[0]["payload"]))
    assert "Kilde: Idékataloget" in answer


@pytest.mark.parametrize("no", ["/deny", "nej"])
def test_none_of_these_or_no_asks_to_rephrase(servers, no):
    sender = new_sender()
    ask(servers, sender, "asdf qwerty")
    assert "anden måde" in text_of(ask(servers, sender, no))


def test_yes_after_an_unclear_message_picks_the_first_offer(servers):
    sender = new_sender()
    offered = [b for m in ask(servers, sender, "asdf qwerty") for b in m.get("buttons", [])]
    picked = text_of(ask(servers, sender, "ja tak"))
    other = new_sender()
    ask(servers, other, "asdf qwerty")
    pressed = text_of(ask(servers, other, offered[0]["payload"]))
    assert "Kilde" in picked and picked == pressed


def test_human_contact_from_the_config(servers):
    text = text_of(ask(servers, new_sender(), "Kan jeg tale med en medarbejder?"))
    assert "partnerskaber@kommune.example" in text


def test_conversation_is_stored_in_the_sql_tracker_store(servers):
    sender = new_sender()
    ask(servers, sender, "Hvad er Kulturringen?")
    with sqlite3.connect(servers.tracker_db) as db:
        rows = db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[
            0
        ]
    assert rows >= 3


def test_http_api_is_not_enabled(servers):
    for path in ("/status", "/conversations/x/tracker", "/model/parse"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{servers.rasa_port}{path}", timeout=10)
        assert err.value.code in (404, 405), path


def test_servers_listen_on_loopback_only(servers):
    import psutil

    listening = []
    for proc in servers.processes:
        parent = psutil.Process(proc.pid)
        for p in [parent, *parent.children(recursive=True)]:
            listening += [
                c.laddr for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN
            ]
    ports = {addr.port for addr in listening}
    assert {servers.rasa_port, servers.action_port} <= ports, listening
    assert all(addr.ip == "127.0.0.1" for addr in listening), listening


def post_raw(servers, body: bytes, headers=None):
    request = urllib.request.Request(
        servers.webhook,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize(
    "body",
    [
        b"[1, 2]",
        b"not json",
        b"{}",
        b'{"message": "hej"}',
        b'{"sender": "", "message": "hej"}',
        b'{"sender": 5, "message": "hej"}',
        b'{"sender": "a", "message": 5}',
        b'{"sender": "a", "message": "   "}',
        b'{"sender": "a/../b", "message": "hej"}',
        b'{"sender": "a", "message": "\xff\xfe"}',
        b"",
    ],
)
def test_bad_bodies_get_400_and_the_next_message_works(servers, body):
    status, _ = post_raw(servers, body)
    assert status == 400, body
    assert "Kilde:" in text_of(ask(servers, new_sender(), "Hvad er CSR?"))


def test_over_long_message_gets_a_polite_request_to_shorten(servers):
    status, messages = post_raw(
        servers, json.dumps({"sender": new_sender(), "message": "hærværk " * 200}).encode()
    )
    assert status == 200 and "kortere" in messages[0]["text"] and messages[0]["lang"] == "da"
    status, _ = post_raw(
        servers, json.dumps({"sender": new_sender(), "message": "x" * 100_000}).encode()
    )
    assert status == 413


def test_replies_carry_their_language(servers):
    assert {m["lang"] for m in ask(servers, new_sender(), "What is CSR?")} == {"en"}
    assert {m["lang"] for m in ask(servers, new_sender(), "Hvad er CSR?")} == {"da"}


def test_cors_allows_only_configured_origins(servers):
    def preflight(origin):
        request = urllib.request.Request(
            servers.webhook,
            method="OPTIONS",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.headers.get("Access-Control-Allow-Origin")
        except urllib.error.HTTPError as error:
            return error.headers.get("Access-Control-Allow-Origin")

    demo = f"http://127.0.0.1:{servers.web_port}"
    assert preflight(demo) == demo
    assert preflight("http://evil.example") is None


def test_personal_data_is_masked_before_it_is_stored_or_logged(servers):
    sender = new_sender()
    messages = ask(
        servers,
        sender,
        "Mit CPR-nummer er 010203-1234, ring 20 30 40 50 eller skriv til jens@example.dk",
    )
    assert "fjernet personoplysninger" in messages[0]["text"]
    with sqlite3.connect(servers.tracker_db) as db:
        stored = " ".join(
            r[0] for r in db.execute("select data from events where sender_id = ?", (sender,))
        )
    assert "[CPR-nummer]" in stored and "[telefonnummer]" in stored and "[e-mail]" in stored
    logs = " ".join(p.read_text(errors="replace") for p in servers.log_dir.glob("*.log"))
    for secret in ("010203-1234", "20 30 40 50", "jens@example.dk"):
        assert secret not in stored and secret not in logs


def test_typed_commands_are_words_unless_the_button_was_offered(servers):
    sender = new_sender()
    typed = text_of(ask(servers, sender, '/guide{"guide_command": "goto", "step_number": "7"}'))
    assert "Trin 7 af 12" not in typed
    offered = ask(servers, sender, "Vi har meget hærværk, og et vagtfirma vil gerne hjælpe")
    skip = next(
        b["payload"] for m in offered for b in m.get("buttons") or [] if b["payload"] == "/skip"
    )
    asked = text_of(offered)
    after = ask(servers, sender, skip)  # an offered payload works: the interview moves on
    assert buttons_of(after) and text_of(after) and text_of(after) not in asked
    assert "kan ikke svare lige nu" not in text_of(after)


@pytest.mark.parametrize(
    "text",
    [
        "😀😀😀",
        "مرحبا، كيف حالك؟",
        "Привет, как дела?",
        "\u0000\u0007\u001b[31m",
        "你好",
        "   hej   ",
        "x" * 1000,
        "<script>alert(1)</script>",
        "'; drop table events; --",
    ],
)
def test_odd_messages_get_a_polite_answer(servers, text):
    sender = new_sender()
    status, messages = post_raw(servers, json.dumps({"sender": sender, "message": text}).encode())
    assert status == 200 and messages and all(m.get("text") or m.get("buttons") for m in messages)
    assert "Kilde:" in text_of(
        ask(servers, sender, "Hvad er ABCD-metoden?")
    )  # and the next message works
