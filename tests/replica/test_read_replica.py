"""Read replicas (docs/adr/0010): the query API and the workers' log reads on a real streaming standby.

Pausing the standby's replay (WAL still arrives, nothing is applied) makes its lag as long as a test
needs, so each claim is shown both ways: what the primary already has, the standby does not show yet.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from urllib.parse import urlparse
from uuid import UUID

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from astratrade.commands import worker_options
from astratrade.database import as_app_role
from astratrade.settings import Settings
from command_api.app import create_app as create_command_app
from event_store.application import EventStore
from event_store.log import EventLog
from projections.portfolio.projection import PortfolioProjection
from projections.runtime import ReadModels, WorkerOptions
from projections.runtime.shared import GroupResources
from projections.runtime.worker import ProjectionWorker
from query_api.app import create_app
from query_api.container import QueryOptions
from services.trading import TradingService
from services.users import UserService
from tests.api.conftest import make_settings as make_api_settings
from tests.api.support import make_trader
from tests.query_api.support import CTX, bearer
from tests.replica.conftest import SCHEMA
from tests.replica.standby import Standby

LAG_PATIENCE = 20.0  # seconds a resumed standby may take to catch up on a loaded machine


def project(
    read_models: ReadModels,
    es_env: dict[str, str],
    target: int,
    log_env: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> None:
    """The portfolio worker's cycles until it has applied ``target``, reading the log where ``log_env`` says."""
    worker = ProjectionWorker(PortfolioProjection(), read_models, es_env, WorkerOptions(log_env=log_env))
    deadline = time.monotonic() + timeout
    with worker.session() as session:
        assert session is not None
        while session.position < target:
            assert time.monotonic() < deadline, f"worker stuck at {session.position} < {target}"
            if session.cycle().outcome is None:
                time.sleep(0.02)


def trader(users: UserService, trading: TradingService, name: str) -> tuple[UUID, int]:
    """A registered trader with 100.00 USD: the id and the deposit's position."""
    user = UUID(users.register(name, f"{name}@example.com", "pw-12345678", CTX).body["user_id"])
    return user, trading.deposit(user, Decimal("100.00"), "USD", CTX).position


def tracked(conninfo: str, read_models: ReadModels) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            sql.SQL("SELECT position FROM {} WHERE name = 'portfolio'").format(read_models.tracking)
        ).fetchone()
    return int(row[0]) if row else 0


def cash(client: TestClient, user: UUID, min_position: int | None = None) -> httpx.Response:
    params = {} if min_position is None else {"min_position": min_position}
    return client.get("/v1/portfolios/me", params=params, headers=bearer(user))


def test_the_query_api_reads_the_standby_and_checks_access_on_the_primary(client: TestClient) -> None:
    container = client.app.state.container  # type: ignore[attr-defined]
    with container.pool.connection() as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
    with container.primary_pool.connection() as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone() == (False,)


def test_reads_show_the_standby_s_state_while_the_primary_is_ahead(
    client: TestClient,
    users: UserService,
    trading: TradingService,
    read_models: ReadModels,
    es_env: dict[str, str],
    paused: Standby,
) -> None:
    # Given alice's deposit, written and projected on the primary while the standby replays nothing
    alice, position = trader(users, trading, "alice")
    project(read_models, es_env, position)
    assert tracked(read_models.conninfo, read_models) >= position
    # When she reads her portfolio without min_position
    response = cash(client, alice)
    # Then the answer is the standby's: her portfolio is not there yet
    assert response.status_code == 404, response.text


def test_min_position_waits_for_the_standby_s_tracking_not_the_primary_s(
    client: TestClient,
    users: UserService,
    trading: TradingService,
    read_models: ReadModels,
    es_env: dict[str, str],
    standby: Standby,
) -> None:
    # Given bob's deposit projected on the primary, whose tracking row has reached it, while replay is paused
    standby.pause_replay()
    try:
        bob, position = trader(users, trading, "bob")
        project(read_models, es_env, position)
        assert tracked(read_models.conninfo, read_models) >= position
        # When he asks for his portfolio at that position: the standby has not replayed it, so 503
        lagging = cash(client, bob, position)
        assert lagging.status_code == 503, lagging.text
        assert lagging.json()["type"].endswith("projection_lagging")
        # And when replay resumes while he waits
        answers: list[httpx.Response] = []
        asking = threading.Thread(target=lambda: answers.append(cash(client, bob, position)))
        asking.start()
    finally:
        standby.resume_replay()
    asking.join(10)
    # Then the wait ends with the deposit, read from the standby, as of a position at or past his
    assert answers and answers[0].status_code == 200, answers and answers[0].text
    assert answers[0].json()["cash"] == {"USD": "100.00"}
    assert answers[0].json()["as_of_position"] >= position


@pytest.mark.parametrize("in_group", [False, True], ids=["alone", "in-a-group"])
def test_a_worker_reads_the_log_from_the_standby_and_writes_on_the_primary(
    users: UserService,
    trading: TradingService,
    read_models: ReadModels,
    es_env: dict[str, str],
    standby_env: dict[str, str],
    standby: Standby,
    in_group: bool,
) -> None:
    options = WorkerOptions(log_env=standby_env)
    group = GroupResources(read_models, es_env, "replica", 1, log_env=standby_env) if in_group else None
    worker = ProjectionWorker(PortfolioProjection(), read_models, es_env, options, shared=group)
    standby.pause_replay()
    try:
        # Given a deposit on the primary, not yet replayed by the standby
        _, position = trader(users, trading, f"carol{int(in_group)}")
        with worker.session() as session:
            assert session is not None
            # When the worker cycles: the log it reads (the standby's) has nothing past its position,
            # while the primary says events were written past it (so the worker polls briskly)
            assert session.cycle().outcome is None and session.position < position
            assert session.log.last_position() >= position > EventLog(session.log.store).last_position()
            standby.resume_replay()
            # Then once replayed, it applies the deposit and moves its tracking row on the primary
            deadline = time.monotonic() + LAG_PATIENCE
            while session.position < position:
                assert time.monotonic() < deadline, "the worker never saw the replayed deposit"
                if session.cycle().outcome is None:
                    time.sleep(0.02)
    finally:
        standby.resume_replay()
        if group is not None:
            group.close()
    assert tracked(read_models.conninfo, read_models) >= position


def test_replica_lag_shows_in_ready_and_metrics(
    client: TestClient, users: UserService, trading: TradingService, standby: Standby
) -> None:
    standby.pause_replay()
    try:
        # Given writes the standby has received but not replayed
        trader(users, trading, "dave")
        # Then /ready says it streams, behind by some bytes and seconds, and the gauges agree
        ready = client.get("/ready").json()
        assert ready["checks"] == {"postgres": "ok", "redis": "ok", "postgres_primary": "ok"}
        replica = ready["components"]["replica"]
        assert replica["status"] == "streaming" and replica["lag_bytes"] > 0 and replica["lag_seconds"] > 0
        metrics = client.get("/metrics").text
        assert "astratrade_replica_up 1.0" in metrics
        assert _gauge(metrics, "astratrade_replica_lag_bytes") > 0
    finally:
        standby.resume_replay()
    # And once it has replayed everything, the lag is back to nothing
    deadline = time.monotonic() + LAG_PATIENCE
    while (replica := client.get("/ready").json()["components"]["replica"])["lag_bytes"] > 0:
        assert time.monotonic() < deadline, replica
        time.sleep(0.05)
    assert replica["lag_seconds"] == 0


def _gauge(metrics: str, name: str) -> float:
    line = next(line for line in metrics.splitlines() if line.startswith(name + " "))
    return float(line.split()[1])


def test_read_database_url_is_rewritten_to_the_app_role_like_database_url(settings: Settings) -> None:
    # Given a replica URL with the migrations' user, as an operator writes it
    as_role = as_app_role(settings.model_copy(update={"app_database_role": "astratrade_app"}))
    # Then every process but migrate logs in to the standby as the application's role too
    assert as_role.read_database_url is not None
    assert urlparse(as_role.read_database_url).username == "astratrade_app"
    assert urlparse(as_role.read_database_url).port == urlparse(settings.read_database_url or "").port
    standby_env = as_role.read_eventsourcing_env()
    assert standby_env is not None and standby_env["POSTGRES_USER"] == "astratrade_app"


def test_a_deposit_posted_to_the_command_api_is_read_back_from_the_standby_with_min_position(
    settings: Settings,
    store: EventStore,
    read_models: ReadModels,
    es_env: dict[str, str],
    redis_url: str,
    standby: Standby,
) -> None:
    # Given the command API on the primary and the query API on the standby, one signing key, one event store
    commands_settings = make_api_settings(redis_url, database_url=settings.database_url, database_schema=SCHEMA)
    queries_settings = settings.model_copy(
        update={"jwt_secret": commands_settings.jwt_secret, "database_schema": SCHEMA}
    )
    with (
        TestClient(create_command_app(commands_settings, store=store)) as commands,
        TestClient(create_app(queries_settings, read_models, QueryOptions(wait_timeout=5.0))) as queries,
    ):
        erin = make_trader(commands, "erin")
        standby.pause_replay()
        try:
            # When erin POSTs a deposit (answered with its position) and the portfolio worker applies it
            posted = commands.post(
                "/v1/wallet/deposits", json={"amount": "250.00", "currency": "USD"}, headers=erin.headers
            )
            assert posted.status_code == 200, posted.text
            position = posted.json()["position"]
            project(read_models, es_env, position)
            # And she reads it back at that position while the standby is still behind, then catches up
            answers: list[httpx.Response] = []
            asking = threading.Thread(
                target=lambda: answers.append(
                    queries.get("/v1/portfolios/me", params={"min_position": position}, headers=erin.headers)
                )
            )
            asking.start()
        finally:
            standby.resume_replay()
        asking.join(10)
    # Then she sees her deposit, from a snapshot at or past her write
    assert answers and answers[0].status_code == 200, answers and answers[0].text
    assert answers[0].json()["cash"] == {"USD": "250.00"} and answers[0].json()["as_of_position"] >= position


def test_a_worker_holding_its_lease_on_the_primary_is_running_when_status_is_read_from_the_standby(
    client: TestClient,
    users: UserService,
    trading: TradingService,
    read_models: ReadModels,
    es_env: dict[str, str],
    standby: Standby,
) -> None:
    # Given the portfolio worker holding its lease (an advisory lock: the primary's alone)
    frank, position = trader(users, trading, "frank")
    project(read_models, es_env, position)
    worker = ProjectionWorker(PortfolioProjection(), read_models, es_env)
    with worker.session() as session:
        assert session is not None
        # When the status is read through the query API, whose snapshot is the standby's
        states = client.get("/v1/projections", headers=bearer(frank)).json()["projections"]
        metrics = client.get("/metrics").text
    # Then the worker is seen running, not "stopped"
    [portfolio] = [s for s in states if s["name"] == "portfolio"]
    assert portfolio["status"] in ("idle", "running"), portfolio
    assert 'astratrade_projection_worker_running{projection="portfolio"} 1.0' in metrics


def test_workers_read_the_standby_and_commit_durably_only_when_read_database_url_is_set(settings: Settings) -> None:
    # A standby receives only flushed WAL: asynchronous step commits would reach it a WAL writer delay late
    with_standby = worker_options(settings)
    assert with_standby.log_env is not None and with_standby.durable_commits
    assert with_standby.log_env["POSTGRES_PORT"] == str(urlparse(settings.read_database_url or "").port)
    alone = worker_options(settings.model_copy(update={"read_database_url": None}))
    assert alone.log_env is None and not alone.durable_commits
