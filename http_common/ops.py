"""GET /health, /ready and /metrics, for orchestrators and Prometheus: one router per app, from its probes."""

# No ``from __future__ import annotations`` here: the routes' annotations name the
# factory's arguments, which FastAPI can resolve only if they are evaluated at definition.

from collections.abc import Callable, Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse

from http_common.metrics import CONTENT_TYPE, HttpMetrics
from http_common.problems import documenter, problem

Readiness = Callable[..., Mapping[str, bool]]
Details = Callable[..., Mapping[str, object]]


def _no_details() -> Mapping[str, object]:
    return {}


_documented = documenter({503: "a dependency is unreachable (`not_ready`, with Retry-After)"})


def ops_router(readiness: Readiness, metrics: Callable[..., HttpMetrics], details: Details = _no_details) -> APIRouter:
    """The ops routes; ``readiness`` and ``metrics`` are dependencies answering the probes and the registry;
    ``details`` adds informational state (e.g. Starknet disabled) that never makes the process unready."""
    router = APIRouter(tags=["ops"])

    @router.get("/health")
    def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @router.get("/ready", response_model=None, responses=_documented(503))
    def ready(
        probes: Annotated[Mapping[str, bool], Depends(readiness)],
        info: Annotated[Mapping[str, object], Depends(details)],
    ) -> Response:
        """Readiness: PostgreSQL answers SELECT 1 and Redis answers PING; `detail` is informational."""
        checks = {name: "ok" if ok else "unreachable" for name, ok in probes.items()}
        down = ", ".join(name for name, state in checks.items() if state != "ok")
        if down:
            return problem(
                503, "not_ready", f"unreachable: {down}", {"Retry-After": "5"}, checks=checks, components=dict(info)
            )
        return JSONResponse({"status": "ready", "checks": checks, "components": dict(info)})

    @router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE: {}}}})
    def scrape(registry: Annotated[HttpMetrics, Depends(metrics)]) -> Response:
        """Prometheus metrics in the text exposition format."""
        return Response(registry.render(), media_type=CONTENT_TYPE)

    return router
