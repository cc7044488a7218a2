"""Generates NLU data from knowledge/: the case names' lookup table, the question
bank's ``ask_catalog`` examples and the interview's "return to the form" rules.

Run by ``make generate`` (and so before training); writes
``data/nlu/generated/cases.yml``, which is not committed: knowledge/ is the one
place aliases are written. The lookup table is a feature of the intent classifier
(RegexFeaturizer: "a case is named here"); which case a message names is decided by
partnerskab.core.names, not by this table. Each alias also gets its genitive
("LEGOs", "BRFkredits"), since Danish marks possession with -s and the featurizer
matches whole words.
"""

from __future__ import annotations

import re
import sys
from typing import Dict, List

import yaml

from partnerskab.core.interview import load_interruptions
from partnerskab.core.knowledge import Knowledge, load_knowledge
from partnerskab.settings import ROOT

TARGET = ROOT / "data" / "nlu" / "generated" / "cases.yml"
BANK_TARGET = TARGET.with_name("catalog_bank.yml")
RULES_TARGET = ROOT / "data" / "rules" / "generated" / "interview_returns.yml"
FORM = "area_interview_form"
# How many bank questions per fact and language become `ask_catalog` examples. The
# retriever uses the whole bank; the intent classifier only needs to learn that such
# questions are catalogue questions, and every example costs training time.
BANK_EXAMPLES = {"da": 5, "en": 4}
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
    """The generated NLU file: one ``case`` lookup table, longest forms first."""
    forms = case_forms(kb)
    every = sorted((f for fs in forms.values() for f in fs), key=lambda f: (-len(f), f.lower()))
    parts = [_block("lookup", "case", every)]
    header = (
        "# GENERATED from knowledge/ by `make generate` (partnerskab/ops/generate.py). "
        "Do not edit.\n"
        'version: "3.1"\nnlu:\n'
    )
    return header + "".join(parts)


def bank_examples(kb: Knowledge) -> List[str]:
    """Catalogue questions for the `ask_catalog` intent: the first few of each
    fact's question bank, so a question added at the end of a bank (the usual
    change to knowledge/) leaves the NLU data, and so the model, as it is; the
    retriever reads the whole bank when the action server starts. Questions that
    Rasa would read as markup are left out."""
    out: List[str] = []
    for fact in kb.facts.values():
        for lang, n in BANK_EXAMPLES.items():
            usable = [
                q for q in fact.questions.get(lang, ()) if not re.search(r"[\[\]{}()\n]|^/", q)
            ]
            out += usable[:n]
    return list(dict.fromkeys(out))


def render_bank(kb: Knowledge) -> str:
    header = (
        "# GENERATED from knowledge/questions/ by `make generate` "
        "(partnerskab/ops/generate.py). Do not edit.\n"
        'version: "3.1"\nnlu:\n'
    )
    return header + _block("intent", "ask_catalog", bank_examples(kb))


def render_interview_returns(interruptions: Dict) -> str:
    """Rasa rules: during the area interview, an interruption is answered and
    the form asks its question again (knowledge/interview/interruptions.yml)."""
    answered = [
        (intent, action) for intent, action in interruptions["answered_then_return"].items()
    ]
    answered += [
        (intent, "action_interview_unclear") for intent in interruptions["unclear_then_return"]
    ]
    rules = [
        {
            "rule": f"During the interview, {intent} is answered by {action}, "
            "then the question comes back",
            "condition": [{"active_loop": FORM}],
            "steps": [
                {"intent": intent},
                {"action": action},
                {"action": FORM},
                {"active_loop": FORM},
            ],
        }
        for intent, action in answered
    ]
    header = (
        "# GENERATED from knowledge/interview/interruptions.yml by `make generate`"
        " (partnerskab/ops/generate.py). Do not edit.\n"
    )
    return header + yaml.safe_dump(
        {"version": "3.1", "rules": rules}, allow_unicode=True, sort_keys=False
    )


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    kb = load_knowledge()
    TARGET.write_text(render(kb), encoding="utf-8")
    BANK_TARGET.write_text(render_bank(kb), encoding="utf-8")
    RULES_TARGET.parent.mkdir(parents=True, exist_ok=True)
    RULES_TARGET.write_text(render_interview_returns(load_interruptions()), encoding="utf-8")
    print(f"wrote {TARGET}, {BANK_TARGET} and {RULES_TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
