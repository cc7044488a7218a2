"""Chooses the retrieval settings by measurement on the two DEV sets.

Prints accuracy on tests/data/retrieval_dev.yml, retrieval_dev2.yml and
retrieval_dev3.yml (the later two in conversational phrasing) for a grid of answer
thresholds and topic weights (in-scope questions answered with the right fact,
out-of-scope ones not answered), and writes docs/results/retrieval_tuning.md.
The chosen values are set by hand in partnerskab/core/retrieval.py (ANSWER,
SUGGEST, TOPIC_WEIGHT). The held-out set (retrieval_eval.yml) is not used here.
"""

from __future__ import annotations

from pathlib import Path

from partnerskab import retrieval
from partnerskab.core.answering import Answerer
from partnerskab.testing.evaluation import accuracy, evaluate, load_items

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    store = Answerer.load()
    items = [
        item
        for name in ("retrieval_dev.yml", "retrieval_dev2.yml", "retrieval_dev3.yml")
        for item in load_items(ROOT / "tests" / "data" / name)
    ]
    rows = [
        "| topic weight | answer threshold | accuracy | in-scope right | out-of-scope held back |",
        "|---|---|---|---|---|",
    ]
    chosen = retrieval.TOPIC_WEIGHT
    for weight in (0.0, 0.3, 0.5, 0.7, 1.0):
        retrieval.TOPIC_WEIGHT = weight
        for step in range(4, 9):
            threshold = step / 10
            outcomes = evaluate(store, items, threshold, retrieval.SUGGEST)
            pos = [o for o in outcomes if o.item.expect is not None]
            neg = [o for o in outcomes if o.item.expect is None]
            rows.append(
                f"| {weight:.1f} | {threshold:.1f} | {accuracy(outcomes):.3f} | "
                f"{sum(o.correct for o in pos)}/{len(pos)} | "
                f"{sum(o.correct for o in neg)}/{len(neg)} |"
            )
    retrieval.TOPIC_WEIGHT = chosen
    text = (
        f"# Retrieval tuning on the dev sets ({len(items)} questions)\n\nChosen: topic weight "
        f"{retrieval.TOPIC_WEIGHT}, answer threshold {retrieval.ANSWER}.\n\n"
        + "\n".join(rows)
        + "\n"
    )
    out = ROOT / "docs" / "results" / "retrieval_tuning.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    for o in evaluate(store, items, retrieval.ANSWER, retrieval.SUGGEST):
        if not o.correct:
            print(
                "MISS",
                o.item.question,
                o.item.expect,
                "->",
                o.found.best.id if o.found.best else None,
                f"{o.found.coverage:.2f}",
                o.decision,
            )


if __name__ == "__main__":
    main()
