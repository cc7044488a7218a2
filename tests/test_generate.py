"""Lookup tables and synonyms are generated from knowledge/, never edited by hand."""


import yaml

from partnerskab.generate import TARGET, case_forms, render


def test_generated_file_matches_knowledge(kb):
    assert TARGET.exists(), "run `make generate`"
    assert TARGET.read_text(encoding="utf-8") == render(kb), "data/nlu/generated is stale: run `make generate`"


def test_every_alias_and_its_genitive_maps_to_its_case(kb):
    data = yaml.safe_load(render(kb))["nlu"]
    synonyms = {block["synonym"]: block["examples"] for block in data if "synonym" in block}
    assert set(synonyms) == {c.id for c in kb.cases}
    assert "- LEGOs\n" in synonyms["lego"] and "- BRFkredits\n" in synonyms["brfkredit"]
    assert "- brandvæsenet\n" in synonyms["brandvaesen"]
    lookup = next(block["examples"] for block in data if block.get("lookup") == "case").splitlines()
    lengths = [len(line) for line in lookup]
    assert lengths == sorted(lengths, reverse=True)  # longest first: "Vejle Brandvæsen" before "Vejle"


def test_forms_that_cannot_be_whole_words_are_left_out(kb):
    forms = [f for fs in case_forms(kb).values() for f in fs]
    assert "PÅ TVÆRS™" not in forms and "PÅ TVÆRS" in forms
