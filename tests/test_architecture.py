"""The dependency arrows of architecture.md, checked by parsing every import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {
    "aggregates",
    "event_store",
    "services",
    "command_api",
    "query_api",
    "projections",
    "contracts",
    "astratrade",
    "jobs",
    "http_common",
    "astratrade_client",
    "relay",
    "strategies",
    "console",
}
# What each top-level package may import of ours (besides itself).
ALLOWED = {
    "aggregates": set(),
    "event_store": {"aggregates"},
    "services": {"aggregates", "event_store"},
    "command_api": {"aggregates", "event_store", "services", "astratrade", "http_common", "strategies"},
    # Policies (projections/policies/) react with commands through the services.
    "projections": {"aggregates", "event_store", "services", "strategies"},
    "query_api": {"projections", "aggregates", "astratrade", "http_common", "strategies"},
    # What both APIs share (tokens, problem documents, middleware, probes, ops routes): role names only.
    "http_common": {"aggregates"},
    "contracts": set(),
    # dramatiq actors: do side effects (contracts) and report back through commands.
    "jobs": {"aggregates", "event_store", "services", "contracts", "projections", "astratrade", "strategies"},
    # The generated HTTP client (scripts/contracts): speaks HTTP only, like any outside user.
    "astratrade_client": set(),
    # The event bus relay follows the log (event_store) under a projection-style lease.
    "relay": {"event_store", "projections"},
    # The backtest engine runs the live aggregates in memory: never the store, HTTP or read models (ADR 0006).
    "strategies": {"aggregates"},
    # The web console's static server: settings only; the page talks to the APIs over HTTP.
    "console": {"astratrade"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_its_layer_allows_when_parsed(package: str) -> None:
    offending = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path) & OURS - {package} - ALLOWED[package]
    }
    assert not offending, sorted(offending)


def test_aggregates_use_only_the_domain_part_of_eventsourcing_when_parsed() -> None:
    for path in (ROOT / "aggregates").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("eventsourcing"):
                assert node.module == "eventsourcing.domain", f"{path}: {node.module}"
