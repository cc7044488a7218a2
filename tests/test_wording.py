"""The wording layer: every text in both languages, every key the code asks for present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partnerskab.core.wording import LANGUAGES, WORDING_DIR, WordingError, section, t

ROOT = Path(__file__).resolve().parent.parent


def leaves(node, path=()):
    """(key path, texts) for every bilingual text of a wording file."""
    if isinstance(node, dict) and set(node) & set(LANGUAGES):
        yield ".".join(path), node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, str(key)))


@pytest.mark.parametrize("name", sorted(p.stem for p in WORDING_DIR.glob("*.yml")))
def test_every_text_is_in_both_languages(name):
    found = list(leaves(section(name)))
    assert found, f"{name}.yml has no texts"
    for key, texts in found:
        for language in LANGUAGES:
            assert isinstance(texts.get(language), str) and texts[language].strip(), (
                f"{name}: {key} [{language}]"
            )
        placeholders = {lang: set(re.findall(r"\{(\w+)\}", texts[lang])) for lang in LANGUAGES}
        # A translation may leave a value out ("'{title}' ({title_local})" names both
        # titles), never add one.
        fewer, more = sorted(placeholders.values(), key=len)
        assert fewer <= more, f"{name}: {key} has different placeholders"


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in [*ROOT.glob("partnerskab/**/*.py"), *ROOT.glob("actions/*.py")]:
        used |= set(
            re.findall(r"\b(?:t|bilingual)\(\s*\"([a-z_.]+)\"", path.read_text(encoding="utf-8"))
        )
    assert len(used) >= 15  # the scan finds the calls
    for key in sorted(used):
        for language in LANGUAGES:
            assert t(
                key,
                language,
                **{
                    name: "x"
                    for name in (
                        "n",
                        "number",
                        "title",
                        "title_local",
                        "pages",
                        "challenge",
                        "why",
                        "what",
                        "case",
                        "said",
                    )
                },
            )


def test_missing_key_and_unknown_language():
    with pytest.raises(WordingError):
        t("buttons.no_such_button", "da")
    assert t("buttons.guide_next", "fr") == t("buttons.guide_next", "da")
    assert t("buttons.guide_continue", "en", number=4) == "Continue at step 4"
