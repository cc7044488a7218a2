"""Talking to the running assistant over Rasa's REST channel (end-to-end tests)."""

from __future__ import annotations

import hashlib
import json
import socket
import time
import urllib.request
import uuid


def client_of(sender: str) -> str:
    """A client address of its own for each test conversation, as the reverse
    proxy would pass it on (X-Forwarded-For; loopback is a trusted proxy), so
    the per-client limit on new conversations counts one user, not the suite."""
    digest = hashlib.sha256(sender.encode()).digest()
    return f"10.{digest[0]}.{digest[1]}.{digest[2]}"


def post(url, sender, text, metadata=None, timeout=60):
    """One message to the REST channel ``url`` as the user ``sender`` (behind the
    proxy, see ``client_of``); the bot's messages."""
    body = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "X-Forwarded-For": client_of(sender)},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        assert response.status == 200
        return json.loads(response.read())


def ask(servers, sender, text, metadata=None):
    return post(servers.webhook, sender, text, metadata)


def text_of(messages):
    return "\n".join(m.get("text", "") for m in messages)


def buttons_of(messages):
    return [b for m in messages for b in (m.get("buttons") or [])]


def new_sender():
    """A conversation id as the widget makes it (crypto.randomUUID())."""
    return str(uuid.uuid4())


def seconds_until_closed(sock, limit=15.0):
    """Seconds until the server closes a half-sent request's connection (None: still open)."""
    sock.settimeout(limit)
    start = time.monotonic()
    try:
        while sock.recv(4096):
            pass
    except socket.timeout:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - start
