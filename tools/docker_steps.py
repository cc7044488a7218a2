#!/usr/bin/env python3
"""Runs the Dockerfile's build steps as a script, for machines that cannot run
containers (`make docker-steps`).

A clean copy of the repository (``git archive HEAD``, or the working tree with
``--worktree``) is put in a scratch folder that stands in for the image's
``/app``; then the Dockerfile is read instruction by instruction:

* ``ENV`` is exported and ``WORKDIR`` changes folder (``/app`` maps to the copy);
* ``RUN`` runs with ``bash -euo pipefail``, except the *system* steps
  (``apt-get``, ``useradd``, ``install -d -o``), which change the host and are
  skipped unless ``--system`` is given (as root in a throwaway machine);
* ``FROM``: the host's Python 3.10 stands in for ``python:3.10-slim``; ``USER``
  is noted (the script runs as whoever calls it);
* ``CMD`` and ``HEALTHCHECK``: the files they name must exist in the copy; with
  ``--smoke``, CMD is then started with the image's environment (on loopback and
  free ports instead of 0.0.0.0) until the HEALTHCHECK command passes.

    tools/docker_steps.py [--dry-run] [--worktree] [--system] [--smoke] [--keep] [--scratch DIR]

Exit status 0 when every step passed. What this cannot show: that the base
image, its Debian packages and the container runtime behave like the host.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent
APP = "/app"
SYSTEM = re.compile(r"^\s*(apt-get|useradd|groupadd|install\s+-d\s+-o)\b")


def instructions(dockerfile: Path) -> List[Tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    steps: List[Tuple[str, str]] = []
    current = ""
    for raw in dockerfile.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if current and line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1].rstrip() + " "
            continue
        current += line
        word, _, rest = current.partition(" ")
        steps.append((word.upper(), rest.strip()))
        current = ""
    return steps


def env_pairs(args: str) -> List[Tuple[str, str]]:
    return [tuple(item.split("=", 1)) for item in shlex.split(args)]  # type: ignore[misc]


def exec_form(args: str) -> List[str]:
    return json.loads(args) if args.startswith("[") else ["sh", "-c", args]


def smoke(commands: dict, env: dict, app: Path, base: int, timeout: float = 400.0) -> int:
    """Starts the image's CMD with the image's environment (but on loopback and on
    free ports) and waits until its HEALTHCHECK command passes; 0 when it did."""
    import signal
    import time

    ports = {"RASA_PORT": base + 5, "ACTION_PORT": base + 55, "WEB_PORT": base + 85}
    run_env = {**env, "BIND_HOST": "127.0.0.1", **{k: str(v) for k, v in ports.items()}}
    check = [part.replace(":8000/", f":{ports['WEB_PORT']}/") for part in commands["HEALTHCHECK"]]
    print(f"smoke: {' '.join(commands['CMD'])} (ports {ports})", flush=True)
    proc = subprocess.Popen(commands["CMD"], cwd=app, env=run_env, start_new_session=True)
    start = time.monotonic()
    try:
        while time.monotonic() - start < timeout:
            if proc.poll() is not None:
                print(f"  FAILED: CMD exited with {proc.returncode}", flush=True)
                return 1
            if subprocess.run(check, cwd=app, env=run_env, capture_output=True).returncode == 0:
                print(f"  HEALTHCHECK passed after {time.monotonic() - start:.0f} s", flush=True)
                return 0
            time.sleep(5)
        print(f"  FAILED: HEALTHCHECK did not pass within {timeout:.0f} s", flush=True)
        return 1
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(60)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true", help="only list what would run")
    parser.add_argument("--worktree", action="store_true", help="copy the working tree, not HEAD")
    parser.add_argument(
        "--system", action="store_true", help="also run apt-get/useradd steps (root only)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--scratch", type=Path)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="then start CMD as the container would (on loopback) until HEALTHCHECK passes",
    )
    parser.add_argument(
        "--smoke-port-base", type=int, default=int(os.environ.get("E2E_PORT_BASE") or 5100) + 20
    )
    parser.add_argument("--dockerfile", type=Path, default=ROOT / "Dockerfile")
    args = parser.parse_args()

    steps = instructions(args.dockerfile)
    if not steps or steps[0][0] != "FROM":
        print("the Dockerfile must start with FROM", file=sys.stderr)
        return 1
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="docker-steps-"))
    app = scratch / "app"
    # A clean environment: no virtualenv, and none of the pyenv shim's traces (PYENV_VERSION and its
    # versions/*/bin on PATH would pick the interpreter that happens to run this script).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VIRTUAL_ENV", "PYTHON", "PYENV_VERSION"))
    }
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if "/.pyenv/versions/" not in p
    )
    env["HOME"] = str(scratch / "home")
    cwd = scratch
    failed = 0
    commands: dict = {}

    def mapped(text: str) -> str:
        return re.sub(r"(?<![\w/])/app(?=/|\b)", str(app), text)

    try:
        for number, (word, rest) in enumerate(steps, 1):
            label = f"[{number}/{len(steps)}] {word} {rest[:100]}"
            if word == "FROM":
                if not re.search(r"python:3\.10[-.\w]*slim", rest):
                    print(f"{label}\n  FAILED: not a slim Python 3.10 base", flush=True)
                    failed += 1
                else:
                    # The image has python/python3/python3.10 on PATH: link the host's
                    # 3.10 the same way.
                    found = subprocess.run(
                        ["sh", str(ROOT / "tools" / "find_python310.sh")],
                        capture_output=True,
                        text=True,
                        env=env,
                    )
                    if found.returncode != 0:
                        print(
                            f"{label}\n  FAILED: no Python 3.10 on this host\n{found.stderr}",
                            flush=True,
                        )
                        return 1
                    python = Path(
                        subprocess.run(
                            [found.stdout.strip(), "-c", "import sys; print(sys.executable)"],
                            capture_output=True,
                            text=True,
                            check=True,
                        ).stdout.strip()
                    )
                    shims = scratch / "base-image-bin"
                    if not args.dry_run:
                        shims.mkdir(parents=True, exist_ok=True)
                        for name in ("python", "python3", "python3.10"):
                            (shims / name).unlink(missing_ok=True)
                            (shims / name).symlink_to(python.resolve())
                    env["PATH"] = f"{shims}{os.pathsep}{env.get('PATH', '')}"
                    print(
                        f"{label}\n  stands in: the host's Python 3.10 ({python}) as python, "
                        "python3, python3.10",
                        flush=True,
                    )
            elif word == "ENV":
                for key, value in env_pairs(rest):
                    value = mapped(
                        re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), value)
                    )
                    env[key] = value
                print(f"{label}\n  exported", flush=True)
            elif word == "WORKDIR":
                cwd = Path(mapped(rest))
                print(f"{label}\n  cd {cwd}", flush=True)
            elif word == "COPY":
                if args.dry_run:
                    print(
                        f"{label}\n  would copy "
                        f"{'the working tree' if args.worktree else 'HEAD'} to {app}"
                    )
                    continue
                app.mkdir(parents=True, exist_ok=True)
                (scratch / "home").mkdir(exist_ok=True)
                if args.worktree:
                    files = subprocess.run(
                        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
                        cwd=ROOT,
                        capture_output=True,
                        check=True,
                    ).stdout.split(b"\0")
                    for name in filter(None, files):
                        source = ROOT / name.decode()
                        if source.is_file() and not source.is_symlink():
                            (app / name.decode()).parent.mkdir(parents=True, exist_ok=True)
                            shutil.copy2(source, app / name.decode())
                else:
                    archive = subprocess.run(
                        ["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True
                    )
                    subprocess.run(["tar", "-x", "-C", str(app)], input=archive.stdout, check=True)
                print(
                    f"{label}\n  copied {'the working tree' if args.worktree else 'HEAD'} to {app}",
                    flush=True,
                )
            elif word == "USER":
                print(
                    f"{label}\n  noted (runs as {os.environ.get('USER') or os.getuid()} here)",
                    flush=True,
                )
            elif word == "RUN":
                command = mapped(rest)
                if SYSTEM.match(rest) and not (args.system and os.geteuid() == 0):
                    print(
                        f"{label}\n  skipped: system step (changes the host; --system as root "
                        "runs it)",
                        flush=True,
                    )
                    continue
                if args.dry_run:
                    print(f"{label}\n  would run in {cwd}: {command}", flush=True)
                    continue
                cwd.mkdir(parents=True, exist_ok=True)
                print(f"{label}\n  running in {cwd}", flush=True)
                result = subprocess.run(
                    ["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env
                )
                if result.returncode != 0:
                    print(f"  FAILED with exit status {result.returncode}", flush=True)
                    return 1
            elif word in ("CMD", "HEALTHCHECK", "ENTRYPOINT"):
                command = exec_form(rest.split(" CMD ", 1)[1] if word == "HEALTHCHECK" else rest)
                missing = [
                    part
                    for part in command
                    if part.endswith(".py")
                    and not args.dry_run
                    and not Path(mapped(part) if part.startswith("/") else app / part).exists()
                ]
                if missing:
                    print(f"{label}\n  FAILED: missing {missing}", flush=True)
                    failed += 1
                else:
                    print(f"{label}\n  checked: {command[0]} …", flush=True)
                commands[word] = command
            else:
                print(f"{label}\n  noted", flush=True)
        if args.smoke and not failed and not args.dry_run:
            failed += smoke(commands, env, app, args.smoke_port_base)
        print(f"\n{'FAILED' if failed else 'All steps passed'} ({scratch}).", flush=True)
        return 1 if failed else 0
    finally:
        if not args.keep and not args.scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
