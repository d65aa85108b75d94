"""HTTP command throughput and latency of the command API, beside its own server doing less.

Starts the command API (``bench.command_server``: the app ``astratrade serve
command-api`` serves, under uvicorn with the same options, plus three baseline
routes) on a scratch schema, registers traders, then drives POST
/v1/wallet/deposits (load the wallet, append one event) with wrk (a separate C
load generator on loopback, bounded in time) at 1 and 16 connections, each
connection acting as its own trader. Baselines of the same run, same server and
workers: ``/v1/bench/nothing`` (answers at once), ``/v1/bench/insert`` (one
INSERT, sync route) and ``/v1/bench/insert-async`` (one INSERT, async route on the
async command path's connections, as the deposit route runs since issue 19); the
command path is printed as a ratio of each, and pgbench runs the same
read-then-insert as plain SQL for the ratio to raw PostgreSQL.

Printed per path: rate, p50, p99, and the API processes' CPU time per request
(psutil; moved less by other load on the machine than the rates are). Per command,
over the deposit runs: transactions committed in the bench database
(``pg_stat_database.xact_commit``: reads included), transactions that appended
(distinct transaction ids among the events' positions), and WAL flushes
(``pg_stat_wal.wal_sync``, server-wide: other databases' work counts too, so an
upper bound on a shared machine).

    apt-get install wrk   # once
    .venv/bin/python -m bench.commands [--seconds 10] [--runs 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
import psycopg

from bench.append import RAW_SCRIPT, STREAMS, prepare_raw
from bench.command_server import BASELINE_TABLE
from bench.common import BENCH_DATABASE_URL, conninfo, machine, median, pgbench_tps, scratch_env

TRADERS = 32
LUA = """
tokens = {%s}
counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
function init(args)
  n = 0
end
request = function()
  n = n + 1
  local token = tokens[((offset * 7 + n) %% #tokens) + 1]
  return wrk.format("POST", "%s",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
    '{"amount":"1.00","currency":"USD"}')
end
"""
PATHS = {
    "command": "/v1/wallet/deposits",
    "insert": "/v1/bench/insert",
    "insert_async": "/v1/bench/insert-async",
    "nothing": "/v1/bench/nothing",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_api(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    process_env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DATABASE_SCHEMA": env["POSTGRES_SCHEMA"],
        "COMMAND_API_PORT": str(port),
        "API_WORKERS": str(workers),
    }
    api = subprocess.Popen([sys.executable, "-m", "bench.command_server"], env=process_env)
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return api
        except httpx.HTTPError:
            time.sleep(0.05)
    api.kill()
    raise RuntimeError("command API did not start")


def tokens(base: str) -> list[str]:
    found = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(TRADERS):
            body = {"username": f"bench{i}", "email": f"bench{i}@example.com", "password": "benchmark password"}
            client.post("/v1/users", json=body).raise_for_status()
            token = client.post("/v1/auth/token", json={"username": body["username"], "password": body["password"]})
            found.append(token.json()["access_token"])
    return found


def wrk(base: str, script: str, connections: int, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(2, connections)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "-s",
            script,
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rate": rate,
        "requests": float(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "p50": _latency(out, "50%"),
        "p99": _latency(out, "99%"),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
    }


def server_cpu(api: subprocess.Popen[bytes]) -> float:
    """CPU seconds (user + system) used so far by the API's processes: uvicorn and its workers."""
    parent = psutil.Process(api.pid)
    return sum(sum(p.cpu_times()[:2]) for p in [parent, *parent.children(recursive=True)])


def measured(api: subprocess.Popen[bytes], base: str, script: str, connections: int, seconds: int) -> dict[str, float]:
    """A wrk run, with the API's CPU per request over it (less moved by other load than rates are)."""
    before = server_cpu(api)
    found = wrk(base, script, connections, seconds)
    found["cpu_ms"] = (server_cpu(api) - before) * 1000 / max(found["requests"], 1.0)
    return found


def _latency(out: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


class ServerCounters:
    """What PostgreSQL did during some runs: commits in our database, appending transactions, WAL flushes."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.events = f'"{env["POSTGRES_SCHEMA"]}".astratrade_events'
        self.commits = self.appends = self.flushes = 0.0
        self._start: tuple[int, int, int] = (0, 0, 0)

    def _read(self) -> tuple[int, int, int]:
        with psycopg.connect(conninfo(self.env), autocommit=True) as conn:
            conn.execute("SELECT pg_stat_force_next_flush()")
            time.sleep(1.1)  # other backends flush their counts at most once a second
            conn.execute("SELECT pg_stat_clear_snapshot()")
            row = conn.execute(
                "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), "
                f"(SELECT coalesce(max(notification_id), 0) FROM {self.events}), (SELECT wal_sync FROM pg_stat_wal)"
            ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2])

    def __enter__(self) -> ServerCounters:
        self._start = self._read()
        return self

    def __exit__(self, *_: object) -> None:
        end = self._read()
        with psycopg.connect(conninfo(self.env), autocommit=True) as conn:
            row = conn.execute(
                f"SELECT count(DISTINCT notification_id >> 20) FROM {self.events} WHERE notification_id > %s",
                (self._start[1],),
            ).fetchone()
        assert row is not None
        self.commits += end[0] - self._start[0] - 2  # our own two reads
        self.appends += row[0]
        self.flushes += end[2] - self._start[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16])
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is required: apt-get install wrk")
    print(
        f"machine: {machine()}; command API with {args.workers} uvicorn worker(s); "
        f"load average at start {os.getloadavg()[0]:.1f}"
    )
    with scratch_env("commands") as env:
        with psycopg.connect(conninfo(env), autocommit=True) as conn:
            conn.execute(f'CREATE TABLE "{env["POSTGRES_SCHEMA"]}".{BASELINE_TABLE} (at timestamptz NOT NULL)')
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api = start_api(env, port, args.workers)
        try:
            folder = Path(tempfile.mkdtemp())
            quoted = ", ".join(json.dumps(t) for t in tokens(base))
            scripts = {}
            for name, path in PATHS.items():
                scripts[name] = folder / f"{name}.lua"
                scripts[name].write_text(LUA % (quoted, path))
            prepare_raw(env)
            raw_sql = RAW_SCRIPT.format(streams=STREAMS, schema=env["POSTGRES_SCHEMA"])
            for clients in args.clients:
                runs: dict[str, list[dict[str, float]]] = {name: [] for name in PATHS}
                counters = ServerCounters(env)
                for _ in range(args.runs):  # interleaved, so load on the machine hits all alike
                    with counters:
                        runs["command"].append(measured(api, base, str(scripts["command"]), clients, args.seconds))
                    for name in ("insert", "insert_async", "nothing"):
                        runs[name].append(measured(api, base, str(scripts[name]), clients, args.seconds))
                try:
                    raw = median([pgbench_tps(env, raw_sql, clients, args.seconds) for _ in range(args.runs)])
                except subprocess.CalledProcessError as error:  # e.g. too many clients on a shared server
                    print(f"pgbench failed ({error.stderr.strip().splitlines()[-1:]}); no raw baseline")
                    raw = float("nan")
                rate = {name: median([r["rate"] for r in found]) for name, found in runs.items()}
                done = sum(r["requests"] for r in runs["command"])
                for name, found in runs.items():
                    p50, p99 = median([r["p50"] for r in found]), median([r["p99"] for r in found])
                    cpu = median([r["cpu_ms"] for r in found])
                    print(
                        f"{clients} client(s) {PATHS[name]}: {rate[name]:,.0f}/s, p50 {p50:.1f} ms, "
                        f"p99 {p99:.1f} ms, API CPU {cpu:.2f} ms/request, "
                        f"non-2xx {sum(r['errors'] for r in found):.0f}"
                    )
                print(
                    f"{clients} client(s) command path: {rate['command'] / rate['insert']:.0%} of one INSERT "
                    f"(sync route), {rate['command'] / rate['insert_async']:.0%} of one INSERT (async route), "
                    f"{rate['command'] / rate['nothing']:.0%} of nothing; raw PostgreSQL {raw:,.0f}/s, "
                    f"ratio {rate['command'] / raw:.0%}; per command: {counters.commits / done:.2f} transactions "
                    f"committed (reads included), {counters.appends / done:.2f} appending transactions, "
                    f"{counters.flushes / done:.2f} WAL flushes (server-wide) "
                    f"(medians of {args.runs} x {args.seconds} s)"
                )
        finally:
            api.terminate()
            api.wait(10)


if __name__ == "__main__":
    main()
