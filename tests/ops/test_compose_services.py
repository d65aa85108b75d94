"""compose.yaml runs every process ``astratrade up`` runs: one worker per registered projection, the
live ranks, the job workers and both APIs (tests/test_compose.py checks the file's structure)."""

from __future__ import annotations

from pathlib import Path

import yaml

from projections.registry import PROJECTIONS

SERVICES = yaml.safe_load((Path(__file__).resolve().parents[2] / "compose.yaml").read_text())["services"]


def test_every_registered_projection_has_a_worker_service_when_parsed() -> None:
    commands = {tuple(service.get("command", ())) for service in SERVICES.values()}
    missing = [p.name for p in PROJECTIONS if ("worker", p.name) not in commands]
    assert not missing, f"add a `worker-<name>` service to compose.yaml for: {missing}"


def test_job_workers_and_live_ranks_run_beside_the_apis_when_parsed() -> None:
    commands = {service.get("command", ("",))[0] for service in SERVICES.values()}
    assert {"jobs", "live-ranks", "serve", "migrate"} <= commands
    assert "healthcheck" in SERVICES["jobs"] and "healthcheck" in SERVICES["live-ranks"]
