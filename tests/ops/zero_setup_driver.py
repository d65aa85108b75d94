"""Drives a zero-setup ``astratrade up`` and prints what it saw as one JSON line (exit 0 if all worked).

Run it where no PostgreSQL or Redis is reachable on 127.0.0.1, e.g. in a network namespace of its
own (``tests/ops/test_zero_setup.py`` does: ``unshare -n``): with no ``DATABASE_URL``/``REDIS_URL``,
``up`` must start an embedded PostgreSQL and Redis under ``ASTRATRADE_DATA_DIR``, say so in its log,
and serve commands and queries end to end.

    python -m tests.ops.zero_setup_driver DATA_DIR
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
COMMAND, QUERY = 18000, 18001  # inside a namespace of its own, nothing else listens


def main(data_dir: str) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "ASTRATRADE_EMBEDDED")}
    env.update(ASTRATRADE_DATA_DIR=data_dir, COMMAND_API_PORT=str(COMMAND), QUERY_API_PORT=str(QUERY))
    log_path = Path(data_dir) / "up.log"
    seen: dict[str, Any] = {}
    with log_path.open("wb") as log:
        up = subprocess.Popen(
            [sys.executable, "-m", "astratrade.cli", "up"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    try:
        seen.update(exercise())
    except Exception as error:
        seen["error"] = repr(error)
    finally:
        up.send_signal(signal.SIGTERM)
        try:
            up.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
    lines = log_path.read_text(errors="replace").splitlines()
    seen["embedded_log_lines"] = [
        json.loads(line)["message"] for line in lines if "embedded" in line and line.startswith("{")
    ]
    seen["exit_code"] = up.returncode
    seen["postgres_data"] = (Path(data_dir) / "postgres" / "PG_VERSION").exists()
    print(json.dumps(seen))
    return 0 if "error" not in seen else 1


def exercise() -> dict[str, Any]:
    """Register, log in, deposit, then read the portfolio at the deposit's position."""
    started = time.monotonic()
    command, query = f"http://127.0.0.1:{COMMAND}", f"http://127.0.0.1:{QUERY}"
    for url in (command, query):
        while not _ready(url):
            if time.monotonic() - started > 120:
                raise TimeoutError(f"{url} not ready")
            time.sleep(0.5)
    ready_after = time.monotonic() - started
    user = {"username": "zero", "email": "zero@example.com", "password": "zero setup password"}
    httpx.post(command + "/v1/users", json=user, timeout=30).raise_for_status()
    token = httpx.post(
        command + "/v1/auth/token", json={"username": "zero", "password": user["password"]}, timeout=30
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    deposit = httpx.post(
        command + "/v1/wallet/deposits", json={"amount": "42.00", "currency": "USD"}, headers=headers, timeout=30
    )
    deposit.raise_for_status()
    portfolio = httpx.get(
        query + "/v1/portfolios/me", params={"min_position": deposit.json()["position"]}, headers=headers, timeout=30
    )
    portfolio.raise_for_status()
    ready = {
        name: httpx.get(url + "/ready", timeout=10).json() for name, url in (("command", command), ("query", query))
    }
    return {"ready_after_seconds": round(ready_after, 1), "cash": portfolio.json()["cash"], "ready": ready}


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
