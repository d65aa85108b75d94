"""GET /health, /ready and /metrics: for orchestrators and Prometheus."""

from __future__ import annotations

from astratrade.settings import starknet_status
from command_api.deps import Services
from event_store.horizon import head_component
from http_common.metrics import HttpMetrics
from http_common.ops import ops_router
from http_common.probes import postgres_ok, redis_ok


def _readiness(c: Services) -> dict[str, bool]:
    """The event store's database and Redis."""
    return {"postgres": postgres_ok(c.store.store.datastore.pool), "redis": redis_ok(c.redis)}


def _metrics(c: Services) -> HttpMetrics:
    return c.metrics


def _components(c: Services) -> dict[str, object]:
    """Informational: whether on-chain jobs are enabled, and whether a transaction holds the
    log's safe head back (projections wait for it); neither ever makes the API unready."""
    return {"starknet": starknet_status(c.settings), "safe_head": head_component(c.store.store.datastore.pool)}


router = ops_router(_readiness, _metrics, _components)
