"""compose.yaml runs every process ``astratrade up`` runs: a worker group holding every registered
projection, the live ranks, the job workers and both APIs (tests/test_compose.py checks the file's
structure)."""

from __future__ import annotations

from pathlib import Path

import yaml

from projections.registry import PROJECTIONS, workers_for

SERVICES = yaml.safe_load((Path(__file__).resolve().parents[2] / "compose.yaml").read_text())["services"]


def _worker_commands() -> list[list[str]]:
    return [service["command"] for service in SERVICES.values() if service.get("command", [""])[0] == "worker"]


def test_every_registered_projection_runs_in_one_worker_service_when_parsed() -> None:
    run = [
        p.name
        for command in _worker_commands()
        for p in workers_for([arg for arg in command[1:] if not arg.startswith("--")])
    ]
    missing = [p.name for p in PROJECTIONS if p.name not in run]
    assert not missing, f"add to a group (projections/registry.py GROUPS) or a worker service: {missing}"
    assert len(run) == len(set(run)), "a projection runs in two services (a standby is a replica, not a service)"


def test_the_read_side_runs_in_at_most_three_processes_when_parsed() -> None:
    assert len(_worker_commands()) <= 3


def test_each_worker_group_checks_the_health_of_its_own_projections_only_when_parsed() -> None:
    for service in SERVICES.values():
        if service.get("command", [""])[0] == "worker":
            groups = [arg for arg in service["command"][1:] if not arg.startswith("--")]
            assert service["healthcheck"]["test"] == ["CMD", "astratrade", "projections", "status", *groups]


def test_job_workers_and_live_ranks_run_beside_the_apis_when_parsed() -> None:
    commands = {service.get("command", ("",))[0] for service in SERVICES.values()}
    assert {"jobs", "serve", "migrate"} <= commands
    assert (
        sum(
            "--live-ranks" in command or command == ["live-ranks"]
            for command in (service.get("command", []) for service in SERVICES.values())
        )
        == 1
    )
    assert "healthcheck" in SERVICES["jobs"]
