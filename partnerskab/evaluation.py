"""Scores retrieval on a question set (tests/data/retrieval_*.yml).

An item is right when the assistant would answer with an accepted fact, or, for
``expect: null``, when it would NOT answer (it says "not covered" or asks "Mente
du …?"). Used by tools/tune_retrieval.py to choose thresholds on the dev set and
by tests/test_retrieval.py to measure the held-out set.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from partnerskab.catalog import CatalogStore
from partnerskab.language import detect_language
from partnerskab.retrieval import Retrieval, decide


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


def evaluate(store: CatalogStore, items: Sequence[Item], answer: float, suggest: float) -> List[Outcome]:
    outcomes = []
    for item in items:
        found = store.search(item.question, item.language, context_case=item.context)
        decision = decide(found, answer, suggest)
        if item.expect is None:
            correct = decision != "answer"
        else:
            correct = decision == "answer" and found.best is not None and found.best.id in item.expect
        outcomes.append(Outcome(item, found, decision, correct))
    return outcomes


def accuracy(outcomes: Sequence[Outcome]) -> float:
    return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 0.0


def evaluate_areas(items: Sequence[Dict], recommender=None) -> Dict:
    """Scores the interview's recommendation on area descriptions: right model and
    a fitting case among the recommended ones, from one message, in the user's
    language (the language detector reads the whole rendered message)."""
    from partnerskab.recommend import Recommender

    recommender = recommender or Recommender.load()
    rows = []
    for item in items:
        language = item["language"]
        profile = recommender.iv.extract(item["text"], language)
        rec = recommender.recommend(profile, language)
        rendered = recommender.render(rec, profile, have_list=False)
        cases = [c for c, _ in rec.cases]
        ok_model = rec.model == item["model"]
        ok_case = any(c in item["cases"] for c in cases)
        ok_language = detect_language(" ".join(rendered.values())) == language
        rows.append({"text": item["text"], "language": language, "expected": item["model"], "model": rec.model,
                     "cases": cases, "ok": ok_model and ok_case and ok_language,
                     "challenges": profile.challenges, "company": profile.company})
    return {"score": sum(r["ok"] for r in rows) / len(rows), "rows": rows}
