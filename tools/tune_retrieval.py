"""Chooses the retrieval confidence thresholds by measurement on the DEV set.

Prints accuracy on tests/data/retrieval_dev.yml for a grid of answer thresholds
(in-scope questions answered with the right fact, out-of-scope ones not
answered) and writes tests/results/retrieval_tuning.md. The chosen values are
set by hand in partnerskab/retrieval.py (ANSWER, SUGGEST).
"""

from __future__ import annotations

from pathlib import Path

from partnerskab.catalog import CatalogStore
from partnerskab.evaluation import accuracy, evaluate, load_items

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    store = CatalogStore.load()
    items = load_items(ROOT / "tests" / "data" / "retrieval_dev.yml")
    rows = ["| answer threshold | accuracy | in-scope right | out-of-scope held back |", "|---|---|---|---|"]
    for step in range(3, 10):
        threshold = step / 10
        outcomes = evaluate(store, items, threshold, 0.3)
        pos = [o for o in outcomes if o.item.expect is not None]
        neg = [o for o in outcomes if o.item.expect is None]
        rows.append(f"| {threshold:.1f} | {accuracy(outcomes):.2f} | {sum(o.correct for o in pos)}/{len(pos)} | "
                    f"{sum(o.correct for o in neg)}/{len(neg)} |")
    text = "# Retrieval threshold tuning (dev set)\n\n" + "\n".join(rows) + "\n"
    out = ROOT / "tests" / "results" / "retrieval_tuning.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    for o in evaluate(store, items, 0.6, 0.3):
        if not o.correct:
            print("MISS", o.item.question, o.item.expect, "->", o.found.best.id if o.found.best else None,
                  f"{o.found.coverage:.2f}", o.decision)


if __name__ == "__main__":
    main()
