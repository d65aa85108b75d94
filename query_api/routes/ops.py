"""GET /health, /ready and /metrics: for orchestrators and Prometheus."""

from __future__ import annotations

from astratrade.settings import starknet_status
from http_common.metrics import HttpMetrics
from http_common.ops import ops_router
from http_common.probes import postgres_ok, redis_ok
from projections.runtime.status import safe_head_component
from query_api.deps import Services


def _readiness(c: Services) -> dict[str, bool]:
    """The read models' database (the standby, with READ_DATABASE_URL: and then the primary too) and Redis."""
    checks = {"postgres": postgres_ok(c.pool), "redis": redis_ok(c.redis)}
    if c.primary_pool is not None:
        checks["postgres_primary"] = postgres_ok(c.primary_pool)
    return checks


def _metrics(c: Services) -> HttpMetrics:
    return c.metrics


def _components(c: Services) -> dict[str, object]:
    """Informational: whether on-chain jobs are enabled, and whether a transaction holds the
    log's safe head back (projections wait for it); neither ever makes the API unready."""
    components: dict[str, object] = {
        "starknet": starknet_status(c.settings),
        "safe_head": safe_head_component(c.primary_pool or c.pool),
    }
    if c.replica is not None:
        components["replica"] = c.replica.component()  # the standby's lag (query_api/replica.py)
    return components


router = ops_router(_readiness, _metrics, _components)
