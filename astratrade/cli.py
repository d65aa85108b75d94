"""The ``astratrade`` command line (api.md "Command line")."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from astratrade import commands, database, dev_secrets, embedded, logs, memory, running, tracing
from astratrade.settings import Settings

log = logging.getLogger("astratrade.cli")
EX_TEMPFAIL = 75  # sysexits.h: a temporary failure, try again


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    memory.return_large_blocks()  # freed password-hashing buffers leave the process (astratrade/memory.py)
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        settings = Settings()
    except ValueError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    logs.setup(_process_name(args), settings.log_level, settings.log_format)
    dev_secrets.announce(settings.dev_secrets)  # generated development secrets: say so, hand them to children
    try:
        return _run(args, handler, settings)
    except BrokenPipeError:  # `astratrade projections status | head`: the reader left; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        return 1  # as Python's own recipe: the output was cut short
    except KeyboardInterrupt:  # Ctrl-C while migrate waits for a full server, say: stopped, no traceback
        return 130
    except (embedded.NoDatabase, running.AlreadyRunning) as error:
        print(f"astratrade: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        if not database.is_full(error):
            raise
        print(
            f"astratrade: PostgreSQL {database.describe(settings.database_url)} is full (too many clients); "
            "try again later",
            file=sys.stderr,
        )
        return EX_TEMPFAIL  # `up` restarts a process that exits so, with a growing pause


def _run(args: argparse.Namespace, handler: Callable[[argparse.Namespace, Settings], int], settings: Settings) -> int:
    """Say which database the command uses (``up`` does once it knows), then run it."""
    if args.handler is not commands.up:
        settings = embedded.attach(settings)  # the database of the `up` running in this checkout, if one runs
        if args.handler not in (commands.migrate, commands.create_admin):
            settings = database.as_app_role(settings)  # everything but migrations runs as the application's role
        if args.handler in (commands.serve, commands.jobs):
            os.environ["DATABASE_URL"] = settings.database_url  # their apps and actors read Settings() again
            if settings.read_database_url:
                os.environ["READ_DATABASE_URL"] = settings.read_database_url  # as the app's role, too
        tracing.configure(settings, _process_name(args))  # off unless OTEL_EXPORTER_OTLP_ENDPOINT is set
        log.info(
            "database: %s",
            database.describe(settings.database_url),
            extra={"database": database.describe(settings.database_url)},
        )
    return handler(args, settings)


def _process_name(args: argparse.Namespace) -> str:
    """How log lines name this process: ``command-api``, ``worker:portfolio``, ``jobs``, ``up``…"""
    if getattr(args, "api", None):
        return str(args.api)
    if args.handler is commands.worker:
        return f"worker:{'+'.join(args.names)}"
    return str(args.handler.__name__).replace("_", "-")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="astratrade", description="AstraTrade backend")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    up = sub.add_parser("up", help="migrate, then run both APIs and every worker group; Ctrl-C stops all")
    up.add_argument("--simulate-market", action="store_true", help="move prices continuously")
    up.set_defaults(handler=commands.up)
    sub.add_parser("migrate", help="create the database, schemas and tables").set_defaults(handler=commands.migrate)
    admin = sub.add_parser("create-admin", help="create (or promote) an admin user")
    admin.add_argument("username")
    admin.add_argument("password")
    admin.set_defaults(handler=commands.create_admin)
    serve = sub.add_parser("serve", help="run one API process, or the web console's server")
    serve.add_argument("api", choices=["command-api", "query-api", "console"])
    serve.add_argument(
        "--console", action="store_true", help="query-api only: also serve the web console on CONSOLE_PORT"
    )
    serve.set_defaults(handler=commands.serve)
    worker = sub.add_parser("worker", help="run the workers of projections or groups, as threads of one process")
    worker.add_argument("names", nargs="+", metavar="NAME", help="a projection, or a group (projections/registry.py)")
    worker.add_argument("--live-ranks", action="store_true", help="also mirror the leaderboards into Redis")
    worker.add_argument("--relay", action="store_true", help="also run the event bus relay (docs/event-bus.md)")
    worker.set_defaults(handler=commands.worker)
    jobs = sub.add_parser("jobs", help="run a dramatiq job worker (side effects: expiries, Starknet)")
    jobs.add_argument("--processes", type=int, default=1, help="above 1: dramatiq forks that many processes")
    jobs.add_argument("--threads", type=int, default=4, help="worker threads (per process)")
    jobs.set_defaults(handler=commands.jobs)
    projections = sub.add_parser("projections", help="projection status and rebuilds")
    psub = projections.add_subparsers(required=True, metavar="ACTION")
    status = psub.add_parser("status", help="position, lag and status of each projection; exit 1 if one is halted")
    status.add_argument("names", nargs="*", metavar="NAME", help="only these projections or groups (a group's health)")
    status.set_defaults(handler=commands.projections_status)
    rebuild = psub.add_parser("rebuild", help="rebuild one projection from position 0 and swap it in")
    rebuild.add_argument("name")
    rebuild.set_defaults(handler=commands.projections_rebuild)
    _audit_parser(sub)
    _live_parser(sub)
    _market_parser(sub)
    return parser


def _audit_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = sub.add_parser("audit", help="verify the audit trail's hash chain; export it as NDJSON")
    asub = audit.add_subparsers(required=True, metavar="ACTION")
    verify = asub.add_parser("verify", help="walk the hash chain against the events table; exit 1 if broken")
    verify.add_argument("--from-position", type=int, help="first position to check (inclusive)")
    verify.add_argument("--to-position", type=int, help="last position to check (inclusive)")
    verify.set_defaults(handler=commands.audit_verify)
    export = asub.add_parser("export", help="write the trail (or a user's part of it) as NDJSON to stdout")
    export.add_argument("--user", type=UUID, help="events the user did or that concern them")
    export.add_argument("--from", dest="start", type=_instant, help="ISO 8601 timestamp with offset, inclusive")
    export.add_argument("--to", dest="end", type=_instant, help="ISO 8601 timestamp with offset, exclusive")
    export.set_defaults(handler=commands.audit_export)


def _live_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("live-ranks", help="mirror the leaderboards into Redis and publish rank changes").set_defaults(
        handler=commands.live_ranks
    )
    simulate = sub.add_parser("simulate", help="simulated traders against a simulated market, over HTTP")
    simulate.add_argument("--traders", type=int, default=20, help="simulated traders (default 20)")
    simulate.add_argument("--seconds", type=float, default=60, help="how long the simulation runs (default 60)")
    simulate.add_argument("--market-only", action="store_true", help="only move prices, until stopped")
    simulate.set_defaults(handler=commands.simulate)
    sub.add_parser("feed", help="follow real exchanges (FEED_EXCHANGES) through ccxt, recording ticks").set_defaults(
        handler=commands.feed
    )
    relay = sub.add_parser("relay", help="publish the log to Redis Streams (the event bus); `status`: its lag")
    relay.add_argument("action", nargs="?", choices=["run", "status"], default="run")
    relay.set_defaults(handler=commands.relay)


def _market_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    market = sub.add_parser("market", help="market data: import historical candles")
    msub = market.add_subparsers(required=True, metavar="ACTION")
    imports = msub.add_parser("import", help="store OHLCV candles from a CSV file as events (idempotent)")
    imports.add_argument("--symbol", required=True, help="BTC-USD form")
    imports.add_argument("--interval", required=True, choices=["1m", "5m", "15m", "1h", "4h", "1d"])
    imports.add_argument("file", metavar="FILE.csv", help="columns time,open,high,low,close,volume")
    imports.set_defaults(handler=commands.market_import)


def _instant(text: str) -> datetime:
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset, e.g. 2026-01-05T12:00:00+00:00")
    return instant


if __name__ == "__main__":
    sys.exit(main())
