"""The review page on the PostgreSQL tracker store: Rasa's own SQLTrackerStore
writes the sample conversations into a throwaway PostgreSQL server (Debian's
package, partnerskab/testing/services.py, as the scale-out test does); the
usage query (JSON pulled out by PostgreSQL), the summary, the decisions table
and the page itself must give what they give on SQLite."""

from __future__ import annotations

import asyncio
import os
import re

import pytest
import sqlalchemy as sa

from partnerskab.core.usage import group_inbox, summarise
from partnerskab.storage import review_store
from partnerskab.storage.events import TIMESTAMP_INDEX, usage_rows
from partnerskab.testing.services import postgres
from tests.test_review import (
    check_summary,
    postgres_tracker_store,
    save_conversations,
    today_range,
)

pytestmark = [pytest.mark.services]
PG_PORT = int(os.environ.get("E2E_PORT_BASE") or 5100) + 41


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory, kb):
    with postgres(tmp_path_factory.mktemp("review-pg") / "pg", PG_PORT) as url:
        store = postgres_tracker_store(PG_PORT)
        save_conversations(store, kb)
        store.engine.dispose()
        yield url


def test_summary_and_index_on_postgresql(pg_url, kb):
    check_summary(summarise(usage_rows(*today_range(), pg_url), kb), kb)
    with sa.create_engine(pg_url).connect() as conn:
        assert TIMESTAMP_INDEX in [i["name"] for i in sa.inspect(conn).get_indexes("events")]


def test_page_and_decisions_on_postgresql(pg_url, kb, tmp_path, monkeypatch):
    from aiohttp.test_utils import TestClient, TestServer

    from partnerskab.storage.plan_store import PlanStore
    from partnerskab.webapp.server import create_app

    monkeypatch.setenv("REVIEW_TOKEN", "pg-review-token")
    monkeypatch.setenv("TRACKER_URL", pg_url)
    monkeypatch.setenv("REVIEWED_QUESTIONS_DIR", str(tmp_path / "reviewed"))
    groups = group_inbox(summarise(usage_rows(*today_range(), pg_url), kb).inbox)
    newest = groups[0]

    async def page():
        app = create_app(PlanStore(tmp_path / "plans.db"))
        async with TestClient(TestServer(app)) as client:
            response = await client.get(
                "/review", headers={"Authorization": "Bearer pg-review-token"}
            )
            return response.status, await response.text()

    status, before = asyncio.run(page())
    assert status == 200 and "Stillet 2 gange" in before and "20304050" not in before
    assert review_store.decide(
        [review_store.key_hash(k) for k in newest.keys],
        "ignored",
        newest.newest.question,
        "Anne",
        url=pg_url,
    ) == len(newest.keys)
    assert review_store.key_hash(newest.key) in review_store.decided(pg_url)
    _, after = asyncio.run(page())
    listed = re.findall(r'class="question"[^>]*>([^<]*)<', after)
    assert len(listed) == len(groups) - 1 and newest.newest.question not in listed
