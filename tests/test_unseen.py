"""The frozen unseen sets (tests/data/unseen): answers as a new user gets them.

First from the core alone (fast, no model), then through the running servers
(language detection, NLU, rules, actions and the REST channel), where the skill a
message starts is read back from the tracker store. Results: build/results/unseen*.md.
The first-sight figures are in docs/results/unseen_first_sight.md.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml

from partnerskab.core.wording import section, t
from partnerskab.testing.evaluation import (
    Seen,
    Turn,
    core_replier,
    evaluate_conversations,
    judge,
    load_conversations,
    rest_replier,
    skill_started,
    summary_lines,
)
from tests.conftest import RESULTS
from tests.rest import ask

DATA = Path(__file__).parent / "data"
# Five frozen sets, each written by a session that saw only the catalogue and a
# brief: unseen (first round), unseen2 and unseen3 with new personas (unseen3 has no
# skills file), unseen4 as a coverage grid (every case and piece of advice, plainly
# worded, in both languages) with phone-typed conversations, unseen5 by sampling the
# catalogue's paragraphs in order (a question for every second or third).
SETS = {
    "unseen": ("plain.yml", "typing.yml", "conversations.yml"),
    "unseen2": ("questions.yml", "conversations.yml"),
    "unseen3": ("questions.yml", "conversations.yml"),
    "unseen4": ("questions.yml", "conversations.yml"),
    "unseen5": ("questions.yml", "conversations.yml"),
}
SKILL_SETS = [folder for folder in SETS if (DATA / folder / "skills.yml").exists()]
# Floors below the measured figures (see the README): a regression fails the suite.
# unseen5's are under its first-sight figures (core 0.825, REST 0.801 at a67d98a).
CORE_FLOOR = {"unseen": 0.88, "unseen2": 0.80, "unseen3": 0.84, "unseen4": 0.84, "unseen5": 0.80}
REST_FLOOR = {"unseen": 0.86, "unseen2": 0.78, "unseen3": 0.82, "unseen4": 0.82, "unseen5": 0.78}
SKILLS_FLOOR = {"unseen": 0.93, "unseen2": 0.80}


def _report(name, results):
    lines = [f"# {name}", ""]
    for set_name, result in results.items():
        first, *rates = summary_lines(set_name, result, indent="  - ")
        lines += [f"- {first}", *rates]
    lines += ["", "| right | language | question | expected | got |", "|---|---|---|---|---|"]
    for result in results.values():
        for row in result["rows"]:
            turn, seen = row["turn"], row["seen"]
            want = "not covered" if turn.sections is None else f"{turn.sections} {turn.mention[:2]}"
            got = f"{'answer' if seen.answered else 'no answer'} {seen.sections}"
            question = turn.question.replace("|", "/")
            lines.append(
                f"| {'yes' if row['ok'] else 'NO'} | {turn.language} | {question} | {want} | "
                f"{got} |"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _overall(results):
    return sum(sum(r["ok"] for r in res["rows"]) for res in results.values()) / sum(
        res["n"] for res in results.values()
    )


def _measure(folder: str, report: str, new_conversation, floor: float) -> None:
    results = {
        name: evaluate_conversations(load_conversations(DATA / folder / name), new_conversation)
        for name in SETS[folder]
    }
    _report(report, results)
    overall = _overall(results)
    assert overall >= floor, f"{overall:.3f}; see build/results/{report}.md"


@pytest.mark.parametrize("folder", SETS)
def test_unseen_sets_from_the_core(store, folder):
    _measure(folder, f"{folder}_core", core_replier(store), CORE_FLOOR[folder])


@pytest.mark.model
@pytest.mark.e2e
@pytest.mark.parametrize("folder", SETS)
def test_unseen_sets_through_the_running_assistant(servers, folder):
    _measure(
        folder,
        f"{folder}_rest",
        rest_replier(lambda sender, text: ask(servers, sender, text)),
        REST_FLOOR[folder],
    )


@pytest.mark.model
@pytest.mark.e2e
@pytest.mark.parametrize("folder", SKILL_SETS)
def test_unseen_messages_start_the_right_skill(servers, folder):
    items = yaml.safe_load((DATA / folder / "skills.yml").read_text(encoding="utf-8"))
    rows = []
    for item in items:
        sender = str(uuid.uuid4())
        ask(servers, sender, item["q"])
        rows.append((item, skill_started(servers.tracker_db, sender)))
    right = sum(item["skill"] == got for item, got in rows)
    lines = [
        f"# Skills on {folder}: {right / len(rows):.3f} ({right}/{len(rows)})",
        "",
        "| right | message | expected | got |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {'yes' if i['skill'] == g else 'NO'} | {i['q']} | {i['skill']} | {g} |" for i, g in rows
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{folder}_skills.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert right / len(rows) >= SKILLS_FLOOR[folder], (
        f"{right}/{len(rows)}; see build/results/{folder}_skills.md"
    )


@pytest.mark.parametrize("kind", sorted(section("ui")["catalog"]["missing"]))
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_judge_reads_every_lead_that_says_the_catalogue_does_not_give_it(kind, language):
    """A question the catalogue does not cover is met rightly by an answer that says
    so first (knowledge/wording/ui.yml ``catalog.missing``): the judge must read every
    such lead in both languages ("henviser ikke til paragraffer", "quotes no legal
    text"), and not an answer that only says what the catalogue does say."""
    lead = t(f"catalog.missing.{kind}", language, word="X")
    uncovered = Turn("?", language, None, [])
    answer = "Kilde: Idékataloget." if language == "da" else "Source: the idea catalogue."
    assert judge(uncovered, Seen(True, f"{lead}\n\n{answer}", ["s"], language))
    assert not judge(uncovered, Seen(True, answer, ["s"], language))


def test_the_judge_reads_a_facts_own_decline_alike_in_both_languages(kb):
    """A fact whose answer says the catalogue does not give something ("Kataloget
    oplyser ikke nogen finansiering …", "The catalogue does not say how …") declines
    a question it does not cover in either language, or in neither."""
    uncovered = {language: Turn("?", language, None, []) for language in ("da", "en")}

    def declines(fact, language):
        return judge(uncovered[language], Seen(True, fact.answer[language], ["s"], language))

    differ = [f.id for f in kb.facts.values() if declines(f, "da") != declines(f, "en")]
    assert not differ
