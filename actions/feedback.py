"""Thumbs up/down from the widget."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionFeedback(Action):
    """Takes a rating silently: the user event that carries it (entities
    ``feedback`` = up/down and ``answer`` = which answer in the conversation) is
    what gets stored with the conversation; the widget thanks the user itself."""

    def name(self) -> Text:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return []
