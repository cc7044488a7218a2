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
  English answers with ``lang="en"`` for screen readers;
* CPR numbers, phone numbers and e-mail addresses are masked before the message
  reaches NLU, the tracker store or a log (``partnerskab.privacy``), and the
  reply says so;
* typed text starting with ``/`` is a command only when it is the payload of a
  button the assistant offered in this conversation (or a well-formed widget
  rating); anything else is treated as plain text, so nobody can trigger an
  intent or set slots by typing ``/intent{...}``;
* each bot message is one JSON object (text, buttons and ``custom`` together)
  with ``answer_id`` (stable for that bot event in that conversation) and
  ``rateable`` (``partnerskab.answers``: real answers only);
* a rating (``/feedback{"feedback": "up", "answer": "<answer_id>"}``) reaches
  Rasa only when its ``answer_id`` is a rateable answer this conversation
  received; any other rating is dropped here (answer ``[]``, nothing stored).

Enabled in ``bot/credentials.yml`` under its module path; ``name()`` stays
"rest" so the URL is unchanged.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import rasa.core.actions.action as _rasa_action
import structlog
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from partnerskab.answers import find_answer, marks
from partnerskab.language import detect_language, language_or_default
from partnerskab.privacy import mask

logger = structlog.get_logger()
SENDER = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")
FEEDBACK = re.compile(r'/feedback\{"feedback": ?"(up|down)", ?"answer": ?"([0-9]{1,12}(?:\.[0-9]{1,9})?)"\}')
MASKED = {
    "da": "Jeg har fjernet personoplysninger fra din besked og gemmer dem ikke. Skriv ikke CPR-nummer, "
          "telefonnummer eller e-mail her.",
    "en": "I removed personal data from your message and do not store it. Please do not type CPR numbers, "
          "phone numbers or e-mail addresses here.",
}
UNAVAILABLE = {
    "da": "Beklager, jeg kan ikke svare lige nu. Prøv igen om lidt – eller kontakt en medarbejder.",
    "en": "Sorry, I cannot answer just now. Please try again shortly – or contact a member of staff.",
}
SHORTEN = {
    "da": "Din besked er for lang til mig. Skriv den gerne kortere – højst {n} tegn.",
    "en": "Your message is too long for me. Please shorten it – at most {n} characters.",
}


def max_message_chars() -> int:
    return int(os.environ.get("MAX_MESSAGE_CHARS") or 1000)


def action_timeout() -> float:
    """Seconds Rasa waits for the action server before giving up on one action
    (Rasa's own default is five minutes, hard-coded)."""
    return float(os.environ.get("ACTION_TIMEOUT_S") or 4)


def reply_timeout() -> float:
    """A last safety net: seconds a user waits at most for a reply, however busy
    the server; the message is still handled (and stored) in the background."""
    return float(os.environ.get("REPLY_TIMEOUT_S") or 30)


# Rasa reads the action server timeout from a module constant (5 minutes) and
# offers no setting; this channel is loaded into every Rasa process, so it sets it.
_rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout()


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class AnswerCollector(CollectingOutputChannel):
    """Collects each bot message as one object, as Rasa's REST channel does but
    with text, buttons and ``custom`` together, and marked with ``answer_id`` and
    ``rateable`` from the bot event it comes from (its timestamp and response)."""

    KEYS = ("text", "buttons", "quick_replies", "image", "attachment", "elements", "custom")

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        out: Dict[str, Any] = {"recipient_id": recipient_id}
        out.update({key: message[key] for key in self.KEYS if message.get(key)})
        out.update(marks({"timestamp": message.get("timestamp"),
                          "metadata": {"utter_action": message.get("utter_action")}}))
        self.messages.append(out)


class PartnerskabRestInput(RestInput):
    """See the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    def parse(body: bytes) -> Any:
        """The request body as JSON, or raises ``ValueError``."""
        return json.loads(body.decode("utf-8"))

    @staticmethod
    async def _offered(request: Request, sender: str) -> set:
        """Payloads of the buttons the assistant sent in this conversation's
        current session."""
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        offered: set = set()
        for event in (tracker.events if tracker else []):
            if getattr(event, "type_name", "") == "session_started":
                offered = set()
            elif getattr(event, "type_name", "") == "bot":
                for button in (event.data or {}).get("buttons") or []:
                    if isinstance(button, dict) and isinstance(button.get("payload"), str):
                        offered.add(button["payload"])
        return offered

    async def _command_or_text(self, request: Request, sender: str, text: str) -> str:
        """``text`` if it is an offered payload or a widget rating, else the text
        without its leading slashes (to be understood as words)."""
        stripped = text.strip()
        if FEEDBACK.fullmatch(stripped):
            return stripped
        try:
            if stripped in await self._offered(request, sender):
                return stripped
        except Exception:
            logger.exception("rest.offered_payloads.failure", sender=sender)
        return stripped.lstrip("/ ")

    @staticmethod
    async def _rating_accepted(request: Request, sender: str, text: str) -> bool:
        """Whether a rating names a rateable answer this conversation received."""
        found = FEEDBACK.fullmatch(text)
        if not found:
            return False
        try:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        except Exception:
            logger.exception("rest.rating.lookup.failure", sender=sender)
            return False
        return find_answer(tracker.events if tracker else [], found.group(2)) is not None

    async def _language(self, request: Request, sender: str, text: str, hint: Optional[str]) -> str:
        """The language the assistant answered in: what the message says, else the
        client's hint, else the conversation's slot (as the NLU component decides);
        for a button payload, the conversation's slot."""
        # A button payload ("/skip", "/make_plan") says nothing about the language.
        found = None if text.startswith("/") else detect_language(text, hint=hint)
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
            text, masked = mask(text)
            if text.lstrip().startswith("/"):
                text = await self._command_or_text(request, sender, text)
                if not text:
                    return _error(400, "'message' must be a non-empty string")
                if FEEDBACK.fullmatch(text) and not await self._rating_accepted(request, sender, text):
                    logger.info("rest.rating.dropped", sender=sender)
                    return response.json([])  # not an answer this conversation received: not stored
            collector = AnswerCollector()
            # Shielded: a slow action server makes the user wait at most reply_timeout()
            # seconds, but the message is still processed and stored, not lost.
            task = asyncio.ensure_future(on_new_message(
                UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)))
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=reply_timeout())
            except asyncio.TimeoutError:
                logger.warning("rest.message.slow", sender=sender)
            except CancelledError:
                logger.error("rest.message.received.timeout", sender=sender)
            except Exception:
                logger.exception("rest.message.received.failure", sender=sender)
            language = await self._language(request, sender, text, hint)
            messages: List[Dict[str, Any]] = [{**m, "lang": language} for m in collector.messages]
            if not messages and not FEEDBACK.fullmatch(text):
                # Stock Rasa answers silence when a custom action fails or is slow.
                messages = [{"recipient_id": sender, "text": UNAVAILABLE[language], "lang": language}]
            if masked:
                messages.insert(0, {"recipient_id": sender, "text": MASKED[language], "lang": language})
            return response.json(messages)

        return webhook
