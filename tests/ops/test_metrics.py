"""Prometheus metrics: the query API's /metrics carries every projection's lag, parked events and health."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry, generate_latest
from psycopg_pool import ConnectionPool

from astratrade.commands import query_api_app
from projections import registry
from query_api.metrics import ReadSideMetrics
from tests.hostile.world import World


def _scrape(read_models: Any, pool: Any) -> str:
    metrics = CollectorRegistry()
    metrics.register(ReadSideMetrics(read_models, pool))
    return generate_latest(metrics).decode()


def test_every_projection_has_lag_parked_and_health_gauges_when_scraped(hostile_world: World) -> None:
    w = hostile_world
    with ConnectionPool(w.read_models.conninfo, min_size=1, max_size=1) as pool:
        text = _scrape(w.read_models, pool)
    for projection in registry.projections():
        for gauge in ("lag_events", "lag_seconds", "parked_events", "halted", "worker_running", "position"):
            assert f'astratrade_projection_{gauge}{{projection="{projection.name}"}}' in text
    assert "astratrade_read_side_up 1.0" in text


def test_a_scrape_still_answers_when_the_database_is_down(hostile_world: World) -> None:
    with ConnectionPool(
        "host=127.0.0.1 port=1 dbname=x connect_timeout=1", min_size=0, max_size=1, timeout=1, open=True
    ) as pool:
        text = _scrape(hostile_world.read_models, pool)
    assert "astratrade_read_side_up 0.0" in text


def test_the_query_api_metrics_include_the_read_side_when_served(hostile_world: World, monkeypatch: Any) -> None:
    w = hostile_world
    for name, value in {
        "DATABASE_URL": w.settings.database_url,
        "REDIS_URL": w.settings.redis_url,
        "DATABASE_SCHEMA": w.es_env["POSTGRES_SCHEMA"],
        "READ_MODEL_SCHEMA": w.read_models.schema,
        "JWT_SECRET": w.settings.jwt_secret,
        "CLAIM_KEY": w.settings.claim_key,
        "ASTRATRADE_ENV": "test",
    }.items():
        monkeypatch.setenv(name, value)
    with TestClient(query_api_app()) as client:
        text = client.get("/metrics").text
    assert 'astratrade_projection_lag_events{projection="portfolio"}' in text
    assert "astratrade_query_http_requests" in text
    assert "astratrade_jobs_redis_up 1.0" in text  # the job workers' counters, read from Redis (jobs/metrics.py)
