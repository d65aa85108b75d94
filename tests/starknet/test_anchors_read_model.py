"""The anchors read model: one row per anchor, its latest status, paged by position."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest

from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.anchors.projection import AnchorsProjection
from projections.anchors.view import anchors
from projections.runtime import ReadModels, rebuild
from services.commands import CommandRunner
from services.onchain import OnchainService
from tests.starknet.support import read_models_for, run_until_idle

CTX = CommandContext(actor="test", correlation_id="anchors")
TX = {"type": "INVOKE"}


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [AnchorsProjection()]) as read_models:
        yield read_models


def _history(store: EventStore) -> list[UUID]:
    """Three anchors: accepted, rejected after a refused attempt, still requested."""
    service = OnchainService(CommandRunner(store))
    ids = [UUID(service.request_anchor(a, b, CTX).body["anchor_id"]) for a, b in ((1, 10), (11, 20), (21, 30))]
    steps = [
        (ids[0], lambda s: s.sign(1, 0, "0xa1", TX, head_hash="0x" + "aa" * 32, digest="0xd1")),
        (ids[0], lambda s: s.submit("0xa1")),
        (ids[0], lambda s: s.accept("0xa1", "ACCEPTED_ON_L1", 77)),
        (ids[1], lambda s: s.sign(1, 1, "0xb1", TX, head_hash="0x" + "bb" * 32, digest="0xd2")),
        (ids[1], lambda s: s.refuse("0xb1", "Invalid transaction nonce")),
        (ids[1], lambda s: s.sign(2, 2, "0xb2", TX, head_hash="0x" + "bb" * 32, digest="0xd2")),
        (ids[1], lambda s: s.reject("0xb2", "reverted: out of gas")),
    ]
    for submission, step in steps:
        assert service.record(submission, step, CTX)
    return ids


def _rows(models: ReadModels, **paging: int) -> list[dict]:
    with models.connect() as conn:
        return anchors(conn, models.tables_for(AnchorsProjection), **paging)


def test_each_anchor_shows_its_range_latest_transaction_and_whether_it_is_credited(
    es_env: dict[str, str], store: EventStore, models: ReadModels
) -> None:
    ids = _history(store)
    run_until_idle(AnchorsProjection(), models, es_env, store)

    rows = _rows(models)
    picked = [
        (
            r["anchor_id"],
            r["first_position"],
            r["last_position"],
            r["status"],
            r["credited"],
            r["tx_hash"],
            r["attempt"],
            r["finality_status"],
            r["block_number"],
            r["reason"],
        )
        for r in rows
    ]
    assert picked == [
        (str(ids[0]), 1, 10, "accepted", True, "0xa1", 1, "ACCEPTED_ON_L1", 77, None),
        (str(ids[1]), 11, 20, "rejected", False, "0xb2", 2, None, None, "reverted: out of gas"),
        (str(ids[2]), 21, 30, "requested", False, None, 0, None, None, None),
    ]
    assert (rows[0]["digest"], rows[0]["head_hash"]) == ("0xd1", "0x" + "aa" * 32)


def test_anchors_are_paged_by_last_position(es_env: dict[str, str], store: EventStore, models: ReadModels) -> None:
    _history(store)
    run_until_idle(AnchorsProjection(), models, es_env, store)

    assert [r["last_position"] for r in _rows(models, limit=2)] == [10, 20]
    assert [r["last_position"] for r in _rows(models, limit=2, after=20)] == [30]
    assert [r["first_position"] for r in _rows(models, limit=1, after=14)] == [11]  # the anchor covering 15


def test_a_rebuild_equals_the_live_read_model(es_env: dict[str, str], store: EventStore, models: ReadModels) -> None:
    _history(store)
    run_until_idle(AnchorsProjection(), models, es_env, store)
    live = _rows(models)

    rebuild(AnchorsProjection(), models, es_env)

    assert _rows(models) == live
