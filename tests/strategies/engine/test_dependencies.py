"""The engine's arrow (architecture.md v1.1): strategies/ imports aggregates/ and nothing else of ours, so jobs and
bots can import it without it ever reaching the event store, HTTP or the read models."""

from __future__ import annotations

from tests.test_architecture import OURS, ROOT, _imports


def test_strategies_import_only_aggregates_of_ours_when_parsed():
    offending = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "strategies").rglob("*.py")
        for name in _imports(path) & (OURS | {"bench", "tests"}) - {"aggregates", "strategies"}
    )
    assert offending == []
    assert any("aggregates" in _imports(path) for path in (ROOT / "strategies").rglob("*.py"))
