"""The lock files agree with pyproject.toml: every dependency pinned, with hashes, the same pin in both."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()  # type: ignore[union-attr]


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    pins = {_name(name): version for name, version, _ in _PIN.findall(text)}
    assert len(pins) == len(re.findall(r"^\S+==", text, re.M)), f"{lock}: a pin without hashes"
    return pins


@pytest.mark.parametrize(
    ("lock", "groups"), [("requirements.lock", ["runtime"]), ("requirements-dev.lock", ["runtime", "dev"])]
)
def test_every_dependency_is_pinned_with_hashes_when_pyproject_names_it(lock: str, groups: list[str]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {"runtime": project["dependencies"], "dev": project["optional-dependencies"]["dev"]}
    pins = _pins(lock)
    missing = [req for group in groups for req in wanted[group] if _name(req) not in pins]
    assert not missing, f"{lock} lacks {missing}: run scripts/lock"


def test_both_locks_pin_the_same_versions_when_they_share_a_package() -> None:
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version} == {}
