"""`make run`: starts the action server and Rasa on loopback, says where to chat,
and stops both cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerskab.companies import CompanyListError, load_companies  # noqa: E402
from partnerskab.servers import HOST, Servers  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--rasa-port", type=int, default=int(os.environ.get("RASA_PORT", 5005)))
    parser.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--web-port", type=int, default=int(os.environ.get("WEB_PORT", 8000)))
    args = parser.parse_args()

    # The municipality's company list ($COMPANIES_CSV) is checked before anything
    # starts: every problem is printed with its line number.
    try:
        companies = load_companies()
    except CompanyListError as error:
        print(f"The company list cannot be used:\n{error}", file=sys.stderr, flush=True)
        return 2
    where = os.environ.get("COMPANIES_CSV") or "none (set COMPANIES_CSV)"
    print(f"Company list: {where} – {len(companies)} companies.", flush=True)

    servers = Servers(model=args.model, rasa_port=args.rasa_port, action_port=args.action_port,
                      web_port=args.web_port)
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        if not stopping:
            stopping = True
            print(f"\nStopping (signal {signum}) …", flush=True)
            servers.stop()
            sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Starting Partnerskabsguiden with {args.model} (logs in {servers.log_dir}) …", flush=True)
    servers.start_actions()
    servers.start_web()
    servers.start_rasa()
    seconds = servers.wait_ready()
    print(
        f"\nPartnerskabsguiden is ready after {seconds:.0f} s.\n"
        f"  Chat in the browser:   {servers.public_url}/  (demo page with the widget)\n"
        f"  Chat in the terminal:  make chat\n"
        f"  REST channel:          POST {servers.webhook}\n"
        f"                         {{\"sender\": \"3f2b8c1e-9a4d-4e7f-b6c5-0d1e2f3a4b5c\", \"message\": \"Hvad er ABCD-metoden?\"}}\n"
        f"  Action server:         http://{HOST}:{args.action_port}/health\n"
        f"  Plans:                 {servers.public_url}/plan/<link from the chat>\n"
        f"Press Ctrl-C to stop.",
        flush=True,
    )
    while True:
        for proc in servers.processes:
            if proc.poll() is not None:
                print(f"A server exited with code {proc.returncode}; see {servers.log_dir}. Stopping.", flush=True)
                servers.stop()
                return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
