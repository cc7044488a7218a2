"""Throwaway PostgreSQL and Redis servers from Debian's packages, on loopback
ports with their own data folders: for the scale-out test and the benchmark.

    with postgres(tmp / "pg", 55432) as url, redis(tmp / "redis", 56379):
        ...  # TRACKER_URL=url, LOCK_STORE=redis, REDIS_PORT=56379

PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, List, Tuple

if TYPE_CHECKING:
    from partnerskab.ops.processes import Servers

HOST = "127.0.0.1"


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        raise FileNotFoundError(f"{name} not found: install Debian's postgresql package")
    return path


def _as_postgres(cmd: List[str]) -> List[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _wait_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not open port {port}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def _serving(cmd: List[str], log_path: Path, port: int, what: str) -> Iterator[None]:
    """``cmd`` running, its output in ``log_path``, from when it listens on ``port``
    until the block ends."""
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_port(port, proc, what)
            yield
        finally:
            _stop(proc)


@contextmanager
def postgres(data: Path, port: int) -> Iterator[str]:
    """A PostgreSQL server with trust auth on loopback; yields its SQLAlchemy URL.
    As root the data folder is a fresh one under /tmp owned by ``postgres``
    (the user cannot enter root's private temporary folders), removed afterwards."""
    own = None
    if os.geteuid() == 0:
        own = Path(tempfile.mkdtemp(prefix="partnerskab-pg-"))
        shutil.chown(own, "postgres", "postgres")
        data = own / "data"
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    if own is not None:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                _pg_bin("initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-instructions",
            ]
        ),
        check=True,
        capture_output=True,
    )
    settings = ["-c", f"listen_addresses={HOST}", "-c", "fsync=off", "-c", "max_connections=200"]
    server = [_pg_bin("postgres"), "-D", str(data), "-p", str(port), "-k", str(data), *settings]
    try:
        with _serving(_as_postgres(server), data.parent / f"{data.name}.log", port, "postgres"):
            time.sleep(0.5)
            yield f"postgresql://postgres@{HOST}:{port}/postgres"
    finally:
        if own is not None:
            shutil.rmtree(own, ignore_errors=True)


@contextmanager
def redis(data: Path, port: int) -> Iterator[int]:
    """A Redis server on loopback without persistence; yields its port."""
    data = Path(data)
    data.mkdir(parents=True, exist_ok=True)
    server = shutil.which("redis-server")
    if not server:
        raise FileNotFoundError("redis-server not found: install Debian's redis-server package")
    listen = ["--port", str(port), "--bind", HOST, "--protected-mode", "yes"]
    no_persistence = ["--save", "", "--appendonly", "no", "--dir", str(data)]
    with _serving([server, *listen, *no_persistence], data / "redis.log", port, "redis-server"):
        yield port


@contextmanager
def production_cluster(
    model: Path,
    work: Path,
    pg_port: int,
    redis_port: int,
    rasa_ports: Tuple[int, int],
    action_port: int,
    second_workers: int = 1,
) -> Iterator[Tuple["Servers", "Servers", str]]:
    """PostgreSQL + Redis, one action server and two Rasa instances on them (the
    second with ``second_workers`` Sanic workers); yields both instances and the
    tracker store URL. The environment is restored afterwards."""
    from partnerskab.ops.processes import Servers  # noqa: F811 (imported at run time: servers imports nothing from here)

    saved = dict(os.environ)
    with postgres(work / "pg", pg_port) as url, redis(work / "redis", redis_port):
        os.environ.update(
            {
                "TRACKER_URL": url,
                "LOCK_STORE": "redis",
                "REDIS_HOST": HOST,
                "REDIS_PORT": str(redis_port),
                "REDIS_DB": "1",
            }
        )
        a, b = (
            Servers(
                model=model,
                rasa_port=port,
                action_port=action_port,
                log_dir=work / f"log-{name}",
                tracker_db=work / "unused.db",
                plans_db=work / "plans.db",
            )
            for name, port in zip("ab", rasa_ports)
        )
        try:
            a.start_actions()
            a.start_rasa()
            os.environ["SANIC_WORKERS"] = str(second_workers)
            b.start_rasa()
            os.environ.pop("SANIC_WORKERS")
            a.wait_ready()
            b.wait_ready()
            yield a, b, url
        finally:
            b.stop()
            a.stop()
            os.environ.clear()
            os.environ.update(saved)
