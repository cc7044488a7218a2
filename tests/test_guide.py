"""The step-by-step guide: understanding navigation, moving, and step texts (no Rasa)."""

from __future__ import annotations

import pytest

from partnerskab.core.guide import LAST, Command, Guide, GuideState
from partnerskab.core.interview import AreaProfile


@pytest.fixture(scope="module")
def guide():
    return Guide.load()


@pytest.mark.parametrize(
    "text,language,kind,number",
    [
        ("trin for trin", "da", "start", None),
        ("hvordan kommer vi i gang?", "da", "start", None),
        ("step by step please", "en", "start", None),
        ("næste", "da", "next", None),
        ("næste trin", "da", "next", None),
        ("fortsæt", "da", "next", None),
        ("next", "en", "next", None),
        ("continue", "en", "next", None),
        ("forrige trin", "da", "previous", None),
        ("tilbage", "da", "previous", None),
        ("go back", "en", "previous", None),
        ("gå til trin 5", "da", "goto", 5),
        ("hop til råd syv", "da", "goto", 7),
        ("trin 11", "da", "goto", 11),
        ("go to step four", "en", "goto", 4),
        ("jump to step 12", "en", "goto", 12),
        ("gentag", "da", "repeat", None),
        ("say that again", "en", "repeat", None),
        ("hvor er jeg?", "da", "where", None),
        ("where am I?", "en", "where", None),
        ("vis alle trin", "da", "all", None),
        ("show all steps", "en", "all", None),
        ("stop", "da", "stop", None),
        ("pause", "en", "stop", None),
    ],
)
def test_navigation_is_understood_in_both_languages(guide, text, language, kind, number):
    assert guide.command(text, language) == Command(kind, number)


@pytest.mark.parametrize(
    "text,language,kind,number",
    [
        # Right after advice 2: a start that points at it starts there …
        ("Tag mig igennem den", "da", "goto", 2),
        ("tag mig igennem det trin for trin", "da", "goto", 2),
        ("walk me through it", "en", "goto", 2),
        ("walk us thru that one", "en", "goto", 2),
        # … and one that asks for the advice as a whole starts at the beginning.
        ("tag mig igennem rådene", "da", "start", None),
        ("tag mig igennem det hele", "da", "start", None),
        ("walk me through the advice", "en", "start", None),
        # Other moves are what they were.
        ("vis det igen", "da", "repeat", None),
        ("næste", "da", "next", None),
    ],
)
def test_a_start_right_after_a_piece_of_advice_points_at_it(guide, text, language, kind, number):
    assert guide.command(text, language, last_advice=2) == Command(kind, number)


def test_through_it_is_no_repeat_and_with_no_advice_before_it_starts(guide):
    # "igennem" holds "igen": it is no "again".
    assert guide.command("Tag mig igennem den", "da") == Command("start")
    assert guide.command("walk me through it", "en") == Command("start")


def test_a_catalogue_question_is_not_navigation(guide):
    assert guide.command("Hvad er ABCD-metoden?", "da") is None
    assert guide.command("Who took part in the LEGO project?", "en") is None


@pytest.mark.parametrize(
    "current,command,expected",
    [
        (None, Command("start"), 1),
        (None, Command("next"), 1),
        (3, Command("next"), 4),
        (3, Command("previous"), 2),
        (1, Command("previous"), None),
        (LAST, Command("next"), None),
        (3, Command("goto", 9), 9),
        (3, Command("goto", 13), None),
        (3, Command("goto", 0), None),
        (3, Command("goto", None), None),
        (5, Command("repeat"), 5),
        (5, Command("start"), 5),
    ],
)
def test_moves(current, command, expected):
    assert Guide.move(current, command) == expected


def test_every_step_has_what_why_tip_and_source(guide):
    for n in range(1, LAST + 1):
        for language in ("da", "en"):
            step = guide.step(n, AreaProfile(), language)
            assert all(step[k] for k in ("title", "what", "why", "tip", "source")), (n, language)
            assert step["source"].startswith("Kilde:" if language == "da" else "Source:")


def test_step_2_walks_abcd_for_the_area(guide):
    profile = AreaProfile(challenges=["digital"], company="it")
    tip = guide.step(2, profile, "da")["tip"]
    assert "Kortlægning" in tip and "Kobling" in tip and "Mobilisering" in tip
    assert "it-virksomheder" in tip.lower()


def test_step_4_names_what_this_company_gains(guide):
    tip = guide.step(
        4, AreaProfile(challenges=["unrest"], company="security", target_group="youth"), "en"
    )["tip"]
    assert (
        "less vandalism" in tip
        and "local politicians" in tip
        and "children and young people" in tip
    )
    assert "recruitment" not in tip
    tip = guide.step(4, AreaProfile(challenges=["jobs_education"], company="manufacturing"), "da")[
        "tip"
    ]
    assert "rekruttering" in tip and "hærværk" not in tip


def test_step_tips_use_what_the_interview_knows(guide):
    profile = AreaProfile(
        challenges=["unrest"], company="security", driver="area_secretariat", resources="small"
    )
    assert "den strategisk integrerede model" in guide.step(1, profile, "da")["tip"]
    assert "områdesekretariat" in guide.step(8, profile, "da")["tip"]
    assert "LEGO" in guide.step(6, profile, "da")["tip"]


def test_overview_marks_progress(guide):
    text = guide.overview(4, [1, 2, 3], "da")
    lines = text.splitlines()
    assert (
        len(lines) == 12
        and lines[0].startswith("✓")
        and lines[3].startswith("→")
        and lines[4].startswith("·")
    )


@pytest.mark.parametrize(
    "state, command, kind, step, new_state",
    [
        (GuideState(), Command("start"), "step", 1, GuideState(1, [1], True)),
        (
            GuideState(3, [1, 2, 3], True),
            Command("next"),
            "step",
            4,
            GuideState(4, [1, 2, 3, 4], True),
        ),
        (GuideState(12, [12], True), Command("next"), "done", 12, None),
        (GuideState(1, [1], True), Command("previous"), "first", 1, None),
        (GuideState(5, [5], True), Command("goto", 13), "no_such_step", 5, None),
        (GuideState(5, [5], True), Command("stop"), "stopped", 5, GuideState(5, [5], False)),
        (GuideState(), Command("stop"), "what_next", None, None),
        (
            GuideState(4, [1, 4], False),
            Command("next"),
            "step",
            4,
            GuideState(4, [1, 4], True),
        ),  # coming back
        (GuideState(4, [4], True), Command("where"), "where", 4, None),
        (GuideState(4, [4], True), Command("all"), "overview", 4, None),
    ],
)
def test_handle_moves_through_the_twelve_steps(state, command, kind, step, new_state):
    outcome = Guide.handle(state, command)
    assert (outcome.kind, outcome.step, outcome.state) == (kind, step, new_state)
