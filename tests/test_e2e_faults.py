"""Faults, end to end: the action server down or hanging. Stock Rasa answers 200
with an empty list (silence); we answer politely within 5 s and recover by
ourselves when the action server is back."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.rest import ask, new_sender, text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]


def timed(servers, sender, text):
    start = time.monotonic()
    messages = ask(servers, sender, text)
    return messages, time.monotonic() - start


def test_action_server_down_then_back(servers):
    sender = new_sender()
    servers.stop_named("actions")
    try:
        messages, seconds = timed(servers, sender, "Hvad er ABCD-metoden?")
        assert seconds < 5 and "kan ikke svare lige nu" in text_of(messages)
        messages, seconds = timed(servers, new_sender(), "What is CSR?")
        assert seconds < 5 and "cannot answer just now" in text_of(messages)
    finally:
        servers.start_actions()
        servers.wait_ready()
    assert "Kilde:" in text_of(ask(servers, sender, "Hvad er ABCD-metoden?"))


def test_action_server_hanging_then_back(servers):
    sender = new_sender()
    pid = servers.named["actions"].pid
    os.killpg(pid, signal.SIGSTOP)
    try:
        messages, seconds = timed(servers, sender, "Hvad er Kulturringen?")
        assert seconds < 5 and "kan ikke svare lige nu" in text_of(messages)
    finally:
        os.killpg(pid, signal.SIGCONT)
    time.sleep(2)
    assert "Kilde:" in text_of(ask(servers, new_sender(), "Hvad er Kulturringen?"))


def test_restart_intent_says_so(servers):
    assert "starter forfra" in text_of(ask(servers, new_sender(), "start forfra"))
