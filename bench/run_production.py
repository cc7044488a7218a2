"""`make bench` (second part): the production stack under load.

PostgreSQL tracker store + Redis lock store (throwaway instances from Debian's
packages), one stateless action server, and:

1. 100 concurrent conversations of 5 messages against ONE Rasa instance;
2. the same load spread over TWO instances (each message to the other one);
3. a soak: SOAK_MINUTES (default 10) of steady load on both instances, with
   the resident memory of every server process sampled at the start and end.

Every conversation has its own case in context and asks follow-ups whose answer
depends on it. The right answer is what the assistant gives for that context in
a quiet single conversation (computed from the same Answerer), so any other
answer under load is cross-talk. Writes bench/production.md and .json.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import timed_post  # noqa: E402
from partnerskab.core.answering import Answerer  # noqa: E402
from partnerskab.ops.processes import rss_mb  # noqa: E402
from partnerskab.testing.services import production_cluster  # noqa: E402
from tests.rest import text_of  # noqa: E402

INTROS = {
    "mimersgade": "Fortæl om Galleri Hamlet i Mimersgade",
    "lego": "Fortæl om LEGOs klasseadoption",
    "brandvaesen": "Fortæl om brandvæsenet i Vejle",
    "brfkredit": "Fortæl om BRFkredits projekt",
    "skandia": "Fortæl om Skandias ambassadører",
    "hoeje_taastrup": "Fortæl om Kulturringen i Høje Taastrup",
}
FOLLOW_UP = "Hvem var med i partnerskabet?"


def run_load(
    urls: List[str], conversations: int, concurrency: int, tag: str, expected: Dict[str, str]
) -> Dict:
    cases = list(INTROS)
    latencies: List[float] = []
    errors = wrong = 0

    def one(i: int):
        nonlocal errors, wrong
        case = cases[i % len(cases)]
        sender = str(uuid.uuid4())  # conversation ids are UUIDv4 (partnerskab.core.security)
        for n, text in enumerate([INTROS[case]] + [FOLLOW_UP] * 4):
            try:
                seconds, messages = timed_post(urls[(i + n) % len(urls)], sender, text)
            except Exception:
                errors += 1
                continue
            latencies.append(seconds)
            if n > 0 and not text_of(messages).startswith(expected[case]):
                wrong += 1

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(conversations)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "messages": len(latencies),
        "errors": errors,
        "cross_talk": wrong,
        "msgs_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0,
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0,
    }


def main() -> None:
    model = Path(os.popen(f"{sys.executable} {ROOT / 'tools' / 'train.py'} --path").read().strip())
    soak_minutes = float(os.environ.get("SOAK_MINUTES") or 10)
    store = Answerer.load()
    expected = {
        case: store.reply(FOLLOW_UP, "da", context_case=case).answer[:40] for case in INTROS
    }
    work = Path(tempfile.mkdtemp(prefix="bench-prod-"))
    base = int(
        os.environ.get("E2E_PORT_BASE") or 5100
    )  # PostgreSQL, Redis, two Rasa, actions: base + 130…180
    with production_cluster(
        model, work, base + 140, base + 141, (base + 130, base + 131), base + 180
    ) as (a, b, _):
        run_load([a.webhook, b.webhook], 12, 6, "warmup", expected)
        print("one instance …", flush=True)
        one = run_load([a.webhook], 100, 100, "one", expected)
        print("two instances …", flush=True)
        two = run_load([a.webhook, b.webhook], 100, 100, "two", expected)
        print(f"soak for {soak_minutes:g} min …", flush=True)
        before = rss_mb(a.processes + b.processes)
        soak_runs, deadline, n = [], time.monotonic() + soak_minutes * 60, 0
        while time.monotonic() < deadline:
            soak_runs.append(run_load([a.webhook, b.webhook], 20, 10, f"soak{n}", expected))
            n += 1
        after = rss_mb(a.processes + b.processes)
    soak = {
        "minutes": soak_minutes,
        "messages": sum(r["messages"] for r in soak_runs),
        "errors": sum(r["errors"] for r in soak_runs),
        "cross_talk": sum(r["cross_talk"] for r in soak_runs),
        "rss_start_mb": before,
        "rss_end_mb": after,
        "growth_pct": 100 * (after - before) / before,
    }
    lines = [
        "# Benchmark: the production stack (PostgreSQL + Redis, one vs two Rasa instances)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} "
        "cores; one action server;"
        " both instances on the same machine, so two instances share its 2 cores.",
        "",
        "| load | messages | errors | cross-talk | msgs/s | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, r in (
        ("100 concurrent × 5 messages, one instance", one),
        ("100 concurrent × 5 messages, two instances", two),
    ):
        lines.append(
            f"| {label} | {r['messages']} | {r['errors']} | {r['cross_talk']} | "
            f"{r['msgs_per_s']:.1f} | "
            f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} |"
        )
    lines += [
        "",
        f"Two instances / one: {two['msgs_per_s'] / one['msgs_per_s']:.2f}× the messages per "
        "second.",
        "",
        f"Soak: {soak['minutes']:g} min, {soak['messages']} messages, {soak['errors']} errors, "
        f"{soak['cross_talk']} cross-talk; resident memory of all servers "
        f"{soak['rss_start_mb']:.0f} MB → "
        f"{soak['rss_end_mb']:.0f} MB ({soak['growth_pct']:+.1f} %).",
        "",
    ]
    (ROOT / "bench" / "production.md").write_text("\n".join(lines), encoding="utf-8")
    (ROOT / "bench" / "production.json").write_text(
        json.dumps({"one": one, "two": two, "soak": soak}, indent=2), encoding="utf-8"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
