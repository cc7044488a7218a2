"""The deployment recipes, checked without a container engine or systemd as
PID 1: the systemd unit (systemd-analyze verify), compose.yaml (a strict schema
and the environment variables the code really reads) and the Dockerfile
(its steps, as tools/docker_steps.py runs them)."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "partnerskabsguiden.service"
ENV_FILE = ROOT / "deploy" / "partnerskabsguiden.env"
COMPOSE = ROOT / "compose.yaml"
SCHEMA = ROOT / "deploy" / "compose.schema.json"
DOCKERFILE = ROOT / "Dockerfile"
SITE = (
    Path(sys.prefix)
    / "lib"
    / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    / "site-packages"
)
# Variables read by the libraries, not by our code; each is checked in the library's source.
LIBRARY_VARS = {"SANIC_HOST": "rasa_sdk/endpoint.py", "SANIC_REQUEST_MAX_SIZE": "sanic/config.py"}


def unit_settings() -> dict:
    settings: dict = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


# -- systemd -----------------------------------------------------------------------


@pytest.mark.skipif(
    not shutil.which("systemd-analyze"), reason="systemd-analyze missing (apt-get install systemd)"
)
def test_systemd_accepts_the_unit(tmp_path):
    result = subprocess.run(
        ["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True
    )
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    broken = tmp_path / "partnerskabsguiden.service"
    broken.write_text(
        UNIT.read_text().replace("ExecStart=/usr/bin/make", "ExecStart=/usr/bin/no-such-make")
    )
    assert (
        subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True).returncode
        != 0
    )


def test_the_unit_runs_unprivileged_restarts_and_logs_to_the_journal():
    unit = unit_settings()
    assert unit["User"] not in (["root"], ["0"]) and unit["Restart"] == ["on-failure"]
    assert unit["WorkingDirectory"] and unit["EnvironmentFile"][0].lstrip("-").startswith("/etc/")
    assert unit["StandardOutput"] == ["journal"] and unit["StandardError"] == ["journal"]
    assert unit["WantedBy"] == ["multi-user.target"]


def test_the_environment_file_names_every_variable_of_the_readme():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("### Environment variables", 1)[1].split("\n\n", 2)[1]
    names = {
        n
        for row in table.splitlines()
        if "set by the launcher" not in row
        for n in re.findall(r"`([A-Z_]+)`", row.split("|")[1] if "|" in row else "")
    }
    assert len(names) > 10
    offered = set(re.findall(r"\b([A-Z_]+)\b", ENV_FILE.read_text())) | set(
        re.findall(r"([A-Z_]+)=", " ".join(unit_settings().get("Environment", [])))
    )
    assert names - offered == set()


# -- compose -----------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def expand(value: str) -> str:
    """Compose's interpolation as the operator's shell would fill it: defaults
    for ${X:-default}, a placeholder for required ${X:?message} and plain ${X}."""
    return re.sub(
        r"\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}",
        lambda m: m.group(2) if m.group(2) is not None else "set",
        value,
    )


def test_compose_file_matches_the_schema():
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(compose(), schema)
    for service in compose()["services"].values():
        assert service["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL")
    wrong = copy.deepcopy(compose())
    wrong["services"]["web"]["enviroment"] = {"X": "1"}  # a typo must fail
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)
    wrong = copy.deepcopy(compose())
    wrong["services"]["web"]["ports"] = ["8000:8000"]  # published beyond loopback
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_the_production_profile_has_its_six_services():
    services = compose()["services"]
    assert set(services) == {"rasa-1", "rasa-2", "actions", "web", "postgres", "redis"}
    rasa = [
        s
        for s in services.values()
        if s.get("command", [None, None, None])[:3] == ["python", "-m", "rasa"]
    ]
    assert len(rasa) == 2


def code_vars() -> set:
    """Environment variables our code reads (Python and the ${VAR}s in bot/*.yml)."""
    found = set()
    for path in [
        *ROOT.glob("partnerskab/**/*.py"),
        *ROOT.glob("actions/*.py"),
        *ROOT.glob("bot/*.py"),
    ]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"environ(?:\.get)?[\[(]\s*\"([A-Z_]+)\"", text))
        found |= set(re.findall(r"\b(?:_text|_number|_port|is_set)\(\s*\"([A-Z_]+)\"", text))
        found |= set(re.findall(r"getenv\(\s*\"([A-Z_]+)\"", text))
    for path in ROOT.glob("bot/*.yml"):
        found |= set(re.findall(r"\$\{([A-Z_]+)\}", path.read_text(encoding="utf-8")))
    return found


def test_every_variable_the_services_set_is_one_the_code_reads():
    read = code_vars()
    assert {
        "TRACKER_URL",
        "LOCK_STORE",
        "PLANS_DB",
        "ACTION_ENDPOINT_URL",
    } <= read  # the scan finds them
    for library_var, source in LIBRARY_VARS.items():
        text = (SITE / source).read_text()
        prefixed = (
            "SANIC_" in text and library_var.removeprefix("SANIC_") in text
        )  # Sanic's SANIC_<setting>
        assert library_var in text or prefixed, f"{library_var} is no longer read by {source}"
    for name, service in compose()["services"].items():
        if "build" not in service:
            continue
        unknown = set(service.get("environment", {})) - read - set(LIBRARY_VARS)
        assert not unknown, f"{name} sets {unknown}, which no code reads"


def test_the_services_set_what_the_code_needs_and_agree():
    services = compose()["services"]
    endpoint_vars = set(
        re.findall(r"\$\{([A-Z_]+)\}", (ROOT / "bot" / "endpoints.yml").read_text())
    )
    for name in ("rasa-1", "rasa-2"):
        env = {key: expand(value) for key, value in services[name]["environment"].items()}
        assert endpoint_vars - set(env) == set(), f"{name} lacks {endpoint_vars - set(env)}"
        assert (
            env["LOCK_STORE"] == "redis" and env["REDIS_HOST"] in services
        )  # two instances need shared locks
        assert urlparse(env["ACTION_ENDPOINT_URL"]).hostname in services
        assert urlparse(env["TRACKER_URL"]).hostname in services and env["TRACKER_URL"].startswith(
            "postgresql://"
        )
        assert env["TRACKER_URL"] == expand(
            services["web"]["environment"]["TRACKER_URL"]
        )  # the widget's history
    assert (
        services["actions"]["environment"]["PLANS_DB"] == services["web"]["environment"]["PLANS_DB"]
    )
    for name in ("actions", "web"):
        mounts = [v.split(":")[1] for v in services[name]["volumes"]]
        assert any(services[name]["environment"]["PLANS_DB"].startswith(m + "/") for m in mounts)
    for item in services["web"]["environment"]["HEALTH_PROBE_URLS"].split(","):
        server, _, url = item.partition("=")
        assert server in ("rasa", "actions") and urlparse(url).hostname in services
    assert (
        services["actions"]["environment"]["SANIC_HOST"] == "0.0.0.0"
    )  # reachable from the Rasa containers


# -- Dockerfile ----------------------------------------------------------------------


def test_dockerfile_slim_python_310_non_root_with_a_health_check():
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    assert re.search(r"^FROM python:3\.10[.\d]*-slim", text, re.M)
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert text.index(f"USER {users[-1]}") < text.index(
        "RUN make train"
    )  # training runs unprivileged too
    assert re.search(r"^HEALTHCHECK .*CMD ", text, re.M) and "/health" in text
    assert "make train" in text  # the model is trained at build time


def docker_steps(mode: str, timeout: int) -> subprocess.CompletedProcess:
    """tools/docker_steps.py run with ``mode`` (--dry-run, --smoke)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "docker_steps.py"), mode],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_docker_steps_parse_and_name_existing_files():
    result = docker_steps("--dry-run", timeout=60)
    assert result.returncode == 0 and "All steps passed" in result.stdout, (
        result.stdout + result.stderr
    )
    assert "would run" in result.stdout and "RUN make train" in result.stdout


@pytest.mark.skipif(
    os.environ.get("DOCKER_STEPS_FULL") != "1",
    reason="slow (fresh .venv from PyPI and a full training): "
    "DOCKER_STEPS_FULL=1 or make docker-steps",
)
def test_docker_steps_pass_on_a_clean_copy():
    result = docker_steps("--smoke", timeout=3600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "HEALTHCHECK passed" in result.stdout and "All steps passed" in result.stdout
