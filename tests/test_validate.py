"""`rasa data validate` is clean: no errors, and the only warnings are the
responses that custom actions send (which the validator cannot see) and the
intents that only buttons send (no NLU examples by design)."""

import re
import subprocess
import sys

from actions.common import ACTION_RESPONSES, PAYLOAD_ONLY_INTENTS
from tests.conftest import ROOT, rasa_env
from tools.train import RASA_INPUTS


def test_rasa_data_validate():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "data",
            "validate",
            *RASA_INPUTS,
            "--fail-on-warnings",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=rasa_env(),
        timeout=600,
    )
    output = result.stdout + result.stderr
    warnings = re.findall(r"UserWarning: (.*)", output)
    allowed = [
        f"The utterance '{r}' is not used in any story or rule." for r in ACTION_RESPONSES
    ] + [
        f"The intent '{i}' is listed in the domain file, but is not found in the NLU training data."
        for i in PAYLOAD_ONLY_INTENTS
    ]
    unexpected = [w for w in warnings if not any(a in w for a in allowed)]
    assert not unexpected, "\n".join(unexpected)
    assert "Errors were found" not in output and "Traceback" not in output, output[-3000:]
    if not warnings:
        assert result.returncode == 0, output[-3000:]


def test_sessions_expire_and_keep_their_slots(domain):
    """Long trackers make every turn slow: conversations start a new session after
    two hours of silence, keeping the slots (context, interview, guide step)."""
    assert 0 < domain["session_config"]["session_expiration_time"] <= 240
    assert domain["session_config"]["carry_over_slots_to_new_session"] is True


def test_http_api_only_with_a_token(monkeypatch):
    from partnerskab.ops.processes import Servers

    monkeypatch.delenv("RASA_API_TOKEN", raising=False)
    assert "--enable-api" not in Servers.api_args()
    monkeypatch.setenv("RASA_API_TOKEN", "s3cret")
    assert Servers.api_args() == ["--enable-api", "--auth-token", "s3cret"]
