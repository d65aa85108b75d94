"""A job worker killed mid-job: the job runs again, and its effect happens exactly once."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import psycopg
from psycopg import sql

from aggregates.trading.wallet import Wallet
from event_store.metadata import CommandContext
from services.users import UserService
from tests.faults import checks
from tests.faults.jobs_support import (
    create_attempts_table,
    enqueue,
    kill_group,
    stages,
    start_job_worker,
    wait_for_stages,
)
from tests.faults.servers import PrivateRedis
from tests.support import TEST_DATABASE_URL

PAUSE = 60.0  # seconds the first run pauses: the kill lands inside it


def _deposits(es_env: dict[str, str], user_id: UUID) -> list[Decimal]:
    with psycopg.connect(TEST_DATABASE_URL) as conn:
        rows = conn.execute(
            sql.SQL(
                "SELECT convert_from(state, 'UTF8')::jsonb -> 'amount' ->> '_data_' FROM {}"
                " WHERE topic = %s ORDER BY notification_id"
            ).format(sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events")),
            (Wallet.Deposited.TOPIC,),
        ).fetchall()
    return sorted(Decimal(amount) for (amount,) in rows)


def test_job_runs_again_and_its_effect_happens_once_when_its_worker_is_killed_mid_job(
    es_env: dict[str, str], users: UserService, redis_server: PrivateRedis
) -> None:
    # Given a trader, and a job worker running two jobs: one killed before its effect, one after it
    schema = es_env["POSTGRES_SCHEMA"]
    create_attempts_table(TEST_DATABASE_URL, schema)
    user_id = users.register("jobs", "jobs@example.com", "a job password 1", CommandContext()).body["user_id"]
    worker = start_job_worker(TEST_DATABASE_URL, schema, redis_server.url)
    try:
        enqueue(redis_server.url, "before-effect", str(user_id), "10.00", pause_before=PAUSE)
        enqueue(redis_server.url, "after-effect", str(user_id), "0.25", pause_after=PAUSE)
        wait_for_stages(TEST_DATABASE_URL, schema, "before-effect", ["started"])
        wait_for_stages(TEST_DATABASE_URL, schema, "after-effect", ["started", "effect done"])
        # When the worker is killed with SIGKILL mid-job, and a new one starts
        kill_group(worker)
        worker = start_job_worker(TEST_DATABASE_URL, schema, redis_server.url)
        # Then both jobs run again
        wait_for_stages(TEST_DATABASE_URL, schema, "before-effect", ["started", "started", "effect done"])
        wait_for_stages(TEST_DATABASE_URL, schema, "after-effect", ["started", "effect done", "started", "effect done"])
    finally:
        kill_group(worker)
    # and each effect happened exactly once
    assert _deposits(es_env, UUID(str(user_id))) == [Decimal("0.25"), Decimal("10.00")]
    runs = (
        len(stages(TEST_DATABASE_URL, schema, "before-effect"))
        - 1
        + len(stages(TEST_DATABASE_URL, schema, "after-effect")) // 2
    )
    print(checks.figures(jobs=2, worker_kills=1, runs=runs, effects=2, duplicated_effects=0))
