"""deploy/prometheus/alerts.yml and deploy/grafana/astratrade.json (promtool is not available here): their
structure, and every metric they name exported by the code's registries, collected from real instances."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml
from prometheus_client import CollectorRegistry
from prometheus_client.core import Metric
from psycopg_pool import ConnectionPool

from command_api.metrics import Metrics as CommandMetrics
from event_store.config import eventsourcing_env
from jobs.metrics import JobMetrics
from projections.runtime.config import ReadModels
from query_api.metrics import Metrics as QueryMetrics
from query_api.metrics import ReadSideMetrics
from services.feed.health import FeedMetrics
from tests.support import TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parents[2]
ALERTS = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
DASHBOARD = json.loads((ROOT / "deploy" / "grafana" / "astratrade.json").read_text())
NAME = re.compile(r"\bastratrade_[a-z0-9_]+\b")
SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created"), "gauge": ("",)}
# Families collected only from a live relay (relay/lag.py) or a configured standby (query_api/replica.py): named
# here, and checked to be the names those modules export.
ONLY_WHEN_RUNNING = {
    ROOT / "relay" / "lag.py": {
        "astratrade_relay_lag_events",
        "astratrade_relay_lag_seconds",
        "astratrade_relay_up",
        "astratrade_relay_position",
        "astratrade_relay_entries_total",
    },
    ROOT / "query_api" / "replica.py": {
        "astratrade_replica_up",
        "astratrade_replica_lag_bytes",
        "astratrade_replica_lag_seconds",
    },
}


def _names(families: Iterable[Metric]) -> set[str]:
    return {family.name + suffix for family in families for suffix in SUFFIXES[family.type]}


@pytest.fixture(scope="module")
def exported(redis_url: str) -> set[str]:
    """Every metric name the processes export: the APIs', the read side's, the jobs', the feed's."""
    registries: list[CollectorRegistry] = [CommandMetrics().registry, QueryMetrics().registry, FeedMetrics().registry]
    names = {name for registry in registries for name in _names(registry.collect())}
    # Collected from the database and Redis at each scrape: a closed pool yields every family, empty.
    read_models = ReadModels.from_env(eventsourcing_env(TEST_DATABASE_URL), schema="read_models")
    names |= _names(ReadSideMetrics(read_models, ConnectionPool(read_models.conninfo, open=False)).collect())
    client = redis.Redis.from_url(redis_url)
    try:
        names |= _names(JobMetrics(client).collect())
    finally:
        client.close()
    assert "astratrade_jobs_processed_total" in names  # Redis answered: the job families are there
    for module, families in ONLY_WHEN_RUNNING.items():
        source = module.read_text()
        # relay/lag.py builds its gauges' names as f"astratrade_relay_{name}": check the stem and the suffix.
        assert all(f.removesuffix("_total") in source or f.rsplit("_relay_", 1)[-1] in source for f in families)
        names |= families
    return names


def _rules() -> list[dict[str, Any]]:
    return [rule for group in ALERTS["groups"] for rule in group["rules"]]


def _exprs() -> list[str]:
    return [target["expr"] for panel in DASHBOARD["panels"] for target in panel.get("targets", [])]


def test_every_metric_an_alert_or_panel_names_is_exported_when_collected(exported: set[str]) -> None:
    named = {name for expr in [r["expr"] for r in _rules()] + _exprs() for name in NAME.findall(expr)}
    assert named - exported == set()
    assert len(named) > 20


def test_a_metric_the_code_does_not_export_is_caught_when_collected(exported: set[str]) -> None:
    assert "astratrade_projection_lag_seconds" in exported and "astratrade_projection_lag_second" not in exported
    assert "astratrade_http_requests_total" in exported and "astratrade_http_requests" not in exported


def test_every_rule_is_a_complete_alert_when_parsed() -> None:
    rules = _rules()
    assert len({rule["alert"] for rule in rules}) == len(rules)
    for rule in rules:
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule["alert"]
        assert re.fullmatch(r"[A-Z][A-Za-z]+", rule["alert"])
        assert rule["labels"]["severity"] in {"page", "warn", "info"}
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        assert re.fullmatch(r"\d+[smh]", rule.get("for", "0s")), rule["alert"]
        expr = rule["expr"]
        assert expr.count("(") == expr.count(")") and expr.count("{") == expr.count("}"), rule["alert"]


def test_every_alert_of_the_operations_guide_is_a_rule_when_parsed() -> None:
    guide = (ROOT / "docs" / "operations.md").read_text().split("## Alerts", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| ([A-Z][A-Za-z]+) \|", guide, re.M))
    # NotReady is /ready answering 503: the orchestrator's readiness probe (deploy/k8s), not a metric.
    assert documented - {"NotReady"} <= {rule["alert"] for rule in _rules()}
    assert len(documented) >= 10


@pytest.mark.parametrize(
    ("topic", "metric"),
    [
        ("request rates", "astratrade_http_requests_total"),
        ("request rates", "astratrade_query_http_requests_total"),
        ("latency", "astratrade_http_request_duration_seconds_bucket"),
        ("latency", "astratrade_query_http_request_duration_seconds_bucket"),
        ("projection lag", "astratrade_projection_lag_seconds"),
        ("parked events", "astratrade_projection_parked_events"),
        ("job outcomes", "astratrade_jobs_processed_total"),
        ("relay lag", "astratrade_relay_lag_events"),
        ("relay lag", "astratrade_relay_lag_seconds"),
    ],
)
def test_the_dashboard_covers_each_topic_when_parsed(topic: str, metric: str) -> None:
    assert any(metric in expr for expr in _exprs()), topic


def test_the_dashboard_is_a_well_formed_grafana_dashboard_when_parsed() -> None:
    panels = DASHBOARD["panels"]
    assert len({panel["id"] for panel in panels}) == len(panels)
    assert [v["name"] for v in DASHBOARD["templating"]["list"]] == ["datasource"]
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}" and panel["targets"]
            assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"])
