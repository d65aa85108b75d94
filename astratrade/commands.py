"""What each ``astratrade`` subcommand does; the CLI module only parses arguments."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from astratrade.settings import Settings

if TYPE_CHECKING:
    from astratrade.supervisor import Child
    from projections.runtime import ReadModels, WorkerOptions

log = logging.getLogger("astratrade")


def migrate(_args: argparse.Namespace, settings: Settings) -> int:
    """Create the database, the event store, every read model, the application's and the analyst's roles;
    while the server is full, say so in one line and try again."""
    from astratrade.database import retrying_when_full

    return retrying_when_full(lambda: _migrate(settings), settings.database_url)


def _migrate(settings: Settings) -> int:
    import psycopg

    from astratrade.database import app_password, refuse_reserved_slot
    from event_store.schema import ensure_database
    from event_store.schema import migrate as migrate_event_store
    from projections import registry
    from projections.analytics.projection import AnalyticsProjection
    from projections.analytics.roles import ensure_analyst_role

    env = settings.eventsourcing_env()
    read_models = _read_models(settings)
    with psycopg.connect(psycopg.conninfo.make_conninfo(read_models.conninfo, dbname="postgres")) as conn:
        refuse_reserved_slot(conn)  # an owner that is a superuser would get in on a full server: wait instead
    ensure_database(env)
    migrate_event_store(env)
    registry.migrate(read_models)
    role = settings.app_database_role or None
    with psycopg.connect(read_models.conninfo, autocommit=True) as conn:
        if role:
            _grant_app_role(conn, settings, read_models, app_password(settings))
        ensure_analyst_role(
            conn,
            read_models.schema_for(AnalyticsProjection),
            password=settings.analyst_password,
            deny_schemas=(env["POSTGRES_SCHEMA"], read_models.schema),
            table_owner=role,
        )
    log.info(
        "migrated %s: event store in schema %s, read models in %s; processes connect as role %s",
        env["POSTGRES_DBNAME"],
        env["POSTGRES_SCHEMA"],
        read_models.schema,
        role or env["POSTGRES_USER"],
    )
    return 0


def _grant_app_role(conn: Any, settings: Settings, read_models: ReadModels, password: str | None) -> None:
    from astratrade.app_role import ensure_app_role
    from projections import registry

    schemas = [read_models.schema, *(read_models.schema_for(p) for p in registry.projections())]
    ensure_app_role(
        conn,
        settings.app_database_role,
        password,
        events_schema=settings.database_schema,
        read_models=read_models,
        schemas=schemas,
        reset_password=settings.app_database_password is not None,
    )


def up(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate, then supervise both APIs, the worker groups and the job worker (``up_children``)."""
    import subprocess

    from astratrade import running
    from astratrade.database import describe
    from astratrade.embedded import start_missing
    from astratrade.supervisor import Supervisor, exec_into

    claim = running.claim(settings.data_dir)  # a second `up` in this checkout refuses here, touching nothing
    settings, embedded = start_missing(settings)  # zero-setup: embedded PostgreSQL/Redis when none is there
    if args.simulate_market:
        from astratrade.simulate import demo_settings

        settings = demo_settings(settings)  # a demo: closes held 2 s earn XP (the children inherit it)
    try:
        claim.record(describe(settings.database_url), embedded=embedded.embeds("PostgreSQL"))
        log.info("database: %s", describe(settings.database_url), extra={"database": describe(settings.database_url)})
        # Migrated by a child: importing every layer would keep this supervisor ~40 MB bigger for its life.
        migrated = subprocess.run([sys.executable, "-m", "astratrade.cli", "migrate"], check=False)
        if migrated.returncode != 0:
            return migrated.returncode
        children = up_children(
            simulate_market=args.simulate_market,
            feed=bool(settings.feed_exchanges.strip()),
            relay=settings.relay_enabled,
        )
        log.info(
            "command API on http://%s:%s, query API on http://%s:%s, %d processes; Ctrl-C stops all",
            settings.host,
            settings.command_api_port,
            settings.host,
            settings.query_api_port,
            len(children),
        )
        if not embedded.servers:  # nothing of this process to stop at the end: a lighter supervisor takes over
            exec_into(children, claim.fd, settings.log_level, settings.log_format)
        return Supervisor(children).run()
    finally:
        embedded.stop()
        claim.release()


def up_children(*, simulate_market: bool = False, feed: bool = False, relay: bool = True) -> list[Child]:
    """What ``up`` supervises: both APIs (the query API's process serving the web console too), the
    worker groups in one process, the job worker (docs/adr/0015-light-up.md)."""
    from astratrade.supervisor import Child
    from projections.groups import GROUPS

    # The live-ranks mirror (leaderboards → Redis, rank changes → pub/sub) runs beside the group
    # that builds the leaderboards, and the event bus relay too (docs/adr/0008).
    extras = ["--live-ranks", *(["--relay"] if relay else [])]
    children = [
        Child("command-api", ["serve", "command-api"]),
        Child("query-api", ["serve", "query-api", "--console"]),  # and the console's static files (docs/ui.md)
        Child("workers", ["worker", *GROUPS, *extras]),  # each group as if alone: its leases, connections, health
        Child("jobs", ["jobs"]),  # dramatiq's worker threads in one process
    ]
    if simulate_market:
        children.append(Child("market", ["simulate", "--market-only"]))
    if feed:  # FEED_EXCHANGES is set: follow real exchanges (docs/markets-feed.md)
        children.append(Child("feed", ["feed"]))
    return children


def feed(_args: argparse.Namespace, settings: Settings) -> int:
    """Follow the exchanges of FEED_EXCHANGES through ccxt, recording their prices as ticks."""
    from astratrade.feed import run

    return run(settings)


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run one API process under uvicorn; ``query-api --console`` also serves the web console on CONSOLE_PORT."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from http_common.headers import SERVER_OPTIONS

    factory, port = {
        "command-api": ("command_api_app", settings.command_api_port),
        "query-api": ("query_api_app", settings.query_api_port),
        "console": ("console_app", settings.console_port),
    }[args.api]
    with_console = args.console and args.api == "query-api"  # the console itself, or the command API: ignored
    # Each uvicorn worker process builds its own app (pools, caches) from the environment.
    # log_config=None: uvicorn's records go through the JSON logging of ``astratrade.logs``.
    options: dict[str, Any] = {
        "factory": True,
        "host": settings.host,
        "workers": settings.api_workers,
        "log_level": "warning",
        "access_log": False,
        "log_config": None,
        **SERVER_OPTIONS,  # h11 with a bounded header block: 431 over 16 KiB
    }
    if not with_console:
        uvicorn.run(f"astratrade.commands:{factory}", port=port, **options)
        return 0
    # One server, two listening sockets: the app answers each by the port a request came in on.
    config = uvicorn.Config("astratrade.commands:query_api_and_console_app", port=port, **options)
    console = uvicorn.Config("astratrade.commands:console_app", port=settings.console_port, **options)
    sockets = [config.bind_socket(), console.bind_socket()]
    if config.workers > 1:
        Multiprocess(config, sockets=sockets).run()  # each worker process serves both sockets
        return 0
    server = uvicorn.Server(config)
    server.run(sockets=sockets)
    return 0 if server.started else 3  # as uvicorn.run: 3 when the app failed to start


def create_admin(args: argparse.Namespace, settings: Settings) -> int:
    """Create an admin user, or grant admin to the existing user of that name."""
    from astratrade.database import as_app_role
    from event_store.application import EventStore
    from event_store.metadata import CommandContext
    from services.commands import CommandRunner
    from services.errors import WeakPassword
    from services.password_policy import check_strength
    from services.users import UserService

    try:
        check_strength(args.password)  # before migrating: a refused password changes nothing
    except WeakPassword as refused:
        print(f"refused: {refused.detail}", file=sys.stderr)
        return 2
    migrate(args, settings)
    store = EventStore(env=as_app_role(settings).eventsourcing_env())  # the user is written as the app writes
    try:
        users = UserService(CommandRunner(store), settings.claim_key.encode())
        user_id = users.create_admin(args.username, args.password, CommandContext(actor="cli", correlation_id="cli"))
    finally:
        store.close()
    print(f"admin {args.username}: {user_id}")
    return 0


def worker(args: argparse.Namespace, settings: Settings) -> int:
    """Run the workers of the projections named (a group name stands for its members).

    One projection alone keeps its own two connections; several run as threads of this
    process on shared ones (``projections.runtime.group``). Several groups (``worker core social
    policies``, what ``up`` runs) run side by side, each on its own shared connections as if alone.
    Each projection is a standby while another process holds its lease."""
    from projections.registry import GROUPS, workers_for
    from projections.runtime import run_group, run_groups, run_worker

    try:
        projections = workers_for(args.names)
    except LookupError as error:
        print(f"{error}; groups: {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    read_models, es_env = _read_models(settings), settings.eventsourcing_env()
    extras = [_live_ranks_loop(read_models, settings.redis_url)] if args.live_ranks else []
    if args.relay:
        extras.append(_relay_loop(settings))
    options = worker_options(settings)
    groups = list(dict.fromkeys(args.names))
    if len(groups) > 1 and all(name in GROUPS for name in groups):
        from projections.groups import LIVE_RANKS_GROUP

        host = LIVE_RANKS_GROUP if LIVE_RANKS_GROUP in groups else groups[0]  # the group that builds the boards
        members = {name: workers_for([name]) for name in groups}
        return 0 if run_groups(members, read_models, es_env, options, extras={host: extras}) else 1
    if len(projections) == 1 and not extras:
        run_worker(projections[0], read_models, es_env, options)
    else:
        run_group("+".join(args.names), projections, read_models, es_env, options, extras=extras)
    return 0


def worker_options(settings: Settings) -> WorkerOptions:
    """With a standby (READ_DATABASE_URL) the log is read from it, and steps commit durably: a standby
    receives only flushed WAL, so an asynchronous commit would reach it (and min_position) one WAL
    writer delay later (docs/adr/0010, bench/replica.py)."""
    from projections.runtime import WorkerOptions

    standby = settings.read_eventsourcing_env()
    return WorkerOptions(log_env=standby, durable_commits=standby is not None)


def _live_ranks_loop(read_models: ReadModels, redis_url: str) -> Callable[[threading.Event], None]:
    """The live-ranks mirror as a loop of a worker group (``astratrade live-ranks`` runs it alone)."""
    from projections.leaderboard.live.worker import MirrorWorker

    return lambda stop: MirrorWorker(read_models, redis_url, stop=stop).run()


def _relay_loop(settings: Settings) -> Callable[[threading.Event], None]:
    """The event bus relay as a loop of a worker group (``astratrade relay`` runs it alone)."""
    from astratrade import relay as bus

    return lambda stop: bus.run(settings, stop)


def relay(args: argparse.Namespace, settings: Settings) -> int:
    """Publish the log to Redis Streams until stopped, or (``status``) print the bus's lag."""
    from astratrade import relay as bus

    return bus.status(settings) if args.action == "status" else bus.main(settings)


def jobs(args: argparse.Namespace, _settings: Settings) -> int:
    """Run a dramatiq job worker on every actor module (``jobs.worker``): threads of this process, or with
    ``--processes`` above 1 dramatiq's CLI, which forks that many worker processes under a parent."""
    if args.processes > 1:
        from dramatiq.cli import main as dramatiq_main

        # --skip-logging: the worker processes (forked) keep the JSON logging set up by ``main``.
        sys.argv = [
            "dramatiq",
            "jobs.worker",
            "--processes",
            str(args.processes),
            "--threads",
            str(args.threads),
            "--skip-logging",
        ]
        return int(dramatiq_main() or 0)
    return _jobs_in_process(args.threads)


# Running jobs get this long to finish on a stop (dramatiq's CLI waits 10 min); the supervisor kills after 10 s,
# and an unfinished job is redelivered (jobs are idempotent).
_JOBS_SHUTDOWN_MS = 9_000


def _jobs_in_process(threads: int) -> int:
    """dramatiq's Worker as threads of this process, booted and stopped as its CLI does a forked one: one
    process instead of a parent (~45 MB) and a child. Stops on SIGTERM/SIGINT, letting running jobs finish."""
    import importlib
    import signal

    import dramatiq

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    importlib.import_module("jobs.worker")  # configures the broker, then declares every actor on it
    broker = dramatiq.get_broker()
    broker.emit_after("process_boot")
    worker = dramatiq.Worker(broker, worker_threads=threads)
    worker.start()
    log.info("job worker running: %d threads", threads)
    stop.wait()
    worker.stop(timeout=_JOBS_SHUTDOWN_MS)
    broker.close()
    return 0


def projections_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print position, log head, lag and status of every projection (or of those named, a group
    name standing for its members: a group's health check); exit 1 if one of them is halted."""
    from projections.registry import GROUPS, workers_for
    from projections.runtime import projection_status

    try:
        names = [p.name for p in workers_for(args.names)] if args.names else None
    except LookupError as error:
        print(f"{error}; groups: {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    rows = projection_status(_read_models(settings), names)
    width = max([len("projection"), *(len(row.name) for row in rows)])
    print(
        f"{'projection':<{width}} {'version':>7} {'status':<8} {'position':>20} {'lag events':>10} {'lag s':>8} "
        f"{'parked':>6}"
    )
    for row in rows:
        print(
            f"{row.name:<{width}} {row.version:>7} {row.status:<8} {row.position:>20} {row.lag_events:>10} "
            f"{row.lag_seconds:>8.1f} {row.parked:>6}" + (f"  {row.last_error}" if row.last_error else "")
        )
    _print_head_blocker(settings)
    return 1 if any(row.status == "halted" for row in rows) else 0


def _print_head_blocker(settings: Settings) -> None:
    """Name the transaction of the event store's database holding every projection back, if any."""
    import psycopg

    from event_store.horizon import stalled_by

    with psycopg.connect(_read_models(settings).conninfo, autocommit=True) as conn:
        blocker = stalled_by(conn)
    if blocker is not None:
        print(f"safe head held back by {blocker.describe()}: projections wait for it to end")


def projections_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    """Rebuild one projection from position 0 into new tables and swap it in."""
    from projections.registry import projection_named
    from projections.runtime import RebuildFailed, rebuild

    try:
        position = rebuild(projection_named(args.name), _read_models(settings), settings.eventsourcing_env())
    except (LookupError, RebuildFailed) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{args.name}: rebuilt and swapped in at position {position}")
    return 0


def audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    """Walk the audit trail's hash chain against the events table; print the verdict as JSON, exit 1 if broken."""
    import json

    from projections.audit.export import verify_trail

    verdict, upto = verify_trail(_read_models(settings), settings.database_schema, args.from_position, args.to_position)
    print(
        json.dumps(
            {
                "ok": verdict.ok,
                "checked": verdict.checked,
                "last_position": verdict.last_position,
                "head_hash": verdict.head_hash.hex() if verdict.head_hash else None,
                "broken_at": verdict.broken_at,
                "reason": verdict.reason,
                "as_of_position": upto,
            }
        )
    )
    return 0 if verdict.ok else 1


def audit_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write the audit trail (optionally one user's, a time range) as NDJSON to standard output."""
    from projections.audit.export import export
    from projections.audit.view import AuditQuery

    export(_read_models(settings), AuditQuery(user_id=args.user, start=args.start, end=args.end), sys.stdout.buffer)
    sys.stdout.flush()
    return 0


def live_ranks(_args: argparse.Namespace, settings: Settings) -> int:
    """Mirror the leaderboards into Redis and publish rank changes (a standby while another mirror runs)."""
    import signal
    import threading

    from projections.leaderboard.live.worker import MirrorWorker

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    MirrorWorker(_read_models(settings), settings.redis_url, stop=stop).run()
    return 0


def simulate(args: argparse.Namespace, settings: Settings) -> int:
    """Simulated traders against a simulated market, every command over HTTP (loopback only)."""
    from astratrade.simulate import main

    return main(settings, args.traders, args.seconds, market_only=args.market_only)


def _read_models(settings: Settings) -> ReadModels:
    from projections.runtime import ReadModels

    return ReadModels.from_env(settings.eventsourcing_env(), settings.read_model_schema)


def command_api_app() -> Any:
    """uvicorn's factory for ``serve command-api``: JSON logs in this (possibly spawned) process, the app."""
    from command_api.app import app_from_environment

    _api_process_logging("command-api")
    return app_from_environment()


def console_app() -> Any:
    """uvicorn's factory for ``serve console``: JSON logs, the console's static server."""
    from console.app import app_from_environment

    _api_process_logging("console")
    return app_from_environment()


def query_api_app() -> Any:
    """uvicorn's factory for ``serve query-api``: JSON logs, the app, job gauges beside its own on /metrics."""
    from jobs.metrics import JobMetrics
    from query_api.app import app_from_environment

    _api_process_logging("query-api")
    app = app_from_environment()
    container = app.state.container
    counts = None
    if container.settings.jobs_broker == "rabbitmq":  # queue sizes are RabbitMQ's to tell; outcomes stay in Redis
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        counts = RabbitmqBroker(url=container.settings.rabbitmq_url, middleware=[]).get_queue_message_counts
    container.metrics.registry.register(JobMetrics(container.redis, queue_counts=counts))  # counted by job workers
    return app


def query_api_and_console_app() -> Any:
    """uvicorn's factory for ``serve query-api --console``: the query API, and the console's static server
    answering what arrives on CONSOLE_PORT (one process fewer than ``serve console`` beside it, docs/adr/0015)."""
    from console.app import ByPort
    from console.app import app_from_environment as console_from_environment

    app = query_api_app()
    return ByPort(app, console_from_environment(), Settings().console_port)


def _api_process_logging(name: str) -> None:
    """JSON logs, and malloc tuned, in an API process (uvicorn's spawned workers never ran ``cli.main``)."""
    from astratrade.logs import setup
    from astratrade.memory import return_large_blocks

    return_large_blocks()
    settings = Settings()
    setup(name, settings.log_level, settings.log_format)


def market_import(args: argparse.Namespace, settings: Settings) -> int:
    """Import historical candles from a CSV file (markets, issue 14)."""
    from astratrade.market_import import run

    return run(args, settings)
