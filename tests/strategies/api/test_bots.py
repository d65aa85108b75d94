"""POST /v1/bots, GET /v1/bots, DELETE /v1/bots/{id}: start and stop, owner only, the plan's running bots (also
under concurrent requests), bad input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aggregates.strategies.bot import Bot
from event_store.application import EventStore
from projections.runtime import ReadModels
from projections.strategies.projection import StrategiesProjection
from services.commands import CommandRunner
from tests.api.support import Actor, assert_problem
from tests.financial.support import catch_up
from tests.gamification.support import events
from tests.strategies.api.support import tick_minutes
from tests.support import SteppingClock


@pytest.fixture(autouse=True)
def priced(market_runner: CommandRunner, clock: SteppingClock) -> None:
    tick_minutes(market_runner, clock, 1)


def bot_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "strategy": "sma_cross",
        "params": {"fast": 3, "slow": 8},
        "symbol": "BTC-USD",
        "interval": "1m",
        "quantity": "0.01",
    }
    return {**body, **overrides}


def start(client: TestClient, actor: Actor, **overrides: Any) -> Any:
    return client.post("/v1/bots", json=bot_body(**overrides), headers=actor.headers)


def listed(query: TestClient, store: EventStore, models: ReadModels, actor: Actor) -> list[dict[str, Any]]:
    catch_up(store, models, StrategiesProjection())
    response = query.get("/v1/bots", headers=actor.headers)
    assert response.status_code == 200, response.text
    bots: list[dict[str, Any]] = response.json()["bots"]
    return bots


def test_a_bot_starts_lists_and_stops_when_its_owner_asks(
    client: TestClient, query: TestClient, alice: Actor, store: EventStore, models: ReadModels
) -> None:
    started = start(client, alice)
    assert started.status_code == 201, started.text
    bot_id = started.json()["bot_id"]
    [bot] = listed(query, store, models, alice)
    assert (bot["bot_id"], bot["status"], bot["strategy"], bot["quantity"]) == (bot_id, "running", "sma_cross", "0.01")
    assert bot["params"] == {"fast": 3, "slow": 8}

    stopped = client.delete(f"/v1/bots/{bot_id}", headers=alice.headers)

    assert stopped.status_code == 200 and stopped.json()["status"] == "stopped"
    assert listed(query, store, models, alice)[0]["status"] == "stopped"
    assert_problem(client.delete(f"/v1/bots/{bot_id}", headers=alice.headers), 409, "bot_not_running")


def test_the_free_plan_runs_one_bot_at_a_time_when_a_second_starts(client: TestClient, alice: Actor) -> None:
    first = start(client, alice).json()["bot_id"]
    assert_problem(start(client, alice), 409, "quota_exceeded")
    assert client.delete(f"/v1/bots/{first}", headers=alice.headers).status_code == 200
    assert start(client, alice).status_code == 201  # the stopped bot's slot is free again


def test_concurrent_starts_never_exceed_the_running_bots_when_racing(
    client: TestClient, alice: Actor, store: EventStore
) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(lambda _: start(client, alice).status_code, range(8)))
    assert statuses.count(201) == 1 and statuses.count(409) == 7, statuses
    assert len(events(store, Bot.Started.TOPIC)) == 1


def test_another_users_bot_can_neither_be_stopped_nor_listed_when_asked(
    client: TestClient, query: TestClient, alice: Actor, bob: Actor, store: EventStore, models: ReadModels
) -> None:
    bot_id = start(client, alice).json()["bot_id"]

    assert_problem(client.delete(f"/v1/bots/{bot_id}", headers=bob.headers), 404, "not_found")
    assert listed(query, store, models, bob) == []
    assert listed(query, store, models, alice)[0]["status"] == "running"
    assert client.delete(f"/v1/bots/{bot_id}").status_code == 401


@pytest.mark.parametrize(
    ("overrides", "type_", "param"),
    [
        ({"params": {"fast": 9, "slow": 8}}, "invalid_params", "params.fast"),
        ({"strategy": "martingale"}, "unknown_strategy", "strategy"),
        ({"symbol": "DOGE-USD"}, "unknown_symbol", None),
        ({"equity_fraction": "0.5"}, "validation_error", None),
        ({"quantity": None, "equity_fraction": "1.5"}, "validation_error", None),
        ({"interval": "2m"}, "validation_error", None),
        ({"leverage": 0}, "validation_error", None),
    ],
)
def test_bad_input_is_refused_with_nothing_written_when_starting(
    client: TestClient, alice: Actor, store: EventStore, overrides: dict[str, Any], type_: str, param: str | None
) -> None:
    problem = assert_problem(start(client, alice, **overrides), 422, type_)
    if param is not None:
        assert problem["param"] == param
    assert events(store, Bot.Started.TOPIC) == []


def test_a_malformed_bot_id_is_refused_when_stopping(client: TestClient, alice: Actor) -> None:
    assert_problem(client.delete("/v1/bots/not-a-uuid", headers=alice.headers), 422, "validation_error")
