"""The footprint of a full ``astratrade up`` (issue 13): processes, RSS, PostgreSQL connections.

Starts ``up`` against its own database, Redis db and ports, waits until both APIs answer and the
read side has settled, then measures: every process of the tree (walking ``--ppid`` children, so
threads are not counted), the RSS of each, and the connections of the database in
``pg_stat_activity``, each attributed to the process holding its client port. Then runs
``astratrade simulate --traders 20`` (a process outside the tree, whose own connections are shown
apart) and samples the tree's connections every 0.5 s for their maximum; finally stops ``up`` with
SIGINT and reports how long the stop took.

    .venv/bin/python -m bench.footprint [--settle 30] [--simulate 40] [--simulate-market]

Needs a PostgreSQL and a Redis as in the environment below (override with the same variables).
``--python`` runs ``up`` with another interpreter: a venv with requirements.lock alone weighs what
production does (the dev tools bring packages such as rich that production lacks).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psutil
import psycopg
import redis

ENV = {
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/astratrade_footprint",
    "REDIS_URL": "redis://127.0.0.1:6379/11",
    "ASTRATRADE_DATA_DIR": "/tmp/footprint_data",
    "COMMAND_API_PORT": "8200",
    "QUERY_API_PORT": "8201",
    "CONSOLE_PORT": "8202",
    "ASTRATRADE_EMBEDDED": "never",
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for key, value in ENV.items():
        env.setdefault(key, value)
    return env


def tree(root: int) -> list[psutil.Process]:
    """The root and every descendant process (``ps --ppid`` walked recursively: threads are not processes)."""
    found = [psutil.Process(root)]
    frontier = [root]
    while frontier:
        ppid = frontier.pop()
        out = subprocess.run(["ps", "--ppid", str(ppid), "-o", "pid="], capture_output=True, text=True, check=False)
        for pid in (int(word) for word in out.stdout.split()):
            found.append(psutil.Process(pid))
            frontier.append(pid)
    return found


def label(process: psutil.Process) -> str:
    """A process named by its ``astratrade`` arguments (``serve query-api``, ``worker core``…)."""
    try:
        cmdline = process.cmdline()
    except psutil.Error:
        return "?"
    if "astratrade.cli" in cmdline:
        return " ".join(cmdline[cmdline.index("astratrade.cli") + 1 :])
    if any(part.endswith("/astratrade") for part in cmdline[:2]):
        return " ".join(cmdline[2:] if cmdline[0].endswith("python") else cmdline[1:]) or "up"
    if "multiprocessing" in " ".join(cmdline):
        return f"{process.parent().pid if process.parent() else '?'}'s forked child"
    return " ".join(cmdline)[:60]


def rss_mb(process: psutil.Process) -> float:
    try:
        return process.memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


def connections(database_url: str, processes: list[psutil.Process]) -> tuple[Counter[int], int, Counter[str]]:
    """Connections to the database per process of ``processes`` (by client port), those of no process of them, and
    those of the processes by ``application_name`` (what holds each: a lease, a reader, a pool ...)."""
    ports: dict[int, int] = {}
    for process in processes:
        try:
            for conn in process.net_connections(kind="tcp"):
                if conn.raddr and conn.raddr.port == 5432:
                    ports[conn.laddr.port] = process.pid
        except psutil.Error:
            continue
    dbname = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT client_port, application_name FROM pg_stat_activity"
            " WHERE datname = %s AND backend_type = 'client backend'",
            (dbname,),
        ).fetchall()
    per_process: Counter[int] = Counter()
    per_name: Counter[str] = Counter()
    others = 0
    for port, name in rows:
        if port in ports:
            per_process[ports[port]] += 1
            per_name[name or "(no name)"] += 1
        else:
            others += 1
    return per_process, others, per_name


def wait_ready(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def snapshot(root: int, database_url: str) -> dict[str, object]:
    processes = tree(root)
    per_process, others, per_name = connections(database_url, processes)
    rows = [
        {"pid": p.pid, "what": label(p), "rss_mb": round(rss_mb(p), 1), "connections": per_process[p.pid]}
        for p in processes
    ]
    return {
        "processes": len(processes),
        "rss_mb": round(sum(row["rss_mb"] for row in rows), 1),
        "connections": sum(per_process.values()),
        "connections_not_of_up": others,
        "rows": rows,
        "by_application_name": dict(per_name.most_common()),
    }


def print_snapshot(title: str, shot: dict[str, object]) -> None:
    print(f"\n{title}: {shot['processes']} processes, {shot['rss_mb']} MB RSS, {shot['connections']} connections")
    for row in shot["rows"]:  # type: ignore[attr-defined]
        print(f"  {row['pid']:>7} {row['rss_mb']:>7.1f} MB {row['connections']:>3} conn  {row['what']}")
    names = shot["by_application_name"]
    print("  connections by application_name:", ", ".join(f"{n} {c}" for n, c in names.items()))  # type: ignore[attr-defined]


def under_simulate(root: int, env: dict[str, str], seconds: float) -> dict[str, object]:
    """Run ``simulate --traders 20`` for ``seconds``, sampling the tree; the sample with the most connections."""
    log = tempfile.TemporaryFile("w+")
    sim = subprocess.Popen(
        [sys.executable, "-m", "astratrade.cli", "simulate", "--traders", "20", "--seconds", str(seconds)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,  # a file, not a pipe: the simulator logs more than a pipe holds
    )
    peak: dict[str, object] = {"connections": -1}
    peak_rss = 0.0
    while sim.poll() is None:
        shot = snapshot(root, env["DATABASE_URL"])
        if int(shot["connections"]) > int(peak["connections"]):  # type: ignore[call-overload]
            peak = shot
        peak_rss = max(peak_rss, float(shot["rss_mb"]))  # type: ignore[arg-type]
        time.sleep(0.5)
    print_snapshot("under simulate (the sample with the most connections)", peak)
    print(f"  peak RSS under simulate: {peak_rss:.1f} MB; simulate exited with {sim.returncode}")
    if sim.returncode:  # a failing simulator measures an idle system: say why
        log.seek(0)
        print("  simulate's last lines:", *log.read().splitlines()[-8:], sep="\n    ")
    log.close()
    return {
        "under_simulate": peak,
        "peak_rss_under_simulate_mb": round(peak_rss, 1),
        "simulate_exit": sim.returncode,  # not 0: the figures "under simulate" are of an idle system
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settle", type=float, default=30, help="seconds after both APIs answer (default 30)")
    parser.add_argument("--simulate", type=float, default=40, help="seconds of `simulate --traders 20` (0: none)")
    parser.add_argument("--simulate-market", action="store_true", help="run `up --simulate-market`")
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    parser.add_argument("--json", type=Path, help="also write the figures there")
    parser.add_argument("--source", type=Path, help="run `up` from this checkout (e.g. `git archive` of a baseline)")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter of `up` (e.g. a venv of requirements.lock only)"
    )
    args = parser.parse_args()
    env = _env()
    if args.fresh:
        base = env["DATABASE_URL"].rsplit("/", 1)
        with psycopg.connect(base[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{base[1]}" WITH (FORCE)')
        # And its Redis db: a login throttle left by an earlier run refuses the simulator's sign-ins.
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    command = [args.python, "-m", "astratrade.cli", "up", *(["--simulate-market"] if args.simulate_market else [])]
    up = subprocess.Popen(command, env=env, cwd=args.source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results: dict[str, object] = {"load_average_start": os.getloadavg()}
    try:
        wait_ready(f"http://127.0.0.1:{env['QUERY_API_PORT']}/health", 120)
        wait_ready(f"http://127.0.0.1:{env['COMMAND_API_PORT']}/health", 60)
        wait_ready(f"http://127.0.0.1:{env['CONSOLE_PORT']}/config.json", 60)
        time.sleep(args.settle)
        rest = snapshot(up.pid, env["DATABASE_URL"])
        results["at_rest"] = rest
        print_snapshot(f"at rest ({args.settle:.0f} s after ready)", rest)
        if args.simulate:
            results.update(under_simulate(up.pid, env, args.simulate))
    finally:
        started = time.monotonic()
        up.send_signal(signal.SIGINT)
        try:
            up.wait(60)
        except subprocess.TimeoutExpired:
            up.kill()
        results["stop_seconds"] = round(time.monotonic() - started, 1)
        results["load_average_end"] = os.getloadavg()
        print(f"\nstopped with SIGINT in {results['stop_seconds']} s (exit {up.returncode}); ", end="")
        print(f"load average {results['load_average_start']} at start, {results['load_average_end']} at end")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
