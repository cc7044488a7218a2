"""The NLU test set is separate from training data and big enough."""

from pathlib import Path

import yaml

from actions.common import PAYLOAD_ONLY_INTENTS

ROOT = Path(__file__).resolve().parent.parent


def _examples(path: Path):
    out = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            for line in block["examples"].splitlines():
                line = line.strip()[2:].strip()
                if line:
                    out.append((block["intent"], line))
    return out


def _plain(text: str) -> str:
    import re

    text = re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})", r"\1", text)
    return " ".join(text.lower().split()).strip("?!. ")


def test_test_set_shares_no_example_with_training():
    train = {_plain(t) for p in (ROOT / "data" / "nlu").glob("*.yml") for _, t in _examples(p)}
    for name in ("test_da.yml", "test_en.yml"):
        # A count only: the test set's messages must not reach whoever tunes the data
        # (asserting on the list would print them: pytest shows the list it compared).
        shared = sum(_plain(t) in train for _, t in _examples(ROOT / "tests" / "nlu" / name))
        assert shared == 0, f"{name} repeats {shared} training example(s); remove them"


def test_test_set_size(domain):
    da = _examples(ROOT / "tests" / "nlu" / "test_da.yml")
    en = _examples(ROOT / "tests" / "nlu" / "test_en.yml")
    assert len(da) >= 150 and len(en) >= 80, (len(da), len(en))
    intents = {i for i, _ in da} | {i for i, _ in en}
    # every intent a user can type (button-only intents have no examples by design)
    assert intents == set(domain["intents"]) - set(PAYLOAD_ONLY_INTENTS)
