"""The one wording layer for texts outside Rasa's responses.

Every bilingual string the code sends or renders itself lives in
``knowledge/wording/``: ``ui.yml`` (button titles, link labels, what the servers
answer themselves, how a source is cited), ``recommendation.yml`` (the sentences
a recommendation is built from) and ``plan.yml`` (the plan's headings). The chat
responses Rasa sends (``utter_*``) stay in the domain, where Rasa picks the
language variation by the ``language`` slot.

    >>> t("buttons.guide_continue", "en", number=4)
    'Continue at step 4'
"""

from __future__ import annotations

import functools
from typing import Any, Dict

import yaml

from partnerskab.settings import ROOT

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
WORDING_DIR = ROOT / "knowledge" / "wording"


class WordingError(ValueError):
    """A wording file cannot be read, or a text is missing."""


@functools.lru_cache(maxsize=None)
def section(name: str) -> Dict[str, Any]:
    """One file of knowledge/wording/ as data (``recommendation``, ``plan``, ``ui``)."""
    path = WORDING_DIR / f"{name}.yml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise WordingError(f"{path}: {error}") from error


@functools.lru_cache(maxsize=1)
def _files() -> frozenset:
    """The names of the wording files (looked up once, not on every text)."""
    return frozenset(path.stem for path in WORDING_DIR.glob("*.yml"))


def t(key: str, language: str, **values: Any) -> str:
    """The text of ``key`` ("buttons.skip", "service.masked"; the file is ui.yml
    unless the key starts with another file's name, "plan.title") in ``language``
    (Danish when the language is unknown), with ``values`` filled in."""
    first, _, rest = key.partition(".")
    if first in _files():
        node: Any = section(first)
    else:
        node, rest = section("ui"), key
    for part in rest.split("."):
        try:
            node = node[part]
        except (KeyError, TypeError) as error:
            raise WordingError(f"knowledge/wording: no text {key!r}") from error
    text = node[language if language in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def localized(name: str, language: str) -> Any:
    """A whole wording file in one language: every {da: …, en: …} leaf replaced
    by its text in ``language`` (for templates that read many texts)."""

    def pick(node: Any) -> Any:
        if isinstance(node, dict) and set(node) & set(LANGUAGES):
            return node[language if language in LANGUAGES else DEFAULT_LANGUAGE]
        if isinstance(node, dict):
            return {key: pick(value) for key, value in node.items()}
        if isinstance(node, list):
            return [pick(value) for value in node]
        return node

    return pick(section(name))


def bilingual(key: str, **values: Any) -> Dict[str, str]:
    """``key`` in every language: {"da": …, "en": …}."""
    return {language: t(key, language, **values) for language in LANGUAGES}
