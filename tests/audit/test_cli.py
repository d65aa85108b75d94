"""``astratrade audit verify`` and ``astratrade audit export`` against real PostgreSQL."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from astratrade.cli import main
from projections.runtime.config import ReadModels
from services.trading import TradingService
from services.users import UserService
from tests.audit.support import History, audit_tables, catch_up, tamper, trade_history
from tests.query_api.support import bearer
from tests.support import TEST_DATABASE_URL, SteppingClock

COMPLIANCE = {**bearer(uuid4(), "trader", "compliance"), "Accept": "application/x-ndjson"}


@pytest.fixture
def history(
    monkeypatch: pytest.MonkeyPatch,
    read_models: ReadModels,
    es_env: dict[str, str],
    users: UserService,
    trading: TradingService,
    clock: SteppingClock,
) -> History:
    """A history in the trail, and the CLI configured for this test's schemas."""
    found = trade_history(users, trading, clock)
    catch_up(read_models, es_env)
    for name, value in (
        ("DATABASE_URL", TEST_DATABASE_URL),
        ("DATABASE_SCHEMA", es_env["POSTGRES_SCHEMA"]),
        ("READ_MODEL_SCHEMA", read_models.schema),
        ("APP_DATABASE_ROLE", ""),
    ):  # fixtures migrated these schemas, not `migrate`: no app role
        monkeypatch.setenv(name, value)
    return found


def test_export_writes_the_same_ndjson_as_the_api_when_run_for_a_user_and_a_range(
    query: TestClient,
    history: History,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    for args, params in (
        (["--user", str(history.alice)], {"user_id": str(history.alice)}),
        (["--from", history.before_open.isoformat()], {"from": history.before_open.isoformat()}),
        ([], {}),
    ):
        # When the CLI exports, then its lines are the API's stream, row for row
        assert main(["audit", "export", *args]) == 0
        exported = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
        streamed = [
            json.loads(line)
            for line in query.get("/v1/audit/events", params=params, headers=COMPLIANCE).text.splitlines()
        ]
        assert exported == streamed and exported


def test_verify_exits_0_then_1_with_the_broken_position_when_a_row_is_tampered_with(
    read_models: ReadModels,
    history: History,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["audit", "verify"]) == 0
    sound = json.loads(capsys.readouterr().out)
    assert (sound["ok"], sound["checked"]) == (True, 13)

    # Given the first row's data tampered with, then verify exits 1 and names it
    with read_models.connect() as conn:
        first = conn.execute(
            sql.SQL("SELECT min(position) FROM {}").format(audit_tables(read_models)["trail"])
        ).fetchone()
    assert first is not None
    tamper(
        read_models,
        sql.SQL("UPDATE {} SET data = '{{}}' WHERE position = %s").format(audit_tables(read_models)["trail"]),
        (first[0],),
    )
    assert main(["audit", "verify"]) == 1
    broken = json.loads(capsys.readouterr().out)
    assert (broken["ok"], broken["broken_at"], broken["checked"]) == (False, first[0], 0)
