"""Every setting the project takes from the environment, read here and nowhere else.

Each setting is a function, read when it is called (not at import), so the
launcher, a container or a test can set a variable before a server starts. A
value that cannot be read as a number falls back to the default. The README's
"Settings" table lists them all with their defaults.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_RETENTION_DAYS = 90
DEFAULT_PLAN_TTL_HOURS = 72


def _text(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name) or default)
    except ValueError:
        return default


def _port(name: str, default: int) -> int:
    return int(_number(name, default))


def is_set(name: str) -> bool:
    return name in os.environ


# ---- where the servers listen and are reached ---------------------------------------


def bind_host() -> str:
    """The address the servers listen on: loopback, unless $BIND_HOST says
    otherwise (only inside a container, whose ports are published to the
    host's loopback; see Dockerfile). Clients always connect to loopback."""
    return _text("BIND_HOST", HOST)


def rasa_port() -> int:
    return _port("RASA_PORT", 5005)


def action_port() -> int:
    return _port("ACTION_PORT", 5055)


def web_port() -> int:
    return _port("WEB_PORT", 8000)


def web_host() -> str:
    return _text("WEB_HOST", HOST)


def bot_url() -> str:
    return _text("BOT_URL", f"http://{HOST}:5005")


def public_url(port: Optional[int] = None) -> str:
    """Where people reach the web server: plan links start with it and `make run`
    prints it as the demo address, so the two always agree."""
    return _text("PUBLIC_URL", f"http://{HOST}:{port or web_port()}").rstrip("/")


def cors_origins(port=None) -> List[str]:
    """Browser origins allowed to talk to Rasa and the web API: $CORS_ORIGINS
    (comma-separated), else the demo page's own."""
    configured = _text("CORS_ORIGINS")
    if configured:
        return [o.strip().rstrip("/") for o in configured.split(",") if o.strip()]
    port = port or web_port()
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]


def rasa_api_token() -> str:
    """Rasa's HTTP API stays off unless this token is set."""
    return _text("RASA_API_TOKEN")


def trusted_proxies_text() -> str:
    """Addresses or networks whose X-Forwarded-For is believed; loopback by default."""
    return os.environ.get("TRUSTED_PROXIES", "127.0.0.0/8,::1")


# ---- files and stores ------------------------------------------------------------------


def var_dir() -> Path:
    return Path(_text("VAR_DIR") or ROOT / "var")


def tracker_url(default_db: Optional[Path] = None) -> str:
    """Rasa's SQL tracker store: $TRACKER_URL (an SQLAlchemy URL, PostgreSQL in
    production), else the SQLite file $TRACKER_DB, else ``default_db`` or var/tracker.db."""
    db = _text("TRACKER_DB") or default_db or ROOT / "var" / "tracker.db"
    return _text("TRACKER_URL", f"sqlite:///{db}")


def reviewed_questions_dir() -> Optional[Path]:
    """Where the review page writes the questions it assigns to facts (and the
    knowledge loader reads them); unset: knowledge/questions/reviewed/."""
    configured = _text("REVIEWED_QUESTIONS_DIR")
    return Path(configured) if configured else None


def review_token() -> str:
    """The review page (/review) is closed unless this token is set; it is the
    one secret a content owner signs in with."""
    return _text("REVIEW_TOKEN")


def plans_db() -> Path:
    return Path(_text("PLANS_DB") or ROOT / "var" / "plans.db")


def plan_ttl_hours() -> float:
    return _number("PLAN_TTL_HOURS", DEFAULT_PLAN_TTL_HOURS)


def retention_days() -> float:
    return _number("RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def companies_csv() -> Optional[Path]:
    """The municipality's own company list; none means kinds of companies only."""
    configured = _text("COMPANIES_CSV")
    return Path(configured) if configured else None


def state_file() -> Optional[Path]:
    """The launcher's state file that the web server's /health reads."""
    configured = _text("STATE_FILE")
    return Path(configured) if configured else None


def health_probe_urls_text() -> str:
    """Without a launcher (containers): the ``name=url,…`` pairs /health asks."""
    return _text("HEALTH_PROBE_URLS")


_FINGERPRINT = re.compile(r"([0-9a-f]{8,64})\.tar\.gz$")


def model_fingerprint(model: Optional[Path] = None) -> str:
    """The running model's fingerprint from its file name
    (partnerskabsguiden-<fp>.tar.gz, as tools/train.py names it), never its path;
    ``model`` defaults to $MODEL."""
    if model is None:
        configured = _text("MODEL")
        if not configured:
            return "unknown"
        model = Path(os.path.realpath(configured))
    found = _FINGERPRINT.search(Path(model).name)
    return found.group(1) if found else "unknown"


# ---- limits a client meets ---------------------------------------------------------------


def max_message_chars() -> int:
    return int(_number("MAX_MESSAGE_CHARS", 1000))


def action_timeout() -> float:
    """Seconds Rasa waits for the action server before giving up on one action
    (Rasa's own default is five minutes, hard-coded)."""
    return _number("ACTION_TIMEOUT_S", 4)


def reply_timeout() -> float:
    """A last safety net: seconds a user waits at most for a reply, however busy
    the server; the message is still handled (and stored) in the background."""
    return _number("REPLY_TIMEOUT_S", 30)


def read_timeout() -> float:
    """Seconds a client may take to send a request's headers or body, or stay idle."""
    return _number("READ_TIMEOUT_S", 5)


def rate_limits() -> Dict[str, float]:
    """Token buckets per client address: new conversations and messages."""
    return {
        "new_burst": _number("LIMIT_NEW_CONVERSATIONS_BURST", 20),
        "new_per_s": _number("LIMIT_NEW_CONVERSATIONS_PER_S", 1),
        "message_burst": _number("LIMIT_MESSAGES_BURST", 10),
        "message_per_s": _number("LIMIT_MESSAGES_PER_S", 1),
    }
