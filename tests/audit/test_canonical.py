"""The canonical encoding: docs/audit.md's worked example runs, and agrees with the module."""

from __future__ import annotations

import re
from pathlib import Path
from uuid import UUID

from projections.audit.canonical import GENESIS, canonical_bytes, chain_hash, fold_chain

DOCS = Path(__file__).resolve().parents[2] / "docs" / "audit.md"


def _worked_example() -> str:
    found = re.search(r"<!-- worked-example -->\n```python\n(.*?)```", DOCS.read_text(), re.DOTALL)
    assert found, "docs/audit.md lost its worked example"
    return found.group(1)


def test_the_documented_example_runs_and_its_assertions_hold_when_executed() -> None:
    namespace: dict[str, object] = {}
    exec(_worked_example(), namespace)
    assert namespace["head"] == chain_hash(GENESIS, canonical_bytes(*namespace["event"]))  # type: ignore[misc]


def test_the_fold_is_the_hash_of_each_link_in_turn() -> None:
    events = [(1 << 20, UUID(int=1), 1, "a.B.C", b"{}"), ((2 << 20) + 3, UUID(int=2), 7, "d.E.F", b'{"x":1}')]
    first = chain_hash(GENESIS, canonical_bytes(*events[0]))
    assert fold_chain(events) == chain_hash(first, canonical_bytes(*events[1]))
    assert fold_chain([]) == GENESIS


def test_topic_and_state_are_length_prefixed_so_bytes_cannot_move_between_them() -> None:
    assert canonical_bytes(1, UUID(int=1), 1, "ab", b"c") != canonical_bytes(1, UUID(int=1), 1, "a", b"bc")
