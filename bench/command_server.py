"""The command API as ``astratrade serve command-api`` runs it, plus three baseline routes
for bench.commands, so a command is measured beside the same server doing less:

- ``POST /v1/bench/nothing``: answers ``{}`` (HTTP, middleware, rate limit, nothing else);
- ``POST /v1/bench/insert``: one INSERT, autocommit, on the event store's own pool,
  in a sync route (one thread pool hop, as the command routes had before issue 19);
- ``POST /v1/bench/insert-async``: one INSERT in an ``async def`` route on the async
  command path's connections (event_store/async_store.py), as the deposit route now runs.

All sit under ``/v1/`` so they pass the same middleware (rate limit included); none
verifies the token nor validates a body. Never part of a deployed app.

    python -m bench.command_server   (environment as for ``astratrade serve command-api``)
"""

from __future__ import annotations

from typing import Any

import uvicorn
from fastapi import FastAPI
from psycopg import sql

from astratrade.settings import Settings
from command_api.app import app_from_environment
from http_common.headers import SERVER_OPTIONS

BASELINE_TABLE = "bench_baseline"


def app() -> FastAPI:
    application = app_from_environment()
    datastore = application.state.container.store.store.datastore
    insert = sql.SQL("INSERT INTO {} (at) VALUES (clock_timestamp())").format(
        sql.Identifier(datastore.schema, BASELINE_TABLE)
    )

    @application.post("/v1/bench/nothing", include_in_schema=False)
    async def nothing() -> dict[str, Any]:
        return {}

    @application.post("/v1/bench/insert", include_in_schema=False)
    def one_insert() -> dict[str, Any]:
        with datastore.get_connection() as conn:
            conn.execute(insert)
        return {}

    aio = application.state.container.trading.runner.aio

    @application.post("/v1/bench/insert-async", include_in_schema=False)
    async def one_insert_async() -> dict[str, Any]:
        async with aio.connection() as conn:
            await conn.execute(insert)
        return {}

    return application


def main() -> None:
    settings = Settings()
    uvicorn.run(
        "bench.command_server:app",
        factory=True,
        host=settings.host,
        port=settings.command_api_port,
        workers=settings.api_workers,
        log_level="warning",
        access_log=False,
        **SERVER_OPTIONS,
    )


if __name__ == "__main__":
    main()
