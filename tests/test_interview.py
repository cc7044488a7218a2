"""The area interview's reading of free text and its choice of questions (no Rasa)."""

from __future__ import annotations

import pytest

from partnerskab.core.interview import FIELDS, NO_COMPANY, SKIPPED, AreaProfile, load_interview


@pytest.fixture(scope="module")
def iv():
    return load_interview()


# Each challenge category, said in everyday words in both languages.
CHALLENGE_PHRASES = [
    ("image", "da", "Kvarteret har et dårligt ry i pressen"),
    ("image", "en", "The estate has a bad reputation"),
    ("jobs_education", "da", "Børnene ved ikke, hvilken uddannelse de skal vælge"),
    ("jobs_education", "en", "Pupils know nothing about careers"),
    ("unrest", "da", "Der er meget hærværk og uro om aftenen"),
    ("unrest", "en", "Vandalism at the school is a big problem"),
    ("digital", "da", "Mange har ikke adgang til internettet"),
    ("digital", "en", "Half the residents have no computer"),
    ("homework_rolemodels", "da", "Drengene mangler rollemodeller og lektiehjælp"),
    ("homework_rolemodels", "en", "The boys need homework help"),
    ("leisure", "da", "Børnene har ingen fritidstilbud"),
    ("leisure", "en", "Teenagers have nothing to do after school"),
    ("urban_development", "da", "Bymidten er nedslidt og skal renoveres"),
    ("urban_development", "en", "We want to regenerate the town centre"),
    ("unemployment", "da", "Mange voksne er arbejdsløse"),
    ("unemployment", "en", "Many adults are unemployed"),
    ("loneliness", "da", "De ældre er ensomme"),
    ("loneliness", "en", "Older residents are lonely"),
    ("health", "da", "Mange børn kæmper med overvægt"),
    ("health", "en", "Health among residents is poor"),
]


@pytest.mark.parametrize("challenge,language,text", CHALLENGE_PHRASES)
def test_every_challenge_category_is_recognised(iv, challenge, language, text):
    assert challenge in (iv.extract(text, language).challenges or [])


def test_phrases_cover_every_category(iv):
    assert {c for c, _, _ in CHALLENGE_PHRASES} == set(iv.challenges)


def test_negated_problem_is_not_a_challenge(iv):
    profile = iv.extract("Vi har ikke problemer med hærværk, men børnene mangler lektiehjælp", "da")
    assert profile.challenges == ["homework_rolemodels"]


def test_a_lack_stays_a_challenge_after_ingen(iv):
    assert iv.extract("Børnene har ingen fritidstilbud", "da").challenges == ["leisure"]


@pytest.mark.parametrize(
    "text, challenge",
    [
        ("skal vi invitere pressen, når vi fejrer et mål", None),  # advice 12, no problem
        ("kan vi få omtale i pressen når vi fejrer resultaterne", None),
        ("stod der noget i pressen om brandvæsenet", None),
        ("Kvarteret omtales negativt i pressen", ["image"]),
        ("Området bliver kaldt en ghetto i pressen", ["image"]),
    ],
)
def test_the_press_is_a_challenge_only_when_it_speaks_ill_of_the_area(iv, text, challenge):
    assert iv.extract(text, "da").challenges == challenge


def test_empty_premises_are_not_unemployment(iv):
    assert "unemployment" not in (iv.extract("Vi har mange ledige lokaler", "da").challenges or [])


@pytest.mark.parametrize(
    "text,language,expected",
    [
        (
            "Et lokalt byggefirma vil gerne hjælpe",
            "da",
            dict(company="construction", signals=["staff_wish"]),
        ),
        ("a security company nearby offered to help", "en", dict(company="security")),
        ("Vi har ikke fundet en virksomhed endnu", "da", dict(company=NO_COMPANY)),
        ("Banken har en CSR-strategi", "da", dict(company="finance", company_csr="yes")),
        (
            "We are the area secretariat in a small town",
            "en",
            dict(driver="area_secretariat", area_type="small_town"),
        ),
        (
            "Det er for de unge i vores almene boligområde",
            "da",
            dict(target_group="youth", area_type="social_housing"),
        ),
        ("Vi har et lille budget og få timer", "da", dict(resources="small")),
        ("a three-year project with funding", "en", dict(resources="large")),
    ],
)
def test_fields_are_read_from_free_text(iv, text, language, expected):
    profile = iv.extract(text, language)
    for name, value in expected.items():
        got = getattr(profile, name)
        assert (set(value) <= set(got)) if isinstance(got, list) else got == value, (name, got)


def test_named_local_company_is_recognised(iv):
    profile = iv.extract("Eksempel Byg ApS vil gerne være med", "da", ["Eksempel Byg ApS"])
    assert profile.company_name == "Eksempel Byg ApS"


@pytest.mark.parametrize(
    "text,language",
    [("ved ikke", "da"), ("Spring over!", "da"), ("I don't know", "en"), ("skip", "en")],
)
def test_skip_phrases(iv, text, language):
    assert iv.is_skip(text, language)
    assert iv.answer("target_group", text, language).target_group == SKIPPED


def test_an_answer_that_says_something_is_not_a_skip(iv):
    assert iv.answer("target_group", "ved ikke, måske de unge", "da").target_group == "youth"


def test_only_missing_fields_are_asked_in_order(iv):
    profile = AreaProfile(challenges=["unrest"], company="security")
    assert iv.questions(profile)[:2] == ["target_group", "company_csr"]
    assert "challenges" not in iv.questions(profile)


def test_csr_is_asked_only_about_a_company(iv):
    assert "company_csr" not in iv.questions(AreaProfile(company=NO_COMPANY))
    assert "company_csr" not in iv.questions(AreaProfile(company=SKIPPED))


def test_at_most_five_questions(iv):
    profile, asked = AreaProfile(), []
    while (field := iv.next_question(profile, asked)) is not None:
        asked.append(field)
        setattr(profile, field, [SKIPPED] if field == "challenges" else SKIPPED)
    assert 0 < len(asked) <= iv.max_questions == 5
    assert len(set(asked)) == len(asked)


def test_nothing_is_asked_when_everything_is_known(iv):
    profile = AreaProfile(**{name: "x" for name in FIELDS})
    assert iv.next_question(profile, []) is None


def test_merge_keeps_old_answers_and_takes_new_ones():
    old = AreaProfile(challenges=["unrest"], target_group="youth", signals=["staff_wish"])
    new = AreaProfile(target_group="children", company="security")
    merged = old.merged(new)
    assert (merged.challenges, merged.target_group, merged.company) == (
        ["unrest"],
        "children",
        "security",
    )
    assert merged.signals == ["staff_wish"]
