"""Keeps `make run`'s three servers running: when one exits, only that one is
started again, after a back-off, and the reason is logged.

* A run that ends before the server was ready, or less than ``STABLE_S`` after
  it started, is a *fast failure*. The back-off doubles with each fast failure
  in a row (1, 2, 4 … s, at most ``MAX_BACKOFF_S``); a run that lasted resets it.
* After ``GIVE_UP_AFTER`` fast failures in a row the supervisor gives up: it says
  so, stops everything and the launcher exits with status 1 (under systemd,
  ``Restart=on-failure`` then decides; see deploy/partnerskabsguiden.service).
* Each server is "starting", "ready", "restarting" (exited, or started again and
  not yet answering) or "down" (given up, or stopped). The states, the model's
  fingerprint and the start times are written to a small JSON state file that
  the web server's ``/health`` reads (written atomically on every change).

Rasa and the action server count as ready only when a real catalogue question
is answered with its source (``Servers.probe``), not merely when the port answers.
"""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

from partnerskab import settings
from partnerskab.ops.processes import Servers

STABLE_S = 60.0
MAX_BACKOFF_S = 30.0
GIVE_UP_AFTER = 5
POLL_S = 0.5
# Servers whose readiness is the real catalogue question (both take part in it).
PROBED = ("rasa", "actions")


def last_line(log: Path, limit: int = 300) -> str:
    """The last non-empty line of a server's log (usually the error), shortened."""
    try:
        with open(log, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 8192))
            lines = [
                line.strip()
                for line in f.read().decode("utf-8", "replace").splitlines()
                if line.strip()
            ]
    except OSError:
        return ""
    return lines[-1][:limit] if lines else ""


def describe_exit(code: Optional[int]) -> str:
    if code is None:
        return "is running"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


@dataclass
class Watch:
    name: str
    state: str = "starting"
    started: float = field(default_factory=time.time)  # wall clock, for uptime
    started_mono: float = field(default_factory=time.monotonic)
    ready_mono: Optional[float] = None
    restarts: int = 0
    fast_failures: int = 0
    restart_at: Optional[float] = None  # monotonic time of the planned restart


class GaveUp(RuntimeError):
    pass


class Supervisor:
    def __init__(
        self,
        servers: Servers,
        state_file: Path,
        say: Callable[[str], None] = print,
        stable_s: float = STABLE_S,
        max_backoff_s: float = MAX_BACKOFF_S,
        give_up_after: int = GIVE_UP_AFTER,
    ):
        self.servers = servers
        self.state_file = Path(state_file)
        self.say = say
        self.stable_s, self.max_backoff_s, self.give_up_after = (
            stable_s,
            max_backoff_s,
            give_up_after,
        )
        self.watches: Dict[str, Watch] = {}
        self.started = time.time()
        self.stopping = False

    # -- state file ------------------------------------------------------------

    def snapshot(self) -> Dict:
        return {
            "pid": os.getpid(),
            "started": self.started,
            "model": settings.model_fingerprint(self.servers.model),
            "servers": {
                w.name: {"state": w.state, "started": w.started, "restarts": w.restarts}
                for w in self.watches.values()
            },
        }

    def write_state(self) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_name(self.state_file.name + ".tmp")
        tmp.write_text(json.dumps(self.snapshot()), encoding="utf-8")
        os.replace(tmp, self.state_file)

    def set_state(self, watch: Watch, state: str) -> None:
        if watch.state != state:
            watch.state = state
            self.write_state()

    # -- starting --------------------------------------------------------------

    def start(self, names: List[str] = ("actions", "web", "rasa")) -> None:
        for name in names:
            self.servers.starters[name]()
            self.watches[name] = Watch(name)
        self.write_state()

    def _answers(self, name: str) -> bool:
        if not self.servers.health.get(name):
            return True  # nothing to ask: running is all we know
        return self.servers.answers(name)

    def _check_ready(self) -> None:
        waiting = [
            w
            for w in self.watches.values()
            if w.state in ("starting", "restarting") and w.restart_at is None
        ]
        if not waiting:
            return
        answering = {w.name for w in waiting if self._answers(w.name)}
        for watch in waiting:
            if watch.name in answering and watch.name not in PROBED:
                watch.ready_mono = time.monotonic()
                self.set_state(watch, "ready")
        probed = [w for w in waiting if w.name in PROBED]
        others_up = all(
            self.watches[n].state == "ready" or n in answering for n in PROBED if n in self.watches
        )
        if probed and others_up and self.servers.probe(timeout=20):
            for watch in probed:
                watch.ready_mono = time.monotonic()
                self.set_state(watch, "ready")
                if watch.restarts:
                    self.say(f"{watch.name} is ready again (restart {watch.restarts}).")

    def wait_ready(self, timeout: float = 300.0) -> float:
        """Supervises until every server is ready the first time; seconds taken."""
        start = time.monotonic()
        while any(w.state != "ready" for w in self.watches.values()):
            self.step()
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"not ready after {timeout:.0f} s; see {self.servers.log_dir}")
        return time.monotonic() - start

    # -- supervising -----------------------------------------------------------

    def _exited(self, watch: Watch, code: int) -> None:
        now = time.monotonic()
        lasted = now - watch.started_mono
        fast = watch.ready_mono is None or lasted < self.stable_s
        watch.fast_failures = watch.fast_failures + 1 if fast else 0
        log = self.servers.log_dir / f"{watch.name}.log"
        if watch.fast_failures >= self.give_up_after:
            self.set_state(watch, "down")
            why = last_line(log)
            raise GaveUp(
                f"GIVING UP: {watch.name} {describe_exit(code)}, "
                f"and it failed {watch.fast_failures} times in a row "
                f"within {self.stable_s:.0f} s of starting. "
                "Not restarting it again; stopping everything. "
                f"See {log}." + (f"\n  last log line: {why}" if why else "")
            )
        delay = min(self.max_backoff_s, 2.0 ** max(0, watch.fast_failures - 1))
        watch.restart_at = now + delay
        watch.ready_mono = None
        self.set_state(watch, "restarting")
        why = last_line(log) if code and code > 0 else ""
        self.say(
            f"{watch.name} {describe_exit(code)} after {lasted:.0f} s; "
            f"restarting it in {delay:.0f} s "
            f"(restart {watch.restarts + 1}; see {log})."
            + (f"\n  last log line: {why}" if why else "")
        )

    def step(self) -> None:
        """One round: notice exits, restart what is due, mark what became ready."""
        for watch in self.watches.values():
            proc = self.servers.named.get(watch.name)
            if watch.restart_at is None and proc is not None and proc.poll() is not None:
                self._exited(watch, proc.returncode)
            elif watch.restart_at is not None and time.monotonic() >= watch.restart_at:
                self.servers.respawn(watch.name)
                watch.restart_at = None
                watch.restarts += 1
                watch.started, watch.started_mono = time.time(), time.monotonic()
                self.write_state()
        self._check_ready()
        time.sleep(POLL_S)

    def run_forever(self) -> None:
        while not self.stopping:
            self.step()

    def stop(self) -> None:
        self.stopping = True
        self.servers.stop()
        for watch in self.watches.values():
            watch.state = "down"
        self.write_state()
