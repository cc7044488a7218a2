"""Intent figures without reading the NLU test set's messages (issue 11).

    python tools/eval_intents.py dev tests/data/intent_dev.yml [--misses] [--model M]
    python tools/eval_intents.py dev tests/data/persona_dev/skills.yml [--misses]
    python tools/eval_intents.py report [build/results/nlu/intent_report.json]

``dev`` parses a DEV set of ``{text, intent}`` items with the trained model (the whole
NLU pipeline, SkillRouter and CatalogRouter included) and prints per-intent precision,
recall and F1 (by skill for a skills.yml set), the macro-F1 over the set's intents
and, with ``--misses``, the messages it got wrong (``--model``: another trained model
than the tree's). It refuses files under tests/nlu: that set is only read by
``rasa test nlu`` (tests/test_model.py).

``report`` prints, from the report ``rasa test nlu`` wrote, each intent's precision,
recall, F1 and the intents its messages were taken for, as counts only: no message.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from tools.train import model_path  # noqa: E402

REPORT = ROOT / "build" / "results" / "nlu" / "intent_report.json"
TEST_SET = ROOT / "tests" / "nlu"
SUMMARY_ROWS = ("macro avg", "weighted avg", "micro avg", "accuracy")
# A skills.yml DEV set ({q, skill}, tests/data/persona_dev/skills.yml) is scored by the
# skill the intent starts.
SKILL_OF_INTENT = {
    "ask_catalog": "catalog",
    "guide": "guide",
    "start_interview": "interview",
    "describe_area": "interview",
    "ask_companies": "companies",
    "help": "help",
    "make_plan": "guide",  # the guide's partnership plan
}


def scores(pairs: List[Tuple[str, str]]) -> Dict[str, Tuple[float, float, float, int]]:
    """Per expected intent: precision, recall, F1 and support, from (expected, got)."""
    intents = sorted({want for want, _ in pairs})
    out = {}
    for intent in intents:
        hits = sum(want == got == intent for want, got in pairs)
        predicted = sum(got == intent for _, got in pairs)
        support = sum(want == intent for want, _ in pairs)
        precision = hits / predicted if predicted else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[intent] = (precision, recall, f1, support)
    return out


def parse_all(texts: List[str], model: str = "") -> List[dict]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not one debug line per message

    agent = Agent.load(str(ROOT / model) if model else str(model_path()))

    async def parse() -> List[dict]:
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(parse())


def dev(path: Path, show_misses: bool, model: str = "") -> int:
    if TEST_SET.resolve() in path.resolve().parents:
        print(f"{path} is the NLU test set: run tests/test_model.py for its figures")
        return 2
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    if items and "skill" in items[0]:
        items = [{"text": i["q"], "intent": i["skill"]} for i in items]
        parsed = parse_all([item["text"] for item in items], model)
        got = [SKILL_OF_INTENT.get(p["intent"]["name"], "smalltalk") for p in parsed]
    else:
        parsed = parse_all([item["text"] for item in items], model)
        got = [p["intent"]["name"] for p in parsed]
    pairs = [(item["intent"], g) for item, g in zip(items, got)]
    table = scores(pairs)
    print(f"{'intent':<16} {'prec':>5} {'rec':>5} {'F1':>5} {'n':>4}")
    for intent, (p, r, f, n) in table.items():
        print(f"{intent:<16} {p:5.2f} {r:5.2f} {f:5.2f} {n:4d}")
    macro = sum(row[2] for row in table.values()) / len(table)
    right = sum(want == g for want, g in pairs)
    print(f"macro-F1 {macro:.3f}, accuracy {right / len(pairs):.3f} ({right}/{len(pairs)})")
    if show_misses:
        for item, g, p in zip(items, got, parsed):
            if item["intent"] != g:
                ranked = ", ".join(
                    f"{r['name']} {r['confidence']:.2f}" for r in p["intent_ranking"][:3]
                )
                print(f"  {item['intent']:<16} -> {g:<16} {item['text']}  [{ranked}]")
    return 0


def report(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = {k: v for k, v in data.items() if k not in SUMMARY_ROWS and isinstance(v, dict)}
    print(f"{'intent':<16} {'prec':>5} {'rec':>5} {'F1':>5} {'n':>4}  taken for")
    for intent, row in sorted(rows.items(), key=lambda kv: kv[1]["f1-score"]):
        confused = Counter({k: v for k, v in row.get("confused_with", {}).items()})
        taken = ", ".join(f"{k} {v}" for k, v in confused.most_common())
        print(
            f"{intent:<16} {row['precision']:5.2f} {row['recall']:5.2f} "
            f"{row['f1-score']:5.2f} {row['support']:4d}  {taken}"
        )
    print(f"macro-F1 {data['macro avg']['f1-score']:.3f}, accuracy {data['accuracy']:.3f}")
    return 0


def main(argv: List[str]) -> int:
    if argv[:1] == ["dev"] and len(argv) >= 2:
        model = argv[argv.index("--model") + 1] if "--model" in argv else ""
        return dev(Path(argv[1]), "--misses" in argv, model)
    if argv[:1] == ["report"]:
        return report(Path(argv[1]) if len(argv) > 1 else REPORT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
