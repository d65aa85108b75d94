"""GET /health, /ready and /metrics: for orchestrators and Prometheus."""

from __future__ import annotations

from astratrade.settings import starknet_status
from http_common.metrics import HttpMetrics
from http_common.ops import ops_router
from http_common.probes import postgres_ok, redis_ok
from projections.runtime.status import safe_head_component
from query_api.deps import Services


def _readiness(c: Services) -> dict[str, bool]:
    """The read models' database and Redis."""
    return {"postgres": postgres_ok(c.pool), "redis": redis_ok(c.redis)}


def _metrics(c: Services) -> HttpMetrics:
    return c.metrics


def _components(c: Services) -> dict[str, object]:
    """Informational: whether on-chain jobs are enabled, and whether a transaction holds the
    log's safe head back (projections wait for it); neither ever makes the API unready."""
    return {"starknet": starknet_status(c.settings), "safe_head": safe_head_component(c.pool)}


router = ops_router(_readiness, _metrics, _components)
