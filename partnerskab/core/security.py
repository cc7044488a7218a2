"""The rules both servers apply to what a client sends, kept free of any web
framework so they can be tested alone (the REST channel and partnerskab.webapp.server use them).

* **Conversation ids**: only a random UUID version 4 in its canonical
  lower-case form (what the widget makes with ``crypto.randomUUID()``): 122
  random bits, so nobody can guess another user's conversation.
* **Metadata**: only the keys the assistant uses survive (today ``language``,
  ``da`` or ``en``); everything else is dropped before Rasa sees it.
* **Text**: strings must be valid Unicode (no lone surrogates); control
  characters (NUL …) are removed from messages, since PostgreSQL rejects NUL.
* **Slots a message can set** (``case``, ``language``) and command entities
  (``step_number``) must hold known values.
* **Rate limits**: token buckets per client address (new conversations) and
  per conversation (messages); the client address is the first
  ``X-Forwarded-For`` address when the direct peer is a trusted proxy.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
import time
from collections import OrderedDict
from functools import lru_cache
from typing import Any, Dict, FrozenSet, Iterable, Optional, Tuple

from partnerskab import settings

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
SENDER_RULE = (
    "'sender' must be a conversation id: a random UUID version 4 in lower case, as "
    "crypto.randomUUID() makes it (e.g. 3f2b8c1e-9a4d-4e7f-b6c5-0d1e2f3a4b5c)"
)
LANGUAGES = ("da", "en")
UTF8 = {"utf-8", "utf8", "us-ascii", "ascii"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class BadRequest(ValueError):
    """A request the servers answer with 400 and this message."""


def valid_sender(sender: Any) -> bool:
    return isinstance(sender, str) and bool(UUID4.fullmatch(sender))


def parse_json(body: bytes, content_type: Optional[str] = None) -> Any:
    """The body as JSON (UTF-8), or raises BadRequest: bad charset, bad UTF-8,
    bad JSON, nesting too deep for the parser."""
    charset = None
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if charset is not None and charset not in UTF8:
        raise BadRequest("the body must be JSON in UTF-8")
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BadRequest("the body must be a JSON object") from error


def is_text(value: str) -> bool:
    """True when the string can be stored: no lone surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_text(value: str) -> str:
    """The message without control characters (tab and newlines stay)."""
    return _CONTROL.sub("", value)


def clean_metadata(metadata: Any) -> Optional[Dict[str, str]]:
    """Only what the assistant uses, validated: ``{"language": "da"|"en"}`` or None."""
    if isinstance(metadata, dict) and metadata.get("language") in LANGUAGES:
        return {"language": metadata["language"]}
    return None


# ---- values a message can put into a slot or a command --------------------------------


@lru_cache(maxsize=1)
def case_ids() -> FrozenSet[str]:
    """The ids of the catalogue's cases (knowledge/cases/)."""
    from partnerskab.core.knowledge import load_knowledge

    return frozenset(topic.id for topic in load_knowledge().cases)


def valid_slot(name: str, value: Any) -> bool:
    """May a message set slot ``name`` to ``value``? Only the slots that have
    entity mappings are checked; ``None`` (clearing) is always allowed."""
    if value is None:
        return True
    if name == "case":
        return isinstance(value, str) and value in case_ids()
    if name == "language":
        return value in LANGUAGES
    return True


def valid_entities(entities: Dict[str, Any]) -> bool:
    """The entities of a command (``/intent{...}``): every slot value valid and
    numbers in range (guide steps 1–12)."""
    from partnerskab.core.guide import LAST

    for name, value in entities.items():
        if not valid_slot(name, value):
            return False
        if name == "step_number":
            if not (
                isinstance(value, (str, int)) and str(value).isdigit() and 1 <= int(value) <= LAST
            ):
                return False
    return True


def command_entities(text: str) -> Optional[Dict[str, Any]]:
    """The entities of a ``/intent{...}`` command, ``{}`` for none, None when the
    text is not a command."""
    found = re.fullmatch(r"/[^{}\s]+(\{.*\})?(@[0-9.]+)?", text, flags=re.DOTALL)
    if not found:
        return None
    if not found.group(1):
        return {}
    try:
        entities = json.loads(found.group(1))
    except (ValueError, RecursionError):
        return None
    return entities if isinstance(entities, dict) else None


def unslash(text: str) -> str:
    """Typed text that is not an offered command, made into words: leading
    whitespace of every kind and slashes removed until neither is left (Rasa
    strips whitespace itself, so "/\\t/intent" must not become "/intent")."""
    while True:
        shorter = text.strip().lstrip("/")
        if shorter == text:
            return text
        text = shorter


# ---- client address -----------------------------------------------------------------

Network = Any  # ipaddress.IPv4Network | IPv6Network


def trusted_proxies(value: Optional[str] = None) -> Tuple[Network, ...]:
    """$TRUSTED_PROXIES (addresses or networks, comma-separated); loopback by default."""
    raw = value if value is not None else settings.trusted_proxies_text()
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip()
    )


def client_address(
    peer: Optional[str], forwarded_for: Optional[str], trusted: Iterable[Network]
) -> str:
    """The first X-Forwarded-For address when the direct peer is a trusted
    proxy (and that address is well-formed), else the peer."""
    peer = peer or "unknown"
    try:
        peer_ip = ipaddress.ip_address(peer)
    except ValueError:
        return peer
    if forwarded_for and any(peer_ip in net for net in trusted):
        first = forwarded_for.split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(first))
        except ValueError:
            pass
    return str(peer_ip)


# ---- token buckets --------------------------------------------------------------------


class TokenBucket:
    """``burst`` tokens, refilled at ``rate`` per second."""

    __slots__ = ("burst", "rate", "tokens", "updated")

    def __init__(self, burst: float, rate: float, now: float):
        self.burst, self.rate, self.tokens, self.updated = burst, rate, float(burst), now

    def _refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.updated) * self.rate)
        self.updated = now

    def wait(self, now: float) -> float:
        """Seconds until one token is there (0: now)."""
        self._refill(now)
        if self.tokens >= 1:
            return 0.0
        return (1 - self.tokens) / self.rate if self.rate > 0 else math.inf

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1

    def is_full(self, now: float) -> bool:
        self._refill(now)
        return self.tokens >= self.burst


class RateLimiter:
    """Per client address: a burst of ``client_burst`` new conversations, then
    ``client_rate`` a second; per conversation: a burst of ``conversation_burst``
    messages, then ``conversation_rate`` a second. A burst of 0 switches that
    limit off. Kept in memory per process; idle entries are forgotten (a
    conversation after ``idle_s`` seconds, at most ``max_entries`` of each)."""

    def __init__(
        self,
        client_burst: float = 20,
        client_rate: float = 1.0,
        conversation_burst: float = 10,
        conversation_rate: float = 1.0,
        idle_s: float = 7200,
        max_entries: int = 100_000,
    ):
        self.client_burst, self.client_rate = client_burst, client_rate
        self.conversation_burst, self.conversation_rate = conversation_burst, conversation_rate
        self.idle_s, self.max_entries = idle_s, max_entries
        self._clients: "OrderedDict[str, TokenBucket]" = OrderedDict()
        self._conversations: "OrderedDict[str, TokenBucket]" = OrderedDict()

    @classmethod
    def from_env(cls) -> "RateLimiter":
        limits = settings.rate_limits()
        return cls(
            limits["new_burst"],
            limits["new_per_s"],
            limits["message_burst"],
            limits["message_per_s"],
        )

    def _prune(self, now: float) -> None:
        while self._conversations:
            sender, bucket = next(iter(self._conversations.items()))
            if len(self._conversations) <= self.max_entries and now - bucket.updated < self.idle_s:
                break
            self._conversations.popitem(last=False)
        while self._clients:
            client, bucket = next(iter(self._clients.items()))
            if len(self._clients) <= self.max_entries and not bucket.is_full(now):
                break
            self._clients.popitem(last=False)

    def check(self, client: str, conversation: Optional[str], now: Optional[float] = None) -> float:
        """0 when the request may go on (and is counted), else the seconds to
        wait. ``conversation`` None: a request that opens or looks up a
        conversation (counted against the client only)."""
        now = time.monotonic() if now is None else now
        self._prune(now)
        known = conversation is not None and conversation in self._conversations
        client_bucket = conversation_bucket = None
        wait = 0.0
        if not known and self.client_burst > 0:
            client_bucket = self._clients.get(client) or TokenBucket(
                self.client_burst, self.client_rate, now
            )
            wait = max(wait, client_bucket.wait(now))
        if conversation is not None:
            conversation_bucket = self._conversations.get(conversation) or TokenBucket(
                max(1.0, self.conversation_burst), self.conversation_rate, now
            )
            if self.conversation_burst > 0:
                wait = max(wait, conversation_bucket.wait(now))
        if wait > 0:
            return wait
        if client_bucket is not None:
            client_bucket.take(now)
            self._clients[client] = client_bucket
            self._clients.move_to_end(client)
        if conversation is not None and conversation_bucket is not None:
            if self.conversation_burst > 0:
                conversation_bucket.take(now)
            else:
                conversation_bucket.updated = now
            self._conversations[conversation] = conversation_bucket
            self._conversations.move_to_end(conversation)
        return 0.0


def retry_after(seconds: float) -> str:
    """The Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
