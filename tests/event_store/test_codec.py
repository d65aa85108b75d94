"""Event bodies encoded with orjson are the bytes eventsourcing's transcoder wrote, and
events written by that transcoder still read (event_store/codec.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex

from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from event_store.codec import OrjsonTranscoder
from event_store.mapper import MetadataMapper


def _stock() -> JSONTranscoder:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return transcoder


STATES = [
    {
        "amount": Decimal("12.50"),
        "owner_id": uuid4(),
        "at": datetime(2026, 1, 5, 12, 0, 0, 123456, tzinfo=UTC),
        "currency": "USD",
        "class_version": 2,
        "flag": True,
        "none": None,
        "ratio": 0.5,
    },
    {
        "nested": {"ids": [uuid4(), uuid4()], "deeper": {"when": datetime(2026, 12, 2, tzinfo=UTC)}},
        "tuple": (1, "two", Decimal("3")),
        "_meta": {"actor": "cli", "correlation_id": 'é\u2028\x01"\\'},
    },
    {"big": 2**70, "negative": -(2**63)},  # past orjson's 64 bits: the stdlib's path, same bytes
    {},
]


def test_orjson_writes_the_bytes_the_stdlib_transcoder_wrote() -> None:
    ours, stock = OrjsonTranscoder(), _stock()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        ours.register(transcoding)
    for state in STATES:
        assert ours.encode(state) == stock.encode(state)
        assert ours.decode(stock.encode(state)) == stock.decode(stock.encode(state))


def test_orjson_reads_what_the_stdlib_transcoder_reads() -> None:
    ours, stock = OrjsonTranscoder(), _stock()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        ours.register(transcoding)
    bodies = [
        b'{"a":{"_type_":"decimal_str","_data_":"1.10"},"b":[{"_type_":"uuid_hex","_data_":"'
        + uuid4().hex.encode()
        + b'"}]}',
        b'{"_type_":"decimal_str"}',  # one key: a plain dict
        b'{"_type_":"decimal_str","_data_":"1","x":1}',  # three keys: a plain dict
        b'{"n":NaN,"i":Infinity}',  # the stdlib's extensions: orjson refuses, the old path reads
        b'{"s":"\ud800"}',  # a lone surrogate: likewise
        b'[1,2.5,"x",null,true,{"d":{"_type_":"datetime_iso","_data_":"2026-12-02T10:00:00+00:00"}}]',
    ]
    for body in bodies:
        got, want = ours.decode(body), stock.decode(body)
        assert repr(got) == repr(want)  # repr: NaN != NaN


def test_events_written_by_the_old_transcoder_still_read(store: EventStore) -> None:
    assert isinstance(store.mapper.transcoder, OrjsonTranscoder)
    old_mapper = MetadataMapper(transcoder=_stock())
    wallet = Wallet.open_for(uuid4())
    wallet.deposit(Decimal("7.25"), "USD")
    events = wallet.collect_events()
    store.store.insert_events([old_mapper.to_stored_event(e) for e in events])  # as written before orjson

    loaded: Wallet = store.repository.get(wallet.id)

    assert loaded.cash == Decimal("7.25") and loaded.owner_id == wallet.owner_id and loaded.version == 2
    stored = store.recorder.select_events(wallet.id)
    decoded: list[Any] = [store.mapper.to_domain_event(s) for s in stored]
    assert [d.timestamp for d in decoded] == [e.timestamp for e in events]
