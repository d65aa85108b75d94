"""The committed contract snapshots under contracts/, and the rules for changing them.

- An OpenAPI or AsyncAPI document may change only with a new ``info.version`` that has an entry
  (``## <document> <version>``) in contracts/CHANGES.md; contracts/versions.json remembers the
  digest each version was published with, so a change under an old version is refused.
- An event schema file (one per event type and version) never changes: a published event
  gets a new version and an upcaster instead.

``scripts/contracts`` writes the snapshots (refusing a change that breaks these rules);
tests/contracts/test_snapshots.py fails while the committed files differ from the code.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2] / "contracts"
HISTORY = "versions.json"
CHANGES = "CHANGES.md"
EVENTS = "events"


@dataclass(frozen=True)
class Snapshot:
    """Every generated contract file, by its path under contracts/, and the versioned documents' versions."""

    files: dict[str, str]
    versions: dict[str, tuple[str, str]]  # document name -> (its path, its info.version)


def generate() -> Snapshot:
    """The contracts as the code defines them now (imports both apps' routes and every event class)."""
    from astratrade.published import asyncapi  # noqa: PLC0415  (everything below is heavy: load it on use)
    from astratrade.published.events import published_events  # noqa: PLC0415
    from command_api.app import openapi_document as command_openapi  # noqa: PLC0415
    from query_api.app import openapi_document as query_openapi  # noqa: PLC0415

    events = published_events()
    documents = {
        "command-api": ("openapi/command-api.json", command_openapi()),
        "query-api": ("openapi/query-api.json", query_openapi()),
        "event-bus": ("asyncapi.json", asyncapi.asyncapi_document(events)),
    }
    files = {path: render(document) for path, document in documents.values()}
    files.update({f"{EVENTS}/{event.filename}": render(event.schema()) for event in events})
    versions = {name: (path, str(document["info"]["version"])) for name, (path, document) in documents.items()}
    return Snapshot(files, versions)


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def refusals(snapshot: Snapshot, root: Path = ROOT) -> list[str]:
    """Why ``snapshot`` may not replace what is committed under ``root`` (empty: it may)."""
    history, noted = _history(root), _noted(root)
    problems = []
    for name, (path, version) in snapshot.versions.items():
        published = history.get(name, {}).get(version)
        if published is not None and published != digest(snapshot.files[path]):
            problems.append(
                f"{path} changed but its info.version is still {version}: bump it and note the change "
                f"in contracts/{CHANGES}"
            )
        if (name, version) not in noted:
            problems.append(f"contracts/{CHANGES} has no entry '## {name} {version}'")
    for schema_file in sorted((root / EVENTS).glob("*.json")):
        relative = f"{EVENTS}/{schema_file.name}"
        if snapshot.files.get(relative) != schema_file.read_text():
            problems.append(
                f"{relative} is a published event schema and may not change or vanish: give the event "
                "a new class_version and an upcaster instead"
            )
    return problems


def differences(snapshot: Snapshot, root: Path = ROOT) -> list[str]:
    """Generated files that are missing or different under ``root``, and versions missing from its history."""
    stale = [
        path
        for path, text in snapshot.files.items()
        if not (root / path).is_file() or (root / path).read_text() != text
    ]
    history = _history(root)
    stale += [
        f"{HISTORY}: {name} {version}"
        for name, (path, version) in snapshot.versions.items()
        if history.get(name, {}).get(version) != digest(snapshot.files[path])
    ]
    return stale


def write(snapshot: Snapshot, root: Path = ROOT) -> list[str]:
    """Write ``snapshot`` under ``root`` and record its versions, unless it is refused; the refusals."""
    problems = refusals(snapshot, root)
    if problems:
        return problems
    for path, text in snapshot.files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    history = _history(root)
    for name, (path, version) in snapshot.versions.items():
        history.setdefault(name, {})[version] = digest(snapshot.files[path])
    (root / HISTORY).write_text(render(history))
    return []


def _history(root: Path) -> dict[str, dict[str, str]]:
    path = root / HISTORY
    history: dict[str, dict[str, str]] = json.loads(path.read_text()) if path.is_file() else {}
    return history


def _noted(root: Path) -> set[tuple[str, str]]:
    path = root / CHANGES
    text = path.read_text() if path.is_file() else ""
    return set(re.findall(r"^## (\S+) (\S+)\s*$", text, re.M))
