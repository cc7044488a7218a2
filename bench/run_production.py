"""`make bench` (second part): the production stack under load.

PostgreSQL tracker store + Redis lock store (throwaway instances from Debian's
packages), one stateless action server, and:

1. 100 concurrent conversations of 5 messages against ONE Rasa instance;
2. the same load spread over TWO instances, routed as docs/deployment.md tells a
   load balancer to (sticky by conversation id: each conversation stays on one
   instance), and once more with every message sent to the other instance than
   the one before (no instance's cache ever holds the conversation: the worst
   case, and the strongest cross-talk check);
3. a soak: SOAK_MINUTES (default 10) of steady load on both instances, with
   the resident memory of every server process sampled at the start and end.

During 1 and 2 the CPU time of every process on the machine is counted, grouped
(each Rasa instance, the action server, PostgreSQL, Redis, this load generator,
anything else): what one message costs in CPU, and so how many messages per
second this machine's cores could carry at most, whatever the number of instances.

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
from typing import Callable, Dict, List, Optional, Tuple

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import timed_post  # noqa: E402
from partnerskab.core.answering import Answerer  # noqa: E402
from partnerskab.ops.processes import rss_mb  # noqa: E402
from partnerskab.testing.services import production_cluster  # noqa: E402
from tests.rest import text_of  # noqa: E402
from tools.train import model_path  # noqa: E402

INTROS = {
    "mimersgade": "Fortæl om Galleri Hamlet i Mimersgade",
    "lego": "Fortæl om LEGOs klasseadoption",
    "brandvaesen": "Fortæl om brandvæsenet i Vejle",
    "brfkredit": "Fortæl om BRFkredits projekt",
    "skandia": "Fortæl om Skandias ambassadører",
    "hoeje_taastrup": "Fortæl om Kulturringen i Høje Taastrup",
}
FOLLOW_UP = "Hvem var med i partnerskabet?"
OTHER = "other processes"


def run_load(
    urls: List[str],
    conversations: int,
    concurrency: int,
    tag: str,
    expected: Dict[str, str],
    sticky: bool = False,
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
                url = urls[i % len(urls)] if sticky else urls[(i + n) % len(urls)]
                seconds, messages = timed_post(url, sender, text)
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


def _listening(port: int) -> Optional[int]:
    """The pid of the process listening on ``port`` (this bench's PostgreSQL or Redis,
    not another session's on the same machine)."""
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
            return conn.pid
    return None


def _trees(servers) -> Dict[int, str]:
    """pid -> part, for the given processes (or pids) and their children."""
    parts = {}
    for label, proc in servers:
        pid = getattr(proc, "pid", proc)
        if pid is None:
            continue
        try:
            root = psutil.Process(pid)
            for p in [root, *root.children(recursive=True)]:
                parts[p.pid] = label
        except psutil.NoSuchProcess:
            pass
    return parts


def _cpu_seconds(parts: Dict[int, str]) -> Dict[int, Tuple[str, float]]:
    """pid -> (part, CPU seconds used so far, user + system), for every process on the machine."""
    me = os.getpid()
    used = {}
    for p in psutil.process_iter(["pid", "cpu_times"]):
        times = p.info["cpu_times"]
        if times is None:
            continue
        pid = p.info["pid"]
        part = parts.get(pid) or ("load generator (this script)" if pid == me else OTHER)
        used[pid] = (part, times.user + times.system)
    return used


def with_cpu(parts: Callable[[], Dict[int, str]], run: Callable[[], Dict]) -> Dict:
    """``run()``'s result, with the CPU each part used per message (ms) and the cores
    busy on average. A process that started during the run counts all it used; one
    that ended during it is missed (the servers run throughout; other work on the
    machine may not)."""
    known = parts()
    before = _cpu_seconds(known)
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    after = _cpu_seconds(known)
    messages = max(1, result["messages"])
    per_part: Dict[str, float] = {}
    for pid, (part, seconds) in after.items():
        earlier = before.get(pid)
        used = seconds - (earlier[1] if earlier and earlier[0] == part else 0.0)
        per_part[part] = per_part.get(part, 0.0) + 1000 * max(0.0, used) / messages
    result["cpu_ms_per_message"] = dict(sorted(per_part.items(), key=lambda kv: -kv[1]))
    result["cores_busy"] = sum(per_part.values()) * messages / 1000 / elapsed
    return result


def main() -> None:
    model = model_path()
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

        def parts() -> Dict[int, str]:
            return _trees(
                [
                    ("Rasa instance 1", a.named["rasa"]),
                    ("Rasa instance 2", b.named["rasa"]),
                    ("action server", a.named["actions"]),
                    ("PostgreSQL", _listening(base + 140)),
                    ("Redis", _listening(base + 141)),
                ]
            )

        print("one instance …", flush=True)
        one = with_cpu(parts, lambda: run_load([a.webhook], 100, 100, "one", expected))
        print("two instances, sticky …", flush=True)
        two = with_cpu(
            parts,
            lambda: run_load([a.webhook, b.webhook], 100, 100, "two", expected, sticky=True),
        )
        print("two instances, alternating …", flush=True)
        alternating = with_cpu(
            parts, lambda: run_load([a.webhook, b.webhook], 100, 100, "alternating", expected)
        )
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
        ("100 concurrent × 5 messages, two instances (sticky by conversation)", two),
        ("100 concurrent × 5 messages, two instances (alternating every message)", alternating),
    ):
        lines.append(
            f"| {label} | {r['messages']} | {r['errors']} | {r['cross_talk']} | "
            f"{r['msgs_per_s']:.1f} | "
            f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} |"
        )
    cores = os.cpu_count() or 1
    # The stack's own CPU (everything but other work on the machine) sets the ceiling.
    cpu_one = sum(v for k, v in one["cpu_ms_per_message"].items() if k != OTHER)
    ceiling = 1000 * cores / cpu_one
    lines += [
        "",
        f"Two instances / one: {two['msgs_per_s'] / one['msgs_per_s']:.2f}× the messages per "
        f"second routed as docs/deployment.md says (sticky), "
        f"{alternating['msgs_per_s'] / one['msgs_per_s']:.2f}× with every message alternating.",
        "",
        "CPU per message (ms, user + system, every process on the machine), and the cores "
        "busy on average:",
        "",
        "| part | one instance | two, sticky | two, alternating |",
        "|---|---|---|---|",
    ]
    runs = (one, two, alternating)
    for part in one["cpu_ms_per_message"]:
        lines.append(
            f"| {part} | "
            + " | ".join(f"{r['cpu_ms_per_message'].get(part, 0.0):.1f}" for r in runs)
            + " |"
        )
    lines += [
        "| **the stack and the load generator on the same cores (all but other processes)** | "
        + " | ".join(
            f"**{sum(v for k, v in r['cpu_ms_per_message'].items() if k != OTHER):.1f}**"
            for r in runs
        )
        + " |",
        "| cores busy (all processes) | "
        + " | ".join(f"{r['cores_busy']:.2f}" for r in runs)
        + " |",
        "",
        f"At {cpu_one:.1f} ms of CPU a message, {cores} cores carry at most {ceiling:.0f} "
        f"messages/s: {ceiling / one['msgs_per_s']:.2f}× what one instance did, with any number "
        "of instances. Two instances can double one only when one instance leaves a core idle.",
        "",
        f"Soak: {soak['minutes']:g} min, {soak['messages']} messages, {soak['errors']} errors, "
        f"{soak['cross_talk']} cross-talk; resident memory of all servers "
        f"{soak['rss_start_mb']:.0f} MB → "
        f"{soak['rss_end_mb']:.0f} MB ({soak['growth_pct']:+.1f} %).",
        "",
    ]
    (ROOT / "bench" / "production.md").write_text("\n".join(lines), encoding="utf-8")
    (ROOT / "bench" / "production.json").write_text(
        json.dumps({"one": one, "two": two, "alternating": alternating, "soak": soak}, indent=2),
        encoding="utf-8",
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
