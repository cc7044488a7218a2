"""`make bench` part 3: the review page (/review) on a year of conversations.

Generates about 100,000 synthetic events (partnerskab/testing/synthetic.py)
spread over the last 365 days into a throwaway SQLite database, and into a
throwaway PostgreSQL server when Debian's postgresql is installed, then times:

* building the usage digest and the usage summary once from a year of events
  (storage/events.refresh_summary: the JSON fields pulled out by the database, then
  core.usage.Tallier's tallies and inbox per conversation, kept beside the events),
  and bringing both up to date after an hour's new conversations;
* a period's usage from the summary (storage/events.period_usage: sums in SQL and
  the period's inbox items) for the last 30 days and the whole year, and the
  year's inbox grouped by similarity; for comparison, the year's digest rows
  summarised in Python (what make report does);
* the whole page, GET /review with a bearer token through the web app in
  process (charts, inbox with the nearest three facts, to-do list), for the
  year and for 30 days, after one warm-up: 5 times after a few new conversations
  were stored (the summary is brought up to date, nothing kept from the last view
  can be used), and each time the same page again with nothing new (the period's
  figures and groups are kept): median and slowest.

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
NEW_EVENTS = 300
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
    counted = events.refresh_summary(kb, url)  # once: the first view after a year of events
    build_s = time.perf_counter() - begin
    stored = events.derived_rows(url)
    extra = fill(url, NEW_EVENTS, time.time() - 3600, 1, seed=16)  # the next hour's conversations
    begin = time.perf_counter()
    recounted = events.refresh_summary(kb, url)
    update_s = time.perf_counter() - begin
    month_s, _ = timed(lambda: events.period_usage(*month, kb, url))
    year_s, usage = timed(lambda: events.period_usage(*year, kb, url))
    group_s, groups = timed(lambda: group_inbox(usage.inbox))
    rows_s, found = timed(lambda: events.usage_rows(*year, url))
    summary_s, direct = timed(lambda: summarise(found, kb))
    assert (direct.conversations, direct.questions, len(direct.inbox)) == (
        usage.conversations,
        usage.questions,
        len(usage.inbox),
    ), "the summary and the events disagree"
    rows += [
        (label, "events written", f"{written:,}", f"{fill_s:.1f} s to generate and write"),
        (
            label,
            "usage digest and summary built from a year of events (once)",
            f"{build_s * 1000:.0f} ms",
            f"{stored[events.DIGEST]:,} digest rows; {counted:,} conversations: "
            f"{stored[events.TALLIES]:,} tally rows, {stored[events.INBOX]:,} inbox rows",
        ),
        (
            label,
            f"both brought up to date after {extra:,} new events",
            f"{update_s * 1000:.0f} ms",
            f"{recounted:,} conversations counted",
        ),
        (label, "period usage from the summary, 30 days", f"{month_s * 1000:.0f} ms", ""),
        (
            label,
            "period usage from the summary, 365 days",
            f"{year_s * 1000:.0f} ms",
            f"{usage.conversations:,} conversations, {usage.questions:,} questions, "
            f"{len(usage.inbox):,} inbox items",
        ),
        (
            label,
            "inbox grouped by similarity, 365 days",
            f"{group_s * 1000:.0f} ms",
            f"{len(groups):,} groups",
        ),
        (
            label,
            "for comparison: the year's digest rows and summarise() over them (make report)",
            f"{(rows_s + summary_s) * 1000:.0f} ms",
            f"{len(found):,} rows: {rows_s * 1000:.0f} ms to read, "
            f"{summary_s * 1000:.0f} ms to summarise; the same figures",
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
                fresh, again = [], []
                for run in range(RUNS):
                    # an active service: new conversations since the last view, so the
                    # summary is brought up to date and nothing kept can be used
                    fill(url, 30, time.time() - 86400, 1, seed=100 + run)
                    begin = time.perf_counter()
                    html = await get()
                    fresh.append(time.perf_counter() - begin)
                    begin = time.perf_counter()
                    await get()  # the same page again, nothing new: what was kept is used
                    again.append(time.perf_counter() - begin)
                out[name] = (fresh, again, len(html))
        return out

    for name, (fresh, again, size) in asyncio.run(pages()).items():
        rows += [
            (
                label,
                f"GET /review, {name}, after new conversations (charts + inbox page 1 + to-do)",
                f"{statistics.median(fresh) * 1000:.0f} ms",
                f"slowest of {RUNS}: {max(fresh) * 1000:.0f} ms; {size / 1024:.0f} KiB of HTML",
            ),
            (
                label,
                f"GET /review, {name}, again with nothing new (the period's figures kept)",
                f"{statistics.median(again) * 1000:.0f} ms",
                f"slowest of {RUNS}: {max(again) * 1000:.0f} ms",
            ),
        ]
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
    verdicts = []
    for store, what, value, note in results:
        if what.startswith("GET /review") and "after new" in what:
            slowest = note.split(":")[1].split(";")[0].strip()
            worst = max(int(value.split()[0]), int(slowest.split()[0]))
            verdict = "within" if worst < 1000 else "over"
            period = what.split(",")[1].strip()
            verdicts.append(
                f"{store}, {period}: median {value}, slowest {slowest} ({verdict} the 1 s target)"
            )
    lines += [
        "",
        "Reading: " + "; ".join(verdicts) + ". The page shows the last 30 days unless another "
        "period is chosen. A view reads the usage summary kept beside the events "
        "(storage/events.py): per conversation, tallies with the days they rest on, and the "
        "masked inbox; a period's charts are a few sums in SQL, and only conversations with new "
        "events are counted again when the page is opened. The rest of a view is the inbox's "
        "grouping, the nearest three facts for the ten questions shown, and the HTML; a "
        "period's figures and groups are kept in the process until the summary changes (new "
        "events, retention) or a question is decided.",
    ]
    out = ROOT / "bench" / "review.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
