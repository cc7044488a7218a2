"""`make report`: what users asked and how it went, from the tracker store alone
(no Rasa X), as Markdown for the catalogue's content owners.

    python -m partnerskab.ops.report --from 2026-01-01 --to 2026-12-31 [--out FILE]

* most asked topics: catalogue answers, recognised by their text (answers come
  verbatim from knowledge/), counted per fact and per case or topic;
* questions that ended in "not covered", "Mente du …?" or a fallback, with the
  user's words (already masked on the way in, and masked again here; escaped
  like the plan's Markdown: one line, no links, HTML or emphasis);
* recommendations given, per model;
* thumbs up/down, attributed to the answer each rating names (its ``answer_id``,
  ``partnerskab.core.rating``); a rating that names no rateable answer of its own
  conversation is not counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, Iterable, Tuple

from partnerskab.core.knowledge import load_knowledge
from partnerskab.core.plan import md
from partnerskab.core.privacy import mask
from partnerskab.core.rating import is_bot, marks, utter_action
from partnerskab.settings import ROOT
from partnerskab.storage.events import events_between

# What a rated answer that is not a catalogue fact is called in the report.
ANSWER_KINDS = {"utter_recommendation_steps": "(anbefaling)", "utter_company_steps": "(virksomhedsforslag)",
                "utter_guide_tip": "(trin i guiden)", "utter_plan_ready": "(partnerskabsplan)"}
UNANSWERED = {"utter_not_covered", "utter_not_covered_suggest", "utter_did_you_mean", "utter_default",
              "utter_ask_rephrase", "utter_interview_unclear"}


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def user_text(text: str) -> str:
    """Text from the tracker store as one inert Markdown table cell."""
    return md(" ".join(text.split()))


def build_report(events: Iterable[Tuple[str, Dict]], start: dt.date, end: dt.date) -> str:
    kb = load_knowledge()
    answers = {fact.answer[lang]: fact for fact in kb.facts.values() for lang in ("da", "en")}
    facts: Counter = Counter()
    topics: Counter = Counter()
    unanswered: Counter = Counter()
    models: Counter = Counter()
    ratings: Dict[str, Counter] = defaultdict(Counter)
    conversations, questions = set(), 0
    last_user: Dict[str, str] = {}
    rateable: Dict[str, Dict[str, str]] = defaultdict(dict)  # sender -> answer_id -> what it was
    ignored = 0
    for sender, event in events:
        kind = event.get("event")
        conversations.add(sender)
        if kind == "user":
            text = event.get("text") or ""
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == "feedback":
                values = {e.get("entity"): e.get("value") for e in (event.get("parse_data") or {}).get("entities", [])}
                rated = rateable[sender].get(str(values.get("answer")))
                if values.get("feedback") in ("up", "down") and rated:
                    ratings[rated][values["feedback"]] += 1
                else:
                    ignored += 1  # names no answer this conversation received
                continue
            if not text.startswith("/"):
                questions += 1
                last_user[sender] = mask(text)[0]
        elif kind == "bot":
            text = event.get("text") or ""
            action = (event.get("metadata") or {}).get("utter_action")
            fact = next((f for a, f in answers.items() if text.startswith(a)), None) if text else None
            found = marks(event) if is_bot(event) else {}
            if found.get("rateable"):
                rateable[sender][found["answer_id"]] = (
                    f"`{fact.id}`" if fact is not None else ANSWER_KINDS.get(utter_action(event) or "", "(svar)"))
            if fact is not None:
                facts[fact.id] += 1
                topics[kb.topics[fact.topic].name["da"]] += 1
            elif action in UNANSWERED and sender in last_user:
                unanswered[last_user.pop(sender)] += 1
        elif kind == "slot" and event.get("name") == "recommended_model" and event.get("value"):
            models[event["value"]] += 1

    lines = [f"# Partnerskabsguiden – rapport {start.isoformat()} til {end.isoformat()}", "",
             f"{len(conversations)} samtaler, {questions} skrevne beskeder.", "",
             "## Mest efterspurgte emner", "", "| emne | svar |", "|---|---|"]
    lines += [f"| {name} | {n} |" for name, n in topics.most_common(15)] or ["| – | 0 |"]
    lines += ["", "| fakta (knowledge/) | svar |", "|---|---|"]
    lines += [f"| `{fid}` | {n} |" for fid, n in facts.most_common(20)] or ["| – | 0 |"]
    lines += ["", "## Spørgsmål uden svar (ikke dækket, „Mente du …?“, fallback)", "",
              "Brugernes ord, med personoplysninger maskeret.", "", "| spørgsmål | antal |", "|---|---|"]
    lines += [f"| {user_text(q)} | {n} |" for q, n in unanswered.most_common(30)] or ["| – | 0 |"]
    lines += ["", "## Anbefalinger givet", "", "| model | antal |", "|---|---|"]
    lines += [f"| {user_text(str(m))} | {n} |" for m, n in models.most_common()] or ["| – | 0 |"]
    lines += ["", "## Tommel op/ned pr. svar", "",
              "Tilskrevet det svar, vurderingen nævner. "
              "Vurderinger, der ikke nævner et svar, samtalen har fået, "
              f"tælles ikke med ({ignored} i perioden).", "",
              "| svar | op | ned |", "|---|---|---|"]
    lines += [f"| {label} | {c['up']} | {c['down']} |" for label, c in sorted(ratings.items())] or ["| – | 0 | 0 |"]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    today = dt.date.today()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="start", type=_day, default=today - dt.timedelta(days=30))
    parser.add_argument("--to", dest="end", type=_day, default=today)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.end < args.start:
        parser.error("--to is before --from")
    report = build_report(events_between(args.start, args.end), args.start, args.end)
    out = args.out or ROOT / "var" / "reports" / f"report-{args.start}-{args.end}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    print(f"Written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
