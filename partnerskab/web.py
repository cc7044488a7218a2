"""The project's own web server: serves partnership plans under their
unguessable, expiring URLs (and static files). Loopback by default.

    python -m partnerskab.web --port 8000

Every response carries a strict Content-Security-Policy and is not cached;
unknown or malformed plan links get 404, expired ones 410.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from aiohttp import web

from partnerskab.plans import PlanStore

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "bot" / "web" / "static"
HOST = "127.0.0.1"
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
                                "form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
GONE = {"da": "Linket er udløbet. Bed Partnerskabsguiden om en ny plan.",
        "en": "This link has expired. Ask Partnerskabsguiden for a new plan."}


@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    response.headers.update(SECURITY_HEADERS)
    return response


def create_app(store: PlanStore) -> web.Application:
    async def plan(request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        token, _, ext = name.partition(".")
        if ext not in ("", "md"):
            raise web.HTTPNotFound()
        found = await asyncio.to_thread(store.get, token)
        if found is None:
            if await asyncio.to_thread(store.expired, token):
                raise web.HTTPGone(text=f"{GONE['da']}\n{GONE['en']}\n")
            raise web.HTTPNotFound()
        if ext == "md":
            return web.Response(text=found["markdown"], content_type="text/markdown", charset="utf-8",
                                headers={"Content-Disposition": 'attachment; filename="partnerskabsplan.md"'})
        return web.Response(text=found["html"], content_type="text/html", charset="utf-8")

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(middlewares=[security_headers], client_max_size=1024)
    app.router.add_get("/plan/{name}", plan)
    app.router.add_get("/health", health)
    app.router.add_static("/static/", STATIC, show_index=False, follow_symlinks=False)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", HOST))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", 8000)))
    args = parser.parse_args()
    web.run_app(create_app(PlanStore()), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
