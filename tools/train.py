"""Trains the Rasa model only when its inputs changed, keyed by a fingerprint.

The fingerprint hashes everything training reads, and only that: config.yml, the domain
(bot/domain/), data/ (including the NLU data and rules generated from knowledge/, by
content: a change to knowledge/ that generates the same data, such as
knowledge/skills.yml, which the routers read at run time, leaves the model as it is),
the pinned package versions, the NLU components that train and every module of the
project they import (followed from import to import: the word lists, the spelling, the
language's defaults).
The model is written to ``models/partnerskabsguiden-<fingerprint>.tar.gz`` and copied
to a cache outside the work tree (``$PARTNERSKAB_CACHE``, default
``~/.cache/partnerskabsguiden``), so a fresh clone of an already-trained tree (CI)
reuses it in seconds.
Rasa's own training cache (``.rasa/``) makes a partial change retrain fast.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Set

ROOT = Path(__file__).resolve().parent.parent
# The NLU components that take part in training: the shared spaCy pipeline (the lemmas
# features are made of), the two trained ones and their base. The routers, the case
# extractor and the language detector only read messages at run time (with knowledge/
# read when the server starts, as the action server does), so a change to them needs a
# restart, not a new model (tests/test_generate.py checks that no other module of the
# package trains or processes training data). The modules of the project they import
# count too (``imported``): the vocabulary guard stores the training words with æ/ø/å
# folded (core/spelling.py), the pipeline's words come from core/words.py.
TRAINS = [
    "partnerskab/adapters/nlu/__init__.py",
    "partnerskab/adapters/nlu/component.py",
    "partnerskab/adapters/nlu/shared_spacy.py",
    "partnerskab/adapters/nlu/linear_intents.py",
    "partnerskab/adapters/nlu/vocabulary_guard.py",
]
INPUTS = ["config.yml", "bot/domain", "data", "constraints.txt", *TRAINS]
PACKAGE = "partnerskab"
# The bot's inputs as `rasa` takes them (`rasa train` here, `rasa data validate` in the tests).
RASA_INPUTS = ["--config", "config.yml", "--domain", "bot/domain", "--data", "data"]
CACHE = (
    Path(os.environ.get("PARTNERSKAB_CACHE", Path.home() / ".cache" / "partnerskabsguiden"))
    / "models"
)
MODELS = ROOT / "models"


def _module_file(name: str) -> Optional[Path]:
    """The file of the project's module ``name`` ("partnerskab.core.words"), or
    ``None`` for a module outside the project or a name that is no module."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    base = ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _run_on_import(tree: ast.AST) -> Iterator[ast.AST]:
    """The statements of a module that run when it is imported: all but the bodies
    of its functions."""
    for node in ast.iter_child_nodes(tree):
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from _run_on_import(node)


def imported(paths: Iterable[str]) -> List[str]:
    """The project's modules that the modules ``paths`` import when they are loaded,
    and those that these import, and so on, with the packages they are in (relative
    paths, sorted). Imports inside a function run only when it is called, and are
    not followed: training calls none that imports (language.py's detection does, at
    run time)."""
    seen: Set[Path] = set()
    todo = [ROOT / p for p in paths]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        names = []
        for node in _run_on_import(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                # "from partnerskab.core import words" imports the module words.
                names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            parts = name.split(".")
            # The packages a module is in run their __init__ first.
            for found in (_module_file(".".join(parts[:i])) for i in range(1, len(parts) + 1)):
                if found is not None and found not in seen:
                    todo.append(found)
    return sorted(str(p.relative_to(ROOT)) for p in seen - {ROOT / p for p in paths})


def fingerprint() -> str:
    digest = hashlib.sha256()
    files = []
    for item in INPUTS + imported(TRAINS):
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
