"""What the routes depend on, built once per app by ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis
from psycopg_pool import ConnectionPool

from astratrade.settings import Settings
from http_common.access import AccessCheck
from http_common.tokens import TokenVerifier
from projections.runtime import ReadModels
from query_api.live.state import Live
from query_api.metrics import Metrics
from query_api.progress import Progress
from query_api.reading import Reader
from query_api.replica import ReplicaLag


@dataclass(frozen=True)
class QueryOptions:
    """Tunables of the query API (api.md: ``min_position`` waits 5 s by default)."""

    wait_timeout: float = 5.0  # seconds a query waits for min_position before 503
    db_timeout: float = 5.0  # seconds a request waits for a database connection before 503


@dataclass(frozen=True)
class Container:
    """The pool, queries, token verifier, metrics and clients of one app instance."""

    settings: Settings
    read_models: ReadModels
    pool: ConnectionPool[Any]
    progress: Progress
    reader: Reader  # the one read path: wait for min_position, one snapshot, as_of_position
    tokens: TokenVerifier
    metrics: Metrics
    redis: redis.Redis
    live: Live  # leaderboards: the Redis mirror's read path and the pub/sub hub of the SSE streams
    access: AccessCheck  # sessions: revocation and API keys (http_common/access.py)
    # With READ_DATABASE_URL (docs/adr/0010): ``pool`` reads the standby; this one, on the primary, serves the
    # access checks (a revocation must not wait for replay) and the lag probe. None: ``pool`` is the primary.
    primary_pool: ConnectionPool[Any] | None = None
    replica: ReplicaLag | None = None  # the standby's lag, for /ready and /metrics
