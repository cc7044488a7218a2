"""Rasa's REST channel, made safe for a public web page and told the language.

Same URL and body as Rasa's own (``POST /webhooks/rest/webhook`` with
``{"sender": ..., "message": ..., "metadata": {...}}``), but:

* a body that is not a JSON object, a missing/empty/non-string ``sender``
  (stock Rasa files those under one shared "default" conversation) or a
  non-string ``message`` gets **400** with a short JSON error, never a 5xx;
* an empty or whitespace-only message gets 400;
* a message longer than ``MAX_MESSAGE_CHARS`` (default 1000) is not passed to
  NLU: the reply asks, in the user's language, to shorten it;
* every bot message carries ``"lang": "da"|"en"``, so the widget can mark
  English answers with ``lang="en"`` for screen readers.

Enabled in ``bot/credentials.yml`` under its module path; ``name()`` stays
"rest" so the URL is unchanged.
"""

from __future__ import annotations

import json
import os
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import structlog
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from partnerskab.language import detect_language, language_or_default

logger = structlog.get_logger()
SENDER = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")
SHORTEN = {
    "da": "Din besked er for lang til mig. Skriv den gerne kortere – højst {n} tegn.",
    "en": "Your message is too long for me. Please shorten it – at most {n} characters.",
}


def max_message_chars() -> int:
    return int(os.environ.get("MAX_MESSAGE_CHARS") or 1000)


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class PartnerskabRestInput(RestInput):
    """See the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    def parse(body: bytes) -> Any:
        """The request body as JSON, or raises ``ValueError``."""
        return json.loads(body.decode("utf-8"))

    async def _language(self, request: Request, sender: str, text: str, hint: Optional[str]) -> str:
        """The language the assistant answered in: what the message says, else the
        client's hint, else the conversation's slot (as the NLU component decides)."""
        found = detect_language(text, hint=hint)
        if found:
            return found
        try:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        except Exception:  # the reply is already made; the language is a courtesy
            return language_or_default(None)
        return language_or_default(tracker.get_slot("language") if tracker else None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = self.parse(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return _error(400, "the body must be a JSON object with 'sender' and 'message'")
            if not isinstance(body, dict):
                return _error(400, "the body must be a JSON object with 'sender' and 'message'")
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not SENDER.fullmatch(sender):
                return _error(400, "'sender' must be a conversation id: 1-128 letters, digits or _.:@-")
            if not isinstance(text, str) or not text.strip():
                return _error(400, "'message' must be a non-empty string")
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            hint = metadata.get("language") if metadata and isinstance(metadata.get("language"), str) else None
            limit = max_message_chars()
            if len(text) > limit:
                language = language_or_default(detect_language(text[:2000], hint=hint))
                return response.json([{"recipient_id": sender, "text": SHORTEN[language].format(n=limit),
                                       "lang": language}])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))
            except CancelledError:
                logger.error("rest.message.received.timeout", sender=sender)
            except Exception:
                logger.exception("rest.message.received.failure", sender=sender)
            language = await self._language(request, sender, text, hint)
            messages: List[Dict[str, Any]] = [{**m, "lang": language} for m in collector.messages]
            return response.json(messages)

        return webhook
