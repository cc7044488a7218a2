"""Scale-out on Rasa's production stack: PostgreSQL tracker store and Redis lock
store from Debian's packages (throwaway instances on loopback), two Rasa
instances (the second with two Sanic workers) and one stateless action server.
One conversation alternates between the instances; its state carries over."""

from __future__ import annotations

import os
import re

import pytest
import sqlalchemy as sa

from partnerskab.testing.services import production_cluster
from tests.rest import ask, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e, pytest.mark.services]
_OFFSET = int(os.environ.get("E2E_PORT_BASE") or 5100) - 5100
PG_PORT, REDIS_PORT = 55432 + _OFFSET, 56379 + _OFFSET


@pytest.fixture(scope="module")
def cluster(model_path, tmp_path_factory):
    work = tmp_path_factory.mktemp("scaleout")
    with production_cluster(
        model_path,
        work,
        PG_PORT,
        REDIS_PORT,
        (5405 + _OFFSET, 5406 + _OFFSET),
        5455 + _OFFSET,
        second_workers=2,
    ) as c:
        yield c


def step_of(text):
    found = re.search(r"(?:Trin|Step) (\d+) (?:af|of) 12", text)
    return int(found.group(1)) if found else None


def test_one_conversation_alternates_between_two_instances(cluster):
    a, b, url = cluster
    sender = new_sender()
    instances = [a, b]
    reply = text_of(
        ask(a, sender, "Vi har meget hærværk i vores boligområde, og et vagtfirma vil gerne hjælpe")
    )
    turn = 1
    while not reply.startswith("**Anbefaling"):  # the headline is bold (the widget's markup subset)
        assert turn < 8, reply
        reply = text_of(ask(instances[turn % 2], sender, "spring over"))
        turn += 1
    assert reply.startswith(
        "**Anbefaling: den strategisk integrerede model"
    )  # interview answers carried
    first = text_of(ask(b, sender, "trin for trin"))
    assert step_of(first) == 1 and "uro, hærværk" in first  # the guide knows the interview
    assert step_of(text_of(ask(a, sender, "næste"))) == 2
    assert step_of(text_of(ask(b, sender, "næste"))) == 3  # the guide step carried
    ask(a, sender, "Fortæl om BRFkredits projekt")
    assert "Microsoft" in text_of(ask(b, sender, "Hvem hjalp dem?"))  # the case in context carried
    with sa.create_engine(url).connect() as conn:
        stored = conn.execute(
            sa.text("select count(*) from events where sender_id = :s"), {"s": sender}
        ).scalar()
    assert stored > 20


def test_concurrent_conversations_on_both_instances_do_not_cross(cluster):
    """Twenty conversations of five messages at once, each with its own case in
    context, spread over the instances: no error, and every follow-up answer
    belongs to its own conversation's case (the short version of `make bench`)."""
    import concurrent.futures as cf

    a, b, _ = cluster
    cases = [
        ("Fortæl om BRFkredits projekt", "Hvem hjalp dem?", "Microsoft"),
        ("Fortæl om Kulturringen i Høje Taastrup", "Hvem var med i partnerskabet?", "byråd"),
        ("Fortæl om brandvæsenet i Vejle", "Hvem var med i partnerskabet?", "SSP"),
    ]

    def conversation(i):
        first, follow, expected = cases[i % len(cases)]
        sender = new_sender()
        ask([a, b][i % 2], sender, first)
        answers = [text_of(ask([b, a][(i + n) % 2], sender, follow)) for n in range(4)]
        return all(expected in answer for answer in answers), expected

    with cf.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(conversation, range(20)))
    assert all(ok for ok, _ in results), results


def test_nul_bytes_and_hostile_bodies_on_postgresql_get_no_5xx(cluster):
    """PostgreSQL rejects NUL in text: the channel removes control characters
    from messages and drops foreign metadata, so they never reach it."""
    import json
    import urllib.error
    import urllib.request

    a, _, url = cluster

    def post(body: bytes):
        request = urllib.request.Request(
            a.webhook, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, None

    sender = new_sender()
    status, messages = post(
        json.dumps(
            {
                "sender": sender,
                "message": "Hvad er\u0000 CSR?\u0000",
                "metadata": {"language": "da", "x": "\u0000"},
            }
        ).encode()
    )
    assert status == 200 and "Kilde:" in "\n".join(m.get("text", "") for m in messages)
    for body in (
        json.dumps({"sender": sender + "\u0000", "message": "hej"}).encode(),
        b'{"sender": "' + sender.encode() + b'", "message": "\\ud800"}',
        b"[" * 30_000 + b"]" * 30_000,
    ):
        assert post(body)[0] == 400
    with sa.create_engine(url).connect() as conn:
        texts = [
            r[0]
            for r in conn.execute(
                sa.text("select data from events where sender_id = :s"), {"s": sender}
            )
        ]
    assert texts and not any("\\u0000" in t or "\x00" in t for t in texts)
