"""Generates NLU lookup tables and synonyms for the ``case`` entity from knowledge/.

Run by ``make generate`` (and so before training); writes
``data/nlu/generated/cases.yml``, which is not committed: knowledge/ is the one
place aliases are written. Each alias also gets its genitive ("LEGOs",
"BRFkredits"), since Danish marks possession with -s and the entity extractor
matches whole words.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Dict, List

from partnerskab.knowledge import Knowledge, load_knowledge

TARGET = Path(__file__).resolve().parent.parent / "data" / "nlu" / "generated" / "cases.yml"
_WORDLIKE = re.compile(r"^\w.*\w$", re.UNICODE)


def case_forms(kb: Knowledge) -> Dict[str, List[str]]:
    """Case id -> every surface form that names it (aliases and genitives)."""
    forms: Dict[str, List[str]] = {}
    seen = set()
    for topic in kb.cases:
        out: List[str] = []
        for alias in topic.aliases:
            if not _WORDLIKE.match(alias):
                continue  # "PÅ TVÆRS™": a word boundary cannot follow "™"
            for form in (alias, alias if alias.lower().endswith(("s", "x", "z")) else alias + "s"):
                key = form.lower()
                if key in seen:
                    continue
                seen.add(key)
                out.append(form)
        forms[topic.id] = out
    return forms


def _block(key: str, name: str, items: List[str]) -> str:
    lines = "".join(f"    - {item}\n" for item in items)
    return f"- {key}: {name}\n  examples: |\n{lines}"


def render(kb: Knowledge) -> str:
    """The generated NLU file: one ``case`` lookup table, one synonym per case.
    Longest forms first, so "Vejle Brandvæsen" wins over "Vejle"."""
    forms = case_forms(kb)
    every = sorted((f for fs in forms.values() for f in fs), key=lambda f: (-len(f), f.lower()))
    parts = [_block("lookup", "case", every)]
    parts += [_block("synonym", case_id, items) for case_id, items in forms.items()]
    header = (
        "# GENERATED from knowledge/ by `make generate` (partnerskab/generate.py). Do not edit.\n"
        'version: "3.1"\nnlu:\n'
    )
    return header + "".join(parts)


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(render(load_knowledge()), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
