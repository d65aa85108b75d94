"""compose.yaml stays valid without Docker: structure, references and commands."""

from __future__ import annotations

from pathlib import Path

import yaml

from astratrade.cli import _parser

COMPOSE = yaml.safe_load((Path(__file__).resolve().parent.parent / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def test_every_dependency_names_a_defined_service_when_parsed() -> None:
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on unknown {dependency}"


def test_every_long_running_service_has_a_healthcheck_when_parsed() -> None:
    for name, service in SERVICES.items():
        if name != "migrate":
            assert "healthcheck" in service, name


def test_every_app_command_is_a_valid_cli_invocation_when_parsed() -> None:
    for service in SERVICES.values():
        if service.get("image") == "astratrade:latest":
            _parser().parse_args(service["command"])  # raises SystemExit on a bad command


def test_the_system_parts_are_all_present_when_parsed() -> None:
    assert {"postgres", "redis", "command-api", "query-api", "worker-core"} <= set(SERVICES)
