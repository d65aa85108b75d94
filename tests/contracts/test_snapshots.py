"""The committed contracts are what the code generates, and change only with a version note."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from astratrade.published import snapshots
from astratrade.published.snapshots import ROOT, Snapshot, differences, generate, refusals, write

COMMAND = "openapi/command-api.json"
TICKED_V1 = "events/trading.MarketPrice.Ticked.v1.json"


@pytest.fixture(scope="module")
def fresh() -> Snapshot:
    return generate()


@pytest.fixture
def committed(tmp_path: Path) -> Path:
    """A copy of what is committed under contracts/, to break on purpose."""
    for name in ("openapi", "events"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("asyncapi.json", snapshots.HISTORY, snapshots.CHANGES):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _changed(snapshot: Snapshot, path: str, version: str | None = None) -> Snapshot:
    document = json.loads(snapshot.files[path])
    document["info"]["description"] += " Now with a new route."
    versions = dict(snapshot.versions)
    if version:
        document["info"]["version"] = version
        versions.update({name: (p, version) for name, (p, _) in versions.items() if p == path})
    return replace(snapshot, files={**snapshot.files, path: snapshots.render(document)}, versions=versions)


def test_the_committed_contracts_are_what_scripts_contracts_writes_when_regenerated(fresh: Snapshot) -> None:
    assert differences(fresh) == [], "contracts/ is stale: run scripts/contracts and commit what it writes"
    assert refusals(fresh) == []


def test_every_published_document_and_event_is_in_the_snapshot_when_generated(fresh: Snapshot) -> None:
    assert set(fresh.versions) == {"command-api", "query-api", "event-bus"}
    assert {
        "events/trading.Position.Closed.v1.json",
        "events/trading.Position.Closed.v2.json",
        TICKED_V1,
        "events/user.User.Registered.v1.json",
    } <= set(fresh.files)


def test_a_changed_document_is_refused_when_its_version_was_not_bumped(fresh: Snapshot, committed: Path) -> None:
    before = (committed / COMMAND).read_text()

    problems = write(_changed(fresh, COMMAND), committed)

    assert problems == [
        f"{COMMAND} changed but its info.version is still 1.0.0: bump it and note the change in contracts/CHANGES.md"
    ]
    assert (committed / COMMAND).read_text() == before  # nothing written
    assert differences(_changed(fresh, COMMAND), committed)  # and the snapshot test fails meanwhile


def test_a_bumped_version_is_refused_until_contracts_changes_has_its_entry(fresh: Snapshot, committed: Path) -> None:
    bumped = _changed(fresh, COMMAND, "1.1.0")
    assert write(bumped, committed) == ["contracts/CHANGES.md has no entry '## command-api 1.1.0'"]

    with (committed / snapshots.CHANGES).open("a") as changes:
        changes.write("\n## command-api 1.1.0\n\nA new route.\n")

    assert write(bumped, committed) == []
    assert differences(bumped, committed) == []
    history = json.loads((committed / snapshots.HISTORY).read_text())["command-api"]
    assert set(history) == {"1.0.0", "1.1.0"}  # the old version's digest stays: it cannot be reused


def test_a_published_event_schema_is_refused_when_it_changes_or_vanishes(fresh: Snapshot, committed: Path) -> None:
    schema = json.loads(fresh.files[TICKED_V1])
    schema["properties"]["volume"] = {"type": "string"}
    edited = replace(fresh, files={**fresh.files, TICKED_V1: snapshots.render(schema)})
    vanished = replace(fresh, files={p: t for p, t in fresh.files.items() if p != TICKED_V1})

    for attempt in (edited, vanished):
        [problem] = write(attempt, committed)
        assert problem.startswith(f"{TICKED_V1} is a published event schema and may not change or vanish")


def test_a_new_event_schema_is_accepted_when_the_bus_document_is_bumped(fresh: Snapshot, committed: Path) -> None:
    new = {**fresh.files, "events/trading.Wallet.Audited.v1.json": "{}\n"}
    snapshot = _changed(replace(fresh, files=new), "asyncapi.json", "1.1.0")
    with (committed / snapshots.CHANGES).open("a") as changes:
        changes.write("\n## event-bus 1.1.0\n\n`trading.Wallet.Audited`.\n")

    assert write(snapshot, committed) == []
    assert (committed / "events/trading.Wallet.Audited.v1.json").is_file()
