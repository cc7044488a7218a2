"""`make bench`: Partnerskabsguiden against a stock `rasa init` bot, in one run.

Measures, for both: full training time (fresh Rasa cache), cold start to the
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
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.rest import client_of  # noqa: E402
from partnerskab.ops.processes import HOST, PROBE_MARK, Servers, base_env, rss_mb  # noqa: E402

OURS_QUESTIONS = [
    "Hvem var med i partnerskabet i Mimersgade?", "Hvad fik brandvæsenet ud af det?",
    "How was the LEGO class adoption organised?", "Hvad er forskellen på de to modeller?",
    "Hvad går råd nummer 5 ud på?",
]
STOCK_QUESTIONS = ["hello", "I am sad", "yes", "are you a bot?", "goodbye"]
CONVERSATIONS = {1: 20, 10: 60}  # concurrency -> conversations of 5 messages
BASE = int(os.environ.get("E2E_PORT_BASE") or 5100)


class StockServers(Servers):
    """The `rasa init` bot as generated: its own folder and endpoints, no action server."""

    def rasa_command(self) -> List[str]:
        return [sys.executable, "-m", "rasa", "run", "--model", str(self.model), "--interface", HOST,
                "--port", str(self.rasa_port)]

    def rasa_env(self) -> Dict[str, str]:
        return {**base_env(), "PYTHONPATH": str(self.cwd)}


def post(url: str, sender: str, text: str, mark: str = "") -> float:
    body = json.dumps({"sender": sender, "message": text}).encode()
    # Each conversation is one user behind the proxy (its own X-Forwarded-For
    # address), so the per-client limit on new conversations counts users.
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json",
                                                              "X-Forwarded-For": client_of(sender)})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        payload = json.loads(response.read())
        assert response.status == 200 and payload, f"empty answer to {text!r}"
        assert mark in "\n".join(m.get("text") or "" for m in payload), f"no real answer to {text!r}"
    return time.perf_counter() - start


def load(url: str, questions: List[str], concurrency: int, tag: str) -> Dict[str, float]:
    conversations = CONVERSATIONS[concurrency]

    def one(i: int) -> List[float]:
        sender = str(uuid.uuid4())  # conversation ids are UUIDv4 (partnerskab.core.security)
        return [post(url, sender, q) for q in questions]

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = [t for result in pool.map(one, range(conversations)) for t in result]
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "msgs_per_s": len(latencies) / elapsed,
        "messages": len(latencies),
    }


def train(project: Path, args: List[str], out: Path) -> float:
    env = base_env()
    env["RASA_CACHE_DIRECTORY"] = tempfile.mkdtemp(prefix="rasa-cache-")  # full training, no cache
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rasa", "train", *args, "--out", str(out), "--fixed-model-name", "bench"],
                   cwd=project, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(env["RASA_CACHE_DIRECTORY"], ignore_errors=True)
    return time.perf_counter() - start


def cold_start(servers: Servers, start_actions: bool, question: str, mark: str) -> float:
    start = time.perf_counter()
    if start_actions:
        servers.start_actions()
    servers.start_rasa()
    while True:
        try:
            post(servers.webhook, str(uuid.uuid4()), question, mark)  # a UUIDv4, as the channel requires
            return time.perf_counter() - start
        except Exception:
            if any(p.poll() is not None for p in servers.processes):
                raise RuntimeError(f"server died; see {servers.log_dir}")
            if time.perf_counter() - start > 300:
                raise TimeoutError("no answer after 300 s")
            time.sleep(0.25)


def measure(name: str, project: Path, train_args: List[str], start_actions: bool, questions: List[str],
            rasa_port: int, action_port: int, work: Path) -> Dict[str, float]:
    print(f"[{name}] training …", flush=True)
    out = work / f"{name}-models"
    result: Dict[str, float] = {"train_s": train(project, train_args, out)}
    kind = Servers if project == ROOT else StockServers
    servers = kind(model=out / "bench.tar.gz", rasa_port=rasa_port, action_port=action_port,
                   tracker_db=work / f"{name}.db", log_dir=work / f"{name}-log", cwd=project)
    try:
        print(f"[{name}] cold start …", flush=True)
        # Ours: the answer must carry its source (not the "cannot answer just now" reply).
        result["cold_start_s"] = cold_start(servers, start_actions, questions[0], PROBE_MARK if start_actions else "")
        for concurrency in CONVERSATIONS:
            print(f"[{name}] load, {concurrency} concurrent …", flush=True)
            for key, value in load(servers.webhook, questions, concurrency, name).items():
                result[f"c{concurrency}_{key}"] = value
        result["rss_mb"] = rss_mb(servers.processes)
        for server, proc in servers.named.items():
            result[f"rss_{server}_mb"] = rss_mb([proc])
    finally:
        servers.stop()
    return result


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    stock = work / "stock"
    stock.mkdir()
    print("creating a stock `rasa init` bot …", flush=True)
    subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(stock)],
                   env=base_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ours = measure("ours", ROOT, ["--config", "config.yml", "--domain", "bot/domain", "--data", "data"],
                   True, OURS_QUESTIONS, BASE + 105, BASE + 155, work)
    base = measure("stock", stock, [], False, STOCK_QUESTIONS, BASE + 110, BASE + 160, work)

    rows = [
        ("Full training (s, fresh cache)", "train_s"), ("Cold start to first answer (s)", "cold_start_s"),
        ("Resident memory of the servers after load (MB)", "rss_mb"),
        ("… of which Rasa (MB)", "rss_rasa_mb"),
        ("Latency p50, 1 conversation (ms)", "c1_p50_ms"), ("Latency p95, 1 conversation (ms)", "c1_p95_ms"),
        ("Messages/s, 1 conversation", "c1_msgs_per_s"),
        ("Latency p50, 10 concurrent (ms)", "c10_p50_ms"), ("Latency p95, 10 concurrent (ms)", "c10_p95_ms"),
        ("Messages/s, 10 concurrent", "c10_msgs_per_s"),
    ]
    lines = [
        "# Benchmark: Partnerskabsguiden vs a stock `rasa init` bot",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}. "
        "Both measured in the same run, one after the other; compare the ratios.",
        "",
        "| measure | ours | stock | ours / stock |",
        "|---|---|---|---|",
    ]
    for label, key in rows:
        lines.append(f"| {label} | {ours[key]:.1f} | {base[key]:.1f} | {ours[key] / base[key]:.2f} |")
    lines.append(f"| … of which the action server (MB) | {ours['rss_actions_mb']:.1f} | – | – |")
    lines += [
        "",
        "Ours: SpaCy tokenizer + lookup lemmatizer, two CountVectors, a linear intent classifier (logistic regression),",
        "RulePolicy + MemoizationPolicy, CatalogRouter, an action server on every catalogue question (BM25 + question",
        "bank + speller), SQLite tracker store (WAL); memory counts both servers; training is `rasa train` with an empty cache.",
        "Stock: `rasa init` as generated (DIET/TED 100 epochs, no custom actions, in-memory tracker store).",
        f"Load: {CONVERSATIONS[1]} conversations of 5 messages one at a time, then {CONVERSATIONS[10]} with 10 at a time.",
        "",
    ]
    out = ROOT / "bench" / "results.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    (ROOT / "bench" / "results.json").write_text(json.dumps({"ours": ours, "stock": base}, indent=2), encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
