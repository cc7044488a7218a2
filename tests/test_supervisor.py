"""The supervisor's restart, back-off and give-up rules, and the web server's
/health body, with stand-in processes (no Rasa, no model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partnerskab.ops.supervisor import GaveUp, Supervisor, describe_exit
from partnerskab.settings import model_fingerprint as fingerprint
from partnerskab.webapp.server import probe_health, probe_urls, read_health


class FakeServers:
    """Servers with one stand-in process per name: ``script`` is run by Python."""

    def __init__(self, tmp: Path, scripts):
        self.model = tmp / "models" / "partnerskabsguiden-0123456789abcdef.tar.gz"
        self.log_dir = tmp / "log"
        self.scripts = scripts
        self.named = {}
        self.processes = []
        self.health = {}  # no health URLs: a running stand-in counts as ready
        self.started = {name: 0 for name in scripts}
        self.stopped = False

    @property
    def starters(self):
        return {name: (lambda n=name: self._start(n)) for name in self.scripts}

    def _start(self, name):
        self.started[name] += 1
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / f"{name}.log", "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-c", self.scripts[name]], stdout=log, stderr=subprocess.STDOUT
            )
        self.named[name] = proc
        self.processes.append(proc)
        return proc

    def respawn(self, name):
        self.processes.remove(self.named.pop(name))
        return self._start(name)

    def probe(self, timeout=0):
        return False

    def stop(self):
        self.stopped = True
        for proc in self.processes:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def test_a_crashing_server_is_restarted_alone_with_growing_backoff_then_given_up(tmp_path):
    crash = (
        "import sys; print('starting'); "
        "print('ValueError: bad PLANS_DB', file=sys.stderr); sys.exit(3)"
    )
    servers = FakeServers(tmp_path, {"web": crash, "actions": "import time; time.sleep(60)"})
    said = []
    supervisor = Supervisor(
        servers, tmp_path / "state.json", say=said.append, max_backoff_s=2, give_up_after=4
    )
    supervisor.start(["web", "actions"])
    deadline = time.monotonic() + 30
    with pytest.raises(
        GaveUp, match=r"GIVING UP: web exited with code 3, and it failed 4 times in a row"
    ) as gave_up:
        while time.monotonic() < deadline:
            supervisor.step()
    assert "last log line: ValueError: bad PLANS_DB" in str(gave_up.value)
    restarts = [line for line in said if line.startswith("web exited with code 3")]
    assert [line.split("restarting it in ")[1].split(" s")[0] for line in restarts] == [
        "1",
        "2",
        "2",
    ]
    assert all(line.endswith("last log line: ValueError: bad PLANS_DB") for line in restarts)
    assert servers.started == {"web": 4, "actions": 1}  # the healthy server was left alone
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["servers"]["web"]["state"] == "down" and state["servers"]["web"]["restarts"] == 3
    assert state["model"] == "0123456789abcdef"
    supervisor.stop()
    assert servers.stopped and servers.named["actions"].poll() is not None


def test_a_run_that_lasted_resets_the_backoff(tmp_path):
    servers = FakeServers(tmp_path, {"web": "import time; time.sleep(1.5)"})
    said = []
    supervisor = Supervisor(
        servers, tmp_path / "state.json", say=said.append, stable_s=1.0, give_up_after=2
    )
    supervisor.start(["web"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and supervisor.watches["web"].restarts < 2:
        supervisor.step()
    # each run lasted longer than stable_s after it was ready: no fast failure, no growing back-off
    assert supervisor.watches["web"].restarts == 2 and supervisor.watches["web"].fast_failures == 0
    assert len(said) == 2 and all("restarting it in 1 s" in line for line in said)
    supervisor.stop()


def test_exit_descriptions_and_fingerprint():
    assert describe_exit(-9) == "was killed by SIGKILL"
    assert describe_exit(2) == "exited with code 2"
    assert (
        fingerprint(Path("/x/models/partnerskabsguiden-eb56170390136229.tar.gz"))
        == "eb56170390136229"
    )
    assert fingerprint(Path("/secret/path/model.tar.gz")) == "unknown"


def write_state(path: Path, pid: int, **servers) -> None:
    path.write_text(
        json.dumps(
            {
                "pid": pid,
                "started": time.time() - 100,
                "model": "eb56170390136229",
                "servers": {
                    name: {"state": state, "started": time.time() - 10, "restarts": 1}
                    for name, state in servers.items()
                },
            }
        )
    )


def test_health_reports_each_state_and_nothing_else(tmp_path):
    state = tmp_path / "state.json"
    write_state(state, os.getpid(), rasa="ready", actions="restarting", web="ready")
    body = read_health(state)
    assert body["status"] == "unavailable" and body["model"] == "eb56170390136229"
    assert body["servers"]["rasa"] == {"state": "ready", "uptime_s": 10, "restarts": 1}
    assert body["servers"]["actions"] == {"state": "restarting", "restarts": 1}
    assert 99 <= body["uptime_s"] <= 101
    write_state(state, os.getpid(), rasa="ready", actions="ready", web="ready")
    assert read_health(state)["status"] == "ok"
    text = json.dumps(read_health(state))
    assert str(tmp_path) not in text and "/" not in text and "version" not in text.lower()


def test_health_with_a_dead_launcher_or_junk_says_down(tmp_path):
    state = tmp_path / "state.json"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    write_state(state, dead.pid, rasa="ready", actions="ready", web="ready")
    body = read_health(state)
    assert body["status"] == "unavailable" and body["servers"]["rasa"]["state"] == "down"
    state.write_text(
        json.dumps(
            {
                "pid": os.getpid(),
                "model": "/etc/passwd",
                "servers": {"rasa": {"state": "<b>", "started": "x"}, "evil": {"state": "ready"}},
            }
        )
    )
    body = read_health(state)
    assert (
        body["model"] == "unknown"
        and body["servers"]["rasa"] == {"state": "down"}
        and "evil" not in body["servers"]
    )
    state.write_text("not json")
    assert read_health(state)["servers"]["actions"]["state"] == "down"
    assert read_health(None)["status"] == "unavailable"


def test_health_without_a_launcher_probes_the_configured_urls():
    urls = probe_urls(
        "rasa=http://127.0.0.1:9/nothing, actions=http://127.0.0.1:9/health,other=http://x"
    )
    assert set(urls) == {"rasa", "actions"}
    body = probe_health(urls, timeout=0.5)
    assert body["status"] == "unavailable" and body["servers"]["rasa"] == {"state": "down"}
    assert body["servers"]["web"] == {"state": "ready"}
