"""`make bench` part 3: the review page (/review) on a year of conversations.

Generates about 100,000 synthetic events (partnerskab/testing/synthetic.py)
spread over the last 365 days into a throwaway SQLite database, and into a
throwaway PostgreSQL server when Debian's postgresql is installed, then times:

* building the usage digest once from a year of events (storage/events.refresh_digest:
  the JSON fields pulled out by the database, kept beside the events), then the usage
  query from the digest for the last 30 days and the whole year;
* the summary behind the charts and the inbox (core/usage.summarise + grouping);
* the whole page, GET /review with a bearer token through the web app in
  process (charts, inbox with the nearest three facts, to-do list), for the
  year and for 30 days: the median of 5 after one warm-up.

Writes bench/review.md. The target (issue 15): the inbox and charts in under 1 s.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.modules.setdefault("tensorflow", None)  # as in the web server: spaCy without TensorFlow

EVENTS = 100_000
TOKEN = "bench-review-token"
RUNS = 5
PG_PORT = int(os.environ.get("E2E_PORT_BASE") or 5100) + 40  # inside the checkout's port range


def timed(function, runs: int = RUNS):
    """(median seconds of ``runs`` calls after one warm-up, last result)."""
    result = function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(url: str, label: str, tmp: Path) -> list:
    from aiohttp.test_utils import TestClient, TestServer

    from partnerskab.core.knowledge import load_knowledge
    from partnerskab.core.usage import group_inbox, summarise
    from partnerskab.storage import events
    from partnerskab.storage.plan_store import PlanStore
    from partnerskab.testing.synthetic import fill

    today = dt.datetime.now(dt.timezone.utc).date()
    year, month = (today - dt.timedelta(days=364), today), (today - dt.timedelta(days=29), today)
    start = time.perf_counter()
    written = fill(url, EVENTS, time.time() - 365 * 86400, 365)
    fill_s = time.perf_counter() - start
    kb = load_knowledge()
    rows = []
    begin = time.perf_counter()
    digested = events.refresh_digest(url)  # once: the first view after a year of events
    digest_s = time.perf_counter() - begin
    with_index_month, found = timed(lambda: events.usage_rows(*month, url))
    with_index_year, found = timed(lambda: events.usage_rows(*year, url))
    summary_s, usage = timed(lambda: summarise(found, kb))
    group_s, groups = timed(lambda: group_inbox(usage.inbox))
    rows += [
        (label, "events written", f"{written:,}", f"{fill_s:.1f} s to generate and write"),
        (
            label,
            "usage digest built from a year of events (once; later views add only new events)",
            f"{digest_s * 1000:.0f} ms",
            f"{digested:,} rows",
        ),
        (label, "usage query from the digest, 30 days", f"{with_index_month * 1000:.0f} ms", ""),
        (
            label,
            "usage query from the digest, 365 days",
            f"{with_index_year * 1000:.0f} ms",
            f"{len(found):,} rows of {written:,} events",
        ),
        (
            label,
            "summary of the year (charts, inbox items)",
            f"{summary_s * 1000:.0f} ms",
            f"{usage.conversations:,} conversations, {usage.questions:,} questions, "
            f"{len(usage.inbox):,} inbox items",
        ),
        (
            label,
            "inbox grouped by similarity",
            f"{group_s * 1000:.0f} ms",
            f"{len(groups):,} groups",
        ),
    ]

    os.environ["REVIEW_TOKEN"] = TOKEN
    os.environ["REVIEWED_QUESTIONS_DIR"] = str(tmp / "reviewed")
    os.environ["TRACKER_URL"] = url

    async def pages():
        from partnerskab.webapp import review
        from partnerskab.webapp.server import create_app

        app = create_app(PlanStore(tmp / "plans.db"))
        await asyncio.to_thread(review.ReviewPage(url).store)  # what the server preloads at start
        out = {}
        async with TestClient(TestServer(app)) as client:
            for name, (lo, hi) in (("365 days", year), ("30 days", month)):

                async def get(lo=lo, hi=hi):
                    response = await client.get(
                        f"/review?from={lo}&to={hi}", headers={"Authorization": f"Bearer {TOKEN}"}
                    )
                    assert response.status == 200, response.status
                    return await response.text()

                await get()
                times = []
                for _ in range(RUNS):
                    begin = time.perf_counter()
                    html = await get()
                    times.append(time.perf_counter() - begin)
                out[name] = (statistics.median(times), max(times), len(html))
        return out

    for name, (median, worst, size) in asyncio.run(pages()).items():
        rows.append(
            (
                label,
                f"GET /review, {name} (charts + inbox page 1 + to-do)",
                f"{median * 1000:.0f} ms",
                f"slowest of {RUNS}: {worst * 1000:.0f} ms; {size / 1024:.0f} KiB of HTML",
            )
        )
    return rows


def main() -> int:
    from partnerskab.testing.services import postgres

    results = []
    with tempfile.TemporaryDirectory(prefix="partnerskab-review-bench-") as name:
        tmp = Path(name)
        results += measure(f"sqlite:///{tmp / 'tracker.db'}", "SQLite", tmp)
        try:
            with postgres(tmp / "pg", PG_PORT) as url:
                results += measure(url, "PostgreSQL", tmp)
        except (FileNotFoundError, RuntimeError, TimeoutError) as error:
            results.append(("PostgreSQL", "not measured", "–", str(error)))
    lines = [
        "# The review page on a year of conversations",
        "",
        f"`make bench` (bench/run_review.py), {dt.date.today().isoformat()}, {platform.machine()}, "
        f"{os.cpu_count()} cores shared with other work, Python {platform.python_version()}.",
        f"About {EVENTS:,} synthetic events over 365 days (partnerskab/testing/synthetic.py: "
        "Rasa 3.6's event shapes, real catalogue answers and bank questions, unanswered "
        f"questions from a few patterns), median of {RUNS} runs after one warm-up. "
        "Target (issue 15): inbox and charts in under 1 s.",
        "",
        "| store | what | time | notes |",
        "|---|---|---|---|",
    ]
    lines += [f"| {store} | {what} | {value} | {note} |" for store, what, value, note in results]
    pages = {
        (store, what.split(",")[1].strip().split(" (")[0]): value
        for store, what, value, _ in results
        if what.startswith("GET /review")
    }
    verdicts = []
    for (store, period), value in pages.items():
        verdict = "within" if int(value.split()[0]) < 1000 else "over"
        verdicts.append(f"{store}, {period}: {value} ({verdict} the 1 s target)")
    lines += [
        "",
        "Reading: " + "; ".join(verdicts) + ". The page shows the last 30 days unless another "
        "period is chosen. The usage digest (storage/events.py) keeps the few fields the page "
        "reads beside the events, so a view no longer parses each event's JSON; for a whole year "
        "most of the time is now the summary in Python over some 30,000 digest rows, and a daily "
        "summary kept beside the digest would be the next step.",
    ]
    out = ROOT / "bench" / "review.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
