"""`rasa data validate` is clean: no errors, and the only warnings are the
responses that custom actions send (which the validator cannot see)."""

import re
import subprocess
import sys

from actions.common import ACTION_RESPONSES
from tests.conftest import ROOT, rasa_env


def test_rasa_data_validate():
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--config", "config.yml",
         "--domain", "bot/domain.yml", "--data", "data", "--fail-on-warnings"],
        cwd=ROOT, capture_output=True, text=True, env=rasa_env(), timeout=600,
    )
    output = result.stdout + result.stderr
    warnings = re.findall(r"UserWarning: (.*)", output)
    unexpected = [w for w in warnings
                  if not any(f"The utterance '{r}' is not used in any story or rule." in w for r in ACTION_RESPONSES)]
    assert not unexpected, "\n".join(unexpected)
    assert "Errors were found" not in output and "Traceback" not in output, output[-3000:]
    if not warnings:
        assert result.returncode == 0, output[-3000:]
