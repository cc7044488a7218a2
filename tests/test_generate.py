"""NLU data from knowledge/ (lookup table, bank examples, rules) is generated, not hand-edited."""

from pathlib import Path

import yaml

from partnerskab.ops.generate import TARGET, case_forms, render

ROOT = Path(__file__).resolve().parent.parent


def test_generated_file_matches_knowledge(kb):
    assert TARGET.exists(), "run `make generate`"
    assert TARGET.read_text(encoding="utf-8") == render(kb), (
        "data/nlu/generated is stale: run `make generate`"
    )


def test_every_alias_and_its_genitive_is_in_the_lookup_table(kb):
    data = yaml.safe_load(render(kb))["nlu"]
    # No synonyms: which case a name stands for is decided by partnerskab.core.names.
    assert not [block for block in data if "synonym" in block]
    lookup = next(block["examples"] for block in data if block.get("lookup") == "case").splitlines()
    assert {"- LEGOs", "- BRFkredits", "- brandvæsenet"} <= set(lookup)
    lengths = [len(line) for line in lookup]
    assert lengths == sorted(
        lengths, reverse=True
    )  # longest first: "Vejle Brandvæsen" before "Vejle"


def test_forms_that_cannot_be_whole_words_are_left_out(kb):
    forms = [f for fs in case_forms(kb).values() for f in fs]
    assert "PÅ TVÆRS™" not in forms and "PÅ TVÆRS" in forms


def test_bank_examples_are_generated_and_a_new_bank_question_keeps_the_model(kb):
    from partnerskab.ops.generate import BANK_EXAMPLES, BANK_TARGET, render_bank

    assert BANK_TARGET.read_text(encoding="utf-8") == render_bank(kb), "run `make generate`"
    examples = yaml.safe_load(render_bank(kb))["nlu"][0]["examples"].splitlines()
    assert len(examples) >= len(kb.facts) * sum(BANK_EXAMPLES.values()) * 0.9
    fact = kb.fact("lego.partners")
    before = render_bank(kb)
    fact.questions["da"] = (
        *fact.questions["da"],
        "hvem var med i klasseadoptionen i det hele taget",
    )
    try:
        assert render_bank(kb) == before  # appended to the bank: NLU data and model unchanged
    finally:
        fact.questions["da"] = fact.questions["da"][:-1]


def test_interview_return_rules_come_from_the_one_list(domain):
    from partnerskab.core.interview import INTERRUPTIONS, load_interruptions
    from partnerskab.ops.generate import FORM, render_interview_returns

    listed = load_interruptions()
    rules = yaml.safe_load(render_interview_returns(listed))["rules"]
    answered = {r["steps"][0]["intent"]: r["steps"][1]["action"] for r in rules}
    assert answered == {
        **listed["answered_then_return"],
        **{i: "action_interview_unclear" for i in listed["unclear_then_return"]},
    }
    assert all(
        r["condition"] == [{"active_loop": FORM}]
        and r["steps"][2:] == [{"action": FORM}, {"active_loop": FORM}]
        for r in rules
    )
    # The interview's reading of a message treats the same requests as interruptions.
    assert set(listed["answered_then_return"]) <= INTERRUPTIONS
    known = set(domain.get("actions", [])) | set(domain.get("responses", {}))
    assert set(answered.values()) <= known


def test_a_corrected_answer_changes_no_training_input(kb):
    """What the model trains on from knowledge/ is the generated NLU data (aliases, the
    banks' first questions); answers, labels and keywords are read by the action server
    at start. So correcting an answer leaves the training fingerprint, and the model, as it is."""
    import importlib.util

    from partnerskab.ops.generate import render, render_bank

    spec = importlib.util.spec_from_file_location("train_tool", ROOT / "tools" / "train.py")
    train_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_tool)
    assert not any(
        item == "knowledge" or item.startswith("knowledge/") for item in train_tool.INPUTS
    )
    fact = kb.fact("lego.partners")
    before = (render(kb), render_bank(kb))
    old = dict(fact.answer)
    fact.answer["da"] = old["da"] + " Rettet."
    fact.keywords["da"] = (*fact.keywords["da"], "rettelse")
    try:
        assert (render(kb), render_bank(kb)) == before
    finally:
        fact.answer["da"] = old["da"]
        fact.keywords["da"] = fact.keywords["da"][:-1]


def test_the_training_fingerprint_holds_every_nlu_module_that_trains_and_no_other():
    """An NLU component that trains or processes training data changes the model, so
    its module must be in the training fingerprint (tools/train.py INPUTS); one that
    only reads messages at run time (the routers, which read knowledge/skills.yml when
    the server starts) must not be, or a change to it retrains for nothing."""
    import importlib
    import importlib.util
    import inspect

    spec = importlib.util.spec_from_file_location("train_tool", ROOT / "tools" / "train.py")
    train_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_tool)
    package = ROOT / "partnerskab" / "adapters" / "nlu"
    trains = set()
    for path in package.glob("*.py"):
        module = importlib.import_module(f"partnerskab.adapters.nlu.{path.stem}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            own = [c for c in cls.__mro__ if c.__module__.startswith("partnerskab.")]
            if cls.__module__ == module.__name__ and any(
                name in vars(c) for c in own for name in ("train", "process_training_data")
            ):
                trains |= {c.__module__ for c in own}
        if path.stem == "shared_spacy":
            trains.add(module.__name__)  # Rasa's SpacyNLP processes the training data
    listed = {
        f"partnerskab.adapters.nlu.{Path(item).stem}"
        for item in train_tool.INPUTS
        if item.startswith("partnerskab/adapters/nlu/")
    }
    assert trains <= listed
    assert listed - {"partnerskab.adapters.nlu.__init__"} <= trains


def test_the_training_fingerprint_holds_every_module_the_trained_components_import():
    """component.py imports core/language.py, which the fingerprint once left out: a
    change to it changed the model's inputs and kept the old model. The fingerprint
    follows the imports (tools/train.py ``imported``); here a fresh interpreter that
    imports the trained components says which of the project's modules they load, and
    the fingerprint holds those and no other."""
    import importlib.util
    import json
    import subprocess
    import sys

    spec = importlib.util.spec_from_file_location("train_tool", ROOT / "tools" / "train.py")
    train_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train_tool)
    modules = [p[: -len(".py")].replace("/", ".") for p in train_tool.TRAINS]
    script = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(m.__file__ for n, m in sys.modules.items()"
        " if n.split('.')[0] == 'partnerskab' and getattr(m, '__file__', None))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = {
        str(Path(f).resolve().relative_to(ROOT)) for f in json.loads(run.stdout.splitlines()[-1])
    }
    fingerprinted = {
        p for p in train_tool.INPUTS + train_tool.imported(train_tool.TRAINS) if p.endswith(".py")
    }
    assert "partnerskab/core/language.py" in loaded
    assert loaded == fingerprinted
