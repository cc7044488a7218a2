"""Tests on the trained model: NLU on the separate test set, and test stories.
Reports go to build/results/ (docs/results/ with `make results`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import RESULTS, ROOT, rasa_env

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlu_reports(model_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("nlu")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "nlu",
            "--nlu",
            "tests/nlu",
            "--model",
            str(model_path),
            "--out",
            str(out),
            "--config",
            "config.yml",
            "--domain",
            "bot/domain",
        ],
        cwd=ROOT,
        env=rasa_env(),
        check=True,
        capture_output=True,
        timeout=1200,
    )
    keep = RESULTS / "nlu"
    keep.mkdir(parents=True, exist_ok=True)
    for name in ("intent_report.json", "CaseExtractor_report.json", "intent_errors.json"):
        if (out / name).exists():
            shutil.copy2(out / name, keep / name)
    return out


def test_intent_macro_f1(nlu_reports):
    report = json.loads((nlu_reports / "intent_report.json").read_text(encoding="utf-8"))
    macro = report["macro avg"]["f1-score"]
    summary = [
        "# NLU on the separate test set (tests/nlu)",
        "",
        f"- intent macro-F1: {macro:.3f}, accuracy: {report['accuracy']:.3f}",
    ]
    entity = json.loads((nlu_reports / "CaseExtractor_report.json").read_text(encoding="utf-8"))
    summary.append(
        f"- case entity F1 (CaseExtractor): {entity['case']['f1-score']:.3f} "
        f"(precision {entity['case']['precision']:.3f}, recall {entity['case']['recall']:.3f}, "
        f"support {entity['case']['support']})"
    )
    summary += ["", "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for intent, row in sorted(report.items()):
        if (
            isinstance(row, dict)
            and "support" in row
            and intent not in ("macro avg", "weighted avg", "micro avg")
        ):
            summary.append(
                f"| {intent} | {row['precision']:.2f} | {row['recall']:.2f} | "
                f"{row['f1-score']:.2f} | {row['support']} |"
            )
    (RESULTS / "nlu_summary.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
    # 0.96 with the 11 catalogue intents (issue 2); the interview and the guide added 6 more,
    # several of them close to help/ask_catalog in wording ("hvordan kommer vi i gang?"):
    # 0.888 then, 0.906 with the skill-boundary examples and the question bank (issue 11). The
    # gate sits just below, so a real regression fails it; the flows themselves read answers
    # from the text and do not depend on these intents (tests/test_actions_interview.py).
    assert macro >= 0.89, f"intent macro-F1 {macro:.3f}; see build/results/nlu"


def test_case_entity_f1(nlu_reports):
    entity = json.loads((nlu_reports / "CaseExtractor_report.json").read_text(encoding="utf-8"))
    assert entity["case"]["f1-score"] >= 0.95, entity["case"]


def test_dialogue_test_stories(model_path, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--stories",
            "tests/stories",
            "--model",
            str(model_path),
            "--endpoints",
            "bot/endpoints.yml",
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env={
            **rasa_env(),
            "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook",
            "TRACKER_DB": str(tmp_path / "t.db"),
            "TRACKER_URL": f"sqlite:///{tmp_path / 't.db'}",
            "LOCK_STORE": "in_memory",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": "6379",
            "REDIS_DB": "1",
        },
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    assert report["accuracy"] == 1.0


def test_unknown_words_go_to_the_fallback_and_known_ones_do_not(model_path):
    import asyncio

    from rasa.core.agent import Agent

    agent = Agent.load(str(model_path))

    async def intents(texts):
        return {t: (await agent.parse_message(t))["intent"]["name"] for t in texts}

    parsed = asyncio.run(
        intents(["asdf qwerty", "???", "xyzzy", "Hej", "ja", "LEGO?", "Hvad er ABCD?"])
    )
    assert parsed["asdf qwerty"] == parsed["???"] == parsed["xyzzy"] == "nlu_fallback"
    assert parsed["Hej"] == "greet" and parsed["ja"] == "affirm"
    assert parsed["LEGO?"] == parsed["Hvad er ABCD?"] == "ask_catalog"
