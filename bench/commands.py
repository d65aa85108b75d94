"""HTTP command throughput and latency of the command API, beside raw PostgreSQL.

Starts `astratrade serve command-api` on a scratch schema, registers traders,
then drives POST /v1/wallet/deposits (load the wallet, append one event) with wrk
(a separate C load generator on loopback, bounded in time) at 1 and 16
connections, each connection acting as its own trader. pgbench runs the same
read-then-insert as plain SQL in the same invocation for the ratio.

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

from bench.append import RAW_SCRIPT, STREAMS, prepare_raw
from bench.common import BENCH_DATABASE_URL, machine, median, pgbench_tps, scratch_env

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
  return wrk.format("POST", "/v1/wallet/deposits",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
    '{"amount":"1.00","currency":"USD"}')
end
"""


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
    api = subprocess.Popen([sys.executable, "-m", "astratrade.cli", "serve", "command-api"], env=process_env)  # noqa: S603
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
            f"{seconds}s",  # noqa: S603, S607
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
        "p50": _latency(out, "50%"),
        "p99": _latency(out, "99%"),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
    }


def _latency(out: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16])
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is required: apt-get install wrk")
    print(f"machine: {machine()}; command API with {args.workers} uvicorn worker(s)")
    with scratch_env("commands") as env:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api = start_api(env, port, args.workers)
        try:
            script = Path(tempfile.mkdtemp()) / "deposits.lua"
            script.write_text(LUA % ", ".join(json.dumps(t) for t in tokens(base)))
            prepare_raw(env)
            raw_sql = RAW_SCRIPT.format(streams=STREAMS, schema=env["POSTGRES_SCHEMA"])
            for clients in args.clients:
                runs = [wrk(base, str(script), clients, args.seconds) for _ in range(args.runs)]
                raw = median([pgbench_tps(env, raw_sql, clients, args.seconds) for _ in range(args.runs)])
                rate = median([r["rate"] for r in runs])
                print(
                    f"{clients} client(s): {rate:,.0f} commands/s, p50 {median([r['p50'] for r in runs]):.1f} ms, "
                    f"p99 {median([r['p99'] for r in runs]):.1f} ms, non-2xx {sum(r['errors'] for r in runs):.0f}; "
                    f"raw PostgreSQL {raw:,.0f}/s, ratio {rate / raw:.0%} (medians of {args.runs} x {args.seconds} s)"
                )
        finally:
            api.terminate()
            api.wait(10)


if __name__ == "__main__":
    main()
