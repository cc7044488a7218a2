"""End to end: hostile input against both running servers (Rasa with our REST
channel, and partnerskab.webapp.server), with the SQLite tracker store read back to prove
that nothing personal and no foreign metadata was stored and no forged slot was
set; rate limits; read timeouts; and a `GET /` that names no version."""

from __future__ import annotations

import json
import socket
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.rest import ask, new_sender, seconds_until_closed, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]

DEEP = b"[" * 30_000 + b"]" * 30_000
CPR_LIKE_ID, MAIL_ID = "010203-1234", "jens.hansen@kommune.dk"


def post(url, body: bytes, headers=None):
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def history_url(servers):
    return f"http://127.0.0.1:{servers.web_port}/api/history"


def stored(servers, sender):
    with sqlite3.connect(servers.tracker_db) as db:
        return [
            (kind, json.loads(data))
            for kind, data in db.execute(
                "select type_name, data from events where sender_id = ? order by id", (sender,)
            )
        ]


def everything_stored(servers) -> str:
    with sqlite3.connect(servers.tracker_db) as db:
        return "\n".join(f"{s} {d}" for s, d in db.execute("select sender_id, data from events"))


def j(obj) -> bytes:
    return json.dumps(obj).encode()


def hostile_bodies():
    """(name, body, headers): every one must get a 4xx from the REST webhook."""
    ok = new_sender()
    return [
        ("deep array", DEEP, None),
        (
            "deep object",
            b'{"sender": "'
            + ok.encode()
            + b'", "message": '
            + b'{"a":' * 20_000
            + b"1"
            + b"}" * 20_000
            + b"}",
            None,
        ),
        (
            "deep in metadata",
            b'{"sender": "' + ok.encode() + b'", "message": "hej", "metadata": ' + DEEP + b"}",
            None,
        ),
        (
            "unknown charset",
            j({"sender": ok, "message": "hej"}),
            {"Content-Type": "application/json; charset=x-foo"},
        ),
        (
            "latin-1 charset",
            '{"sender": "%s", "message": "bør"}'.encode("latin-1") % ok.encode(),
            {"Content-Type": "application/json; charset=latin-1"},
        ),
        ("invalid utf-8", b'{"sender": "' + ok.encode() + b'", "message": "\xff\xfe"}', None),
        ("lone surrogate in sender", b'{"sender": "\\ud800", "message": "hej"}', None),
        (
            "lone surrogate in message",
            b'{"sender": "' + ok.encode() + b'", "message": "hej \\udfff"}',
            None,
        ),
        ("NUL in sender", j({"sender": ok + "\u0000", "message": "hej"}), None),
        ("guessable id", j({"sender": "x123", "message": "hej"}), None),
        ("e-mail as id", j({"sender": MAIL_ID, "message": "hej"}), None),
        ("CPR as id", j({"sender": CPR_LIKE_ID, "message": "hej"}), None),
        ("upper-case UUID", j({"sender": ok.upper(), "message": "hej"}), None),
        ("UUID version 1", j({"sender": str(uuid.uuid1()), "message": "hej"}), None),
        ("UUID without dashes", j({"sender": uuid.uuid4().hex, "message": "hej"}), None),
        ("braced UUID", j({"sender": "{" + ok + "}", "message": "hej"}), None),
        ("id as number", j({"sender": 12345678, "message": "hej"}), None),
        ("id as list", j({"sender": [ok], "message": "hej"}), None),
        ("message as object", j({"sender": ok, "message": {"text": "hej"}}), None),
        ("only control characters", j({"sender": ok, "message": "\u0000\u0001\u0002"}), None),
        ("only slashes", j({"sender": ok, "message": "/\t/ \u00a0/"}), None),
        (
            "huge number",
            b'{"sender": "' + ok.encode() + b'", "message": "hej", "n": 1' + b"0" * 6000 + b"}",
            None,
        ),
        ("NaN sender", b'{"sender": NaN, "message": "hej"}', None),
        ("truncated", b'{"sender": "' + ok.encode() + b'", "mess', None),
        ("string", b'"hej"', None),
        ("null", b"null", None),
        ("over 64 kB", j({"sender": ok, "message": "x" * 70_000}), None),
    ]


HOSTILE = hostile_bodies()


@pytest.mark.parametrize("name,body,headers", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_get_a_4xx_from_rasa_and_nothing_is_stored(servers, name, body, headers):
    status, _, answer = post(servers.webhook, body, headers)
    assert 400 <= status < 500, (name, status, answer[:200])
    assert status in (400, 413)
    for sender in ("x123", MAIL_ID, CPR_LIKE_ID):
        assert stored(servers, sender) == []


HOSTILE_HISTORY = [
    ("deep array", DEEP[:7000], None),
    (
        "unknown charset",
        j({"sender": str(uuid.uuid4())}),
        {"Content-Type": "application/json; charset=x-foo"},
    ),
    ("lone surrogate", b'{"sender": "\\ud800"}', None),
    ("NUL", j({"sender": str(uuid.uuid4()) + "\u0000"}), None),
    ("guessable id", j({"sender": "x123"}), None),
    ("e-mail as id", j({"sender": MAIL_ID}), None),
    ("CPR as id", j({"sender": CPR_LIKE_ID}), None),
    ("upper-case UUID", j({"sender": str(uuid.uuid4()).upper()}), None),
    ("invalid utf-8", b'{"sender": "\xff"}', None),
    ("not an object", b"[1, 2]", None),
    ("empty", b"", None),
    ("too large", j({"sender": "a" * 10_000}), None),
]


@pytest.mark.parametrize("name,body,headers", HOSTILE_HISTORY, ids=[h[0] for h in HOSTILE_HISTORY])
def test_hostile_bodies_get_a_4xx_from_the_history_api(servers, name, body, headers):
    status, _, answer = post(history_url(servers), body, headers)
    assert status in (400, 413), (name, status, answer[:200])


def test_history_answers_a_uuid_conversation_but_not_a_guessed_one(servers):
    sender = new_sender()
    ask(servers, sender, "Hvad er CSR?")
    status, _, answer = post(history_url(servers), j({"sender": sender}))
    assert status == 200 and any(m["from"] == "user" for m in json.loads(answer)["messages"])
    status, _, answer = post(history_url(servers), j({"sender": "x123"}))
    assert status == 400 and b"UUID" in answer


def test_foreign_metadata_is_dropped_before_rasa_sees_it(servers):
    sender = new_sender()
    metadata = {
        "language": "en",
        "cpr": "010203-1234",
        "email": "jens@kommune.dk",
        "padding": "p" * 20_000,
        "nested": {"a": [1, 2, {"b": "secret-value"}]},
    }
    assert "Source:" in text_of(ask(servers, sender, "LEGO?", metadata=metadata))
    events = stored(servers, sender)
    user = [e for kind, e in events if kind == "user"]
    assert user and all(e.get("metadata", {}).get("language") == "en" for e in user)
    blob = json.dumps(events)
    for foreign in (
        "010203-1234",
        "jens@kommune.dk",
        "ppppp",
        "secret-value",
        '"cpr"',
        '"padding"',
        '"nested"',
    ):
        assert foreign not in blob, foreign
    started = [
        e for kind, e in events if kind == "slot" and e.get("name") == "session_started_metadata"
    ]
    assert all(set((e.get("value") or {})) <= {"language"} for e in started)
    other = new_sender()
    ask(servers, other, "Hvad er CSR?", metadata={"language": "sv; drop table", "x": 1})
    assert all(
        set(e.get("metadata", {})) <= {"language", "model_id", "assistant_id"}
        for kind, e in stored(servers, other)
        if kind == "user"
    )


@pytest.mark.parametrize(
    "typed",
    [
        '\t/inform{"case": "evil"}',
        '\n/inform{"case": "evil"}',
        '\u00a0/inform{"case": "evil"}',
        '/\t/inform{"case": "evil"}',
        '/ \u00a0/inform{"case": "evil"}',
        '\u2003/ask_catalog{"case": "evil"}',
        '/\n/ask_catalog{"case": "evil", "language": "sv"}',
    ],
)
def test_typed_commands_cannot_set_a_slot(servers, typed):
    sender = new_sender()
    status, _, _ = post(
        servers.webhook, j({"sender": sender, "message": typed}), {"X-Forwarded-For": "10.200.0.1"}
    )
    assert status == 200
    slots = [
        e
        for kind, e in stored(servers, sender)
        if kind == "slot" and e.get("name") in ("case", "language")
    ]
    assert all(
        e.get("value")
        in (
            None,
            "da",
            "en",
            "lego",
            "mimersgade",
            "brandvaesen",
            "brfkredit",
            "skandia",
            "hoeje_taastrup",
        )
        for e in slots
    ), slots
    assert not any(e.get("value") in ("evil", "sv") for e in slots)
    user = [e for kind, e in stored(servers, sender) if kind == "user"]
    assert user and not user[-1]["text"].startswith("/")
    assert "Kilde:" in text_of(ask(servers, sender, "Hvem var med i partnerskabet i Mimersgade?"))


MASK_FORMS = [
    "mit cpr er 010203\u20131234",
    "CPR 010203\u20111234",
    "født 01.02.03-1234",
    "cpr-0102031234",
    "010203 / 1234",
    "ring 20.30.40.50",
    "tlf 2010 2011",
    "+45\u00a012\u00a034\u00a056\u00a078",
    "skriv til søren@æblehaven.dk",
    "jens[at]kommune.dk",
]
SECRETS = [
    "0102031234",
    "010203",
    "20.30.40.50",
    "2010 2011",
    "12\u00a034",
    "æblehaven",
    "jens[at]",
]


def test_written_forms_of_personal_data_never_reach_the_store_or_logs(servers):
    sender = new_sender()
    for text in MASK_FORMS:
        messages = ask(servers, sender, text)
        assert "fjernet personoplysninger" in messages[0]["text"], text
        time.sleep(
            0.3
        )  # a person's pace: the per-conversation limit is not what this test is about
    blob = json.dumps(stored(servers, sender), ensure_ascii=False)
    logs = " ".join(p.read_text(errors="replace") for p in servers.log_dir.glob("*.log"))
    for secret in SECRETS:
        assert secret not in blob and secret not in logs, secret
    assert blob.count("[CPR-nummer]") >= 5 and "[telefonnummer]" in blob and "[e-mail]" in blob


def test_new_conversations_per_client_are_limited_and_refused_ones_not_stored(servers):
    client = {"X-Forwarded-For": "203.0.113.50"}
    long = "hærværk " * 200  # answered by the channel without NLU: fast, and still counted
    senders = [new_sender() for _ in range(24)]
    results = [post(servers.webhook, j({"sender": s, "message": long}), client) for s in senders]
    statuses = [status for status, _, _ in results]
    assert statuses[:20] == [200] * 20 and 429 in statuses[20:], statuses
    status, headers, answer = next(r for r in results if r[0] == 429)
    assert int(headers["Retry-After"]) >= 1 and "Vent et øjeblik" in json.loads(answer)[0]["text"]
    refused = senders[statuses.index(429)]
    assert stored(servers, refused) == []
    english = post(
        servers.webhook,
        j({"sender": new_sender(), "message": "What is CSR?", "metadata": {"language": "en"}}),
        client,
    )
    assert english[0] == 429 and "wait a moment" in json.loads(english[2])[0]["text"]
    assert (
        post(
            servers.webhook,
            j({"sender": new_sender(), "message": long}),
            {"X-Forwarded-For": "203.0.113.51"},
        )[0]
        == 200
    )  # another client is not affected
    time.sleep(int(headers["Retry-After"]) + 0.2)
    assert "Kilde:" in text_of(
        ask(servers, refused, "Hvad er ABCD-metoden?")
    )  # and it works a moment later


def test_messages_per_conversation_are_limited_and_refused_ones_not_stored(servers):
    sender = new_sender()
    long = "hærværk " * 200
    statuses = [post(servers.webhook, j({"sender": sender, "message": long}))[0] for _ in range(13)]
    assert statuses[:10] == [200] * 10 and 429 in statuses[10:], statuses

    racer = new_sender()
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(
            pool.map(
                lambda i: post(
                    servers.webhook,
                    j({"sender": racer, "message": f"hej {i}"}),
                    {"X-Forwarded-For": "203.0.113.60"},
                ),
                range(16),
            )
        )
    accepted = sum(1 for status, _, _ in answers if status == 200)
    assert 10 <= accepted < 16 and all(status in (200, 429) for status, _, _ in answers)
    user_events = [e for kind, e in stored(servers, racer) if kind == "user"]
    assert len(user_events) == accepted  # nothing stored for a refused message


def test_rasa_root_names_no_version(servers):
    with urllib.request.urlopen(f"http://127.0.0.1:{servers.rasa_port}/", timeout=10) as response:
        body = response.read().decode()
        server_header = response.headers.get("Server") or ""
    assert json.loads(body) == {"status": "ok"}
    assert "rasa" not in body.lower() and "3.6" not in body and "sanic" not in server_header.lower()
    try:  # /health answers 503 without a launcher's state file; the header is what counts here
        with urllib.request.urlopen(
            f"http://127.0.0.1:{servers.web_port}/health", timeout=10
        ) as response:
            headers = response.headers
    except urllib.error.HTTPError as error:
        headers = error.headers
    assert "aiohttp" not in (headers.get("Server") or "").lower()


@pytest.mark.parametrize("server", ["rasa", "web"])
def test_half_sent_requests_are_closed_within_seconds(servers, server):
    port, path = (
        (servers.rasa_port, "/webhooks/rest/webhook")
        if server == "rasa"
        else (servers.web_port, "/api/history")
    )
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n".encode()
    sockets = []
    for partial in (head, head + b'Content-Length: 500\r\n\r\n{"sender": ', b""):
        sock = socket.create_connection(("127.0.0.1", port))
        if partial:
            sock.sendall(partial)
        sockets.append(sock)
    try:
        for sock in sockets:
            seconds = seconds_until_closed(sock)
            assert seconds is not None and seconds < 12, (server, seconds)
    finally:
        for sock in sockets:
            sock.close()
    assert "Kilde:" in text_of(ask(servers, new_sender(), "Hvad er CSR?"))
