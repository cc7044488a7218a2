"""The frozen unseen sets (tests/data/unseen): answers as a new user gets them.

First from the core alone (fast, no model), then through the running servers
(language detection, NLU, rules, actions and the REST channel), where the skill a
message starts is read back from the tracker store. Results: build/results/unseen*.md.
The first-sight figures are in docs/results/unseen_first_sight.md.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from pathlib import Path

import pytest
import yaml

from partnerskab.core.wording import section, t
from partnerskab.testing.evaluation import (
    Seen,
    Turn,
    core_replier,
    evaluate_conversations,
    fold,
    judge,
    load_conversations,
    rest_replier,
    skill_started,
    summary_lines,
)
from tests.conftest import RESULTS
from tests.rest import ask

DATA = Path(__file__).parent / "data"
NLU = Path(__file__).parent.parent / "data" / "nlu"
# Ten frozen sets, each written by a session that saw only the catalogue and a
# brief: unseen (first round), unseen2 and unseen3 with new personas (unseen3 has no
# skills file), unseen4 as a coverage grid (every case and piece of advice, plainly
# worded, in both languages) with phone-typed conversations, unseen5 by sampling the
# catalogue's paragraphs in order (a question for every second or third), unseen6 as
# people write who write in their second language or switch between the two, unseen7
# as plain questions in readers' own words, drawn from a coverage grid, unseen8 the
# same way but written from memory, one section at a time (the words drift further
# from the catalogue's), unseen9 second-hand: from the writer's own notes on the
# catalogue in English, the Danish questions translated back from them, unseen10 as
# dictated messages (speech-to-text: no punctuation, numbers as words, fillers and
# restarts, names split as heard), with follow-ups, unseen11 situation first (the writer
# says who they are and their own town's problem, then asks), unseen12 half-remembered
# (asked from a fuzzy memory, half of it with a wrong detail the answer must see past),
# unseen13 conversations that move (the same question of another case, another detail,
# a comparison, back to something earlier), unseen14 as typed into a search box (a few
# keywords, no question form, follow-ups as fragments), unseen15 in Danglish (Danish and
# English mixed in one message, as consultants write at work), unseen16 as claims to
# check (the writer states what they heard, right or wrong in one detail, and asks if it
# holds), unseen17 as repairs (self-corrections, narrowing, "nej, jeg mente …", going
# back, a switch of language), unseen18 in prompt style (instructions with a form, length,
# audience or language asked for, as people write to AI assistants), unseen19 in the
# writer's own professional vocabulary instead of the catalogue's ("employee
# volunteering", "helhedsplan", "the toy company").
SETS = {
    "unseen": ("plain.yml", "typing.yml", "conversations.yml"),
    "unseen2": ("questions.yml", "conversations.yml"),
    "unseen3": ("questions.yml", "conversations.yml"),
    "unseen4": ("questions.yml", "conversations.yml"),
    "unseen5": ("questions.yml", "conversations.yml"),
    "unseen6": ("questions.yml", "conversations.yml"),
    "unseen7": ("questions.yml",),
    "unseen8": ("questions.yml",),
    "unseen9": ("questions.yml",),
    "unseen10": ("questions.yml", "conversations.yml"),
    "unseen11": ("questions.yml", "conversations.yml"),
    "unseen12": ("questions.yml", "conversations.yml"),
    "unseen13": ("questions.yml", "conversations.yml"),
    "unseen14": ("questions.yml", "conversations.yml"),
    "unseen15": ("questions.yml", "conversations.yml"),
    "unseen16": ("questions.yml", "conversations.yml"),
    "unseen17": ("questions.yml", "conversations.yml"),
    "unseen18": ("questions.yml", "conversations.yml"),
    "unseen19": ("questions.yml", "conversations.yml"),
    "unseen20": ("questions.yml", "conversations.yml"),
    "unseen21": ("questions.yml", "conversations.yml"),
    "unseen22": ("questions.yml", "conversations.yml"),
    "unseen23": ("questions.yml", "conversations.yml"),
}
SKILL_SETS = [folder for folder in SETS if (DATA / folder / "skills.yml").exists()]
# Floors below the measured figures (see the README): a regression fails the suite.
# unseen5's to unseen13's are under their first-sight figures (unseen5: core 0.825, REST
# 0.801 at a67d98a; unseen6: core 0.778, REST 0.756 at 4304b2c; unseen7: core 0.804, REST
# 0.750 at 66e85b1; unseen8: core 0.811, REST 0.802 at 04f0961; unseen9: core 0.880,
# REST 0.880 at 16125ea; unseen10: core 0.930, REST 0.922 at 2e40c6c; unseen11: core
# 0.782, REST 0.726 at f2d6421; unseen12: core 0.780, REST 0.780 at 3395992; unseen13: core
# 0.904, REST 0.875 at 9a1e8ef; unseen14: core 0.818, REST 0.803 at 1d05956; unseen15:
# core 0.589, REST 0.589 at 525a5f5's code; unseen16: core 0.781, REST 0.758 at aef06df;
# unseen17: core 0.832, REST 0.799 at aef06df; unseen18: core 0.811, REST 0.795 at
# cdaedf6; unseen19: core 0.827, REST 0.759 at cdaedf6; unseen20: core 0.838, REST 0.838
# at dc4cb0e; unseen21: core 0.756, REST 0.748 at 0dd9ec4; unseen22: core 0.818, REST
# 0.818 at 622939b; unseen23: core 0.794, REST 0.802 at d60bff1).
CORE_FLOOR = {
    "unseen": 0.88,
    "unseen2": 0.80,
    "unseen3": 0.84,
    "unseen4": 0.84,
    "unseen5": 0.80,
    "unseen6": 0.76,
    "unseen7": 0.79,
    "unseen8": 0.79,
    "unseen9": 0.86,
    "unseen10": 0.90,
    "unseen11": 0.76,
    "unseen12": 0.76,
    "unseen13": 0.88,
    "unseen14": 0.80,
    "unseen15": 0.57,
    "unseen16": 0.76,
    "unseen17": 0.81,
    "unseen18": 0.79,
    "unseen19": 0.80,
    "unseen20": 0.81,
    "unseen21": 0.73,
    "unseen22": 0.80,
    "unseen23": 0.77,
}
REST_FLOOR = {
    "unseen": 0.86,
    "unseen2": 0.78,
    "unseen3": 0.82,
    "unseen4": 0.82,
    "unseen5": 0.78,
    "unseen6": 0.74,
    "unseen7": 0.74,
    "unseen8": 0.78,
    "unseen9": 0.86,
    "unseen10": 0.89,
    "unseen11": 0.70,
    "unseen12": 0.76,
    "unseen13": 0.85,
    "unseen14": 0.78,
    "unseen15": 0.57,
    "unseen16": 0.74,
    "unseen17": 0.78,
    "unseen18": 0.77,
    "unseen19": 0.73,
    "unseen20": 0.81,
    "unseen21": 0.72,
    "unseen22": 0.80,
    "unseen23": 0.78,
}
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


def _as_compared(text: str) -> str:
    """A message as compared with the training data: folded, without punctuation."""
    return " ".join(re.findall(r"\w+", fold(text)))


def _training_texts(kb) -> set:
    """Every question of the bank and every NLU training example (hand-written and
    generated), as compared."""
    texts = {q for fact in kb.facts.values() for qs in fact.questions.values() for q in qs}
    for path in sorted(NLU.rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                example = re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", line)
                texts.add(example.strip().removeprefix("- "))
    return {_as_compared(t) for t in texts} - {""}


# Messages of four words or more that the bank or the NLU data held word for word
# before the set was written (git history): plainly worded questions coincide
# ("hvad er forskellen på de to modeller"). Those added after a set was written were
# taken out of the bank and the NLU data (eleventh session). unseen8 (thirteenth session)
# coincided with one line that was in the data before it was written, unseen9
# (fourteenth session) with four (the same count with the bank as it was then), unseen12
# (eighteenth session) with one, on the code it was measured first on, unseen13 with
# seven short follow-ups ("og hvad med …"), all in the data before this session, unseen17
# (twentieth session) with three of four to six words, none of them a line added that
# session (checked by script, without reading the set), unseen18 (twenty-first session)
# with two and unseen19 with three lines of five or six words, all in the bank before
# that session (checked the same way); unseen20 with four and unseen21 with one (twenty-
# second session), unseen22 (twenty-third) with five and unseen23 with one, all in the
# bank and the NLU data as they were at that session's start (5953f29; counted by script,
# not read).
FOUR_WORDS = 4
COINCIDED = {
    "unseen": 6,
    "unseen2": 4,
    "unseen3": 2,
    "unseen4": 2,
    "unseen5": 7,
    "unseen6": 2,
    "unseen8": 1,
    "unseen9": 4,
    "unseen12": 1,
    "unseen13": 7,
    "unseen17": 3,
    "unseen18": 2,
    "unseen19": 3,
    "unseen20": 4,
    "unseen21": 1,
    "unseen22": 5,
    "unseen23": 1,
}


def test_no_frozen_message_is_added_to_the_training_data(kb):
    # Kept out of training: a frozen message that the bank or the NLU data holds
    # word for word is measured on what was learnt, not on what was unseen.
    frozen = [
        (folder, _as_compared(turn.question))
        for folder, names in SETS.items()
        for name in names
        for turns in load_conversations(DATA / folder / name)
        for turn in turns
    ]
    frozen += [
        (folder, _as_compared(item["q"]))
        for folder in SKILL_SETS
        for item in yaml.safe_load((DATA / folder / "skills.yml").read_text(encoding="utf-8"))
    ]
    training = _training_texts(kb)
    assert len(training) > 5000, len(training)  # the bank and the NLU data were read
    shared = Counter(
        folder for folder, text in frozen if text in training and len(text.split()) >= FOUR_WORDS
    )
    grown = {f: n for f, n in shared.items() if n > COINCIDED.get(f, 0)}
    assert not grown, f"frozen messages added to the bank or the NLU data: {grown}"


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
