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
  reaches NLU, the tracker store or a log (``partnerskab.core.privacy``), and the
  reply says so;
* typed text starting with ``/`` (after any whitespace, of any kind) is a
  command only when it is the payload of a button the assistant offered in this
  conversation (or a well-formed widget rating) and its entities hold valid
  values; anything else is treated as plain text, so nobody can trigger an
  intent or set slots by typing ``/intent{...}``;
* the conversation id must be a UUID version 4 (``partnerskab.core.security``);
  metadata other than ``language`` (da/en) is dropped; control characters are
  removed from the message; a body that cannot be parsed (bad UTF-8, a foreign
  charset, nesting too deep, lone surrogates) gets 400;
* token-bucket limits per client address (new conversations) and per
  conversation (messages): 429 with ``Retry-After`` and a short text, and
  nothing reaches Rasa;
* a ``case`` or ``language`` slot value that is not a known case id or da/en is
  never set, whatever NLU or a command says (a guard around Rasa's slot
  extraction);
* ``GET /`` answers ``{"status": "ok"}`` instead of Rasa's version, and headers
  and bodies must arrive within ``READ_TIMEOUT_S`` seconds.
* each bot message is one JSON object (text, buttons and ``custom`` together)
  with ``answer_id`` (stable for that bot event in that conversation) and
  ``rateable`` (``partnerskab.core.rating``: real answers only);
* a rating (``/feedback{"feedback": "up", "answer": "<answer_id>"}``) reaches
  Rasa only when its ``answer_id`` is a rateable answer this conversation
  received; any other rating is dropped here (answer ``[]``, nothing stored).

Enabled in ``bot/credentials.yml`` under its module path; ``name()`` stays
"rest" so the URL is unchanged.
"""

from __future__ import annotations

import asyncio
import re
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import rasa.core.actions.action as _rasa_action
import structlog
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import SlotSet
from sanic import Blueprint, Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from partnerskab import settings
from partnerskab.core.language import detect_language, language_or_default
from partnerskab.core.privacy import mask
from partnerskab.core.rating import find_answer, marks
from partnerskab.core.security import (
    SENDER_RULE,
    BadRequest,
    RateLimiter,
    clean_metadata,
    clean_text,
    client_address,
    command_entities,
    is_text,
    parse_json,
    retry_after,
    trusted_proxies,
    unslash,
    valid_entities,
    valid_sender,
    valid_slot,
)
from partnerskab.core.wording import t
from partnerskab.core.words import one_spaced
from partnerskab.settings import action_timeout, max_message_chars, read_timeout, reply_timeout
from partnerskab.storage.sqlite_tuning import tune_sqlite

logger = structlog.get_logger()
FEEDBACK = re.compile(
    r'/feedback\{"feedback": ?"(up|down)", ?"answer": ?"([0-9]{1,12}(?:\.[0-9]{1,9})?)"\}'
)


# Rasa reads the action server timeout from a module constant (5 minutes) and
# offers no setting; this channel is loaded into every Rasa process, so it sets it.
_rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout()

# The SQLite tracker store commits in write-ahead-log mode (partnerskab.storage.sqlite_tuning):
# the engine is created after the channels are loaded, so this reaches its connections.
tune_sqlite()

# Slots a message can set through entities (``case``, ``language``) get only
# valid values: Rasa's slot extraction is wrapped here, in every Rasa process,
# so a forged or mis-recognised value is dropped before it reaches the tracker.
_extract_slots = _rasa_action.ActionExtractSlots.run


async def _extract_valid_slots(self, *args: Any, **kwargs: Any) -> List[Any]:
    events = await _extract_slots(self, *args, **kwargs)
    kept = [e for e in events if not (isinstance(e, SlotSet) and not valid_slot(e.key, e.value))]
    if len(kept) != len(events):
        logger.warning("rest.slot.invalid_value_dropped")
    return kept


if not getattr(_rasa_action.ActionExtractSlots.run, "partnerskab_guard", False):
    _extract_valid_slots.partnerskab_guard = True  # type: ignore[attr-defined]
    _rasa_action.ActionExtractSlots.run = _extract_valid_slots


# Rasa checks every action-server reply with ``jsonschema.validate``, which
# re-checks the schema and rebuilds a validator and $ref resolver each time: about a
# third of the Rasa process's CPU per message (shared/notes/profile-2026-11-29.md).
# The same schema, compiled once, validates the same way.
_response_validator: Any = None


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    global _response_validator
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for

    if _response_validator is None:
        schema = _rasa_action.RemoteAction.action_response_format_spec()
        _response_validator = validator_for(schema)(schema)
    try:
        _response_validator.validate(result)
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise
    return True


_rasa_action.RemoteAction._validate_action_result = _validate_action_result


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def harden(app: Sanic) -> None:
    """App-wide settings the channel brings along: short read timeouts for
    headers and idle connections (unless set through SANIC_* variables) and a
    ``GET /`` that names no software or version."""
    if not settings.is_set("SANIC_REQUEST_TIMEOUT"):
        app.config.REQUEST_TIMEOUT = read_timeout()
    if not settings.is_set("SANIC_KEEP_ALIVE_TIMEOUT"):
        app.config.KEEP_ALIVE_TIMEOUT = read_timeout()

    async def quiet_root(request: Request) -> Optional[HTTPResponse]:
        if request.path == "/":
            return response.json({"status": "ok"})
        return None

    app.register_middleware(quiet_root, "request")


class _ChannelBlueprint(Blueprint):
    """A blueprint that also hardens the app it is registered with."""

    def register(self, app: Sanic, options: Dict[str, Any]) -> None:
        harden(app)
        super().register(app, options)


class AnswerCollector(CollectingOutputChannel):
    """Collects each bot message as one object, as Rasa's REST channel does but
    with text, buttons and ``custom`` together, and marked with ``answer_id`` and
    ``rateable`` from the bot event it comes from (its timestamp and response)."""

    KEYS = ("text", "buttons", "quick_replies", "image", "attachment", "elements", "custom")

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        out: Dict[str, Any] = {"recipient_id": recipient_id}
        out.update({key: message[key] for key in self.KEYS if message.get(key)})
        out.update(
            marks(
                {
                    "timestamp": message.get("timestamp"),
                    "metadata": {"utter_action": message.get("utter_action")},
                }
            )
        )
        self.messages.append(out)


class PartnerskabRestInput(RestInput):
    """See the module docstring."""

    def __init__(self) -> None:
        super().__init__()
        self.limiter = RateLimiter.from_env()
        self.trusted = trusted_proxies()

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    async def _offered(request: Request, sender: str) -> set:
        """Payloads of the buttons the assistant sent in this conversation's
        current session."""
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        offered: set = set()
        for event in tracker.events if tracker else []:
            if getattr(event, "type_name", "") == "session_started":
                offered = set()
            elif getattr(event, "type_name", "") == "bot":
                for button in (event.data or {}).get("buttons") or []:
                    if isinstance(button, dict) and isinstance(button.get("payload"), str):
                        offered.add(button["payload"])
        return offered

    async def _command_or_text(self, request: Request, sender: str, text: str) -> str:
        """``text`` if it is an offered payload (with valid entities) or a widget
        rating, else the text without its leading whitespace and slashes (to be
        understood as words)."""
        stripped = text.strip()  # every kind of Unicode whitespace, as Rasa strips it
        if FEEDBACK.fullmatch(stripped):
            return stripped
        entities = command_entities(stripped)
        try:
            if (
                entities is not None
                and valid_entities(entities)
                and stripped in await self._offered(request, sender)
            ):
                return stripped
        except Exception:
            logger.exception("rest.offered_payloads.failure", sender=sender)
        return unslash(stripped)

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

    async def _language(self, request: Request, sender: str, decided: Optional[str]) -> str:
        """The language the assistant answered in: the one decided for the message,
        else (a button payload, a message with no signal and no hint) the
        conversation's slot, which the message left as it was."""
        if decided:
            return decided
        try:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        except Exception:  # the reply is already made; the language is a courtesy
            return language_or_default(None)
        return language_or_default(tracker.get_slot("language") if tracker else None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = _ChannelBlueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            # A streamed route, so the body is read here, within READ_TIMEOUT_S and
            # the size limit (Sanic lifts it for streamed routes).
            request.stream.request_max_size = request.app.config.REQUEST_MAX_SIZE
            try:
                await asyncio.wait_for(request.receive_body(), timeout=read_timeout())
            except asyncio.TimeoutError:
                request.stream.keep_alive = False
                return _error(408, "the body did not arrive in time")
            except PayloadTooLarge:
                return _error(413, "the body is too large")
            try:
                body = parse_json(request.body or b"", request.headers.get("content-type"))
            except BadRequest as error:
                return _error(400, f"{error}, with 'sender' and 'message'")
            if not isinstance(body, dict):
                return _error(400, "the body must be a JSON object with 'sender' and 'message'")
            sender, text = body.get("sender"), body.get("message")
            if not valid_sender(sender):
                return _error(400, SENDER_RULE)
            if not isinstance(text, str) or not is_text(text):
                return _error(400, "'message' must be a non-empty string of valid Unicode text")
            # (Read with one space between words, as typed on a phone or pasted.)
            text = one_spaced(clean_text(text))
            if not text.strip():
                return _error(400, "'message' must be a non-empty string")
            metadata = clean_metadata(body.get("metadata"))
            hint = metadata["language"] if metadata else None
            # The message's language, decided once here and passed on to the NLU
            # (LanguageDetector) in the metadata. A button payload ("/skip") says nothing.
            decided = None if text.startswith("/") else detect_language(text[:2000], hint=hint)
            client = client_address(
                request.ip, request.headers.get("x-forwarded-for"), self.trusted
            )
            wait = self.limiter.check(client, sender)
            if wait > 0:
                language = language_or_default(decided or hint)
                logger.warning("rest.rate_limited")
                return response.json(
                    [
                        {
                            "recipient_id": sender,
                            "text": t("service.too_fast", language),
                            "lang": language,
                        }
                    ],
                    status=429,
                    headers={"Retry-After": retry_after(wait)},
                )
            limit = max_message_chars()
            if len(text) > limit:
                language = language_or_default(decided)
                return response.json(
                    [
                        {
                            "recipient_id": sender,
                            "text": t("service.shorten", language, n=limit),
                            "lang": language,
                        }
                    ]
                )
            text, masked = mask(text)
            if unslash(text) != text.strip():
                text = await self._command_or_text(request, sender, text)
                if not text:
                    return _error(400, "'message' must be a non-empty string")
                if FEEDBACK.fullmatch(text) and not await self._rating_accepted(
                    request, sender, text
                ):
                    logger.info("rest.rating.dropped", sender=sender)
                    return response.json([])  # not an answer this conversation received: not stored
            collector = AnswerCollector()
            # Shielded: a slow action server makes the user wait at most reply_timeout()
            # seconds, but the message is still processed and stored, not lost.
            task = asyncio.ensure_future(
                on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata={**(metadata or {}), "language": decided} if decided else metadata,
                    )
                )
            )
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=reply_timeout())
            except asyncio.TimeoutError:
                logger.warning("rest.message.slow", sender=sender)
            except CancelledError:
                logger.error("rest.message.received.timeout", sender=sender)
            except Exception:
                logger.exception("rest.message.received.failure", sender=sender)
            language = await self._language(request, sender, decided)
            messages: List[Dict[str, Any]] = [{**m, "lang": language} for m in collector.messages]
            if not messages and not FEEDBACK.fullmatch(text):
                # Stock Rasa answers silence when a custom action fails or is slow.
                messages = [
                    {
                        "recipient_id": sender,
                        "text": t("service.unavailable", language),
                        "lang": language,
                    }
                ]
            if masked:
                messages.insert(
                    0,
                    {
                        "recipient_id": sender,
                        "text": t("service.masked", language),
                        "lang": language,
                    },
                )
            return response.json(messages)

        return webhook
