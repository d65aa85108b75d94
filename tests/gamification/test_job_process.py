"""``astratrade jobs`` as a process on each broker (JOBS_BROKER=redis|rabbitmq): a policy enqueues, it runs the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import psutil
import pytest
import redis

from event_store.application import EventStore
from jobs.metrics import OUTCOMES_KEY
from projections.policies.challenges import ChallengeExpiryPolicy
from services.social import ChallengeService, SocialService
from tests.gamification.support import Desk
from tests.gamification.test_challenge_jobs import accepted, ended_ids
from tests.projections.conftest import wait_until
from tests.support import TEST_DATABASE_URL

OUTCOMES = f"dramatiq:{OUTCOMES_KEY}"  # production's namespace: what the job worker process counts into


@pytest.fixture
def jobs_env(
    es_env: dict[str, str], broker_kind: str, broker_urls: tuple[str, str | None], monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """What Settings reads in the job worker and in the policies: this test's schema and broker."""
    redis_url, rabbitmq_url = broker_urls
    env = {
        "DATABASE_URL": TEST_DATABASE_URL,
        "DATABASE_SCHEMA": es_env["POSTGRES_SCHEMA"],
        "APP_DATABASE_ROLE": "",
        "REDIS_URL": redis_url,
        "JOBS_BROKER": broker_kind,
        "RABBITMQ_URL": rabbitmq_url or "",
        "ASTRATRADE_ENV": "test",
        "JWT_SECRET": "j" * 40,
        "CLAIM_KEY": "c" * 40,
        "LOG_FORMAT": "text",
        "ASTRATRADE_DATA_DIR": "/nonexistent-jobs-test",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield env
    if broker_kind == "redis":  # production's namespace on the test database: leave nothing behind
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter("dramatiq:*challenges*"))
        if keys:
            client.delete(*keys)
        client.close()


def test_an_overdue_challenge_ends_once_when_the_job_worker_process_runs_on_either_broker(
    store: EventStore, desk: Desk, social: SocialService, challenges: ChallengeService, jobs_env: dict[str, str]
) -> None:
    # Given a challenge whose window ended long ago, and the expiry policy starting on the configured broker
    challenge_id = accepted(desk, social, challenges)
    outcomes = redis.Redis.from_url(jobs_env["REDIS_URL"])
    succeeded_before = int(outcomes.hget(OUTCOMES, "succeeded:end_challenge") or 0)
    policy = ChallengeExpiryPolicy()
    policy.started(store)  # its catch-up enqueues the end of every challenge never ended, due at once
    policy.close()

    # When the job worker process runs
    worker = subprocess.Popen(
        [sys.executable, "-m", "astratrade.cli", "jobs", "--threads", "1"],
        env={**os.environ, **jobs_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until(lambda: ended_ids(store) == [challenge_id], timeout=60)
        assert psutil.Process(worker.pid).children() == []  # its worker threads run in it: nothing forked
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=60)

    # Then the challenge ended exactly once, and the worker stopped cleanly
    assert ended_ids(store) == [challenge_id]
    assert worker.returncode == 0, output
    # And its success was counted in Redis for /metrics, whichever broker carried it
    assert int(outcomes.hget(OUTCOMES, "succeeded:end_challenge") or 0) == succeeded_before + 1
    outcomes.close()
