"""Scores the catalogue answers on the unseen sets, from the core alone.

    python tools/eval_unseen.py tests/data/persona_dev/questions.yml [--misses]

Prints the share right per file. The frozen test sets (tests/data/unseen) are
measured by tests/test_unseen.py; look at their misses only to report them.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# spaCy's thinc imports TensorFlow whenever it is installed; the core never uses it
# (as in the action server, partnerskab/adapters/action_server.py): its memory is saved.
sys.modules.setdefault("tensorflow", None)

from partnerskab.core.answering import Answerer  # noqa: E402
from partnerskab.testing.evaluation import (  # noqa: E402
    core_replier,
    evaluate_conversations,
    load_conversations,
    misses,
    summary_lines,
)


def main(argv) -> int:
    show_misses = "--misses" in argv
    store = Answerer.load()
    total = right = 0
    for name in [a for a in argv if not a.startswith("--")]:
        if Path(name).name == "skills.yml":
            print(f"{name}: skipped (skills are scored through REST: tools/eval_rest.py)")
            continue
        result = evaluate_conversations(load_conversations(Path(name)), core_replier(store))
        total += result["n"]
        right += sum(r["ok"] for r in result["rows"])
        print("\n".join(summary_lines(name, result)))
        if show_misses:
            print("\n".join(misses(result)))
    print(f"all: {right / max(1, total):.3f} ({total})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
