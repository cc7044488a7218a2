"""Trains the Rasa model only when its inputs changed, keyed by a fingerprint.

The fingerprint hashes everything training reads, and only that: config.yml, the domain
(bot/domain/), data/ (including the NLU data and rules generated from knowledge/, by
content: a change to knowledge/ that generates the same data, such as
knowledge/skills.yml, which the routers read at run time, leaves the model as it is),
the spaCy word list, the pinned package versions and the NLU components that train.
The model is written to ``models/partnerskabsguiden-<fingerprint>.tar.gz`` and copied
to a cache outside the work tree (``$PARTNERSKAB_CACHE``, default
``~/.cache/partnerskabsguiden``), so a fresh clone of an already-trained tree (CI)
reuses it in seconds.
Rasa's own training cache (``.rasa/``) makes a partial change retrain fast.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [
    "config.yml",
    "bot/domain",
    "data",
    "constraints.txt",
    "partnerskab/core/words.py",
    # The vocabulary guard stores the training words with æ/ø/å folded (folded_forms).
    "partnerskab/core/spelling.py",
    # The NLU components that take part in training: the shared spaCy pipeline (the
    # lemmas features are made of), the two trained ones and their base. The routers,
    # the case extractor and the language detector only read messages at run time (with
    # knowledge/ read when the server starts, as the action server does), so a change to
    # them needs a restart, not a new model (tests/test_generate.py checks that no other
    # module of the package trains or processes training data).
    "partnerskab/adapters/nlu/__init__.py",
    "partnerskab/adapters/nlu/component.py",
    "partnerskab/adapters/nlu/shared_spacy.py",
    "partnerskab/adapters/nlu/linear_intents.py",
    "partnerskab/adapters/nlu/vocabulary_guard.py",
]
# The bot's inputs as `rasa` takes them (`rasa train` here, `rasa data validate` in the tests).
RASA_INPUTS = ["--config", "config.yml", "--domain", "bot/domain", "--data", "data"]
CACHE = (
    Path(os.environ.get("PARTNERSKAB_CACHE", Path.home() / ".cache" / "partnerskabsguiden"))
    / "models"
)
MODELS = ROOT / "models"


def fingerprint() -> str:
    digest = hashlib.sha256()
    files = []
    for item in INPUTS:
        path = ROOT / item
        files += (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"partnerskabsguiden-{fingerprint()}.tar.gz"


def main() -> int:
    target = model_path()
    if target.exists():
        print(f"model up to date: {target.relative_to(ROOT)}")
        return 0
    cached = CACHE / target.name
    MODELS.mkdir(exist_ok=True)
    if cached.exists():
        shutil.copy2(cached, target)
        print(f"model restored from cache: {target.relative_to(ROOT)}")
        return 0
    cmd = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        *RASA_INPUTS,
        "--out",
        "models",
        "--fixed-model-name",
        target.name[: -len(".tar.gz")],
    ]
    print("training:", " ".join(cmd[2:]))
    subprocess.run(cmd, cwd=ROOT, check=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    shutil.copy2(target, cached)
    print(f"model trained: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--path"]:
        print(model_path().relative_to(ROOT))
        sys.exit(0)
    sys.exit(main())
