"""Scores retrieval on a question set (tests/data/retrieval_*.yml).

An item is right when the assistant would answer with an accepted fact, or, for
``expect: null``, when it would NOT answer (it says "not covered" or asks "Mente
du …?"). Used by tools/calibrate.py on the dev sets and by tests/test_retrieval.py
to measure the held-out set.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import yaml

from partnerskab.core.answering import EARLIER, Answerer
from partnerskab.core.language import detect_language
from partnerskab.core.retrieval import Retrieval, decide
from partnerskab.core.spelling import spelled_out


@dataclass
class Item:
    question: str
    language: str
    expect: Optional[List[str]]
    context: Optional[str] = None


@dataclass
class Outcome:
    item: Item
    found: Retrieval
    decision: str
    correct: bool


def load_items(path: Path) -> List[Item]:
    items = []
    for raw in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
        expect = raw.get("expect")
        if isinstance(expect, str):
            expect = [expect]
        items.append(Item(raw["q"], raw["lang"], expect, raw.get("context")))
    return items


def evaluate(store: Answerer, items: Sequence[Item]) -> List[Outcome]:
    outcomes = []
    for item in items:
        found = store.retriever.search(item.question, item.language, context_case=item.context)
        decision = decide(found)
        if item.expect is None:
            correct = decision != "answer"
        else:
            correct = (
                decision == "answer" and found.best is not None and found.best.id in item.expect
            )
        outcomes.append(Outcome(item, found, decision, correct))
    return outcomes


def accuracy(outcomes: Sequence[Outcome]) -> float:
    return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 0.0


def evaluate_areas(items: Sequence[Dict], recommender=None) -> Dict:
    """Scores the interview's recommendation on area descriptions: right model and
    a fitting case among the recommended ones, from one message, in the user's
    language (the language detector reads the whole rendered message)."""
    from partnerskab.core.recommender import Recommender

    recommender = recommender or Recommender.load()
    rows = []
    for item in items:
        language = item["language"]
        profile = recommender.interview.extract(item["text"], language)
        recommendation = recommender.recommend(profile, language)
        rendered = recommender.render(recommendation, profile, have_list=False)
        cases = [c for c, _ in recommendation.cases]
        ok_model = recommendation.model == item["model"]
        ok_case = any(c in item["cases"] for c in cases)
        ok_language = detect_language(" ".join(rendered.values())) == language
        rows.append(
            {
                "text": item["text"],
                "language": language,
                "expected": item["model"],
                "model": recommendation.model,
                "cases": cases,
                "ok": ok_model and ok_case and ok_language,
                "challenges": profile.challenges,
                "company": profile.company,
            }
        )
    return {"score": sum(r["ok"] for r in rows) / len(rows), "rows": rows}


# --- Unseen question sets (tests/data/unseen, tests/data/persona_dev) -------------------

# The section keys the test-set writers used -> the catalogue sections in knowledge/.
SECTION_KEYS = {
    "forord": "intro",
    "gevinster": "gains",
    "hvad_kan": "what_partnerships_can",
    "mimersgade": "mimersgade",
    "lego": "lego",
    "brandvaesen": "brandvaesen",
    "brfkredit": "brfkredit",
    "skandia": "skandia",
    "hoeje_taastrup": "hoeje_taastrup",
    "raad": "advice",
    "kolofon": "colophon",
}


def fold(text: str) -> str:
    """Lower case with æ/ø/å spelled out, for comparing answers with expected words."""
    return " ".join(spelled_out(text.lower()).replace("-", " ").split())


@dataclass
class Turn:
    """One user message of an unseen set and what a right reply must hold."""

    question: str
    language: str
    sections: Optional[List[str]]  # None: the catalogue does not cover it
    mention: List[str]
    persona: str = ""


@dataclass
class Seen:
    """What the assistant replied, as a user sees it."""

    answered: bool
    text: str
    sections: List[str]
    language: str
    suggested: bool = False  # no answer, but "Mente du …?" buttons offered


def load_conversations(path: Path) -> List[List[Turn]]:
    """Every item of an unseen set as a conversation (single questions are one turn)."""
    conversations = []
    for raw in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
        turns = raw["turns"] if "turns" in raw else [raw]
        conversations.append(
            [
                Turn(
                    t["q"],
                    t["lang"],
                    None
                    if t.get("covered") is False
                    else [SECTION_KEYS[s] for s in t.get("sections", [])],
                    [str(m) for m in t.get("mention") or []],
                    t.get("persona") or raw.get("persona", ""),
                )
                for t in turns
            ]
        )
    return conversations


# An answer that itself says the catalogue does not give what was asked declines it.
# Each of the leads in knowledge/wording/ui.yml (catalog.missing) is read as such
# (tests/test_unseen.py), the law's too ("henviser ikke til paragraffer", "quotes no
# legal text").
_SAYS_NOT_COVERED = re.compile(
    r"kataloget (nævner|giver|beskriver|siger|henviser|oplyser) (ikke|ingen)|"
    r"catalogue (gives no|does not|says nothing|names no|quotes no|cites no)"
)


def judge(turn: Turn, seen: Seen) -> bool:
    """Right: in the user's language, one expected word, one expected section
    cited; or, for what the catalogue does not cover, no answer at all (or an
    answer that says the catalogue does not give it)."""
    if turn.sections is None:
        return not seen.answered or bool(_SAYS_NOT_COVERED.search(seen.text.lower()))
    text = fold(seen.text)
    return (
        seen.answered
        and seen.language == turn.language
        and any(fold(m) in text for m in turn.mention)
        and bool(set(seen.sections) & set(turn.sections))
    )


def core_replier(store: Answerer):
    """Replies from the core alone (no Rasa): language per message as the channel
    decides it, the case in context, the last fact answered and the facts a
    "Mente du …?" offered carried from turn to turn (as the action server keeps
    them in slots), and the messages before (as the action server reads them from
    the tracker)."""
    from partnerskab.core.language import detect_language, language_or_default

    def conversation():
        state = {"case": None, "language": None, "fact": None, "suggested": [], "earlier": []}

        def reply(text: str) -> Seen:
            language = language_or_default(detect_language(text, hint=state["language"]))
            state["language"] = language
            found = store.reply(
                text,
                language,
                context_case=state["case"],
                last_fact=state["fact"],
                suggested=state["suggested"],
                earlier=state["earlier"][::-1],
            )
            state["earlier"] = [*state["earlier"], text][-EARLIER:]
            state["suggested"] = found.suggested
            if found.case:
                state["case"] = found.case
            if found.fact:
                state["fact"] = found.fact.id
            answered = found.fact is not None and found.response.startswith("utter_catalog_")
            replies = [found, found.then] if found.then is not None else [found]
            given = [r.fact for r in replies if r.fact is not None]
            sections = [sid for f in given for sid in (f.section, *f.also)]
            suggested = found.response == "utter_not_covered_suggest"
            text = "\n".join(
                filter(None, (p for r in replies for p in (r.lead, r.answer, r.source)))
            )
            return Seen(answered, text, sections, language, suggested)

        return reply

    return conversation


def evaluate_conversations(conversations: Sequence[List[Turn]], new_conversation) -> Dict:
    """Runs every conversation through ``new_conversation()`` (a function that
    returns a ``reply(text) -> Seen`` for one fresh conversation) and scores it."""
    rows = []
    for turns in conversations:
        reply = new_conversation()
        for position, turn in enumerate(turns):
            seen = reply(turn.question)
            rows.append(
                {"turn": turn, "seen": seen, "ok": judge(turn, seen), "follow_up": position > 0}
            )
    covered = [r for r in rows if r["turn"].sections is not None]
    return {
        "score": sum(r["ok"] for r in rows) / len(rows) if rows else 0.0,
        "n": len(rows),
        "rates": {  # of the covered questions: answered / not answered
            "answered": sum(r["seen"].answered for r in covered) / max(1, len(covered)),
        },
        "rows": rows,
    }


def rest_replier(post: Callable[[str, str], List[Dict]], kb=None):
    """Replies over the running REST channel, judged from what the user sees:
    ``post(sender, text)`` returns the channel's messages. An answer is a message
    with a source line; its sections are the titles that source names."""
    import uuid

    from partnerskab.core.knowledge import load_knowledge

    kb = kb or load_knowledge()
    titles = [(sid, s.title["da"].lower()) for sid, s in kb.sections.items() if s.page is not None]

    def conversation():
        sender = str(uuid.uuid4())

        def reply(text: str) -> Seen:
            messages = post(sender, text)
            sourced = [
                m
                for m in messages
                if re.search(r"Kilde: Idékataloget|Source: the idea catalogue", m.get("text") or "")
            ]
            if not sourced:
                language = next((m.get("lang") for m in messages if m.get("lang")), "da")
                suggested = any(m.get("buttons") for m in messages)
                text = "\n".join(m.get("text") or "" for m in messages)
                return Seen(False, text, [], language, suggested)
            # (An answer may come with a second one of the same case, in its own message.)
            sections = []
            for message in sourced:
                source = message["text"].rsplit("Kilde:", 1)[-1].rsplit("Source:", 1)[-1].lower()
                sections += [sid for sid, title in titles if title in source]
                if "kolofon" in source or "colophon" in source:
                    sections.append("colophon")
            text = "\n".join(m["text"] for m in sourced)
            return Seen(True, text, sections, sourced[0].get("lang") or "da")

        return reply

    return conversation


# The first action after a message tells which skill it started (unseen skills sets).
SKILL_OF_ACTION = {
    "action_answer_catalog": "catalog",
    "action_guide": "guide",
    "action_make_plan": "guide",  # the guide's partnership plan
    "area_interview_form": "interview",
    "action_recommend_model": "interview",
    # A follow-up of the last answer it answers itself (from the catalogue).
    "action_start_interview": "catalog",
    "action_suggest_companies": "companies",
    "utter_help": "help",
    "utter_greet": "smalltalk",
    "utter_goodbye": "smalltalk",
    "utter_thank": "smalltalk",
    "utter_iamabot": "smalltalk",
    "utter_you_are_welcome": "smalltalk",
}


# Actions that only decide which skill answers and hand over to it (the form, by a
# FollowupAction); when they answer themselves, it is the skill mapped here.
DECIDING_ACTIONS = {"action_start_interview"}


def skill_started(tracker_db: Path, sender: str) -> Optional[str]:
    """The skill the conversation's last message started, read from an SQLite tracker store."""
    import sqlite3

    with sqlite3.connect(tracker_db) as db:
        rows = db.execute(
            "SELECT type_name, action_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    last_user = max(i for i, (kind, _) in enumerate(rows) if kind == "user")
    actions = [
        action
        for kind, action in rows[last_user + 1 :]
        if kind == "action"
        and action not in ("action_listen", "action_session_start", "action_deactivate_loop")
    ]
    if len(actions) > 1 and actions[0] in DECIDING_ACTIONS:
        actions = actions[1:]
    return SKILL_OF_ACTION.get(actions[0], actions[0]) if actions else None


def outcomes(result: Dict) -> Dict[str, Dict[str, float]]:
    """What the assistant did, as shares: for the covered questions, answered
    right / answered from the wrong section / the right section without the
    detail asked for / in the wrong language / "Mente du …?" / not covered; for
    the questions the catalogue does not cover, declined / "Mente du …?" /
    answered anyway. Aggregates only, so frozen sets can be reported on."""

    def covered_kind(row) -> str:
        turn, seen = row["turn"], row["seen"]
        if row["ok"]:
            return "right"
        if not seen.answered:
            return "suggest" if seen.suggested else "none"
        if seen.language != turn.language:
            return "wrong language"
        if not set(seen.sections) & set(turn.sections):
            return "wrong section"
        return "missing detail"

    def uncovered_kind(row) -> str:
        seen = row["seen"]
        if row["ok"]:
            return "suggest" if seen.suggested else "declined"
        return "answered"

    groups: Dict[str, Dict[str, float]] = {}
    for name, covered, kind in (
        ("covered", True, covered_kind),
        ("not covered", False, uncovered_kind),
    ):
        rows = [r for r in result["rows"] if (r["turn"].sections is not None) == covered]
        counts = Counter(kind(r) for r in rows)
        groups[name] = {k: v / len(rows) for k, v in sorted(counts.items())} if rows else {}
        groups[name]["n"] = len(rows)
    return groups


def summary_lines(name: str, result: Dict, indent: str = "  ") -> List[str]:
    """The share right of one set and its outcome rates, as lines to print or report."""
    lines = [
        f"{name}: {result['score']:.3f} ({result['n']}), answered "
        f"{result['rates']['answered']:.2f} of the covered"
    ]
    for group, shares in outcomes(result).items():
        n = int(shares.pop("n"))
        rates = ", ".join(f"{k} {v:.2f}" for k, v in shares.items())
        lines.append(f"{indent}{group} ({n}): {rates}")
    return lines


def misses(result: Dict) -> List[str]:
    """The wrong rows of ``evaluate_conversations`` as lines to print."""
    lines = []
    for row in result["rows"]:
        if not row["ok"]:
            t, s = row["turn"], row["seen"]
            lines.append(
                f"  ✗ [{t.language}] {t.question!r} want {t.sections} {t.mention[:2]}\n"
                f"      got {'answer' if s.answered else 'no answer'} {s.sections} {s.language}: "
                f"{s.text[:100]!r}"
            )
    return lines
