"""docs/security.md names, for every control, the tests that prove it: each named test must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `tests/x.py`, `tests/x.py::name` or `::name` (the last file named before it in the same table row)
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`")


def _references() -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for line in (ROOT / "docs" / "security.md").read_text().splitlines():
        current: str | None = None
        for path, name in REFERENCE.findall(line):
            current = path or current
            if current is not None and (path or name):
                found.append((current, name or None))
    return found


def test_every_test_the_security_controls_name_exists() -> None:
    references = _references()
    assert len(references) > 50
    missing = [
        f"{path}::{name}" if name else path
        for path, name in references
        if not (ROOT / path).exists()
        or (name and not re.search(rf"^\s*(?:async )?(?:def|class) {name}\b", (ROOT / path).read_text(), re.M))
    ]
    assert missing == []
