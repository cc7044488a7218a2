"""End to end over REST: the step-by-step guide, progress that survives a Rasa
restart, questions in between, and the partnership plan served by the web server."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from tests.rest import ask, buttons_of, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def step_of(text: str):
    found = re.search(r"(?:Trin|Step) (\d+) (?:af|of) 12", text)
    return int(found.group(1)) if found else None


def test_three_steps_then_a_restart_then_step_four(servers):
    sender = new_sender()
    assert step_of(text_of(ask(servers, sender, "trin for trin"))) == 1
    assert step_of(text_of(ask(servers, sender, "næste"))) == 2
    assert step_of(text_of(ask(servers, sender, "næste trin"))) == 3
    servers.restart_rasa()
    after = text_of(ask(servers, sender, "næste"))
    assert step_of(after) == 4
    assert "Råd 4: Tag kontakt" in after and "Hvorfor:" in after and "Kilde:" in after


def test_english_navigation(servers):
    sender = new_sender()
    first = ask(servers, sender, "step by step please")
    assert step_of(text_of(first)) == 1 and "Why:" in text_of(first)
    assert step_of(text_of(ask(servers, sender, "next"))) == 2
    assert step_of(text_of(ask(servers, sender, "go to step 7"))) == 7
    assert step_of(text_of(ask(servers, sender, "previous"))) == 6
    assert step_of(text_of(ask(servers, sender, "repeat"))) == 6
    assert "You are at step 6 of 12" in text_of(ask(servers, sender, "where am I?"))
    overview = text_of(ask(servers, sender, "show all steps"))
    assert "→ Advice 6" in overview and "✓ Advice 1" in overview and "· Advice 3" in overview


@pytest.mark.parametrize(
    "start,where,said",
    [
        (
            "tag mig igennem guiden",
            "hvilket trin er vi på, og hvad handler det om?",
            "Du er på trin 2 af 12: Råd 2: Afdæk ressourcerne",
        ),
        (
            "step by step please",
            "which step are we on and what is it about?",
            "You are at step 2 of 12: Advice 2: Map the resources",
        ),
    ],
)
def test_where_we_are_asked_with_what_it_is_about_is_the_guide(servers, start, where, said):
    """ "hvilket trin er vi på, og hvad handler det om?" went to the catalogue (read as
    "which step is about …?"): it asks where the user is in the guide."""
    sender = new_sender()
    ask(servers, sender, start)
    ask(servers, sender, "næste" if start.startswith("tag") else "next")
    assert said in text_of(ask(servers, sender, where))


def test_danish_buttons_and_bounds(servers):
    sender = new_sender()
    first = ask(servers, sender, "trin for trin")
    assert "Forrige trin" not in [b["title"] for b in buttons_of(first)]
    assert "allerede ved første trin" in text_of(ask(servers, sender, "forrige"))
    nxt = next(b["payload"] for b in buttons_of(first) if b["title"] == "Næste trin")
    assert step_of(text_of(ask(servers, sender, nxt))) == 2
    assert "12 trin" in text_of(ask(servers, sender, "gå til trin 15"))
    assert step_of(text_of(ask(servers, sender, "gå til trin 12"))) == 12
    done = ask(servers, sender, "næste")
    assert "sidste" in text_of(done) and any(b["payload"] == "/make_plan" for b in buttons_of(done))


def test_question_in_between_then_continue_where_the_user_was(servers):
    sender = new_sender()
    ask(servers, sender, "trin for trin")
    ask(servers, sender, "gå til trin 5")
    answer = ask(servers, sender, "Hvad er ABCD-metoden?")
    text = text_of(answer)
    assert "Kilde:" in text and "fortsætte guiden ved trin 5" in text
    resume = next(b["payload"] for b in buttons_of(answer) if "trin 5" in b["title"])
    assert step_of(text_of(ask(servers, sender, resume))) == 5


def test_stop_then_continue_later(servers):
    sender = new_sender()
    ask(servers, sender, "trin for trin")
    ask(servers, sender, "næste")
    assert "pause ved trin 2" in text_of(ask(servers, sender, "stop"))
    assert step_of(text_of(ask(servers, sender, "fortsæt"))) == 2


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode("utf-8")


def test_plan_after_interview_and_guide_is_served_and_escaped(servers):
    sender = new_sender()
    ask(servers, sender, "Vi har meget hærværk i vores boligområde")
    ask(servers, sender, "<script>alert(1)</script>")  # answer to "which company?"
    for _ in range(5):  # skip the rest of the interview
        if text_of(ask(servers, sender, "spring over")).startswith("**Anbefaling"):
            break
    ask(servers, sender, "trin for trin")
    ask(servers, sender, "næste")
    messages = ask(servers, sender, "lav en partnerskabsplan")
    reply = text_of(messages)
    # the links are structured data (custom payload), not in the text
    links = [link for m in messages for link in (m.get("custom") or {}).get("links", [])]
    assert [link["label"] for link in links] == ["Åbn planen (til udskrift)", "Hent som Markdown"]
    urls = [link["url"] for link in links]
    assert all(
        re.fullmatch(r"http://127\.0\.0\.1:\d+/plan/[A-Za-z0-9_-]{43}(?:\.md)?", u) for u in urls
    )
    assert "72 timer" in reply and "/plan/" not in reply
    assert messages[-1]["rateable"] is True
    status, headers, html = fetch(urls[0])
    assert status == 200 and "default-src 'none'" in headers["Content-Security-Policy"]
    assert "Partnerskabsplan" in html and "Anbefalet model" in html and "aftalegrundlag" in html
    assert "uro, hærværk" in html and "Vejle" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("☑") == 1 and "her er I nu" in html  # step 1 done, step 2 current
    status, headers, markdown = fetch(urls[1])
    assert (
        status == 200
        and markdown.startswith("# Partnerskabsplan")
        and "attachment" in headers["Content-Disposition"]
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch(urls[0][:-5] + "AAAAA")
    assert error.value.code == 404


def test_english_plan(servers):
    sender = new_sender()
    messages = ask(servers, sender, "make a partnership plan")
    links = [link for m in messages for link in (m.get("custom") or {}).get("links", [])]
    assert [link["label"] for link in links] == [
        "Open the plan (for print)",
        "Download as Markdown",
    ]
    url = links[0]["url"]
    _, _, html = fetch(url)
    assert '<html lang="en">' in html and "Partnership plan" in html and "to fill in" in html
