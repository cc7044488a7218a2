"""The review page for the catalogue's content owner (``/review``, issue 15).

For a period it shows charts of use (server-side SVG, each with a table) and an
inbox of the questions the assistant did not answer, answered with low
confidence ("Mente du …?") or whose answer got a thumbs down, grouped by
similarity, newest first, with the reply given. Each question gets one
decision: *should have been answered by* a fact (the three nearest, by the
assistant's own retriever, are offered first), which appends it to that fact's
question bank as a reviewed YAML file (``partnerskab.storage.review_store``)
that the action server reads at its next start; *new content needed*, which
puts it on a to-do list (``/review/todo.md``); or *ignore*. Decided questions
leave the inbox.

Access: closed (401) unless ``REVIEW_TOKEN`` is set and presented, either as
``Authorization: Bearer <token>`` (scripts) or through the sign-in form, which
sets an HttpOnly, SameSite=Strict session cookie that holds the time, the
reviewer's name and an HMAC with the token, never the token itself; it lasts
8 hours, and changing the token ends every session. Tokens and MACs are
compared in constant time. Every form carries a CSRF token derived from the
session; a POST from another origin is refused. The page is never on the
widget's CORS list and has its own strict CSP: no script at all, styles only
from /static/review.css, forms only to this server.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import functools
import gc
import hashlib
import hmac
import math
import re
import threading
import time
from collections import OrderedDict, deque
from pathlib import Path
from typing import Any, Deque, Dict, List, Optional, Tuple
from urllib.parse import urlencode, urlsplit

import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from partnerskab import settings
from partnerskab.core import wording
from partnerskab.core.knowledge import load_knowledge, reviewed_dir
from partnerskab.core.language import detect_language, other_language
from partnerskab.core.plan import md
from partnerskab.core.reviewing import (
    DECISIONS,
    ReviewError,
    clean_name,
    clean_question,
    reviewed_entry,
)
from partnerskab.core.security import client_address
from partnerskab.core.usage import Usage, group_inbox, group_key
from partnerskab.core.wording import LANGUAGES
from partnerskab.settings import read_timeout
from partnerskab.storage import review_store
from partnerskab.storage.events import period_usage, refresh_summary, summary_version
from partnerskab.webapp import charts

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "bot" / "web" / "templates"
SESSION_COOKIE = "review_session"
SESSION_S = 8 * 3600
PER_PAGE = 10
MAX_KEYS = 40  # question forms one decision covers (the form stays under the server's body limit)
MAX_DAYS = 731
SIGN_IN_FAILURES = 5  # wrong access keys per client address and minute, then 429
KEPT = 16  # periods' usage and inbox groups kept per process, until the summary changes
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; report-uri /csp-report"
)
_HEX = re.compile(r"[0-9a-f]{64}")
_STORES: Dict[int, Any] = {}  # id(knowledge) -> Answerer, shared by every app in the process
_STORES_LOCK = threading.Lock()


def _mac(token: str, message: str) -> str:
    return hmac.new(token.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def session_value(token: str, name: str, now: Optional[float] = None) -> str:
    """The session cookie: issued time, the name (base64url) and their HMAC."""
    encoded = base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")
    body = f"{int(time.time() if now is None else now)}.{encoded}"
    return f"{body}.{_mac(token, 'session.' + body)}"


def session_name(token: str, value: Optional[str], now: Optional[float] = None) -> Optional[str]:
    """The reviewer's name from a valid, unexpired session cookie, else None."""
    parts = (value or "").split(".")
    if not token or len(parts) != 3 or not parts[0].isdigit():
        return None
    issued, encoded, mac = parts
    if not hmac.compare_digest(
        mac.encode("ascii", "replace"), _mac(token, f"session.{issued}.{encoded}").encode()
    ):
        return None
    now = time.time() if now is None else now
    if not -60 <= now - int(issued) <= SESSION_S:
        return None
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except ValueError:
        return None


def csrf_token(token: str, session: str) -> str:
    return _mac(token, "csrf." + session)[:40]


def language(request: web.Request, form: Optional[Dict[str, str]] = None) -> str:
    """``lang`` (query or form) if da/en, else the browser's first language, else Danish."""
    asked = (form or {}).get("lang") or request.query.get("lang")
    if asked in ("da", "en"):
        return asked
    first = request.headers.get("Accept-Language", "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "da"


def parse_period(query, today: Optional[dt.date] = None) -> Tuple[dt.date, dt.date, bool]:
    """(start, end, ok): the query's from/to, else the last 30 days; at most MAX_DAYS."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    default = (today - dt.timedelta(days=29), today)
    if not query.get("from") and not query.get("to"):
        return default[0], default[1], True
    try:
        start, end = (
            dt.date.fromisoformat(query.get("from", "")),
            dt.date.fromisoformat(query.get("to", "")),
        )
    except ValueError:
        return default[0], default[1], False
    if end < start:
        start, end = end, start
    if (end - start).days >= MAX_DAYS:
        return end - dt.timedelta(days=MAX_DAYS - 1), end, False
    return start, end, True


class SignInLimit:
    """At most ``failures`` wrong access keys per client address in ``window_s``
    seconds; then the form answers 429 until the oldest failure is that old.
    In memory, per process; an address is forgotten when its failures are."""

    def __init__(self, failures: int = SIGN_IN_FAILURES, window_s: float = 60) -> None:
        self.failures, self.window_s = failures, window_s
        self._seen: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> Deque[float]:
        times = self._seen.get(client, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def wait(self, client: str, now: Optional[float] = None) -> float:
        """Seconds until ``client`` may try again (0: now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(client, now)
            if not times:
                self._seen.pop(client, None)
                return 0.0
            return self.window_s - (now - times[0]) if len(times) >= self.failures else 0.0

    def failed(self, client: str, now: Optional[float] = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._seen) >= 10_000 and client not in self._seen:
                for old in [c for c, t in self._seen.items() if not self._recent(c, now)]:
                    del self._seen[old]
            times = self._recent(client, now)
            times.append(now)
            self._seen[client] = times


class Reviewer:
    def __init__(self, name: str, csrf: Optional[str]) -> None:
        self.name, self.csrf = name, csrf  # csrf is None for a bearer token (no cookie, no CSRF)


def client_of(request: web.Request) -> str:
    return client_address(
        request.remote, request.headers.get("X-Forwarded-For"), request.app["trusted"]
    )


def who(request: web.Request) -> Optional[Reviewer]:
    token = request.app["review_token"]
    if not token:
        return None
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        limit: SignInLimit = request.app["review_sign_ins"]
        client = client_of(request)
        wait = limit.wait(client)
        if wait > 0:  # the sign-in form's limit holds for scripts' keys too
            raise web.HTTPTooManyRequests(
                text="too many wrong access keys: try again later\n",
                headers={"Retry-After": str(math.ceil(wait))},
            )
        if hmac.compare_digest(header[7:].strip().encode("utf-8"), token.encode("utf-8")):
            try:
                name = clean_name(request.headers.get("X-Reviewer", "API"))
            except ReviewError:
                name = "API"
            return Reviewer(name, None)
        limit.failed(client)
        return None
    cookie = request.cookies.get(SESSION_COOKIE)
    name = session_name(token, cookie)
    return Reviewer(name, csrf_token(token, cookie)) if name and cookie else None


class ReviewPage:
    """The page's routes; texts, templates, knowledge and (on first use) the retriever."""

    def __init__(self, tracker_url: Optional[str] = None) -> None:
        self.url = tracker_url
        self.texts = {lang: wording.localized("review", lang) for lang in LANGUAGES}
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True
        )
        self.kb = load_knowledge()
        self._challenges: Optional[Dict[str, Dict[str, str]]] = None
        self._kept: "OrderedDict[Tuple, Any]" = OrderedDict()
        self._kept_lock = threading.Lock()
        self.nearest = functools.lru_cache(maxsize=1024)(self._nearest)
        self._options: Dict[str, Markup] = {}

    # ---- what the page knows ----------------------------------------------------------------

    def store(self):
        """The assistant's retriever, loaded once per process (about 6 s), on
        start when the page is on, else on the first page view."""
        with _STORES_LOCK:
            if id(self.kb) not in _STORES:
                from partnerskab.core.answering import Answerer

                _STORES[id(self.kb)] = Answerer(self.kb)
                # The retriever's objects live as long as the process: out of the cyclic
                # collector's way, so a full collection during a view no longer walks
                # them (about 0.3 s each time, bench/review.md).
                gc.freeze()
        return _STORES[id(self.kb)]

    def challenge_names(self) -> Dict[str, Dict[str, str]]:
        if self._challenges is None:
            from partnerskab.core.interview import load_interview

            self._challenges = {cid: c.label for cid, c in load_interview().challenges.items()}
        return self._challenges

    def label(self, fact_id: str, lang: str) -> str:
        fact = self.kb.facts.get(fact_id)
        if fact is None:
            return self.texts[lang]["answer_kinds"].get(fact_id, fact_id)
        return f"{self.kb.topics[fact.topic].name[lang]}: {fact.label[lang]}"

    def fact_options(self, lang: str) -> Markup:
        """Every fact as an <option>, for each question's list (made once per language)."""
        if lang not in self._options:
            self._options[lang] = Markup(
                "".join(
                    f'<option value="{escape(fid)}">{escape(self.label(fid, lang))}</option>'
                    for fid in self.kb.facts
                )
            )
        return self._options[lang]

    def _nearest(self, question: str, lang: str) -> List[Any]:
        """The three facts nearest to a question, by the assistant's retriever."""
        return self.store().retriever.search(question, lang).candidates(3)

    def kept(self, key: Tuple, make):
        """``make()``, kept for ``key`` (the last KEPT keys) in this process."""
        with self._kept_lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = make()
        with self._kept_lock:
            self._kept[key] = value
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return value

    def view(self, start: dt.date, end: dt.date, lang: str, page: int) -> Dict[str, Any]:
        """Everything the page shows (runs in a worker thread). A period's usage
        and its inbox groups are kept until the summary changes (new events,
        retention) or, for the groups, a question is decided."""
        refresh_summary(self.kb, self.url)
        version = summary_version(self.url)
        usage = self.kept(
            ("usage", start, end, version),
            lambda: period_usage(start, end, self.kb, self.url, refresh=False),
        )
        done = frozenset(review_store.decided(self.url))
        groups = self.kept(
            ("groups", start, end, version, done),
            lambda: group_inbox(usage.inbox, lambda key: review_store.key_hash(key) in done),
        )
        pages = max(1, math.ceil(len(groups) / PER_PAGE))
        page = min(max(page, 1), pages)
        shown = groups[(page - 1) * PER_PAGE : page * PER_PAGE]
        t = self.texts[lang]
        items = []
        for group in shown:
            newest = group.newest
            asked_lang = detect_language(newest.question) or "da"
            found = self.nearest(newest.question, asked_lang)
            when = dt.datetime.fromtimestamp(newest.asked_at, dt.timezone.utc).strftime(
                "%d.%m.%Y %H:%M"
            )
            items.append(
                {
                    "question": newest.question,
                    "lang": asked_lang,
                    "asked": (
                        t["asked"].format(n=group.count, when=when)
                        if group.count > 1
                        else t["asked_once"].format(when=when)
                    ),
                    "reasons": [
                        {"id": r, "text": t["reasons"][r]} for r, _ in group.reasons.most_common()
                    ],
                    "variants": list(
                        dict.fromkeys(
                            i.question for i in group.items if i.question != newest.question
                        )
                    )[:10],
                    "reply": _short(newest.reply),
                    "hashes": [review_store.key_hash(k) for k in group.keys[:MAX_KEYS]],
                    "suggestions": [{"id": f.id, "label": self.label(f.id, lang)} for f in found],
                }
            )
        todo = [
            {
                "question": item["question"],
                "by": t["decided_by"].format(
                    who=item["reviewer"],
                    when=dt.datetime.fromtimestamp(item["decided_at"], dt.timezone.utc).strftime(
                        "%d.%m.%Y"
                    ),
                ),
            }
            for item in review_store.todo(self.url)
        ]
        return {
            "usage": usage,
            "groups": items,
            "total_groups": len(groups),
            "page": page,
            "pages": pages,
            "todo": todo,
        }

    def charts(self, usage: Usage, start: dt.date, end: dt.date, lang: str) -> List[Dict[str, Any]]:
        t = self.texts[lang]
        out = []
        series = [(day, c, m) for day, (c, m) in usage.days.items()]
        busiest = max(series, key=lambda s: s[2], default=None)
        out.append(
            {
                "id": "days",
                "wide": True,
                "heading": t["days_heading"],
                "svg": charts.days(
                    series,
                    t["days_summary"].format(
                        start=start.strftime("%d.%m.%Y"),
                        end=end.strftime("%d.%m.%Y"),
                        conversations=usage.conversations,
                        messages=sum(m for _, _, m in series),
                        top=busiest[2] if busiest else 0,
                        top_day=busiest[0].strftime("%d.%m.%Y") if busiest else "–",
                    ),
                    (t["messages"], t["conversations"]),
                    start,
                    end,
                ),
                "head": [t["day"], t["conversations"], t["messages"]],
                "rows": [(day.strftime("%d.%m.%Y"), c, m) for day, c, m in series],
            }
        )
        total = sum(usage.outcomes[o] for o in ("answered", "did_you_mean", "not_covered"))
        pct = {
            o: round(100 * usage.outcomes[o] / total) if total else 0
            for o in ("answered", "did_you_mean", "not_covered")
        }
        parts = [
            (t["outcome_names"][o], usage.outcomes[o], o)
            for o in ("answered", "did_you_mean", "not_covered")
        ]
        out.append(
            {
                "id": "outcomes",
                "heading": t["outcomes_heading"],
                "svg": charts.shares(parts, t["outcomes_summary"].format(total=total, **pct)),
                "head": [t["outcome"], t["count"], t["share"]],
                "rows": [(name, n, f"{pct[o]} %") for name, n, o in parts] if total else [],
            }
        )
        topics = charts.top(
            [(self.kb.topics[tid].name[lang], n) for tid, n in usage.topics.items()]
        )
        out.append(
            self._bars(
                "topics", t["topics_heading"], t["topics_summary"], t["topic"], t["answers"], topics
            )
        )
        facts = charts.top([(self.label(fid, lang), n) for fid, n in usage.facts.items()])
        out.append(
            self._bars(
                "facts", t["facts_heading"], t["topics_summary"], t["fact"], t["answers"], facts
            )
        )
        rated = sorted(
            ((self.label(label, lang), c["up"], c["down"]) for label, c in usage.ratings.items()),
            key=lambda r: (-(r[1] + r[2]), r[0]),
        )[:10]
        out.append(
            {
                "id": "ratings",
                "heading": t["ratings_heading"],
                "svg": charts.split_bars(
                    rated,
                    t["ratings_summary"].format(
                        items="; ".join(f"{n}: {u} {t['up']}, {d} {t['down']}" for n, u, d in rated)
                    ),
                    (t["up"], t["down"]),
                ),
                "note": t["ratings_ignored"].format(n=usage.ignored_ratings),
                "head": [t["answer"], t["up"], t["down"]],
                "rows": rated,
            }
        )
        models = charts.top([(t["model_names"].get(m, m), n) for m, n in usage.models.items()])
        out.append(
            self._bars(
                "models",
                t["models_heading"],
                t["models_summary"],
                t["model"],
                t["count"],
                models,
                css="model",
            )
        )
        names = self.challenge_names()
        challenges = charts.top(
            [(names.get(c, {}).get(lang, c), n) for c, n in usage.challenges.items()]
        )
        out.append(
            self._bars(
                "challenges",
                t["challenges_heading"],
                t["challenges_summary"],
                t["challenge"],
                t["count"],
                challenges,
                css="model",
            )
        )
        return out

    @staticmethod
    def _bars(
        cid: str, heading: str, summary: str, head: str, value: str, items, css: str = ""
    ) -> Dict[str, Any]:
        text = summary.format(items=", ".join(f"{name} ({n})" for name, n in items))
        return {
            "id": cid,
            "heading": heading,
            "svg": charts.bars(items, text, css),
            "head": [head, value],
            "rows": items,
        }

    # ---- pages ---------------------------------------------------------------------------

    def _login(
        self, request: web.Request, lang: str, failed: bool = False, wait: float = 0
    ) -> web.Response:
        html = self.templates.get_template("review_login.html.j2").render(
            t=self.texts[lang],
            lang=lang,
            other_lang=other_language(lang),
            off=not request.app["review_token"],
            failed=failed,
            too_many=wait > 0,
        )
        headers = {"WWW-Authenticate": 'Bearer realm="review"'}
        if wait > 0:
            headers = {"Retry-After": str(math.ceil(wait))}
        return web.Response(
            text=html,
            status=429 if wait > 0 else 401,
            content_type="text/html",
            charset="utf-8",
            headers=headers,
        )

    async def page(self, request: web.Request) -> web.Response:
        lang = language(request)
        reviewer = who(request)
        if reviewer is None:
            return self._login(request, lang)
        start, end, ok = parse_period(request.query)
        try:
            page = int(request.query.get("page", "1"))
        except ValueError:
            page = 1
        data = await asyncio.to_thread(self.view, start, end, lang, page)
        t = self.texts[lang]
        notices = [] if ok else [{"text": t["bad_period"], "error": True}]
        notices += self._notices(request.query, lang)
        period = {"from": start.isoformat(), "to": end.isoformat()}

        def url(**extra) -> str:
            return "/review?" + urlencode({**period, "lang": lang, **extra})

        usage = data["usage"]
        html = self.templates.get_template("review.html.j2").render(
            t=t,
            lang=lang,
            other_lang=other_language(lang),
            switch_url="/review?" + urlencode({**period, "lang": other_language(lang)}),
            csrf=reviewer.csrf or "",
            reviewer=reviewer.name,
            notices=notices,
            start=start.isoformat(),
            end=end.isoformat(),
            summary=t["summary"].format(
                conversations=usage.conversations,
                questions=usage.questions,
                unanswered=len(usage.inbox),
                start=start.strftime("%d.%m.%Y"),
                end=end.strftime("%d.%m.%Y"),
            ),
            charts=self.charts(usage, start, end, lang),
            groups=data["groups"],
            total_groups=data["total_groups"],
            page=data["page"],
            pages=data["pages"],
            page_text=t["page"].format(page=data["page"], pages=data["pages"]),
            newer_url=url(page=data["page"] - 1) if data["page"] > 1 else None,
            older_url=url(page=data["page"] + 1) if data["page"] < data["pages"] else None,
            all_facts=self.fact_options(lang),
            todo=data["todo"],
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    def _notices(self, query, lang: str) -> List[Dict[str, Any]]:
        t = self.texts[lang]
        done = query.get("done")
        if done == "assigned" and query.get("fact") in self.kb.facts:
            name = re.sub(r"[^0-9-]", "", query.get("file", ""))[:10]
            return [
                {
                    "text": t["done_assigned"].format(
                        label=self.label(query["fact"], lang), file=f"questions/reviewed/{name}.yml"
                    )
                }
            ]
        if done in ("new_content", "ignored"):
            return [{"text": t[f"done_{done}"]}]
        if query.get("refused"):
            return [{"text": t["refused"], "error": True}]
        return []

    async def _form(self, request: web.Request) -> Dict[str, Any]:
        try:
            data = await asyncio.wait_for(request.post(), timeout=read_timeout())
        except asyncio.TimeoutError:
            raise web.HTTPRequestTimeout(text="the body did not arrive in time\n") from None
        except ValueError:
            raise web.HTTPBadRequest(text="the form could not be read\n") from None
        return {"single": {k: data.get(k) for k in data.keys()}, "keys": data.getall("key", [])}

    def _same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    async def _authorised_post(self, request: web.Request) -> Tuple[Reviewer, Dict[str, Any]]:
        reviewer = who(request)
        if reviewer is None:
            raise web.HTTPUnauthorized(
                text="sign in first\n", headers={"WWW-Authenticate": 'Bearer realm="review"'}
            )
        form = await self._form(request)
        if reviewer.csrf is not None:
            sent = str(form["single"].get("csrf") or "")
            if not self._same_origin(request) or not hmac.compare_digest(
                sent.encode(), reviewer.csrf.encode()
            ):
                raise web.HTTPForbidden(text="the form has expired: reload the page\n")
        return reviewer, form

    async def login(self, request: web.Request) -> web.Response:
        form = (await self._form(request))["single"]
        lang = language(request, form)
        token = request.app["review_token"]
        client = client_of(request)
        sign_ins: SignInLimit = request.app["review_sign_ins"]
        wait = sign_ins.wait(client)
        if wait > 0:  # too many wrong tries from this address: not even checked
            return self._login(request, lang, failed=True, wait=wait)
        given = str(form.get("token") or "")
        if (
            not token
            or not self._same_origin(request)
            or not hmac.compare_digest(given.encode(), token.encode())
        ):
            if token:
                sign_ins.failed(client)
            return self._login(request, lang, failed=bool(token))
        try:
            name = clean_name(form.get("name"))
        except ReviewError:
            return self._login(request, lang, failed=True)
        response = web.HTTPSeeOther(f"/review?lang={lang}")
        response.set_cookie(
            SESSION_COOKIE,
            session_value(token, name),
            max_age=SESSION_S,
            path="/review",
            httponly=True,
            samesite="Strict",
            secure=request.secure,
        )
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        _, form = await self._authorised_post(request)
        response = web.HTTPSeeOther(f"/review?lang={language(request, form['single'])}")
        response.del_cookie(SESSION_COOKIE, path="/review")
        raise response

    async def decide(self, request: web.Request) -> web.Response:
        reviewer, form = await self._authorised_post(request)
        single = form["single"]
        lang = language(request, single)
        back = {
            "from": str(single.get("from") or ""),
            "to": str(single.get("to") or ""),
            "lang": lang,
            "page": str(single.get("page") or "1"),
        }
        back = {k: v for k, v in back.items() if re.fullmatch(r"[0-9a-z-]{1,10}", v)}
        decision = single.get("decision")
        hashes = [k for k in form["keys"] if isinstance(k, str) and _HEX.fullmatch(k)][:MAX_KEYS]
        try:
            if decision not in DECISIONS:
                raise ReviewError("unknown decision")
            question = clean_question(single.get("question"))
            hashes.append(review_store.key_hash(group_key(question)))
            fact_id = single.get("fact") if decision == "assigned" else None
            if decision == "assigned" and fact_id not in self.kb.facts:
                raise ReviewError("unknown fact")
            outcome = await asyncio.to_thread(
                self._decide, decision, question, reviewer.name, fact_id, hashes
            )
        except ReviewError:
            raise web.HTTPSeeOther("/review?" + urlencode({**back, "refused": "1"})) from None
        raise web.HTTPSeeOther("/review?" + urlencode({**back, "done": decision, **outcome}))

    def _decide(
        self, decision: str, question: str, reviewer: str, fact_id: Optional[str], hashes: List[str]
    ) -> Dict[str, str]:
        outcome: Dict[str, str] = {}
        if decision == "assigned":
            asked_lang = detect_language(question) or "da"
            now = dt.datetime.now(dt.timezone.utc)
            entry = reviewed_entry(fact_id, asked_lang, question, reviewer, now)
            path = review_store.append_reviewed(entry, reviewed_dir(), now.date())
            outcome = {"fact": fact_id, "file": path.stem}
        review_store.decide(hashes, decision, question, reviewer, fact_id, self.url)
        return outcome

    async def todo_markdown(self, request: web.Request) -> web.Response:
        lang = language(request)
        if who(request) is None:
            return self._login(request, lang)
        t = self.texts[lang]
        items = await asyncio.to_thread(review_store.todo, self.url)
        lines = [f"# {md(t['todo_title'])}", "", md(t["todo_intro"]), ""]
        for item in items:
            when = dt.datetime.fromtimestamp(item["decided_at"], dt.timezone.utc).strftime(
                "%Y-%m-%d"
            )
            lines.append(f"- [ ] {md(item['question'])} ({md(item['reviewer'])}, {when})")
        if not items:
            lines.append(md(t["todo_empty"]))
        return web.Response(
            text="\n".join(lines) + "\n",
            content_type="text/markdown",
            charset="utf-8",
            headers={"Content-Disposition": 'attachment; filename="manglende-indhold.md"'},
        )


def _short(text: str, limit: int = 400) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def add_routes(app: web.Application, tracker_url: Optional[str] = None) -> None:
    """Adds /review, its forms and /review/todo.md to the web server."""
    page = ReviewPage(tracker_url)
    app["review_token"] = settings.review_token()
    app["review_sign_ins"] = SignInLimit()  # wrong keys per client address, form and bearer

    async def preload(_app: web.Application) -> None:
        if _app[
            "review_token"
        ]:  # load the retriever and the interview's labels now: the first view is quick
            asyncio.get_running_loop().run_in_executor(
                None, lambda: (page.store(), page.challenge_names())
            )

    app.on_startup.append(preload)
    app.router.add_get("/review", page.page)
    app.router.add_post("/review/login", page.login)
    app.router.add_post("/review/logout", page.logout)
    app.router.add_post("/review/decide", page.decide)
    app.router.add_get("/review/todo.md", page.todo_markdown)
