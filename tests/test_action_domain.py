"""Rasa sends the domain only to actions that ask for it (enable_selective_domain):
no action reads it (texts come from the wording layer), so none asks."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT


def test_endpoint_does_not_send_the_domain_with_every_call():
    endpoints = yaml.safe_load((ROOT / "bot" / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True


def test_no_action_reads_the_domain_it_is_no_longer_sent():
    reads = re.compile(r"\bdomain(\[|\.get\(|\.items\(|\.keys\()")
    found = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "actions").glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reads.search(line)
    ]
    assert not found, (
        f"an action reads the domain; list it with send_domain in bot/domain/: {found}"
    )
