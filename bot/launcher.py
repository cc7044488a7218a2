"""`make run`: starts the action server, the web server and Rasa on loopback,
says where to chat once a real catalogue question is answered, keeps them
running (a server that exits is restarted alone, with back-off; see
partnerskab.ops.supervisor) and stops all three cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partnerskab import settings  # noqa: E402
from partnerskab.core.companies import CompanyListError, load_companies  # noqa: E402
from partnerskab.ops.processes import HOST, Servers  # noqa: E402
from partnerskab.ops.supervisor import GaveUp, Supervisor  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--rasa-port", type=int, default=settings.rasa_port())
    parser.add_argument("--action-port", type=int, default=settings.action_port())
    parser.add_argument("--web-port", type=int, default=settings.web_port())
    parser.add_argument(
        "--var-dir",
        type=Path,
        default=settings.var_dir(),
        help="conversations (tracker.db), plans.db, log/ and state.json (default var/)",
    )
    args = parser.parse_args()
    var = args.var_dir.resolve()
    state_file = var / "state.json"
    os.environ["STATE_FILE"] = str(state_file)  # the web server's /health reads it

    # The municipality's company list ($COMPANIES_CSV) is checked before anything
    # starts: every problem is printed with its line number.
    try:
        companies = load_companies()
    except CompanyListError as error:
        print(f"The company list cannot be used:\n{error}", file=sys.stderr, flush=True)
        return 2
    where = settings.companies_csv() or "none (set COMPANIES_CSV)"
    print(f"Company list: {where} – {len(companies)} companies.", flush=True)

    servers = Servers(
        model=args.model,
        rasa_port=args.rasa_port,
        action_port=args.action_port,
        web_port=args.web_port,
        tracker_db=var / "tracker.db",
        plans_db=var / "plans.db",
        log_dir=var / "log",
    )
    supervisor = Supervisor(servers, state_file, say=lambda line: print(line, flush=True))

    def stop(signum, _frame):
        if not supervisor.stopping:
            print(f"\nStopping (signal {signum}) …", flush=True)
            supervisor.stop()
            sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(
        f"Starting Partnerskabsguiden with {args.model} (logs in {servers.log_dir}) …", flush=True
    )
    supervisor.start()
    try:
        seconds = supervisor.wait_ready()
    except (GaveUp, TimeoutError) as error:
        print(error, file=sys.stderr, flush=True)
        supervisor.stop()
        return 1
    print(
        f"\nPartnerskabsguiden is ready after {seconds:.0f} s.\n"
        f"  Chat in the browser:   {servers.public_url}/  (demo page with the widget)\n"
        f"  Chat in the terminal:  make chat\n"
        f"  REST channel:          POST {servers.webhook}\n"
        "                         "
        '{"sender": "3f2b8c1e-9a4d-4e7f-b6c5-0d1e2f3a4b5c", '
        '"message": "Hvad er ABCD-metoden?"}\n'
        f"  Action server:         http://{HOST}:{args.action_port}/health\n"
        f"  Health of all three:   http://{HOST}:{args.web_port}/health\n"
        f"  Plans:                 {servers.public_url}/plan/<link from the chat>\n"
        f"Press Ctrl-C to stop.",
        flush=True,
    )
    try:
        supervisor.run_forever()
    except GaveUp as error:
        print(error, file=sys.stderr, flush=True)
        supervisor.stop()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
