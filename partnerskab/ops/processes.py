"""Starting and stopping the action server and Rasa, for `make run`, tests and bench.

Both bind to loopback only. Rasa runs with the REST channel, the SQL tracker
store from bot/endpoints.yml and without its HTTP API (no --enable-api).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

from partnerskab import settings
from partnerskab.settings import HOST, ROOT, bind_host, cors_origins

# The readiness probe: one real catalogue question through the REST channel.
# Its answer carries its source only when NLU, Rasa's policies and the action
# server all answer in time; the fault reply ("kan ikke svare lige nu") does not.
PROBE_QUESTION, PROBE_MARK = "Hvad er ABCD-metoden?", "Kilde:"

STORE_DEFAULTS = {
    "LOCK_STORE": "in_memory",
    "REDIS_HOST": HOST,
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
}


def base_env() -> Dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env["RASA_TELEMETRY_ENABLED"] = "false"  # never phone home
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def python_module(module: str, *args: str) -> List[str]:
    """The command that runs ``module`` with this Python (the project's venv)."""
    return [sys.executable, "-m", module, *args]


@dataclass
class Servers:
    model: Path
    rasa_port: int = 5005
    action_port: int = 5055
    tracker_db: Path = ROOT / "var" / "tracker.db"
    log_dir: Path = ROOT / "var" / "log"
    cwd: Path = ROOT
    web_port: int = 8000
    plans_db: Path = ROOT / "var" / "plans.db"
    processes: List[subprocess.Popen] = field(default_factory=list)
    health: Dict[str, str] = field(
        default_factory=dict
    )  # server name -> URL that answers 200 when ready
    named: Dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def starters(self) -> Dict[str, Callable[[], subprocess.Popen]]:
        return {"actions": self.start_actions, "web": self.start_web, "rasa": self.start_rasa}

    @property
    def tracker_url(self) -> str:
        return settings.tracker_url(self.tracker_db)

    @property
    def public_url(self) -> str:
        """Where people reach the web server (see settings.public_url)."""
        return settings.public_url(self.web_port)

    @property
    def webhook(self) -> str:
        return f"http://{HOST}:{self.rasa_port}/webhooks/rest/webhook"

    def _spawn(self, name: str, cmd: List[str], env: Dict[str, str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")
        proc = subprocess.Popen(
            cmd, cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(proc)
        self.named[name] = proc
        return proc

    def start_actions(self) -> subprocess.Popen:
        env = base_env()
        env["SANIC_HOST"] = bind_host()
        env["PLANS_DB"] = str(self.plans_db)
        env["PUBLIC_URL"] = self.public_url
        self.health["actions"] = f"http://{HOST}:{self.action_port}/health"
        server = ["--actions", "actions", "--port", str(self.action_port)]
        return self._spawn(
            "actions", python_module("partnerskab.adapters.action_server", *server), env
        )

    def start_web(self) -> subprocess.Popen:
        """The project's web server: partnership plans (and static files)."""
        env = base_env()
        env["PLANS_DB"] = str(self.plans_db)
        env["TRACKER_DB"] = str(self.tracker_db)
        env.setdefault("TRACKER_URL", f"sqlite:///{self.tracker_db}")
        env["WEB_PORT"] = str(self.web_port)
        env["CORS_ORIGINS"] = ",".join(self.cors_origins)
        self.plans_db.parent.mkdir(parents=True, exist_ok=True)
        self.health["web"] = f"http://{HOST}:{self.web_port}/health"
        server = ["--host", bind_host(), "--port", str(self.web_port)]
        bot = ["--bot-url", f"http://{HOST}:{self.rasa_port}"]
        return self._spawn("web", python_module("partnerskab.webapp.server", *server, *bot), env)

    @property
    def cors_origins(self) -> List[str]:
        return cors_origins(self.web_port)

    def rasa_run(self, interface: str) -> List[str]:
        """`rasa run` of this model on ``interface``, port ``rasa_port``."""
        server = ["--interface", interface, "--port", str(self.rasa_port)]
        return python_module("rasa", "run", "--model", str(self.model), *server)

    def rasa_command(self) -> List[str]:
        bot = ["--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml"]
        web = ["--cors", *self.cors_origins, *self.api_args()]
        return [*self.rasa_run(bind_host()), *bot, *web]

    @staticmethod
    def api_args() -> List[str]:
        """Rasa's HTTP API stays off; with $RASA_API_TOKEN set it is enabled and
        every call needs that token (?token=…)."""
        token = settings.rasa_api_token()
        return ["--enable-api", "--auth-token", token] if token else []

    def rasa_env(self) -> Dict[str, str]:
        env = base_env()
        env["ACTION_ENDPOINT_URL"] = f"http://{HOST}:{self.action_port}/webhook"
        env["TRACKER_DB"] = str(self.tracker_db)
        env.setdefault("TRACKER_URL", f"sqlite:///{self.tracker_db}")
        for key, value in STORE_DEFAULTS.items():
            env.setdefault(key, value)
        env.setdefault("SANIC_REQUEST_MAX_SIZE", str(64 * 1024))  # larger bodies get 413
        self.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        return env

    def start_rasa(self) -> subprocess.Popen:
        self.health["rasa"] = f"http://{HOST}:{self.rasa_port}/webhooks/rest/"
        return self._spawn("rasa", self.rasa_command(), self.rasa_env())

    def stop_named(self, name: str, timeout: float = 20.0) -> None:
        """Stops one server (SIGTERM, then SIGKILL)."""
        old = self.named.pop(name)
        os.killpg(old.pid, signal.SIGTERM)
        try:
            old.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(old.pid, signal.SIGKILL)
            old.wait()
        self.processes.remove(old)

    def answers(self, name: str, timeout: float = 2.0) -> bool:
        """Whether server ``name`` answers its health URL. The web server's
        /health reports all three and says 503 while Rasa or the action server
        is not ready: for the web server itself any answer means it is up."""
        try:
            with urllib.request.urlopen(self.health[name], timeout=timeout) as resp:
                return resp.status == 200
        except urllib.error.HTTPError as error:
            return name == "web" and error.code == 503
        except OSError:
            return False

    def respawn(self, name: str) -> subprocess.Popen:
        """Starts server ``name`` again after its process has exited."""
        old = self.named.pop(name, None)
        if old is not None and old in self.processes:
            self.processes.remove(old)
        return self.starters[name]()

    def probe(self, timeout: float = 30.0) -> bool:
        """Asks one real catalogue question as a throwaway conversation (a new
        UUIDv4 that is deleted from the tracker store right after, so purge,
        report and history never see it); True when the real answer with its
        source came back."""
        from partnerskab.storage.events import forget

        sender = str(uuid.uuid4())
        body = json.dumps({"sender": sender, "message": PROBE_QUESTION}).encode("utf-8")
        request = urllib.request.Request(
            self.webhook, data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                messages = json.loads(resp.read())
            return any(PROBE_MARK in (m.get("text") or "") for m in messages if isinstance(m, dict))
        except (OSError, ValueError):
            return False
        finally:
            try:
                forget(sender, self.tracker_url)
            except Exception:  # noqa: BLE001 - the store may not exist yet; nothing was kept then
                pass

    def restart_rasa(self, timeout: float = 20.0) -> float:
        """Stops the Rasa server (SIGTERM, as a deployment would) and starts a
        new one on the same tracker store; returns the seconds until it answers."""
        self.stop_named("rasa", timeout)
        self.start_rasa()
        return self.wait_ready()

    def wait_ready(self, timeout: float = 180.0, probe: Optional[bool] = None) -> float:
        """Waits until every started server answers its health check and (when
        Rasa and an action server run) a real catalogue question is answered
        with its source; returns the seconds it took."""
        start = time.monotonic()
        pending = list(self.health)
        if probe is None:
            probe = "rasa" in self.health
        while pending or probe:
            for proc in self.processes:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"a server exited with {proc.returncode}; see {self.log_dir}"
                    )
            if pending:
                if self.answers(pending[0]):
                    pending.pop(0)
                    continue
            elif self.probe(timeout=max(5.0, min(30.0, timeout - (time.monotonic() - start)))):
                probe = False
                continue
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"servers not ready after {timeout}s; see {self.log_dir}")
            time.sleep(0.5)
        return time.monotonic() - start

    def stop(self, timeout: float = 20.0) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.processes:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.processes.clear()


def rss_mb(processes) -> float:
    """Resident memory (MB) of the given processes and all their children."""
    import psutil

    total = 0
    for proc in processes:
        try:
            parent = psutil.Process(proc.pid)
            total += sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


@contextmanager
def running(model: Path, **kwargs) -> Iterator[Servers]:
    servers = Servers(model=model, **kwargs)
    try:
        servers.start_actions()
        servers.start_web()
        servers.start_rasa()
        servers.wait_ready()
        yield servers
    finally:
        servers.stop()
