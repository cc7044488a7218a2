"""Shared fixtures. Tests marked `model` need `make train` first (make test does it)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from partnerskab.core.answering import Answerer  # noqa: E402
from partnerskab.core.knowledge import load_knowledge  # noqa: E402
from tools.train import model_path as trained_model_path  # noqa: E402

CATALOG_DIR = ROOT.parent / "shared" / "catalog"
# Measurements the tests write (NLU reports, held-out accuracies, screenshots). Ignored
# build/results by default, so `make test` leaves the work tree clean; `make results`
# writes the copies the README quotes into docs/results/.
RESULTS = Path(os.environ.get("RESULTS_DIR") or ROOT / "build" / "results")


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


@pytest.fixture(scope="session")
def store(kb):
    return Answerer(kb)


@pytest.fixture(scope="session")
def rec():
    """The recommender (partnerskab.core.recommender), built once for the session."""
    from partnerskab.core.recommender import Recommender

    return Recommender.load()


@pytest.fixture(scope="session")
def companies():
    """The example company list (bot/companies/eksempel-virksomheder.csv)."""
    from partnerskab.core.companies import EXAMPLE_CSV, load_companies

    return load_companies(EXAMPLE_CSV)


# The domain is a folder, one file per skill; Rasa merges the files.
DOMAIN_DIR = ROOT / "bot" / "domain"


def load_domain() -> dict:
    """The domain as Rasa merges bot/domain/ and sends it to the action server (a dict)."""
    from rasa.shared.core.domain import Domain

    return Domain.load(str(DOMAIN_DIR)).as_dict()


@pytest.fixture(scope="session")
def domain() -> dict:
    """The domain as the action server receives it (a dict)."""
    return load_domain()


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def saved_tracker():
    """A conversation saved in tests/fixtures/<name>.json (written by
    tests/fixtures/make_trackers.py), as ``rasa_sdk.Tracker.from_dict`` reads
    Rasa's request. Keyword arguments replace the latest message's text, intent
    and entities, or set slots, for one test (a fresh copy each call)."""
    import json

    from rasa_sdk import Tracker

    def load(name: str, text=None, intent=None, entities=None, **slots) -> Tracker:
        state = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        message = state["latest_message"]
        if text is not None:
            message["text"] = text
        if intent is not None:
            message["intent"] = {"name": intent, "confidence": 1.0}
        if entities is not None:
            message["entities"] = entities
        state["slots"].update(slots)
        return Tracker.from_dict(state)

    return load


@pytest.fixture(scope="session")
def catalog_text() -> str:
    files = sorted(CATALOG_DIR.glob("*.md"))
    if not files:
        pytest.skip(f"the catalogue text is not beside the repo ({CATALOG_DIR})")
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The model for the current tree; fails (does not skip) when it is missing."""
    path = trained_model_path()
    assert path.exists(), f"{path} is missing: run `make train` (make test does)"
    return path


def rasa_env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


# E2E_PORT_BASE lets two checkouts run their end-to-end tests on one machine at once.
_BASE = int(os.environ.get("E2E_PORT_BASE") or 5100)
E2E_RASA_PORT, E2E_ACTION_PORT, E2E_WEB_PORT = _BASE + 5, _BASE + 55, _BASE + 85


# The review page's token in the end-to-end servers (/review is closed without one).
REVIEW_TOKEN = "e2e-review-token-7f3a9c"


@pytest.fixture(scope="session")
def servers(model_path, tmp_path_factory):
    """Both servers on loopback, shared by the end-to-end test modules, with the
    example company list loaded, the review page on, and the reviewed questions
    in a copy of knowledge/questions/reviewed/ (so the review page's writes
    leave the work tree as it was)."""
    from partnerskab.core.companies import EXAMPLE_CSV
    from partnerskab.core.knowledge import KNOWLEDGE_DIR
    from partnerskab.ops.processes import running

    tmp = tmp_path_factory.mktemp("e2e")
    reviewed = tmp / "reviewed"
    if (KNOWLEDGE_DIR / "questions" / "reviewed").is_dir():
        shutil.copytree(KNOWLEDGE_DIR / "questions" / "reviewed", reviewed)
    settings = {
        "COMPANIES_CSV": str(EXAMPLE_CSV),
        "REVIEW_TOKEN": REVIEW_TOKEN,
        "REVIEWED_QUESTIONS_DIR": str(reviewed),
    }
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        with running(
            model_path,
            rasa_port=E2E_RASA_PORT,
            action_port=E2E_ACTION_PORT,
            web_port=E2E_WEB_PORT,
            tracker_db=tmp / "tracker.db",
            plans_db=tmp / "plans.db",
            log_dir=tmp / "log",
        ) as s:
            s.reviewed_dir = reviewed
            yield s
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# Debian's Chromium, driven by Playwright (tests/test_browser.py, tests/test_browser_review.py).
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextlib.contextmanager
def chromium():
    """Debian's Chromium driven by Playwright; a missing one fails the test."""
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
            ".ci/run does"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched
