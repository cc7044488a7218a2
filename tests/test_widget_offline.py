"""While Rasa restarts (no connection), is overloaded (429) or fails (5xx), the
widget says politely to try again in a moment, in the conversation's language,
instead of a browser error. Only the web server runs; a stand-in answers in
Rasa's place."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import chromium

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
_BASE = int(os.environ.get("E2E_PORT_BASE") or 5100)
STUB_PORT, CLOSED_PORT, WEB_PORT, WEB_PORT_CLOSED = _BASE + 9, _BASE + 10, _BASE + 89, _BASE + 90
DA = "Prøv igen om lidt"
EN = "Please try again shortly"


class Stub(BaseHTTPRequestHandler):
    """Answers the REST webhook from a queue of (status, body); CORS as Rasa does."""

    replies: list = []

    def log_message(self, *args):
        pass

    def _cors(self):
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

    def do_OPTIONS(self):
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, body = Stub.replies.pop(0) if Stub.replies else (500, "")
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def web_server(port: int, bot_port: int, tmp: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        PLANS_DB=str(tmp / f"plans-{port}.db"),
        TRACKER_URL=f"sqlite:///{tmp / 'tracker.db'}",
        WEB_PORT=str(port),
    )
    env.pop("STATE_FILE", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "partnerskab.webapp.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--bot-url",
            f"http://127.0.0.1:{bot_port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/widget.js", timeout=2).close()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("the web server did not start")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", CLOSED_PORT)) != 0, "the 'closed' port is in use"
    tmp = tmp_path_factory.mktemp("offline")
    stub = ThreadingHTTPServer(("127.0.0.1", STUB_PORT), Stub)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    webs = [web_server(WEB_PORT, STUB_PORT, tmp), web_server(WEB_PORT_CLOSED, CLOSED_PORT, tmp)]
    try:
        with chromium() as browser:
            yield browser
    finally:
        stub.shutdown()
        for proc in webs:
            proc.terminate()
            proc.wait(10)


def chat(browser, port: int, *messages: str) -> list:
    """Opens the widget on the demo page, sends each message, returns the bot texts."""
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator(".pg-launcher").click()
        page.locator(".pg-bot").first.wait_for(timeout=15000)
        for text in messages:
            count = page.locator(".pg-bot").count()
            page.locator("#pg-input").fill(text)
            page.keyboard.press("Enter")
            page.locator(".pg-bot").nth(count).wait_for(timeout=40000)
        return [
            page.locator(".pg-bot").nth(i).inner_text()
            for i in range(page.locator(".pg-bot").count())
        ]
    finally:
        context.close()


def test_no_connection_while_rasa_restarts(setup):
    texts = chat(setup, WEB_PORT_CLOSED, "Hvad er ABCD-metoden?")
    assert DA in texts[-1]


@pytest.mark.parametrize("status", [503, 429])
def test_overloaded_or_failing_rasa(setup, status):
    Stub.replies[:] = [(status, {"error": "busy"})]
    texts = chat(setup, WEB_PORT, "Hvad er ABCD-metoden?")
    assert DA in texts[-1]


def test_the_notice_follows_the_conversations_language(setup):
    Stub.replies[:] = [
        (200, [{"recipient_id": "x", "text": "The ABCD method is …", "lang": "en"}]),
        (502, "<html>Bad gateway</html>"),
        (200, {"not": "a list"}),
    ]
    texts = chat(setup, WEB_PORT, "What is the ABCD method?", "And who used it?", "Thanks")
    assert "The ABCD method" in texts[-3] and EN in texts[-2] and EN in texts[-1]
