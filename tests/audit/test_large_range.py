"""A larger log: the NDJSON stream of a whole range equals the pages, and the chain verifies."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from fastapi.testclient import TestClient

from projections.runtime.config import ReadModels
from tests.audit.support import catch_up, insert_ticks
from tests.query_api.support import bearer

TICKS = 5_000
START = datetime(2026, 2, 1, tzinfo=UTC)
COMPLIANCE = bearer(uuid4(), "trader", "compliance")


def test_stream_equals_pages_and_verifies_when_the_log_holds_thousands_of_events(
    query: TestClient,
    read_models: ReadModels,
    es_env: dict[str, str],
) -> None:
    # Given 5,000 price ticks, one second apart, in the trail
    insert_ticks(es_env, TICKS, START)
    catch_up(read_models, es_env, timeout=120)

    # When an hour of them is read as pages of 1,000 and as one NDJSON stream
    window = {
        "from": (START + timedelta(seconds=1001)).isoformat(),
        "to": (START + timedelta(hours=1, seconds=1001)).isoformat(),
    }
    pages: list[dict[str, object]] = []
    after: int | None = 0
    while after is not None:
        body = query.get(
            "/v1/audit/events", params={**window, "limit": 1000, "after_position": after}, headers=COMPLIANCE
        ).json()
        pages += body["events"]
        after = body["next_after_position"]
    streamed = query.get("/v1/audit/events", params=window, headers={**COMPLIANCE, "Accept": "application/x-ndjson"})

    # Then both hold exactly that hour's 3,600 ticks, identically, and the whole chain verifies
    assert [json.loads(line) for line in streamed.text.splitlines()] == pages
    assert len(pages) == 3600 and pages[0]["timestamp"] == "2026-02-01T00:16:41+00:00"
    verdict = query.get("/v1/audit/verify", headers=COMPLIANCE).json()
    assert (verdict["ok"], verdict["checked"]) == (True, TICKS)
