"""Scores unseen sets through the running assistant (both servers on loopback):
language detection, NLU, rules, actions and the REST channel, as a user meets them.

    python tools/eval_rest.py tests/data/persona_dev/questions.yml \
        tests/data/persona_dev/skills.yml [--misses]

Files named skills.yml are scored by the skill each message starts (read back from the
tracker store); the others by their answers (partnerskab.testing.evaluation.judge).
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from partnerskab.ops.processes import running  # noqa: E402
from partnerskab.testing.evaluation import (  # noqa: E402
    evaluate_conversations,
    load_conversations,
    misses,
    rest_replier,
    skill_started,
    summary_lines,
)
from tests.rest import ask  # noqa: E402
from tools.train import model_path  # noqa: E402

# Like the end-to-end tests: another checkout's servers may use the default ports.
PORT_BASE = int(os.environ.get("E2E_PORT_BASE") or 5700)


def main(argv) -> int:
    show_misses = "--misses" in argv
    models = [a.split("=", 1)[1] for a in argv if a.startswith("--model=")]
    model = Path(models[0]) if models else model_path()
    with (
        tempfile.TemporaryDirectory() as tmp,
        running(
            model,
            rasa_port=PORT_BASE + 5,
            action_port=PORT_BASE + 55,
            web_port=PORT_BASE + 85,
            tracker_db=Path(tmp) / "t.db",
            plans_db=Path(tmp) / "p.db",
            log_dir=Path(tmp) / "log",
        ) as servers,
    ):
        for name in [a for a in argv if not a.startswith("--")]:
            if Path(name).name == "skills.yml":
                items = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
                right = 0
                for item in items:
                    sender = str(uuid.uuid4())
                    ask(servers, sender, item["q"])
                    got = skill_started(servers.tracker_db, sender)
                    right += got == item["skill"]
                    if show_misses and got != item["skill"]:
                        print(f"  ✗ {item['q']!r}: want {item['skill']}, got {got}")
                print(f"{name}: {right / len(items):.3f} ({len(items)})")
                continue
            post = lambda sender, text: ask(servers, sender, text)  # noqa: E731
            result = evaluate_conversations(load_conversations(Path(name)), rest_replier(post))
            print("\n".join(summary_lines(name, result)))
            if show_misses:
                print("\n".join(misses(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
