"""The review page (issue 15) on a real SQLite tracker store written by Rasa's own
SQLTrackerStore, served by the web app in process: the summary behind the
charts, the inbox, access (token, session cookie, CSRF), the three decisions,
and that nothing a hostile question or name holds reaches knowledge/."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import time

import pytest
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from partnerskab.core.knowledge import KnowledgeError, load_knowledge
from partnerskab.core.rating import answer_id
from partnerskab.core.reviewing import ReviewError, clean_name, clean_question
from partnerskab.core.usage import InboxItem, group_inbox, summarise
from partnerskab.storage.events import usage_rows
from partnerskab.webapp.review import SESSION_COOKIE, session_name, session_value

TOKEN = "test-review-token-0123456789"
NOT_COVERED = "Det dækker idékataloget ikke."
SUGGEST = "Det står der ikke direkte i kataloget. Mente du …?"


def rating(value, wanted):
    data = {
        "intent": {"name": "feedback"},
        "entities": [{"entity": "feedback", "value": value}, {"entity": "answer", "value": wanted}],
    }
    return UserUttered(f'/feedback{{"feedback": "{value}", "answer": "{wanted}"}}', parse_data=data)


def sample_conversations(kb):
    """Two conversations: an answered, a not covered, a "did you mean", a
    thumbs-down answer and a recommendation (Rasa event objects by sender)."""
    now = time.time()
    lego = kb.fact("lego.summary").answer["da"] + "\n\nKilde: …"
    partners = kb.fact("lego.partners").answer["da"]
    return {
        "a": [
            UserUttered("Hvad er LEGO-projektet?", timestamp=now - 60),
            BotUttered(lego, metadata={"utter_action": "utter_catalog_answer"}, timestamp=now - 59),
            rating("up", answer_id(now - 59)),
            UserUttered("Hvad koster en bolig i Vejle? ring 20304050", timestamp=now - 50),
            BotUttered(
                NOT_COVERED, metadata={"utter_action": "utter_not_covered"}, timestamp=now - 49
            ),
            SlotSet("area_challenges", ["unrest", "leisure"], timestamp=now - 40),
            SlotSet("recommended_model", "strategic", timestamp=now - 39),
        ],
        "b": [
            UserUttered("hvad koster en bolig i vejle", timestamp=now - 30),
            BotUttered(
                NOT_COVERED, metadata={"utter_action": "utter_not_covered"}, timestamp=now - 29
            ),
            UserUttered("Hvem er med i samarbejdet?", timestamp=now - 20),
            BotUttered(
                partners, metadata={"utter_action": "utter_catalog_answer"}, timestamp=now - 19
            ),
            rating("down", answer_id(now - 19)),
            UserUttered("Kan man få tilskud til parkering?", timestamp=now - 10),
            BotUttered(
                SUGGEST, metadata={"utter_action": "utter_not_covered_suggest"}, timestamp=now - 9
            ),
            rating("up", answer_id(now - 9)),
        ],  # not a rateable answer: not counted
    }


def save_conversations(store, kb):
    for sender, events in sample_conversations(kb).items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


DOMAIN = {
    "slots": {
        name: {"type": "any", "mappings": []} for name in ("recommended_model", "area_challenges")
    }
}


def postgres_tracker_store(port: int) -> SQLTrackerStore:
    """Rasa's SQL tracker store on the throwaway PostgreSQL server at ``port``."""
    return SQLTrackerStore(
        Domain.from_dict(DOMAIN),
        dialect="postgresql",
        host="127.0.0.1",
        port=port,
        db="postgres",
        username="postgres",
    )


@pytest.fixture
def tracker(tmp_path, kb):
    """A SQLite tracker store written by Rasa's SQLTrackerStore with the sample conversations."""
    store = SQLTrackerStore(
        Domain.from_dict(DOMAIN), dialect="sqlite", db=str(tmp_path / "tracker.db")
    )
    save_conversations(store, kb)
    return f"sqlite:///{tmp_path / 'tracker.db'}"


def today_range():
    today = dt.datetime.now(dt.timezone.utc).date()
    return today - dt.timedelta(days=1), today + dt.timedelta(days=1)


def test_summary_outcomes_ratings_recommendations_and_inbox(tracker, kb):
    check_summary(summarise(usage_rows(*today_range(), tracker), kb), kb)


def check_summary(usage, kb):
    """What the sample conversations must give (also on PostgreSQL: test_review_postgres.py)."""
    assert usage.conversations == 2 and usage.questions == 5
    assert dict(usage.outcomes) == {"answered": 2, "not_covered": 2, "did_you_mean": 1}
    assert dict(usage.facts) == {"lego.summary": 1, "lego.partners": 1} and dict(usage.topics) == {
        "lego": 2
    }
    assert (
        usage.ratings["lego.summary"]["up"] == 1
        and sum(usage.ratings["lego.summary"].values()) == 1
    )
    assert usage.ignored_ratings == 1
    assert dict(usage.models) == {"strategic": 1} and dict(usage.challenges) == {
        "unrest": 1,
        "leisure": 1,
    }
    reasons = sorted(item.reason for item in usage.inbox)
    assert reasons == ["did_you_mean", "not_covered", "not_covered", "thumbs_down"]
    masked = next(i for i in usage.inbox if "ring" in i.question)
    assert "[telefonnummer]" in masked.question and "20304050" not in masked.question
    assert masked.reply == NOT_COVERED
    down = next(i for i in usage.inbox if i.reason == "thumbs_down")
    assert (
        down.question == "Hvem er med i samarbejdet?"
        and down.reply == kb.fact("lego.partners").answer["da"]
    )
    assert sum(usage.days[max(usage.days)]) >= 2


def test_the_inbox_groups_similar_questions_newest_first():
    items = [
        InboxItem("Hvad koster en bolig?", 100, "not_covered", ""),
        InboxItem("hvad koster en bolig", 300, "not_covered", ""),
        InboxItem("Hvad koster boliger?", 200, "did_you_mean", ""),
        InboxItem("Hvem ejer LEGO?", 250, "thumbs_down", ""),
    ]
    groups = group_inbox(items)
    assert [g.count for g in groups] == [3, 1]
    assert groups[0].newest.question == "hvad koster en bolig" and groups[1].newest.asked_at == 250
    assert group_inbox(items, is_decided=lambda key: key.startswith("hvad koster"))[0].count == 1


def test_a_reviewed_file_joins_the_bank_at_the_end_and_must_name_a_known_fact(tmp_path, kb):
    reviewed = tmp_path / "reviewed"
    reviewed.mkdir()
    (reviewed / "2026-12-01.yml").write_text(
        yaml.safe_dump(
            [
                {
                    "fact": "lego.summary",
                    "language": "da",
                    "question": "hvad er klasseadoptionsprojektet egentlig",
                }
            ]
        )
    )
    bank = load_knowledge(reviewed=reviewed).fact("lego.summary").questions["da"]
    assert bank[-1] == "hvad er klasseadoptionsprojektet egentlig"
    assert bank[:5] == kb.fact("lego.summary").questions["da"][:5]  # the NLU examples stay the same
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.yml").write_text(
        yaml.safe_dump([{"fact": "no.such", "language": "da", "question": "x"}])
    )
    with pytest.raises(KnowledgeError):
        load_knowledge(reviewed=tmp_path / "bad")


HOSTILE_QUESTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "hvad\u202eer dette",
    "nul\x00byte",
    "zero\u200bwidth",
    "/restart",
    "`kode`",
    "x" * 301,
    "   ",
    "linje\u2028skift",
]
SAFE_BUT_ODD = [
    "!!python/object/apply:os.system ['ls']",
    "key: value",
    "- liste",
    "{{ 7*7 }}",
    "&amp; 'quote' \"dq\"",
    "# kommentar",
    "ring 20 30 40 50",
]


@pytest.mark.parametrize("text", HOSTILE_QUESTIONS)
def test_hostile_questions_are_refused(text):
    with pytest.raises(ReviewError):
        clean_question(text)


@pytest.mark.parametrize(
    "text", ["<b>Anne</b>", "Anne\nBo", "x" * 61, "Robert'); DROP TABLE", "🙂", "1234", ""]
)
def test_hostile_names_are_refused(text):
    with pytest.raises(ReviewError):
        clean_name(text)


def test_a_session_expires_and_dies_with_the_token():
    value = session_value(TOKEN, "Anne Bø", now=1_000_000)
    assert session_name(TOKEN, value, now=1_000_100) == "Anne Bø"
    assert session_name(TOKEN, value, now=1_000_000 + 9 * 3600) is None
    assert session_name("another-token", value, now=1_000_100) is None
    issued, name, mac = value.split(".")
    assert session_name(TOKEN, f"{issued}.{name[:-1]}x.{mac}", now=1_000_100) is None
    assert session_name(TOKEN, f"{int(issued) + 1}.{name}.{mac}", now=1_000_100) is None


# ---- the page, served in process -------------------------------------------------------------


@pytest.fixture(scope="module")
def reviewed_folder(tmp_path_factory):
    """One reviewed-questions folder for the module, so the page's knowledge
    (cached per folder) and retriever are loaded once."""
    return tmp_path_factory.mktemp("review") / "reviewed"


@pytest.fixture
def page_env(tracker, tmp_path, monkeypatch, reviewed_folder):
    shutil.rmtree(reviewed_folder, ignore_errors=True)
    monkeypatch.setenv("REVIEW_TOKEN", TOKEN)
    monkeypatch.setenv("REVIEWED_QUESTIONS_DIR", str(reviewed_folder))
    monkeypatch.setenv("TRACKER_URL", tracker)
    return tmp_path


def run(scenario, tmp_path):
    """Runs ``scenario(client)`` against the web app (plans and tracker in tmp_path)."""
    from aiohttp.test_utils import TestClient, TestServer

    from partnerskab.storage.plan_store import PlanStore
    from partnerskab.webapp.server import create_app

    async def main():
        app = create_app(PlanStore(tmp_path / "plans.db"))
        async with TestClient(TestServer(app)) as client:
            return await scenario(client)

    return asyncio.run(main())


async def sign_in(client, name="Anne Bø"):
    response = await client.post(
        "/review/login", data={"token": TOKEN, "name": name}, allow_redirects=False
    )
    assert response.status == 303, await response.text()
    return response


def form_of(html, index=0, about=None):
    """The hidden fields of the index-th decision form (or of the one whose
    question holds ``about``), as (name, value) pairs."""
    forms = re.findall(r'<form method="post" action="/review/decide".*?</form>', html, re.S)
    if about is not None:
        forms = [f for f in forms if re.search(rf'name="question" value="[^"]*{about}', f)]
    return [
        (n, v)
        for n, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', forms[index])
    ]


def fresh_load(reviewed, tmp_path):
    """knowledge/ with a copy of the reviewed folder (this process loaded the
    folder itself, cached, before the page wrote to it)."""
    copy = tmp_path / "reviewed-copy"
    shutil.copytree(reviewed, copy)
    return load_knowledge(reviewed=copy)


def unescape(text):
    import html

    return html.unescape(text)


def test_closed_unless_the_token_is_set_and_presented(page_env, monkeypatch):
    async def scenario(client):
        out = {
            "anonymous": (await client.get("/review")).status,
            "wrong bearer": (
                await client.get("/review", headers={"Authorization": "Bearer nope"})
            ).status,
            "forged cookie": (
                await client.get("/review", cookies={SESSION_COOKIE: "1.QQ.00"})
            ).status,
            "todo": (await client.get("/review/todo.md")).status,
            "decide": (await client.post("/review/decide", data={"decision": "ignored"})).status,
            "wrong token": (
                await client.post("/review/login", data={"token": "x", "name": "Anne"})
            ).status,
        }
        ok = await client.get(
            "/review",
            headers={"Authorization": f"Bearer {TOKEN}", "Origin": "http://127.0.0.1:8000"},
        )
        out["bearer"] = ok.status
        out["cors"] = ok.headers.get("Access-Control-Allow-Origin")
        out["csp"] = ok.headers["Content-Security-Policy"]
        return out

    out = run(scenario, page_env)
    assert {k: v for k, v in out.items() if k not in ("bearer", "cors", "csp")} == {
        "anonymous": 401,
        "wrong bearer": 401,
        "forged cookie": 401,
        "todo": 401,
        "decide": 401,
        "wrong token": 401,
    }
    assert out["bearer"] == 200 and out["cors"] is None
    assert (
        "script-src" not in out["csp"]
        and "default-src 'none'" in out["csp"]
        and "form-action 'self'" in out["csp"]
    )
    monkeypatch.delenv("REVIEW_TOKEN")

    async def off(client):
        anonymous = await client.get("/review")
        attempt = await client.post("/review/login", data={"token": "", "name": "Anne"})
        return anonymous.status, await anonymous.text(), attempt.status

    status, html, attempt = run(off, page_env)
    assert status == 401 and attempt == 401 and "slået fra" in html


def test_the_page_in_danish_and_english_with_charts_tables_and_the_inbox(page_env):
    async def scenario(client):
        login = await sign_in(client)
        danish = await (await client.get("/review")).text()
        english = await (
            await client.get("/review", headers={"Accept-Language": "en-GB,en;q=0.9"})
        ).text()
        chosen = await (await client.get("/review?lang=en")).text()
        return login.headers["Set-Cookie"], danish, english, chosen

    cookie, danish, english, chosen = run(scenario, page_env)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
    assert '<html lang="da">' in danish and "Indbakke" in danish and '<html lang="en">' in english
    assert "Inbox" in chosen
    assert danish.count("<svg") >= 5 and danish.count("<table>") >= 5 and "<script" not in danish
    assert " style=" not in danish and "<style" not in danish
    assert "„Mente du …?“" in danish
    # grouped: the two questions about housing in Vejle are one item, asked twice, masked
    assert "Stillet 2 gange" in danish and "[telefonnummer]" in danish and "20304050" not in danish
    questions = [
        unescape(q)
        for q in re.findall(r'<h3 id="q-\d+" class="question"[^>]*>([^<]*)</h3>', danish)
    ]
    assert questions[0] == "Kan man få tilskud til parkering?"  # newest first
    assert len(questions) == 3
    fields = dict(form_of(danish))
    assert fields["csrf"] and fields["question"]
    # the nearest three facts are suggested first
    suggested = re.findall(r'<optgroup label="Nærmeste svar">(.*?)</optgroup>', danish, re.S)[0]
    assert 1 <= suggested.count("<option") <= 3


def test_the_three_decisions(page_env, reviewed_folder):
    reviewed = reviewed_folder

    async def scenario(client):
        await sign_in(client)
        html = await (await client.get("/review")).text()
        out = {}
        fields = form_of(html, about="bolig")  # the housing question, asked twice
        question = unescape(dict(fields)["question"])
        without = [(n, unescape(v)) for n, v in fields if n != "csrf"]
        out["no csrf"] = (
            await client.post("/review/decide", data=[*without, ("decision", "ignored")])
        ).status
        wrong = [(n, "0" * 40 if n == "csrf" else unescape(v)) for n, v in fields]
        out["wrong csrf"] = (
            await client.post("/review/decide", data=[*wrong, ("decision", "ignored")])
        ).status
        good = [(n, unescape(v)) for n, v in fields]
        out["other origin"] = (
            await client.post(
                "/review/decide",
                data=[*good, ("decision", "ignored")],
                headers={"Origin": "http://evil.example"},
            )
        ).status
        assigned = await client.post(
            "/review/decide",
            data=[*good, ("decision", "assigned"), ("fact", "lego.summary")],
            allow_redirects=False,
        )
        out["assigned"] = assigned.status, assigned.headers["Location"]
        after = await (await client.get(assigned.headers["Location"])).text()
        out["notice"] = "føjet til" in after
        out["left"] = [unescape(q) for q in re.findall(r'class="question"[^>]*>([^<]*)<', after)]
        newest = [(n, unescape(v)) for n, v in form_of(after, 0)]
        await client.post("/review/decide", data=[*newest, ("decision", "new_content")])
        out["todo"] = await (await client.get("/review/todo.md")).text()
        last = await (await client.get("/review")).text()
        await client.post(
            "/review/decide",
            data=[*[(n, unescape(v)) for n, v in form_of(last, 0)], ("decision", "ignored")],
        )
        out["empty"] = await (await client.get("/review")).text()
        return question, out

    question, out = run(scenario, page_env)
    assert out["no csrf"] == 403 and out["wrong csrf"] == 403 and out["other origin"] == 403
    assert out["assigned"][0] == 303 and out["notice"]
    assert "hvad koster en bolig" not in " ".join(out["left"]).lower()
    entries = yaml.safe_load(next(reviewed.glob("*.yml")).read_text(encoding="utf-8"))
    assert [(e["fact"], e["question"], e["reviewer"]) for e in entries] == [
        ("lego.summary", question, "Anne Bø")
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", entries[0]["reviewed_at"])
    assert fresh_load(reviewed, page_env).fact("lego.summary").questions["da"][-1] == question
    assert (
        out["todo"].startswith("# Partnerskabsguiden – manglende indhold")
        and "- [ ] Kan man få tilskud" in out["todo"]
    )
    assert "Ingen spørgsmål venter" in out["empty"]


@pytest.mark.parametrize("question", HOSTILE_QUESTIONS[:6] + SAFE_BUT_ODD)
def test_nothing_hostile_reaches_the_question_bank(page_env, reviewed_folder, question):
    reviewed = reviewed_folder

    async def scenario(client):
        await sign_in(client)
        html = await (await client.get("/review")).text()
        fields = [(n, unescape(v)) for n, v in form_of(html) if n != "question"]
        response = await client.post(
            "/review/decide",
            data=[
                *fields,
                ("question", question),
                ("decision", "assigned"),
                ("fact", "lego.summary"),
            ],
            allow_redirects=False,
        )
        return response.headers["Location"]

    location = run(scenario, page_env)
    files = list(reviewed.glob("*.yml"))
    if question in HOSTILE_QUESTIONS:
        assert "refused=1" in location and not files
        return
    text = files[0].read_text(encoding="utf-8")
    assert "!!python" not in text.replace("'!!python", "") and "\x00" not in text
    entries = yaml.safe_load(text)
    assert entries[0]["question"] == clean_question(question)
    assert "20 30 40 50" not in text
    bank = fresh_load(reviewed, page_env).fact("lego.summary").questions[entries[0]["language"]]
    assert bank[-1] == clean_question(question)


def test_usage_digest_follows_the_events_and_retention(tmp_path):
    """The digest adds only events stored since its newest row, and forgetting a
    conversation removes it from the digest as well as from the events."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from partnerskab.storage import events

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    for sender in ("0b5e1c2a-1111-4c3d-8e9f-0123456789ab", "0b5e1c2a-2222-4c3d-8e9f-0123456789ab"):
        asyncio.run(
            store.save(
                DialogueStateTracker.from_events(
                    sender,
                    [
                        UserUttered("Hvad er ABCD?", {"name": "ask_catalog"}),
                        BotUttered("ABCD er …"),
                    ],
                )
            )
        )
    today = (dt.date.today() - dt.timedelta(days=1), dt.date.today() + dt.timedelta(days=1))
    assert len(events.usage_rows(*today, url)) == 4
    assert events.refresh_digest(url) == 0  # nothing new
    first = "0b5e1c2a-1111-4c3d-8e9f-0123456789ab"
    tracker = asyncio.run(store.retrieve(first))
    tracker.update(UserUttered("Og LEGO?", {"name": "ask_catalog"}))
    asyncio.run(store.save(tracker))
    assert events.refresh_digest(url) == 1
    assert [r.text for r in events.usage_rows(*today, url) if r.sender == first][-1] == "Og LEGO?"
    events.forget(first, url)
    assert {r.sender for r in events.usage_rows(*today, url)} == {
        "0b5e1c2a-2222-4c3d-8e9f-0123456789ab"
    }


def test_the_sign_in_form_refuses_after_five_wrong_keys_a_minute(page_env):
    from partnerskab.webapp.review import SIGN_IN_FAILURES, SignInLimit

    async def scenario(client):
        wrong = [
            (await client.post("/review/login", data={"token": "guess", "name": "Eve"})).status
            for _ in range(SIGN_IN_FAILURES)
        ]
        blocked = await client.post(
            "/review/login", data={"token": TOKEN, "name": "Anne"}, allow_redirects=False
        )
        bearer = await client.get("/review", headers={"Authorization": f"Bearer {TOKEN}"})
        return (
            wrong,
            blocked.status,
            blocked.headers.get("Retry-After"),
            await blocked.text(),
            bearer.status,
        )

    async def scripts(client):  # wrong keys in the Authorization header count the same
        wrong = [
            (await client.get("/review", headers={"Authorization": "Bearer guess"})).status
            for _ in range(SIGN_IN_FAILURES)
        ]
        good = await client.get("/review", headers={"Authorization": f"Bearer {TOKEN}"})
        return wrong, good.status, good.headers.get("Retry-After")

    wrong, status, retry, html, bearer = run(scenario, page_env)
    assert wrong == [401] * SIGN_IN_FAILURES
    assert status == 429 and 0 < int(retry) <= 60 and "For mange forkerte forsøg" in html
    assert bearer == 429
    wrong, status, retry = run(scripts, page_env)  # a new server: a new count
    assert wrong == [401] * SIGN_IN_FAILURES and status == 429 and 0 < int(retry) <= 60
    limit = SignInLimit(failures=2, window_s=60)
    limit.failed("a", now=0)
    limit.failed("a", now=30)
    assert limit.wait("a", now=31) == 29 and limit.wait("b", now=31) == 0
    assert limit.wait("a", now=60) == 0  # the first failure is a minute old
