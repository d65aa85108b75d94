"""The AsyncAPI document of the event bus: valid AsyncAPI 3.0.0, one stream per bounded context and ``all``,
every published event version on ``all`` and on its context's stream, bodies referring to committed schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from astratrade.published.events import published_events
from astratrade.published.snapshots import ROOT

SPEC = json.loads((Path(__file__).parent / "asyncapi-3.0.0.schema.json").read_text())
CONTEXTS = {"trading", "financial", "gamification", "social", "nft", "market", "user", "onchain"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads((ROOT / "asyncapi.json").read_text())


def _spec_errors(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.validators.validator_for(SPEC)(SPEC)
    return [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(document)]


def test_the_document_is_valid_asyncapi_3_when_checked_against_the_specification(document: dict[str, Any]) -> None:
    assert document["asyncapi"] == "3.0.0"
    assert _spec_errors(document) == []


def test_a_malformed_operation_is_refused_by_the_specification_check(document: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(document))
    broken["operations"]["publish_all"]["action"] = "publish"  # AsyncAPI 2's word: 3 says send/receive
    assert _spec_errors(broken) != []


def test_there_is_one_stream_per_bounded_context_and_all_when_listed(document: dict[str, Any]) -> None:
    addresses = {channel["address"] for channel in document["channels"].values()}
    expected = {event.context for event in published_events()} | {"all"}
    assert CONTEXTS | {"all"} <= expected  # strategies joins when its events land (scripts/contracts)
    assert addresses == {f"astratrade:events:{name}" for name in expected}  # relay's RELAY_STREAM_PREFIX default


def test_every_event_version_is_on_all_and_on_its_context_stream_when_listed(document: dict[str, Any]) -> None:
    channels = document["channels"]
    for event in published_events():
        assert event.name in channels["all"]["messages"], event.name
        assert event.name in channels[event.context]["messages"], event.name
    assert set(channels["all"]["messages"]) == set(document["components"]["messages"])


def test_every_message_is_the_relay_entry_around_a_committed_body_schema_when_read(document: dict[str, Any]) -> None:
    for name, message in document["components"]["messages"].items():
        payload = message["payload"]
        assert payload["required"] == [
            "type",
            "version",
            "position",
            "originator_id",
            "originator_version",
            "timestamp",
            "body",
        ]
        body_ref = payload["properties"]["body"]["x-schema"]["$ref"]
        assert body_ref == f"events/{name}.json" and (ROOT / body_ref).is_file()
        topic, version = name.rsplit(".v", 1)
        assert (payload["properties"]["type"]["const"], payload["properties"]["version"]["const"]) == (topic, version)


def test_an_entry_as_the_relay_writes_it_validates_against_its_message_when_checked(document: dict[str, Any]) -> None:
    # The fields of relay/entries.py's stream entry for a tick (all strings; the body JSON)
    entry = {
        "type": "trading.MarketPrice.Ticked",
        "version": "2",
        "position": "42",
        "originator_id": "6f1c1a0e-5b7e-4c1e-9a53-2a7f2d3c4b5a",
        "originator_version": "7",
        "timestamp": "2026-12-02T09:00:00.123456+00:00",
        "correlation_id": "c-1",
        "causation_id": "",
        "body": json.dumps({"price": "60123.45", "volume": None}),
    }
    payload = document["components"]["messages"]["trading.MarketPrice.Ticked.v2"]["payload"]
    assert list(jsonschema.Draft7Validator(payload).iter_errors(entry)) == []
    body_schema = json.loads((ROOT / payload["properties"]["body"]["x-schema"]["$ref"]).read_text())
    assert list(jsonschema.Draft202012Validator(body_schema).iter_errors(json.loads(entry["body"]))) == []
    assert list(jsonschema.Draft7Validator(payload).iter_errors({**entry, "version": "1"})) != []
