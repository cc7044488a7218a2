"""Talking to the running assistant over Rasa's REST channel (end-to-end tests)."""

from __future__ import annotations

import json
import urllib.request
import uuid


def ask(servers, sender, text, metadata=None):
    body = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    request = urllib.request.Request(servers.webhook, data=json.dumps(body).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return json.loads(response.read())


def text_of(messages):
    return "\n".join(m.get("text", "") for m in messages)


def buttons_of(messages):
    return [b for m in messages for b in (m.get("buttons") or [])]


def new_sender():
    return f"e2e-{uuid.uuid4()}"
