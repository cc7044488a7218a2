"""`make profile` (and `make bench`): where one message's time goes in the running stack.

Starts the action server and Rasa on the current model (tools/train.py), attaches
py-spy (bench/requirements.txt) to both while conversations of five catalogue
questions run ten at a time, and sorts every sampled stack into one part of the
path a message takes: the REST channel, each NLU component, the policies, the
tracker store, the action-server round trip (building the request, HTTP, checking
the reply), the action itself, and the reply. It also measures what Rasa sends the
action server per call (the whole tracker, and the domain when asked for).

Writes bench/profile.md (the table), bench/flame-rasa.svg and bench/flame-actions.svg
(flame graphs of the busy stacks, widest = most CPU), and py-spy's raw stacks to
bench/tmp/ (not committed; `bench/profile_stack.py --report` renders them again).
Ports: $E2E_PORT_BASE + 125 (Rasa) and + 175 (actions).
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import QUESTIONS, timed_post  # noqa: E402
from partnerskab.ops.processes import Servers  # noqa: E402
from tools.train import model_path  # noqa: E402

RATE = 100  # samples per second
BASE = int(os.environ.get("E2E_PORT_BASE") or 5100)
CONVERSATIONS, CONCURRENCY = int(os.environ.get("PROFILE_CONVERSATIONS") or 60), 10

# (part of the path, predicate over one stack's frames, root first). The first
# matching part wins, so the more specific ones come first.
Frame = str


def _has(*needles: str):
    """Some frame (but the process's entry point) names one of ``needles``."""
    return lambda frames: any(
        n in f for f in frames if "action_server.py" not in f for n in needles
    )


RASA_PARTS: List[Tuple[str, object]] = [
    (
        "channel: its own tracker reads (language, buttons, ratings)",
        lambda fr: (
            _has("adapters/channel.py")(fr)
            and _has("tracker_store.py")(fr)
            and not _has("processor.py")(fr)
        ),
    ),
    (
        "tracker store: read (SQLAlchemy)",
        lambda fr: _has("tracker_store.py")(fr) and not _has("save (")(fr),
    ),
    ("tracker store: write (SQLAlchemy, commit)", _has("tracker_store.py")),
    ("action call: reply check (jsonschema)", _has("jsonschema")),
    (
        "action call: request build (tracker + domain to JSON)",
        lambda fr: (
            _has("actions/action.py")(fr)
            and _has("current_state", "_action_call_format", "as_dict", "json")(fr)
            and not _has("aiohttp")(fr)
        ),
    ),
    ("action call: HTTP (aiohttp)", lambda fr: _has("actions/action.py", "endpoints.py")(fr)),
    (
        "NLU: SpacyNLP + SpacyTokenizer",
        _has("spacy_utils.py", "spacy_tokenizer.py", "tokenizer.py"),
    ),
    ("NLU: LanguageDetector", _has("language_detector.py")),
    ("NLU: RegexFeaturizer", _has("regex_featurizer.py")),
    ("NLU: LexicalSyntacticFeaturizer", _has("lexical_syntactic_featurizer.py")),
    ("NLU: CountVectorsFeaturizer (both)", _has("count_vectors_featurizer.py")),
    ("NLU: DIETClassifier", _has("diet_classifier.py")),
    ("NLU: LogisticRegressionClassifier", _has("logistic_regression_classifier.py")),
    ("NLU: VocabularyGuard", _has("vocabulary_guard.py")),
    ("NLU: CaseExtractor", _has("case_extractor.py")),
    ("NLU: FallbackClassifier", _has("fallback_classifier.py")),
    ("NLU: SkillRouter", _has("skill_router.py")),
    ("NLU: CatalogRouter", _has("catalog_router.py")),
    ("policies: TEDPolicy", _has("ted_policy.py")),
    ("policies: RulePolicy", _has("rule_policy.py")),
    ("policies: MemoizationPolicy", _has("memoization.py")),
    (
        "policies: ensemble, featurizing the tracker",
        _has("rasa/core/policies", "rasa/core/featurizers"),
    ),
    (
        "reply: bot messages to the channel",
        _has(
            "send_response",
            "send_text",
            "send_custom_json",
            "rasa/core/nlg/",
            "_send_bot_messages",
            "execute_side_effects",
            "response.py",
        ),
    ),
    (
        "channel: checks, masking, language",
        _has(
            "adapters/channel.py",
            "partnerskab/core/security.py",
            "partnerskab/core/privacy.py",
            "partnerskab/core/language.py",
        ),
    ),
    (
        "Rasa's message handling (graph runner, processor, events)",
        _has("rasa/core/processor.py", "rasa/engine/", "rasa/shared/core/", "rasa/core/agent.py"),
    ),
    ("HTTP server and event loop (Sanic, asyncio)", _has("sanic", "asyncio", "uvloop")),
]
ACTION_PARTS: List[Tuple[str, object]] = [
    ("action: retrieval and answer (partnerskab)", _has("partnerskab/")),
    ("action: the action code (actions/)", _has("/actions/")),
    (
        "request: parse JSON, build the Tracker (rasa_sdk)",
        _has("rasa_sdk/executor.py", "rasa_sdk/interfaces.py", "json"),
    ),
    ("rasa_sdk endpoint and reply", _has("rasa_sdk")),
    ("HTTP server and event loop (Sanic, asyncio)", _has("sanic", "asyncio", "uvloop")),
]


def parse_collapsed(path: Path) -> Counter:
    """py-spy's raw output: ``frame;frame;... count`` per line, root first."""
    stacks: Counter = Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks[stack] += int(count)
    return stacks


# A stack that ends in the event loop's wait (uvloop runs it in C, so py-spy
# cannot tell it is idle) or in a worker thread's wait is no work.
IDLE_LEAVES = (
    "serve (sanic/server/runners.py",
    "run_forever",
    "_run_once",
    "select (selectors.py",
    "wait (threading.py",
    "_worker (concurrent/futures/thread.py",
    "get (queue.py",
)


def busy(stacks: Counter) -> Counter:
    return Counter(
        {s: c for s, c in stacks.items() if not s.split(";")[-1].startswith(IDLE_LEAVES)}
    )


def split(stacks: Counter, parts) -> Dict[str, int]:
    out: Dict[str, int] = defaultdict(int)
    for stack, count in busy(stacks).items():
        frames = stack.split(";")
        name = next(
            (label for label, match in parts if match(frames)), "other (imports, threads, GC)"
        )
        out[name] += count
    return out


# --- flame graph --------------------------------------------------------------------------------


def flame_svg(
    stacks: Counter, title: str, width: int = 1200, row: int = 16, min_px: float = 0.6
) -> str:
    """A flame graph (root at the bottom, width = share of samples) as a standalone SVG."""
    tree: Dict = {"n": 0, "c": {}}
    for stack, count in stacks.items():
        node = tree
        node["n"] += count
        for frame in stack.split(";"):
            node = node["c"].setdefault(frame, {"n": 0, "c": {}})
            node["n"] += count
    total = max(tree["n"], 1)
    depth_max = [0]
    rects: List[str] = []

    def colour(name: str) -> str:
        h = sum(map(ord, name)) % 60
        if "partnerskab" in name or "/actions/" in name:
            return f"rgb(80,{140 + h},{200 + h // 2})"
        if "tensorflow" in name or "keras" in name:
            return f"rgb(230,{120 + h},60)"
        return f"rgb({200 + h // 2},{90 + h},60)"

    def walk(node: Dict, x: float, depth: int) -> None:
        for name, child in sorted(node["c"].items()):
            w = child["n"] / total * width
            if w >= min_px:
                depth_max[0] = max(depth_max[0], depth)
                label = html.escape(name)
                short = html.escape(re.sub(r" \(.*\)$", "", name))
                text = (
                    short
                    if w > 7 * len(short)
                    else short[: max(0, int(w / 7) - 2)] + ".."
                    if w > 30
                    else ""
                )
                rects.append(
                    f"<g><title>{label} ({child['n']} samples, "
                    f"{100 * child['n'] / total:.1f} %)</title>"
                    f'<rect x="{x:.1f}" y="{{y{depth}}}" width="{w:.1f}" height="{row - 1}" '
                    f'fill="{colour(name)}"/>'
                    f'<text x="{x + 2:.1f}" y="{{t{depth}}}">{text}</text></g>'
                )
                walk(child, x, depth + 1)
            x += w

    walk(tree, 0.0, 0)
    height = (depth_max[0] + 1) * row + 40
    body = "\n".join(rects)
    for d in range(depth_max[0] + 1):
        y = height - (d + 1) * row - 10
        body = body.replace(f"{{y{d}}}", str(y)).replace(f"{{t{d}}}", str(y + row - 4))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="monospace" font-size="11">\n<rect width="100%" height="100%" fill="#fff"/>\n'
        f'<text x="4" y="16" font-size="14">{html.escape(title)} '
        f"({total} samples; hover for names)</text>\n"
        f"{body}\n</svg>\n"
    )


# --- the run -------------------------------------------------------------------------------------


def load(url: str, conversations: int, concurrency: int) -> Tuple[List[float], float, List[str]]:
    senders = [str(uuid.uuid4()) for _ in range(conversations)]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = [
            seconds
            for r in pool.map(lambda s: [timed_post(url, s, q) for q in QUESTIONS], senders)
            for seconds, _ in r
        ]
    return sorted(latencies), time.perf_counter() - start, senders


def request_sizes(tracker_db: Path, sender: str) -> Dict[str, int]:
    """Bytes of the JSON Rasa sends the action server for one call, for the
    conversation ``sender`` as stored (after its five questions)."""
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    from rasa.core.actions.action import RemoteAction
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig

    import partnerskab.adapters.channel  # noqa: F401  (the patches every Rasa process of ours has)

    domain = Domain.load(str(ROOT / "bot" / "domain"))
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tracker_db))
    tracker = asyncio.run(store.retrieve(sender))
    import yaml

    endpoint = yaml.safe_load((ROOT / "bot" / "endpoints.yml").read_text(encoding="utf-8"))[
        "action_endpoint"
    ]
    options = {
        k: v for k, v in endpoint.items() if k != "url"
    }  # enable_selective_domain, as Rasa reads it
    action = RemoteAction(
        "action_answer_catalog", EndpointConfig("http://127.0.0.1:9/webhook", **options)
    )
    payload = action._action_call_format(tracker, domain)
    return {
        "request": len(json.dumps(payload)),
        "events": len(tracker.events),
        "tracker": len(json.dumps(payload["tracker"])),
        "domain": len(json.dumps(payload.get("domain") or {})),
    }


RAW = ROOT / "bench" / "tmp"


def run() -> None:
    model = model_path()
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if not spy:
        sys.exit("py-spy is missing: pip install -r bench/requirements.txt (make profile does)")
    work = Path(tempfile.mkdtemp(prefix="profile-"))
    servers = Servers(
        model=model,
        rasa_port=BASE + 125,
        action_port=BASE + 175,
        tracker_db=work / "tracker.db",
        log_dir=work / "log",
        plans_db=work / "plans.db",
    )
    try:
        servers.start_actions()
        servers.start_rasa()
        servers.wait_ready()
        load(servers.webhook, 10, CONCURRENCY)  # warm
        rasa_pid, actions_pid = servers.named["rasa"].pid, servers.named["actions"].pid
        RAW.mkdir(parents=True, exist_ok=True)
        outs = {"rasa": RAW / "profile-rasa.txt", "actions": RAW / "profile-actions.txt"}
        spies = [
            subprocess.Popen(
                [
                    spy,
                    "record",
                    "--format",
                    "raw",
                    "-r",
                    str(RATE),
                    "--nonblocking",
                    "-p",
                    str(pid),
                    "-o",
                    str(outs[name]),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for name, pid in (("rasa", rasa_pid), ("actions", actions_pid))
        ]
        time.sleep(2)  # py-spy attaches
        latencies, elapsed, senders = load(servers.webhook, CONVERSATIONS, CONCURRENCY)
        for proc in spies:
            proc.send_signal(2)  # SIGINT: py-spy writes its output and exits
        for proc in spies:
            proc.wait(60)
        sizes = request_sizes(servers.tracker_db, senders[0])
    finally:
        servers.stop()
        shutil.rmtree(work, ignore_errors=True)
    meta = {
        "model": model.name,
        "messages": len(latencies),
        "elapsed": elapsed,
        "sizes": sizes,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    (RAW / "profile.json").write_text(json.dumps(meta), encoding="utf-8")


def report() -> None:
    meta = json.loads((RAW / "profile.json").read_text(encoding="utf-8"))
    messages, elapsed, sizes = meta["messages"], meta["elapsed"], meta["sizes"]
    rasa = busy(parse_collapsed(RAW / "profile-rasa.txt"))
    actions = busy(parse_collapsed(RAW / "profile-actions.txt"))
    (ROOT / "bench" / "flame-rasa.svg").write_text(
        flame_svg(rasa, "Rasa process under load"), encoding="utf-8"
    )
    (ROOT / "bench" / "flame-actions.svg").write_text(
        flame_svg(actions, "Action server under load"), encoding="utf-8"
    )

    def table(parts: Dict[str, int]) -> List[str]:
        busy = sum(parts.values())
        rows = ["| part | CPU ms per message | share |", "|---|---|---|"]
        for name, n in sorted(parts.items(), key=lambda kv: -kv[1]):
            rows.append(f"| {name} | {1000 * n / RATE / messages:.1f} | {100 * n / busy:.0f} % |")
        rows.append(f"| **all** | **{1000 * busy / RATE / messages:.1f}** | |")
        return rows

    lines = [
        "# Where a message's time goes (`make profile`, bench/profile_stack.py)",
        "",
        f"Run {meta['when']} on {platform.machine()}, {os.cpu_count()} cores (shared with other "
        f"work), model `{meta['model']}`. {messages // 5} conversations of five catalogue "
        f"questions, {CONCURRENCY} at a time: {messages} messages in {elapsed:.1f} s "
        f"({messages / elapsed:.1f} msg/s, slowed by the profiler), p50 {meta['p50_ms']:.0f} ms, "
        f"p95 {meta['p95_ms']:.0f} ms.",
        f"py-spy samples each process {RATE} times a second; stacks waiting in the event loop or a "
        "worker thread's queue are left out (IDLE_LEAVES). CPU ms per message = samples / rate / "
        "messages, so it includes time spent waiting for a core on a busy machine: read the "
        "shares. Each stack goes to the first part it matches (bench/profile_stack.py, "
        "RASA_PARTS and ACTION_PARTS).",
        "",
        "## Rasa process",
        "",
        *table(split(rasa, RASA_PARTS)),
        "",
        "## Action server",
        "",
        *table(split(actions, ACTION_PARTS)),
        "",
        "## What Rasa sends the action server per call",
        "",
        f"After five questions the conversation has {sizes['events']} events; one call to the "
        f"action server is {sizes['request']:,} bytes of JSON: the tracker {sizes['tracker']:,} "
        f"bytes, the domain {sizes['domain']:,} bytes.",
        "",
        "Flame graphs: [Rasa](flame-rasa.svg), [action server](flame-actions.svg).",
        "",
    ]
    (ROOT / "bench" / "profile.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1:] != ["--report"]:
        run()
    report()
