"""`make run`'s launcher as an operator meets it: started from cold, the FIRST
catalogue question gets the real answer; Rasa and then the action server are
killed with SIGKILL in the middle of a guide and each comes back by itself
while the conversation goes on at the right step; /health tells the states;
SIGTERM stops everything. The tests run in this order on one launcher."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from partnerskab.webapp.server import SECURITY_HEADERS
from tests.conftest import ROOT, rasa_env
from tests.rest import text_of

pytestmark = [pytest.mark.model, pytest.mark.e2e]

_BASE = int(os.environ.get("E2E_PORT_BASE") or 5100)
RASA_PORT, ACTION_PORT, WEB_PORT = _BASE + 7, _BASE + 57, _BASE + 87
COMEBACK_S = 60
FAULT = "kan ikke svare lige nu"


class Launcher:
    def __init__(self, model: Path, var: Path):
        self.var = var
        env = rasa_env()
        env.pop("TRACKER_URL", None)
        env.pop("STATE_FILE", None)
        env["COMPANIES_CSV"] = str(ROOT / "bot" / "companies" / "eksempel-virksomheder.csv")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bot" / "launcher.py"),
                "--model",
                str(model),
                "--rasa-port",
                str(RASA_PORT),
                "--action-port",
                str(ACTION_PORT),
                "--web-port",
                str(WEB_PORT),
                "--var-dir",
                str(var),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if re.search(pattern, line):
                    return line
            if self.proc.poll() is not None:
                time.sleep(0.5)  # let the reader catch the last lines
                break
            time.sleep(0.2)
        raise AssertionError(
            f"no line matching {pattern!r} within {timeout:.0f} s:\n" + "\n".join(self.lines)
        )

    def state(self) -> dict:
        return json.loads((self.var / "state.json").read_text())

    def pid_of(self, name: str) -> int:
        """The pid of one server: the launcher starts each in its own session."""
        import psutil

        needle = {
            "rasa": "rasa",
            "actions": "partnerskab.adapters.action_server",
            "web": "partnerskab.webapp.server",
        }[name]
        for child in psutil.Process(self.proc.pid).children():
            cmd = " ".join(child.cmdline())
            if needle in cmd and (name != "rasa" or " run " in cmd):
                return child.pid
        raise AssertionError(f"no {name} process under the launcher")


def ask(text: str, sender: str, timeout: float = 60) -> list:
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
    request = urllib.request.Request(
        f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def health() -> tuple:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/health", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def step_of(text: str):
    found = re.search(r"(?:Trin|Step) (\d+) (?:af|of) 12", text)
    return int(found.group(1)) if found else None


def wait_ready_again(launcher: Launcher, name: str, restarts: int) -> float:
    """Seconds until ``name`` is ready again after its ``restarts``-th restart."""
    start = time.monotonic()
    while time.monotonic() - start < COMEBACK_S:
        info = launcher.state()["servers"][name]
        if info["state"] == "ready" and info["restarts"] == restarts:
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(
        f"{name} not back within {COMEBACK_S} s:\n" + "\n".join(launcher.lines[-20:])
    )


@pytest.fixture(scope="module")
def launcher(model_path, tmp_path_factory):
    running = Launcher(model_path, tmp_path_factory.mktemp("launcher"))
    try:
        yield running
    finally:
        if running.proc.poll() is None:
            os.killpg(running.proc.pid, signal.SIGTERM)
            running.proc.wait(60)


def test_first_catalogue_question_after_a_cold_start_gets_the_real_answer(launcher):
    line = launcher.wait_for(r"is ready after \d+ s", timeout=400)
    ready_s = time.monotonic() - launcher.started
    print(f"\ncold start to ready: {ready_s:.0f} s ({line.strip()})")
    answer = text_of(ask("Hvad er ABCD-metoden?", str(uuid.uuid4()), timeout=30))
    assert "Kilde:" in answer and FAULT not in answer
    # the launcher's readiness question left nothing in the tracker store
    with sqlite3.connect(launcher.var / "tracker.db") as db:
        senders = {row[0] for row in db.execute("select distinct sender_id from events")}
    assert len(senders) == 1


def test_health_says_all_three_are_ready(launcher, model_path):
    status, body = health()
    assert status == 200 and body["status"] == "ok"
    assert {name: s["state"] for name, s in body["servers"].items()} == {
        "rasa": "ready",
        "actions": "ready",
        "web": "ready",
    }
    assert re.fullmatch(r"[0-9a-f]{8,}", body["model"]) and model_path.name.endswith(
        f"-{body['model']}.tar.gz"
    )
    assert (
        all(s["uptime_s"] >= 0 for s in body["servers"].values() if "uptime_s" in s)
        and body["uptime_s"] > 0
    )
    assert str(ROOT) not in json.dumps(body)
    with urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/health", timeout=5) as response:
        assert (
            response.headers["Server"] == SECURITY_HEADERS["Server"]
        )  # not "Python/3.10 aiohttp/…"


def test_rasa_then_action_server_killed_mid_guide_each_come_back_and_the_guide_goes_on(launcher):
    sender = str(uuid.uuid4())
    assert step_of(text_of(ask("trin for trin", sender))) == 1
    assert step_of(text_of(ask("næste", sender))) == 2

    os.kill(launcher.pid_of("rasa"), signal.SIGKILL)
    launcher.wait_for(r"rasa was killed by SIGKILL .* restarting it in 1 s", timeout=10)
    time.sleep(1.1)  # /health computes its answer at most once a second
    status, body = health()
    assert status == 503 and body["servers"]["rasa"]["state"] == "restarting"
    seconds = wait_ready_again(launcher, "rasa", restarts=1)
    print(f"\nrasa back after {seconds:.0f} s")
    after = text_of(ask("næste", sender))
    assert step_of(after) == 3, after

    os.kill(launcher.pid_of("actions"), signal.SIGKILL)
    launcher.wait_for(r"actions was killed by SIGKILL .* restarting it in 1 s", timeout=10)
    seconds = wait_ready_again(launcher, "actions", restarts=1)
    print(f"action server back after {seconds:.0f} s")
    after = text_of(ask("næste", sender))
    assert step_of(after) == 4 and "Kilde:" in after, after
    assert health()[0] == 200
    assert launcher.proc.poll() is None  # the launcher itself never stopped


def test_sigterm_stops_everything(launcher):
    import psutil

    children = psutil.Process(launcher.proc.pid).children(recursive=True)
    assert len(children) >= 3
    os.kill(launcher.proc.pid, signal.SIGTERM)
    assert launcher.proc.wait(60) == 0
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, [p.cmdline() for p in alive]
    assert all(s["state"] == "down" for s in launcher.state()["servers"].values())
