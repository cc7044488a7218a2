"""The project's own web server, on loopback by default:

* ``/``: a demo municipality page with the chat widget embedded in one line;
* ``/static/``: the widget (``widget.js``, ``widget.css``) and the plan's CSS;
* ``/plan/<token>`` and ``/plan/<token>.md``: partnership plans under their
  unguessable, expiring URLs (unknown: 404, expired: 410);
* ``POST /api/history`` ``{"sender": id}``: the widget restores a conversation
  after a reload (the id travels in the body, never in a URL; it must be a UUID
  version 4, and lookups are rate-limited per client address);
* ``/review``: the content owner's review page (``partnerskab.webapp.review``):
  charts and the inbox of unanswered questions; closed (401) unless
  ``REVIEW_TOKEN`` is set and presented; never on the CORS list;
* ``POST /csp-report``: Content-Security-Policy violation reports (logged);
* ``GET /health``: each server's state (ready, restarting, down), the model's
  fingerprint and uptimes, from the launcher's state file (``STATE_FILE``), or,
  without a launcher (containers), by asking ``HEALTH_PROBE_URLS`` with a 1 s
  timeout; 200 when the chat works (Rasa and the action server ready), else
  503. Cheap (computed at most once a second) and never shows versions or paths.

    python -m partnerskab.webapp.server --port 8000

Every response carries a strict Content-Security-Policy and is not cached.
Cross-origin calls to the API are allowed only from ``CORS_ORIGINS``. Bodies
that cannot be parsed get 400, a failing plan store 503; request heads, bodies
and idle connections get ``READ_TIMEOUT_S`` seconds (aiohttp 3.9 has no setting
for a request head, so ``GuardedRequestHandler`` adds one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import jinja2
import sqlalchemy as sa
from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from partnerskab import settings
from partnerskab.core.rating import marks
from partnerskab.core.security import (
    SENDER_RULE,
    BadRequest,
    RateLimiter,
    client_address,
    parse_json,
    retry_after,
    trusted_proxies,
    valid_sender,
)
from partnerskab.core.wording import bilingual, t
from partnerskab.settings import ROOT, read_timeout
from partnerskab.storage.events import conversation_events
from partnerskab.storage.plan_store import PlanStore, PlanStoreError
from partnerskab.webapp import review

STATIC = ROOT / "bot" / "web" / "static"
TEMPLATES = ROOT / "bot" / "web" / "templates"
HOST = "127.0.0.1"
logger = logging.getLogger("partnerskab.webapp.server")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Server": "Partnerskabsguiden",  # instead of aiohttp's name and version
}


def _bad(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": message}), content_type="application/json")


async def read_body(request: web.Request, limit: Optional[int] = None) -> bytes:
    """The request body, within READ_TIMEOUT_S (408) and the size limit (413)."""
    try:
        body = await asyncio.wait_for(request.read(), timeout=read_timeout())
    except asyncio.TimeoutError:
        raise web.HTTPRequestTimeout(text="the body did not arrive in time\n") from None
    return body[:limit] if limit else body


def demo_csp(bot_url: str) -> str:
    """The demo page's policy: scripts, styles and images only from this server,
    connections only to this server and the assistant; no inline code at all."""
    bot_origin = "/".join(bot_url.split("/")[:3])
    return (
        f"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src 'self' {bot_origin}; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors 'none'; report-uri /csp-report"
    )


def conversation(tracker_url: str, sender: str) -> List[Dict]:
    """The latest session of one conversation as the widget shows it: user texts
    (button payloads left out) and bot messages with buttons, ``custom`` (plan
    links), language, ``answer_id`` and ``rateable`` as the REST channel sent them."""
    messages: List[Dict] = []
    language = "da"
    for kind, event in conversation_events(sender, tracker_url):
        if kind == "session_started":
            messages = []
        elif (
            kind == "slot"
            and event.get("name") == "language"
            and event.get("value") in ("da", "en")
        ):
            language = event["value"]
        elif kind == "user" and event.get("text") and not str(event["text"]).startswith("/"):
            messages.append({"from": "user", "text": event["text"]})
        elif kind == "bot" and (
            event.get("text")
            or (event.get("data") or {}).get("buttons")
            or (event.get("data") or {}).get("custom")
        ):
            data = event.get("data") or {}
            message = {
                "from": "bot",
                "text": event.get("text") or "",
                "lang": language,
                "buttons": data.get("buttons") or [],
                **marks(event),
            }
            if data.get("custom"):
                message["custom"] = data["custom"]
            messages.append(message)
    return messages


@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    response.headers.update(SECURITY_HEADERS)
    if request.path in ("/", "/om"):
        response.headers["Content-Security-Policy"] = demo_csp(request.app["bot_url"])
    elif request.path.startswith("/review"):
        response.headers["Content-Security-Policy"] = review.CSP
        response.headers["Referrer-Policy"] = (
            "same-origin"  # else the browser's Origin on its forms is "null"
        )
    origin = request.headers.get("Origin")
    if origin and request.path.startswith("/api/") and origin in request.app["origins"]:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Vary"] = "Origin"
    return response


HEALTH_CACHE_S = 1.0
STARTED = time.time()
STATES = ("starting", "ready", "restarting", "down")
CHAT = ("rasa", "actions")  # the chat works when these are ready


def read_health(state_file: Optional[Path], now: Optional[float] = None) -> Dict:
    """The /health body from the launcher's state file. Without a launcher (no
    file, or its process is gone) the servers it would report are "down"; only
    known keys and values are copied, so nothing else can leak out."""
    now = time.time() if now is None else now
    body: Dict = {"status": "ok", "model": "unknown", "uptime_s": None, "servers": {}}
    data: Dict = {}
    if state_file is not None:
        try:
            data = json.loads(Path(state_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
    alive = isinstance(data, dict) and _alive(data.get("pid"))
    servers = data.get("servers") if alive and isinstance(data.get("servers"), dict) else {}
    for name in ("rasa", "actions", "web"):
        info = servers.get(name) if isinstance(servers.get(name), dict) else {}
        state = info.get("state") if info.get("state") in STATES else "down"
        entry = {"state": "restarting" if state == "starting" else state}
        if state == "ready" and isinstance(info.get("started"), (int, float)):
            entry["uptime_s"] = max(0, int(now - info["started"]))
        if isinstance(info.get("restarts"), int):
            entry["restarts"] = info["restarts"]
        body["servers"][name] = entry
    if alive:
        model = data.get("model")
        body["model"] = (
            model
            if isinstance(model, str) and re.fullmatch(r"[0-9a-f]{1,64}", model)
            else "unknown"
        )
        if isinstance(data.get("started"), (int, float)):
            body["uptime_s"] = max(0, int(now - data["started"]))
    else:
        body["servers"]["web"] = {"state": "ready"}  # this answer is proof enough
    if any(body["servers"][name]["state"] != "ready" for name in CHAT):
        body["status"] = "unavailable"
    return body


def probe_health(urls: Dict[str, str], timeout: float = 1.0, now: Optional[float] = None) -> Dict:
    """The /health body without a launcher (containers): each server in
    ``HEALTH_PROBE_URLS`` ("rasa=http://rasa:5005/webhooks/rest/,actions=…")
    is "ready" when its URL answers 200 within ``timeout``, else "down"."""
    import urllib.request

    body: Dict = {
        "status": "ok",
        "model": settings.model_fingerprint(),
        "uptime_s": max(0, int((time.time() if now is None else now) - STARTED)),
        "servers": {},
    }
    for name, url in urls.items():
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                state = "ready" if resp.status == 200 else "down"
        except (OSError, ValueError):
            state = "down"
        body["servers"][name] = {"state": state}
    body["servers"]["web"] = {"state": "ready"}
    if any(body["servers"].get(name, {}).get("state") != "ready" for name in CHAT if name in urls):
        body["status"] = "unavailable"
    return body


def probe_urls(value: Optional[str]) -> Dict[str, str]:
    pairs = (item.partition("=") for item in (value or "").split(",") if item.strip())
    return {
        name.strip(): url.strip() for name, _, url in pairs if name.strip() in CHAT and url.strip()
    }


def _alive(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def create_app(
    store: PlanStore, bot_url: str = "http://127.0.0.1:5005", tracker_db: Optional[Path] = None
) -> web.Application:
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    store_url = f"sqlite:///{tracker_db}" if tracker_db else settings.tracker_url()

    async def plan(request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        token, _, ext = name.partition(".")
        if ext not in ("", "md"):
            raise web.HTTPNotFound()
        try:
            found = await asyncio.to_thread(store.get, token)
            gone = found is None and await asyncio.to_thread(store.expired, token)
        except PlanStoreError:
            logger.exception("the plan store failed")
            raise web.HTTPServiceUnavailable(
                text="".join(
                    f"{line}\n" for line in bilingual("service.plans_unavailable").values()
                ),
                headers={"Retry-After": "30"},
            ) from None
        if found is None:
            if gone:
                raise web.HTTPGone(
                    text="".join(f"{line}\n" for line in bilingual("service.plan_gone").values())
                )
            raise web.HTTPNotFound()
        if ext == "md":
            return web.Response(
                text=found["markdown"],
                content_type="text/markdown",
                charset="utf-8",
                headers={"Content-Disposition": 'attachment; filename="partnerskabsplan.md"'},
            )
        return web.Response(text=found["html"], content_type="text/html", charset="utf-8")

    state_file = settings.state_file()
    probed = probe_urls(settings.health_probe_urls_text())
    cached: Dict = {"at": float("-inf"), "body": None}

    async def health(_request: web.Request) -> web.Response:
        if time.monotonic() - cached["at"] > HEALTH_CACHE_S:
            if probed and state_file is None:
                cached["body"] = await asyncio.to_thread(probe_health, probed)
            else:
                cached["body"] = read_health(state_file)
            cached["at"] = time.monotonic()
        body = cached["body"]
        return web.json_response(body, status=200 if body["status"] == "ok" else 503)

    async def demo(request: web.Request) -> web.Response:
        script = (
            f'<script src="{request.scheme}://{request.host}/static/widget.js" '
            f'data-bot-url="{bot_url}" '
            f'data-lang="da" defer></script>'
        )
        heading = (
            "Om partnerskaber"
            if request.path == "/om"
            else "Sociale partnerskaber med virksomheder"
        )
        html = templates.get_template("demo.html.j2").render(
            heading=heading, embed=script, bot_url=bot_url
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def history(request: web.Request) -> web.Response:
        try:
            body = parse_json(await read_body(request), request.headers.get("Content-Type"))
        except BadRequest as error:
            raise _bad(f"{error} with 'sender'") from None
        sender = body.get("sender") if isinstance(body, dict) else None
        if not valid_sender(sender):
            raise _bad(SENDER_RULE)
        client = client_address(
            request.remote, request.headers.get("X-Forwarded-For"), app["trusted"]
        )
        wait = app["limiter"].check(client, None)
        if wait > 0:
            language = (
                "en"
                if request.headers.get("Accept-Language", "").lower().startswith("en")
                else "da"
            )
            return web.json_response(
                {"error": t("service.too_fast", language), "messages": []},
                status=429,
                headers={"Retry-After": retry_after(wait)},
            )
        try:
            messages = await asyncio.to_thread(conversation, store_url, sender)
        except sa.exc.SQLAlchemyError:
            messages = []  # no store yet, or busy: the widget starts afresh
        return web.json_response({"messages": messages})

    async def preflight(_request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def csp_report(request: web.Request) -> web.Response:
        report = await read_body(request, 4096)
        logger.warning("CSP violation reported: %s", report.decode("utf-8", "replace"))
        return web.Response(status=204)

    app = web.Application(middlewares=[security_headers], client_max_size=8192)
    app["bot_url"] = bot_url
    app["origins"] = settings.cors_origins()
    app["limiter"] = (
        RateLimiter.from_env()
    )  # history lookups per client: the new-conversation limit
    app["trusted"] = trusted_proxies()
    app.router.add_get("/", demo)
    app.router.add_get("/om", demo)  # a second page: the conversation follows the user
    app.router.add_get("/plan/{name}", plan)
    app.router.add_get("/health", health)
    app.router.add_post("/api/history", history)
    app.router.add_route("OPTIONS", "/api/history", preflight)
    app.router.add_post("/csp-report", csp_report)
    review.add_routes(app, store_url)
    app.router.add_static("/static/", STATIC, show_index=False, follow_symlinks=False)
    return app


class GuardedRequestHandler(RequestHandler):
    """aiohttp's connection handler with a deadline for the first request head:
    a connection that has not sent a complete head (up to the blank line) within
    ``head_timeout`` seconds is closed. Later requests on the connection are
    covered by the keep-alive timeout, bodies by ``read_body``."""

    __slots__ = ("_head_timeout", "_head_timer", "_head_seen", "_head_tail")

    def __init__(self, *args: Any, head_timeout: float = 5.0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._head_timeout, self._head_timer, self._head_seen, self._head_tail = (
            head_timeout,
            None,
            False,
            b"",
        )

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._head_timer = asyncio.get_running_loop().call_later(
            self._head_timeout, self._head_deadline
        )

    def data_received(self, data: bytes) -> None:
        if not self._head_seen:
            window = self._head_tail + data
            if b"\r\n\r\n" in window or b"\n\n" in window:
                self._head_seen = True
                if self._head_timer is not None:
                    self._head_timer.cancel()
            self._head_tail = window[-3:]
        super().data_received(data)

    def _head_deadline(self) -> None:
        if not self._head_seen:
            self.force_close()

    def connection_lost(self, exc: Optional[BaseException]) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)


async def serve(app: web.Application, host: str, port: int) -> None:
    """Runs the app until SIGTERM or SIGINT, with read timeouts (see GuardedRequestHandler)."""
    timeout = read_timeout()
    runner = web.AppRunner(app, keepalive_timeout=timeout, lingering_time=min(1.0, timeout))
    await runner.setup()
    server = runner.server
    loop = asyncio.get_running_loop()
    listener = await loop.create_server(
        lambda: GuardedRequestHandler(server, loop=loop, head_timeout=timeout, **server._kwargs),  # noqa: SLF001
        host,
        port,
        reuse_address=True,
    )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        listener.close()
        await listener.wait_closed()
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=settings.web_host())
    parser.add_argument("--port", type=int, default=settings.web_port())
    parser.add_argument("--bot-url", default=settings.bot_url())
    args = parser.parse_args()
    sys.modules.setdefault(
        "tensorflow", None
    )  # the review page's retriever needs spaCy, never TensorFlow
    logging.basicConfig(level=logging.INFO)
    asyncio.run(serve(create_app(PlanStore(), bot_url=args.bot_url), args.host, args.port))


if __name__ == "__main__":
    main()
