"""The folders are the layers (README "How it works"): imports point down only.

    settings < core < storage < adapters (+ actions/), webapp < ops (+ bot/launcher.py) < testing

The core imports no web or Rasa framework and no database library, so it can be
used and tested without them.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEVEL = {
    "settings": 0,
    "core": 1,
    "storage": 2,
    "adapters": 3,
    "actions": 3,
    "webapp": 3,
    "ops": 4,
    "testing": 5,
}
FRAMEWORKS = ("rasa", "rasa_sdk", "sanic", "aiohttp", "sqlalchemy", "tensorflow", "structlog")


def layer_of(module: str) -> Optional[str]:
    parts = module.split(".")
    if parts[0] == "actions":
        return "actions"
    if parts[0] == "bot":
        return "ops"
    if parts[0] == "partnerskab" and len(parts) > 1:
        return parts[1] if parts[1] in LEVEL else None
    return None


def imports(path: Path) -> Iterator[Tuple[int, str]]:
    """Every absolute module a file imports, lazy imports inside functions included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "partnerskab":  # from partnerskab import settings
                yield from ((node.lineno, f"partnerskab.{alias.name}") for alias in node.names)
            else:
                yield node.lineno, node.module


def sources():
    files = sorted((ROOT / "partnerskab").rglob("*.py")) + sorted((ROOT / "actions").glob("*.py"))
    files.append(ROOT / "bot" / "launcher.py")
    return files


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_every_module_sits_in_a_layer():
    stray = [
        module_name(p)
        for p in sources()
        if p.name != "__init__.py" and layer_of(module_name(p)) is None
    ]
    assert stray == [], f"modules outside the layer folders: {stray}"


def upward(here: str, path: Path):
    """The imports of ``path`` (a module of layer ``here``) that break the rule."""
    wrong = []
    for line, target in imports(path):
        there = layer_of(target)
        if there is None:
            if here in ("settings", "core") and target.split(".")[0] in FRAMEWORKS:
                wrong.append(f"line {line}: {target} (a framework, in the {here} layer)")
            continue
        if LEVEL[there] > LEVEL[here] or (
            LEVEL[there] == LEVEL[here]
            and there != here
            and {here, there} != {"adapters", "actions"}
        ):
            wrong.append(f"line {line}: {target} ({there} above or beside {here})")
    return wrong


@pytest.mark.parametrize("path", [p for p in sources() if p.name != "__init__.py"], ids=module_name)
def test_imports_point_down(path):
    wrong = upward(layer_of(module_name(path)), path)
    assert wrong == [], f"{module_name(path)} imports upward:\n" + "\n".join(wrong)


def test_the_rule_catches_framework_and_upward_imports(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nimport rasa.core\n\ndef f():\n    from partnerskab.webapp import server\n",
        encoding="utf-8",
    )
    assert [w.split(" (")[0] for w in upward("core", bad)] == [
        "line 2: rasa.core",
        "line 5: partnerskab.webapp",
    ]
    assert upward("testing", bad) == []
