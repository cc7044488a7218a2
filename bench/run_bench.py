"""`make bench`: Partnerskabsguiden against a stock `rasa init` bot, in one run.

Measures, for both (trained at the same time, started one after the other, loaded
in alternating rounds, so a busy neighbour on a shared machine slows both alike):
full training time (fresh Rasa cache), cold start to the
first real answer (ours: a catalogue answer with its source, so the action
server's warm-up is included), resident memory of each server after the load,
and REST latency p50/p95 and messages/s with 1 and 10 concurrent conversations.
Writes bench/results.md with the figures and the ratios (these machines are
noisy: compare ratios, not absolute numbers). Ports: $E2E_PORT_BASE + 105/155
(ours) and + 110 (stock).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import QUESTIONS, timed_post  # noqa: E402
from partnerskab.ops.processes import HOST, PROBE_MARK, Servers, base_env, rss_mb  # noqa: E402
from tests.rest import text_of  # noqa: E402

STOCK_QUESTIONS = ["hello", "I am sad", "yes", "are you a bot?", "goodbye"]
CONVERSATIONS = {1: 20, 10: 60}  # concurrency -> conversations of 5 messages
BASE = int(os.environ.get("E2E_PORT_BASE") or 5100)


class StockServers(Servers):
    """The `rasa init` bot as generated: its own folder and endpoints, no action server."""

    def rasa_command(self) -> List[str]:
        return self.rasa_run(HOST)

    def rasa_env(self) -> Dict[str, str]:
        return {**base_env(), "PYTHONPATH": str(self.cwd)}


def bench_servers(kind: type, work: Path, name: str, cwd: Path, port_offset: int) -> Servers:
    """One bot's servers, set up alike: its model, database and logs in ``work``."""
    return kind(
        model=work / f"{name}-models" / "bench.tar.gz",
        rasa_port=BASE + 105 + port_offset,
        action_port=BASE + 155 + port_offset,
        tracker_db=work / f"{name}.db",
        log_dir=work / f"{name}-log",
        cwd=cwd,
    )


def post(url: str, sender: str, text: str, mark: str = "") -> float:
    seconds, messages = timed_post(url, sender, text)
    assert mark in text_of(messages), f"no real answer to {text!r}"
    return seconds


def load(
    urls: Dict[str, str], questions: Dict[str, List[str]], concurrency: int
) -> Dict[str, Dict[str, float]]:
    """Both bots under the same load, in alternating rounds (``concurrency``
    conversations of one bot, then of the other), so a busy neighbour on this
    shared machine slows both alike. Returns each bot's latencies and rate."""
    conversations = CONVERSATIONS[concurrency]
    latencies: Dict[str, List[float]] = {name: [] for name in urls}
    busy: Dict[str, float] = {name: 0.0 for name in urls}

    def one(name: str) -> List[float]:
        sender = str(uuid.uuid4())  # conversation ids are UUIDv4 (partnerskab.security)
        return [post(urls[name], sender, q) for q in questions[name]]

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in range(0, conversations, concurrency):
            for name in urls:
                start = time.perf_counter()
                latencies[name] += [
                    t
                    for r in pool.map(lambda _i, name=name: one(name), range(concurrency))
                    for t in r
                ]
                busy[name] += time.perf_counter() - start
    out = {}
    for name, values in latencies.items():
        values.sort()
        out[name] = {
            "p50_ms": 1000 * statistics.median(values),
            "p95_ms": 1000 * values[int(0.95 * (len(values) - 1))],
            "msgs_per_s": len(values) / busy[name],
            "messages": len(values),
        }
    return out


def train(project: Path, args: List[str], out: Path) -> float:
    env = base_env()
    env["RASA_CACHE_DIRECTORY"] = tempfile.mkdtemp(prefix="rasa-cache-")  # full training, no cache
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            *args,
            "--out",
            str(out),
            "--fixed-model-name",
            "bench",
        ],
        cwd=project,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    shutil.rmtree(env["RASA_CACHE_DIRECTORY"], ignore_errors=True)
    return time.perf_counter() - start


def cold_start(servers: Servers, start_actions: bool, question: str, mark: str) -> float:
    start = time.perf_counter()
    if start_actions:
        servers.start_actions()
    servers.start_rasa()
    while True:
        try:
            post(
                servers.webhook, str(uuid.uuid4()), question, mark
            )  # a UUIDv4, as the channel requires
            return time.perf_counter() - start
        except Exception as error:
            if any(p.poll() is not None for p in servers.processes):
                raise RuntimeError(f"server died; see {servers.log_dir}") from error
            if time.perf_counter() - start > 300:
                raise TimeoutError("no answer after 300 s") from error
            time.sleep(0.25)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    stock = work / "stock"
    stock.mkdir()
    print("creating a stock `rasa init` bot …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(stock)],
        env=base_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    projects = {"ours": ROOT, "stock": stock}
    args = {
        "ours": ["--config", "config.yml", "--domain", "bot/domain", "--data", "data"],
        "stock": [],
    }
    results: Dict[str, Dict[str, float]] = {"ours": {}, "stock": {}}
    # Training: both at once, so both meet the same background load (each has one core).
    print("training both from an empty cache, at the same time …", flush=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        times = dict(
            zip(
                projects,
                pool.map(lambda n: train(projects[n], args[n], work / f"{n}-models"), projects),
            )
        )
    for name, seconds in times.items():
        results[name]["train_s"] = seconds
    servers = {
        "ours": bench_servers(Servers, work, "ours", ROOT, port_offset=0),
        "stock": bench_servers(StockServers, work, "stock", stock, port_offset=5),
    }
    questions = {"ours": QUESTIONS, "stock": STOCK_QUESTIONS}
    try:
        # Cold start: one after the other (each alone), ours first, then stock, then each
        # once more (servers stopped in between); the faster of the two counts.
        for attempt in range(2):
            for name, s in servers.items():
                print(f"[{name}] cold start {attempt + 1} …", flush=True)
                # Ours: the answer must carry its source (not the "cannot answer just now" reply).
                seconds = cold_start(
                    s, name == "ours", questions[name][0], PROBE_MARK if name == "ours" else ""
                )
                results[name]["cold_start_s"] = min(
                    seconds, results[name].get("cold_start_s", seconds)
                )
                if attempt == 0:
                    s.stop()
        for concurrency in CONVERSATIONS:
            print(f"load, {concurrency} concurrent, alternating …", flush=True)
            measured = load({n: s.webhook for n, s in servers.items()}, questions, concurrency)
            for name, values in measured.items():
                for key, value in values.items():
                    results[name][f"c{concurrency}_{key}"] = value
        for name, s in servers.items():
            results[name]["rss_mb"] = rss_mb(s.processes)
            for server, proc in s.named.items():
                results[name][f"rss_{server}_mb"] = rss_mb([proc])
    finally:
        for s in servers.values():
            s.stop()
    ours, base = results["ours"], results["stock"]

    rows = [
        ("Full training (s, fresh cache)", "train_s"),
        ("Cold start to first answer (s)", "cold_start_s"),
        ("Resident memory of the servers after load (MB)", "rss_mb"),
        ("… of which Rasa (MB)", "rss_rasa_mb"),
        ("Latency p50, 1 conversation (ms)", "c1_p50_ms"),
        ("Latency p95, 1 conversation (ms)", "c1_p95_ms"),
        ("Messages/s, 1 conversation", "c1_msgs_per_s"),
        ("Latency p50, 10 concurrent (ms)", "c10_p50_ms"),
        ("Latency p95, 10 concurrent (ms)", "c10_p95_ms"),
        ("Messages/s, 10 concurrent", "c10_msgs_per_s"),
    ]
    lines = [
        "# Benchmark: Partnerskabsguiden vs a stock `rasa init` bot",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}. "
        "Both measured in the same run: trained at the same time, started one after the other "
        "(best of two), "
        "loaded in alternating rounds; compare the ratios.",
        "",
        "| measure | ours | stock | ours / stock |",
        "|---|---|---|---|",
    ]
    for label, key in rows:
        lines.append(
            f"| {label} | {ours[key]:.1f} | {base[key]:.1f} | {ours[key] / base[key]:.2f} |"
        )
    lines.append(f"| … of which the action server (MB) | {ours['rss_actions_mb']:.1f} | – | – |")
    lines += [
        "",
        "Ours: SpaCy tokenizer + lookup lemmatizer, two CountVectors, a linear intent "
        "classifier (logistic regression),",
        "RulePolicy + MemoizationPolicy, CatalogRouter, an action server on every catalogue "
        "question (BM25 + question",
        "bank + speller), SQLite tracker store (WAL); memory counts both servers; training is "
        "`rasa train` with an empty cache.",
        "Stock: `rasa init` as generated (DIET/TED 100 epochs, no custom actions, in-memory "
        "tracker store).",
        f"Load: {CONVERSATIONS[1]} conversations of 5 messages one at a time, then "
        f"{CONVERSATIONS[10]} with 10 at a "
        "time, each bot's rounds alternating with the other's; messages/s counts each bot's own "
        "rounds.",
        "",
    ]
    out = ROOT / "bench" / "results.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    (ROOT / "bench" / "results.json").write_text(
        json.dumps({"ours": ours, "stock": base}, indent=2), encoding="utf-8"
    )
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
