"""The human contact, configured by the municipality in bot/contact.yml."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of

CONTACT_FILE = Path(__file__).resolve().parent.parent / "bot" / "contact.yml"
REQUIRED = ("name", "email", "phone", "hours")


@functools.lru_cache(maxsize=1)
def load_contact(path: Path = CONTACT_FILE) -> Dict[str, Any]:
    """Reads and checks the contact file once."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    return data


class ActionHumanContact(Action):
    def name(self) -> Text:
        return "action_human_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        contact = load_contact()
        language = language_of(tracker)
        hours = contact["hours"]
        dispatcher.utter_message(
            response="utter_human_contact",
            name=contact["name"],
            email=contact["email"],
            phone=contact["phone"],
            hours=hours.get(language, "") if isinstance(hours, dict) else str(hours),
        )
        return []
