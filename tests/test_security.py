"""The rules for what clients send (partnerskab.core.security), the slot guard in
Rasa's slot extraction, the web server's answers to hostile requests, plan-store
failures, retention of old sessions and plans, and the report's escaping."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import socket
import sqlite3
import threading
import time
import uuid

import pytest
from aiohttp.test_utils import TestClient, TestServer

from partnerskab.core.security import (
    BadRequest,
    RateLimiter,
    clean_metadata,
    clean_text,
    client_address,
    command_entities,
    parse_json,
    trusted_proxies,
    unslash,
    valid_entities,
    valid_sender,
    valid_slot,
)
from partnerskab.storage.plan_store import PlanStore, PlanStoreError
from tests.rest import seconds_until_closed

UUID = "3f2b8c1e-9a4d-4e7f-b6c5-0d1e2f3a4b5c"


@pytest.mark.parametrize(
    "sender,ok",
    [
        (UUID, True),
        (str(uuid.uuid4()), True),
        (UUID.upper(), False),
        (UUID.replace("-4e7f", "-1e7f"), False),
        ("{" + UUID + "}", False),
        (UUID.replace("-", ""), False),
        ("x123", False),
        ("jens@kommune.dk", False),
        ("010203-1234", False),
        ("", False),
        (5, False),
        (None, False),
        (UUID + "\u0000", False),
        ("\ud800" + UUID[1:], False),
        (UUID + "\n", False),
    ],
)
def test_only_uuid4_conversation_ids(sender, ok):
    assert valid_sender(sender) is ok


@pytest.mark.parametrize(
    "body,content_type",
    [
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, None),
        (b'{"sender": "\xff"}', "application/json"),
        (b'{"sender": "x"}', "application/json; charset=x-unknown"),
        (b'{"sender": "x"}', "application/json; charset=latin-1"),
        (b"", None),
        (b"not json", None),
        (b'{"n": 1' + b"0" * 5000 + b"}", None),
    ],
)
def test_unparseable_bodies_are_bad_requests(body, content_type):
    with pytest.raises(BadRequest):
        parse_json(body, content_type)


def test_parse_json_accepts_utf8_with_or_without_charset():
    assert parse_json('{"m": "æ"}'.encode(), "application/json; charset=UTF-8") == {"m": "æ"}
    assert parse_json(b'{"m": 1}', 'application/json; charset="utf-8"') == {"m": 1}


def test_metadata_keeps_only_a_valid_language():
    assert clean_metadata({"language": "en", "cpr": "010203-1234", "x": [1] * 100}) == {
        "language": "en"
    }
    assert clean_metadata({"language": "de"}) is None
    assert clean_metadata({"language": ["da"]}) is None
    assert clean_metadata("da") is None and clean_metadata(None) is None


def test_control_characters_are_removed_but_lines_stay():
    assert clean_text("a\u0000b\u0007c\u001b[31m\td\ne\u0085") == "abc[31m\td\ne"


@pytest.mark.parametrize(
    "typed",
    [
        '/inform{"case": "evil"}',
        '\t/inform{"case": "evil"}',
        '\n/inform{"case": "evil"}',
        '\u00a0/inform{"case": "evil"}',
        '/\t/inform{"case": "evil"}',
        '/ \u00a0/inform{"case": "evil"}',
        '/\u2003/\u3000/inform{"case": "evil"}',
        '//\n\n/inform{"case": "evil"}',
    ],
)
def test_unslash_leaves_no_command_for_rasa_to_find(typed):
    words = unslash(typed)
    assert not words.strip().startswith("/") and words == words.strip()
    assert words.startswith("inform")


def test_slot_values_and_command_entities_are_checked():
    assert (
        valid_slot("case", "lego")
        and not valid_slot("case", "evil")
        and not valid_slot("case", ["lego"])
    )
    assert valid_slot("language", "en") and not valid_slot("language", "de")
    assert valid_slot("case", None) and valid_slot("guide_step", 99)  # not set from entities
    assert valid_entities({"guide_command": "goto", "step_number": "7"})
    for bad in (
        {"step_number": "0"},
        {"step_number": "13"},
        {"step_number": "-1"},
        {"step_number": "7.5"},
        {"case": "x"},
        {"language": "sv"},
    ):
        assert not valid_entities(bad), bad
    assert command_entities('/guide{"guide_command": "next"}') == {"guide_command": "next"}
    assert command_entities("/make_plan") == {}
    assert command_entities("/guide{bad json}") is None and command_entities("hej") is None


def test_client_address_trusts_only_configured_proxies():
    loopback = trusted_proxies("127.0.0.0/8,::1")
    assert client_address("127.0.0.1", "203.0.113.7, 10.0.0.1", loopback) == "203.0.113.7"
    assert (
        client_address("198.51.100.2", "203.0.113.7", loopback) == "198.51.100.2"
    )  # not a proxy: ignored
    assert client_address("127.0.0.1", "not-an-address", loopback) == "127.0.0.1"
    assert client_address("127.0.0.1", None, loopback) == "127.0.0.1"
    proxies = trusted_proxies("10.1.0.0/16")
    assert client_address("10.1.2.3", "2001:db8::1", proxies) == "2001:db8::1"
    assert client_address("127.0.0.1", "203.0.113.7", proxies) == "127.0.0.1"


def test_new_conversations_per_client_burst_then_about_one_a_second():
    limiter, now = RateLimiter(), 1000.0
    conversations = [str(uuid.uuid4()) for _ in range(22)]
    assert all(limiter.check("203.0.113.7", c, now) == 0 for c in conversations[:20])
    wait = limiter.check("203.0.113.7", conversations[20], now)
    assert 0.9 <= wait <= 1.0
    assert (
        limiter.check("198.51.100.2", conversations[20], now) == 0
    )  # another client is not affected
    assert limiter.check("203.0.113.7", conversations[0], now) == 0  # a known conversation goes on
    assert limiter.check("203.0.113.7", conversations[21], now + 1.0) == 0
    assert limiter.check("203.0.113.7", str(uuid.uuid4()), now + 1.0) > 0


def test_messages_per_conversation_burst_then_about_one_a_second():
    limiter, now, sender = RateLimiter(), 50.0, str(uuid.uuid4())
    assert all(
        limiter.check(f"10.0.0.{i}", sender, now) == 0 for i in range(10)
    )  # any address: the same bucket
    assert limiter.check("10.0.0.1", sender, now) > 0
    assert limiter.check("10.0.0.1", sender, now + 1.01) == 0
    assert limiter.check("10.0.0.1", sender, now + 1.02) > 0


def test_a_refused_new_conversation_is_not_remembered_and_limits_can_be_off():
    limiter = RateLimiter(client_burst=1, client_rate=0.5)
    assert limiter.check("a", "c1", 0) == 0
    assert limiter.check("a", "c2", 0) == pytest.approx(2.0)
    assert limiter.check("b", "c2", 0) == 0  # c2 was not counted as known for a
    off = RateLimiter(client_burst=0, conversation_burst=0)
    assert all(off.check("a", f"c{i}", 0) == 0 for i in range(100))


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("LIMIT_NEW_CONVERSATIONS_BURST", "2")
    monkeypatch.setenv("LIMIT_MESSAGES_BURST", "3")
    limiter = RateLimiter.from_env()
    assert [limiter.check("a", c, 0) == 0 for c in ("1", "2", "3")] == [True, True, False]
    assert [limiter.check("b", "x", 0) == 0 for _ in range(4)] == [True, True, True, False]


# ---- Rasa's slot extraction with the guard ------------------------------------------


def test_a_forged_case_or_language_never_reaches_a_slot():
    from rasa.core.actions.action import ActionExtractSlots
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    import partnerskab.adapters.channel  # noqa: F401  (installs the guard)

    domain = Domain.from_dict(
        {
            "intents": ["inform"],
            "entities": ["case", "language"],
            "slots": {
                "case": {"type": "text", "mappings": [{"type": "from_entity", "entity": "case"}]},
                "language": {
                    "type": "categorical",
                    "values": ["da", "en"],
                    "mappings": [{"type": "from_entity", "entity": "language"}],
                },
            },
        }
    )

    def extracted(entities):
        message = UserUttered(
            "x",
            intent={"name": "inform", "confidence": 1.0},
            entities=[{"entity": k, "value": v} for k, v in entities.items()],
        )
        tracker = DialogueStateTracker.from_events("s", [message], slots=domain.slots)
        events = asyncio.run(ActionExtractSlots(None).run(None, None, tracker, domain))
        return {e.key: e.value for e in events if isinstance(e, SlotSet)}

    assert extracted({"case": "lego", "language": "en"}) == {"case": "lego", "language": "en"}
    assert extracted({"case": "Robert'); drop table--", "language": "sv"}) == {}


# ---- the web server -------------------------------------------------------------------

HOSTILE_HISTORY = [
    (b"[" * 3000 + b"]" * 3000, {}),
    (
        b'{"sender": "' + UUID.encode() + b'"}',
        {"Content-Type": "application/json; charset=x-unknown"},
    ),
    (b'{"sender": "\\ud800"}', {}),
    (b'{"sender": "' + UUID.encode() + b'\\u0000"}', {}),
    (b'{"sender": "x123"}', {}),
    (b'{"sender": "jens@kommune.dk"}', {}),
    (b'{"sender": "' + UUID.upper().encode() + b'"}', {}),
    (b'{"sender": "\xff\xfe"}', {}),
    (b"not json", {}),
    (b"", {}),
    (b"[1]", {}),
    (b'{"sender": 5}', {}),
]


def test_history_answers_400_to_every_hostile_body(tmp_path):
    from partnerskab.webapp.server import create_app

    async def check():
        app = create_app(PlanStore(tmp_path / "plans.db"), tracker_db=tmp_path / "tracker.db")
        async with TestClient(TestServer(app)) as client:
            for body, headers in HOSTILE_HISTORY:
                response = await client.post("/api/history", data=body, headers=headers)
                assert response.status == 400, body[:60]
                assert "error" in json.loads(await response.text())
            response = await client.post("/api/history", json={"sender": UUID})
            assert response.status == 200 and (await response.json()) == {"messages": []}

    asyncio.run(check())


def test_history_lookups_are_limited_per_client(tmp_path, monkeypatch):
    from partnerskab.webapp.server import create_app

    monkeypatch.setenv("LIMIT_NEW_CONVERSATIONS_BURST", "3")

    async def check():
        app = create_app(PlanStore(tmp_path / "plans.db"), tracker_db=tmp_path / "tracker.db")
        async with TestClient(TestServer(app)) as client:
            statuses = []
            for _ in range(4):
                response = await client.post(
                    "/api/history",
                    json={"sender": str(uuid.uuid4())},
                    headers={"X-Forwarded-For": "203.0.113.9"},
                )
                statuses.append(response.status)
            assert statuses == [200, 200, 200, 429]
            assert (
                int(response.headers["Retry-After"]) >= 1
                and "Vent" in (await response.json())["error"]
            )
            other = await client.post(
                "/api/history", json={"sender": UUID}, headers={"X-Forwarded-For": "203.0.113.10"}
            )
            assert other.status == 200

    asyncio.run(check())


def test_a_failing_plan_store_gives_503_and_the_chat_a_sentence(tmp_path):
    from partnerskab.webapp.server import create_app

    store = PlanStore(tmp_path / "plans.db")
    token = store.save("da", "<p>x</p>", "x")
    locker = sqlite3.connect(tmp_path / "plans.db", timeout=0)
    locker.execute("pragma locking_mode=exclusive")
    locker.execute("begin exclusive")
    store_timeout = PlanStore._connect

    def quick(self):
        return sqlite3.connect(self.path, timeout=0.1)

    PlanStore._connect = quick
    try:
        with pytest.raises(PlanStoreError):
            store.save("da", "<p>y</p>", "y")

        async def check():
            async with TestClient(
                TestServer(create_app(store, tracker_db=tmp_path / "t.db"))
            ) as client:
                response = await client.get(f"/plan/{token}")
                assert response.status == 503 and "Prøv igen" in await response.text()

        asyncio.run(check())
    finally:
        PlanStore._connect = store_timeout
        locker.rollback()
        locker.close()
    assert store.get(token)["markdown"] == "x"


def test_the_plan_action_says_the_plan_could_not_be_saved(monkeypatch, tmp_path):
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    import actions.guide as guide_actions

    def broken(self, *args, **kwargs):
        raise PlanStoreError("database is locked")

    monkeypatch.setattr(guide_actions.PlanStore, "save", broken)
    monkeypatch.setenv("PLANS_DB", str(tmp_path / "plans.db"))
    for language in ("da", "en"):
        tracker = Tracker(
            "s",
            {"language": language},
            {"intent": {"name": "make_plan"}, "entities": []},
            [],
            False,
            None,
            {},
            "action_listen",
        )
        dispatcher = CollectingDispatcher()
        asyncio.run(guide_actions.ActionMakePlan().run(dispatcher, tracker, {}))
        assert [m.get("response") for m in dispatcher.messages] == ["utter_plan_failed"]


def _serve_web(tmp_path, port, monkeypatch):
    from partnerskab.webapp.server import create_app, serve

    monkeypatch.setenv("READ_TIMEOUT_S", "1")
    loop = asyncio.new_event_loop()
    app = create_app(PlanStore(tmp_path / "plans.db"), tracker_db=tmp_path / "tracker.db")
    task = {}

    def run():
        asyncio.set_event_loop(loop)
        task["t"] = loop.create_task(serve(app, "127.0.0.1", port))
        try:
            loop.run_until_complete(task["t"])
        except (asyncio.CancelledError, RuntimeError):
            pass

    thread = threading.Thread(target=run, daemon=True)
    # add_signal_handler only works in the main thread: serve() here runs in another one
    loop.add_signal_handler = lambda *a, **k: None  # type: ignore[assignment]
    thread.start()
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return loop, task, thread


def _free_port() -> int:
    """A port nothing listens on now, from the OS (a random one could be taken: it
    failed once with "address already in use" while other sessions ran)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_web_server_closes_half_sent_requests(tmp_path, monkeypatch):
    port = _free_port()
    loop, task, thread = _serve_web(tmp_path, port, monkeypatch)
    try:
        head = socket.create_connection(("127.0.0.1", port))
        head.sendall(b"POST /api/history HTTP/1.1\r\nHost: x\r\nContent-")
        body = socket.create_connection(("127.0.0.1", port))
        body.sendall(
            b"POST /api/history HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 200\r\n\r\n{"sender": '
        )
        idle = socket.create_connection(("127.0.0.1", port))
        for sock in (head, body, idle):
            seconds = seconds_until_closed(sock, 6)
            assert seconds is not None and seconds < 4, sock
    finally:
        loop.call_soon_threadsafe(task["t"].cancel)
        thread.join(10)


# ---- retention and the report ---------------------------------------------------------


def test_purge_deletes_old_sessions_of_live_conversations_and_expired_plans(tmp_path, monkeypatch):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from partnerskab.ops.retention import main
    from partnerskab.storage.events import purge_old_sessions

    domain = Domain.from_dict({"slots": {"guide_step": {"type": "any", "mappings": []}}})
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    old, now = time.time() - 200 * 86400, time.time()
    events = [
        ActionExecuted("action_session_start", timestamp=old),
        SessionStarted(timestamp=old),
        UserUttered("mit cpr er [CPR-nummer]", timestamp=old + 1),
        SlotSet("guide_step", 3, timestamp=old + 2),
        ActionExecuted("action_session_start", timestamp=now - 10),
        SessionStarted(timestamp=now - 10),
        SlotSet("guide_step", 3, timestamp=now - 10),
        UserUttered("næste", timestamp=now - 5),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events("live", events, slots=domain.slots)))
    assert purge_old_sessions(90, url) == 4
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        kept = [
            json.loads(r[0])
            for r in db.execute("select data from events where sender_id='live' order by id")
        ]
    assert [e["event"] for e in kept] == ["action", "session_started", "slot", "user"]
    assert all("cpr" not in json.dumps(e) for e in kept) and kept[2]["value"] == 3
    assert purge_old_sessions(90, url) == 0

    plans = PlanStore(tmp_path / "plans.db", ttl=0)
    plans.save("da", "old", "old")
    keep = PlanStore(tmp_path / "plans.db").save("da", "new", "new")
    monkeypatch.setenv("PLANS_DB", str(tmp_path / "plans.db"))
    monkeypatch.setenv("TRACKER_URL", url)
    assert main(["purge", "--days", "90"]) == 0
    with sqlite3.connect(tmp_path / "plans.db") as db:
        assert [r[0] for r in db.execute("select token from plans")] == [keep]


def test_report_escapes_user_text_like_the_plan():
    from partnerskab.core.knowledge import load_knowledge
    from partnerskab.core.usage import Row, summarise
    from partnerskab.ops.report import build_report

    hostile = (
        "hvad med | <img src=x onerror=alert(1)>\n# Overskrift [klik](javascript:alert(1)) **fed**"
    )
    rows = [
        Row("a", 1.0, "user", "ask_catalog", hostile),
        Row("a", 2.0, "bot", text="Det dækker idékataloget ikke", utter_action="utter_not_covered"),
    ]
    report = build_report(summarise(rows, load_knowledge()), dt.date.today(), dt.date.today())
    row = next(line for line in report.splitlines() if "hvad med" in line)
    assert re.search(r"(?<!\\)[<>\[\]()*#]", row.replace("| ", "")) is None, row
    assert "\\<img" in row and "\\[klik\\]" in row
    assert "\n# Overskrift" not in report and row.count(" | ") == 1


def test_aiohttp_uses_its_c_parser():
    """The 2024–2025 request-smuggling fixes (CVE-2024-52304, CVE-2025-53643) are
    in aiohttp's pure-Python parser, in releases Rasa 3.6's pin (<3.10) does not
    allow; with the C parser (llhttp) the web server is not affected."""
    import os

    from aiohttp import http_parser

    assert not os.environ.get("AIOHTTP_NO_EXTENSIONS")
    assert http_parser.HttpRequestParser is http_parser.HttpRequestParserC
