"""`make report`: what users asked and how it went, from the tracker store alone
(no Rasa X), as Markdown for the catalogue's content owners.

    python -m partnerskab.ops.report --from 2026-01-01 --to 2026-12-31 [--out FILE]

What counts as what is decided in ``partnerskab.core.usage`` (shared with the
review page, /review); this module only writes it down:

* most asked topics: catalogue answers, recognised by their text (answers come
  verbatim from knowledge/), counted per fact and per case or topic;
* questions whose first reply was "not covered", "Mente du …?" or a fallback, grouped
  by similarity, with the
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
from collections import Counter
from pathlib import Path
from typing import Optional

from partnerskab.core.knowledge import Knowledge, load_knowledge
from partnerskab.core.plan import md
from partnerskab.core.usage import Usage, group_inbox, summarise
from partnerskab.settings import ROOT
from partnerskab.storage.events import usage_rows

# What a rated answer that is not a catalogue fact is called in the report.
ANSWER_KINDS = {
    "recommendation": "(anbefaling)",
    "companies": "(virksomhedsforslag)",
    "guide": "(trin i guiden)",
    "plan": "(partnerskabsplan)",
    "answer": "(svar)",
}


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def user_text(text: str) -> str:
    """Text from the tracker store as one inert Markdown table cell."""
    return md(" ".join(text.split()))


def build_report(usage: Usage, start: dt.date, end: dt.date, kb: Optional[Knowledge] = None) -> str:
    """The period's usage (``partnerskab.core.usage.summarise``) as Markdown."""
    kb = kb or load_knowledge()
    topics = Counter({kb.topics[tid].name["da"]: n for tid, n in usage.topics.items()})
    unanswered = Counter(
        {
            group.newest.question: group.count
            for group in group_inbox(item for item in usage.inbox if item.reason != "thumbs_down")
        }
    )
    ratings = {
        f"`{label}`" if label in kb.facts else ANSWER_KINDS.get(label, label): counts
        for label, counts in usage.ratings.items()
    }
    lines = [
        f"# Partnerskabsguiden – rapport {start.isoformat()} til {end.isoformat()}",
        "",
        f"{usage.conversations} samtaler, {usage.questions} skrevne beskeder.",
        "",
        "## Mest efterspurgte emner",
        "",
        "| emne | svar |",
        "|---|---|",
    ]
    lines += [f"| {name} | {n} |" for name, n in topics.most_common(15)] or ["| – | 0 |"]
    lines += ["", "| fakta (knowledge/) | svar |", "|---|---|"]
    lines += [f"| `{fid}` | {n} |" for fid, n in usage.facts.most_common(20)] or ["| – | 0 |"]
    lines += [
        "",
        "## Spørgsmål uden svar (ikke dækket, „Mente du …?“, fallback)",
        "",
        "Brugernes ord, med personoplysninger maskeret.",
        "",
        "| spørgsmål | antal |",
        "|---|---|",
    ]
    lines += [f"| {user_text(q)} | {n} |" for q, n in unanswered.most_common(30)] or ["| – | 0 |"]
    lines += ["", "## Anbefalinger givet", "", "| model | antal |", "|---|---|"]
    lines += [f"| {user_text(str(m))} | {n} |" for m, n in usage.models.most_common()] or [
        "| – | 0 |"
    ]
    lines += [
        "",
        "## Tommel op/ned pr. svar",
        "",
        "Tilskrevet det svar, vurderingen nævner. "
        "Vurderinger, der ikke nævner et svar, samtalen har fået, "
        f"tælles ikke med ({usage.ignored_ratings} i perioden).",
        "",
        "| svar | op | ned |",
        "|---|---|---|",
    ]
    lines += [f"| {label} | {c['up']} | {c['down']} |" for label, c in sorted(ratings.items())] or [
        "| – | 0 | 0 |"
    ]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    today = dt.date.today()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--from", dest="start", type=_day, default=today - dt.timedelta(days=30))
    parser.add_argument("--to", dest="end", type=_day, default=today)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.end < args.start:
        parser.error("--to is before --from")
    kb = load_knowledge()
    report = build_report(summarise(usage_rows(args.start, args.end), kb), args.start, args.end, kb)
    out = args.out or ROOT / "var" / "reports" / f"report-{args.start}-{args.end}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(report)
    print(f"Written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
