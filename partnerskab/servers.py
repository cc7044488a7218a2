"""Starting and stopping the action server and Rasa, for `make run`, tests and bench.

Both bind to loopback only. Rasa runs with the REST channel, the SQL tracker
store from bot/endpoints.yml and without its HTTP API (no --enable-api).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def cors_origins(web_port) -> List[str]:
    """Browser origins allowed to talk to Rasa and the web API: $CORS_ORIGINS
    (comma-separated), else the demo page's own."""
    configured = os.environ.get("CORS_ORIGINS")
    if configured:
        return [o.strip().rstrip("/") for o in configured.split(",") if o.strip()]
    return [f"http://127.0.0.1:{web_port}", f"http://localhost:{web_port}"]


STORE_DEFAULTS = {"LOCK_STORE": "in_memory", "REDIS_HOST": HOST, "REDIS_PORT": "6379", "REDIS_DB": "1"}


def base_env() -> Dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env["RASA_TELEMETRY_ENABLED"] = "false"  # never phone home
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


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
    health: Dict[str, str] = field(default_factory=dict)  # server name -> URL that answers 200 when ready
    named: Dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def public_url(self) -> str:
        """Where people reach the web server: plan links start with it and `make run`
        prints it as the demo address, so the two always agree."""
        return (os.environ.get("PUBLIC_URL") or f"http://{HOST}:{self.web_port}").rstrip("/")

    @property
    def webhook(self) -> str:
        return f"http://{HOST}:{self.rasa_port}/webhooks/rest/webhook"

    def _spawn(self, name: str, cmd: List[str], env: Dict[str, str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")
        proc = subprocess.Popen(cmd, cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.processes.append(proc)
        self.named[name] = proc
        return proc

    def start_actions(self) -> subprocess.Popen:
        env = base_env()
        env["SANIC_HOST"] = HOST
        env["PLANS_DB"] = str(self.plans_db)
        env["PUBLIC_URL"] = self.public_url
        self.health["actions"] = f"http://{HOST}:{self.action_port}/health"
        return self._spawn("actions", [sys.executable, "-m", "partnerskab.action_server", "--actions", "actions",
                                       "--port", str(self.action_port)], env)

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
        return self._spawn("web", [sys.executable, "-m", "partnerskab.web", "--host", HOST,
                                   "--port", str(self.web_port), "--bot-url", f"http://{HOST}:{self.rasa_port}"], env)

    @property
    def cors_origins(self) -> List[str]:
        return cors_origins(self.web_port)

    def rasa_command(self) -> List[str]:
        return [
            sys.executable, "-m", "rasa", "run", "--model", str(self.model),
            "--endpoints", "bot/endpoints.yml", "--credentials", "bot/credentials.yml",
            "--interface", HOST, "--port", str(self.rasa_port), "--cors", *self.cors_origins,
            *self.api_args(),
        ]

    @staticmethod
    def api_args() -> List[str]:
        """Rasa's HTTP API stays off; with $RASA_API_TOKEN set it is enabled and
        every call needs that token (?token=…)."""
        token = os.environ.get("RASA_API_TOKEN", "").strip()
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

    def restart_rasa(self, timeout: float = 20.0) -> float:
        """Stops the Rasa server (SIGTERM, as a deployment would) and starts a
        new one on the same tracker store; returns the seconds until it answers."""
        self.stop_named("rasa", timeout)
        self.start_rasa()
        return self.wait_ready()

    def wait_ready(self, timeout: float = 180.0) -> float:
        """Waits until every started server answers; returns the seconds it took."""
        start = time.monotonic()
        pending = list(self.health.values())
        while pending:
            for proc in self.processes:
                if proc.poll() is not None:
                    raise RuntimeError(f"a server exited with {proc.returncode}; see {self.log_dir}")
            try:
                with urllib.request.urlopen(pending[0], timeout=2) as resp:
                    if resp.status == 200:
                        pending.pop(0)
                        continue
            except OSError:
                pass
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
