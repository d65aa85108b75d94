"""Withdrawals: refused while on-chain settlement is unavailable, and each one's status over HTTP.

The hole (issue 12): a withdrawal to a Starknet address was debited while settlement was
disabled and never moved. Now it is refused (409 ``settlement_unavailable``, nothing debited),
and every withdrawal has an id and a status on the query API (``GET /v1/withdrawals/{id}``),
through the real command app, the withdrawals projection and the real query app.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from astratrade.settings import Settings
from command_api.app import create_app
from event_store.application import EventStore
from event_store.metadata import CommandContext
from projections.runtime import ReadModels
from projections.withdrawals.projection import WithdrawalsProjection
from query_api.app import create_app as create_query_app
from query_api.container import QueryOptions
from services.commands import CommandRunner
from services.onchain import OnchainService
from tests.api.conftest import make_settings
from tests.api.support import Actor, assert_problem, deposit, head, make_admin, make_trader, make_with_role
from tests.financial.support import catch_up
from tests.starknet.support import read_models_for
from tests.support import SteppingClock

ADDRESS = "0x49d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7"
STARKNET = {
    "STARKNET_RPC_URL": "http://127.0.0.1:9/rpc",
    "STARKNET_ACCOUNT_ADDRESS": "0x1234",
    "STARKNET_PRIVATE_KEY": "0x5678",
    "STARKNET_VAULT_ADDRESS": "0x9abc",
}
CTX = CommandContext(actor="job:starknet", correlation_id="withdrawal-test")


def withdraw(client: TestClient, actor: Actor, amount: str, address: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"amount": amount, "currency": "USD"}
    if address is not None:
        body["starknet_address"] = address
    return client.post("/v1/wallet/withdrawals", json=body, headers=actor.headers)


@pytest.mark.parametrize("unset", ["all", "STARKNET_VAULT_ADDRESS", "STARKNET_PRIVATE_KEY", "STARKNET_RPC_URL"])
def test_409_settlement_unavailable_and_nothing_debited_while_settlement_is_not_configured(
    redis_url: str, store: EventStore, clock: SteppingClock, unset: str
) -> None:
    # Given a command API whose Starknet settlement is not (fully) configured, and alice with 100.00
    configured = {} if unset == "all" else {k: v for k, v in STARKNET.items() if k != unset}
    with TestClient(create_app(make_settings(redis_url, **configured), store=store, clock=clock)) as client:
        alice = make_trader(client, "alice")
        deposit(client, alice, "100.00")
        before = head(store)
        # When she withdraws to a Starknet address
        response = withdraw(client, alice, "10.00", ADDRESS)
        # Then it is refused, nothing is written, and her whole 100.00 is still hers
        assert_problem(response, 409, "settlement_unavailable")
        assert head(store) == before
        assert withdraw(client, alice, "100.00").json()["cash"] == "0.00"


# --- with settlement configured: the command app and the query app over one store -------------------------


@pytest.fixture
def onchain_settings(redis_url: str) -> Settings:
    return make_settings(redis_url, **STARKNET)


@pytest.fixture
def command_app(onchain_settings: Settings, store: EventStore, clock: SteppingClock) -> FastAPI:
    return create_app(onchain_settings, store=store, clock=clock)


@pytest.fixture
def commands(command_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(command_app) as client:
        yield client


@pytest.fixture
def models(es_env: dict[str, str]) -> Iterator[ReadModels]:
    with read_models_for(es_env, [WithdrawalsProjection()]) as read_models:
        yield read_models


@pytest.fixture
def queries(onchain_settings: Settings, models: ReadModels) -> Iterator[TestClient]:
    with TestClient(create_query_app(onchain_settings, models, QueryOptions(wait_timeout=0.5))) as client:
        yield client


@pytest.fixture
def carol(commands: TestClient) -> Actor:
    actor = make_trader(commands, "carol")
    deposit(commands, actor, "100.00")
    return actor


def status_of(
    store: EventStore, models: ReadModels, queries: TestClient, actor: Actor, withdrawal_id: str
) -> httpx.Response:
    position = catch_up(store, models, WithdrawalsProjection())
    return queries.get(f"/v1/withdrawals/{withdrawal_id}", params={"min_position": position}, headers=actor.headers)


def test_settled_at_once_with_its_id_when_withdrawing_without_an_address(
    store: EventStore, commands: TestClient, queries: TestClient, models: ReadModels, carol: Actor
) -> None:
    response = withdraw(commands, carol, "10.25")

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["cash"], body["status"]) == ("89.75", "settled")
    found = status_of(store, models, queries, carol, body["withdrawal_id"])
    assert found.status_code == 200, found.text
    view = found.json()
    assert (
        view["withdrawal_id"],
        view["user_id"],
        view["amount"],
        view["currency"],
        view["starknet_address"],
        view["status"],
        view["tx_hash"],
    ) == (body["withdrawal_id"], carol.user_id, "10.25", "USD", None, "settled", None)
    assert view["as_of_position"] >= body["position"]


def test_status_follows_the_settlement_from_requested_to_submitted_to_settled(
    store: EventStore, commands: TestClient, queries: TestClient, models: ReadModels, carol: Actor
) -> None:
    # Given a withdrawal to a Starknet address, debited and requested
    body = withdraw(commands, carol, "10.00", ADDRESS).json()
    assert (body["cash"], body["status"]) == ("90.00", "requested")
    wid = body["withdrawal_id"]
    assert status_of(store, models, queries, carol, wid).json()["status"] == "requested"
    # When the settlement is signed (not sent yet), then submitted, then accepted
    onchain = OnchainService(CommandRunner(store))
    settlement = UUID(
        onchain.request_settlement(UUID(wid), UUID(carol.user_id), ADDRESS, Decimal("10.00"), "USD", CTX).body[
            "settlement_id"
        ]
    )
    onchain.record(settlement, lambda s: s.sign(1, 0, "0xa1", {"type": "INVOKE"}), CTX)
    assert status_of(store, models, queries, carol, wid).json()["status"] == "requested"
    onchain.record(settlement, lambda s: s.submit("0xa1"), CTX)
    submitted = status_of(store, models, queries, carol, wid).json()
    onchain.record(settlement, lambda s: s.accept("0xa1", "ACCEPTED_ON_L2", 7), CTX)
    settled = status_of(store, models, queries, carol, wid).json()
    # Then the status is submitted, then settled, with the transaction
    assert (submitted["status"], submitted["tx_hash"], submitted["starknet_address"]) == ("submitted", "0xa1", ADDRESS)
    assert (settled["status"], settled["tx_hash"], settled["amount"]) == ("settled", "0xa1", "10.00")


def test_failed_with_the_reason_when_the_settlement_is_rejected(
    store: EventStore, commands: TestClient, queries: TestClient, models: ReadModels, carol: Actor
) -> None:
    body = withdraw(commands, carol, "10.00", ADDRESS).json()
    onchain = OnchainService(CommandRunner(store))
    settlement = UUID(
        onchain.request_settlement(
            UUID(body["withdrawal_id"]), UUID(carol.user_id), ADDRESS, Decimal("10.00"), "USD", CTX
        ).body["settlement_id"]
    )
    onchain.record(settlement, lambda s: s.reject(None, "recipient is not a valid address"), CTX)

    view = status_of(store, models, queries, carol, body["withdrawal_id"]).json()

    assert (view["status"], view["reason"]) == ("failed", "recipient is not a valid address")


def test_only_the_owner_and_compliance_read_a_withdrawal_and_anyone_else_gets_404(
    store: EventStore, command_app: FastAPI, commands: TestClient, queries: TestClient, models: ReadModels, carol: Actor
) -> None:
    wid = withdraw(commands, carol, "1.00").json()["withdrawal_id"]
    admin = make_admin(commands, command_app)
    compliance = make_with_role(commands, admin, "auditor", "compliance")
    analyst = make_with_role(commands, admin, "analyst1", "analyst")
    dave = make_trader(commands, "dave")

    assert status_of(store, models, queries, carol, wid).status_code == 200
    assert status_of(store, models, queries, compliance, wid).json()["user_id"] == carol.user_id
    for stranger in (dave, analyst, admin):
        assert_problem(status_of(store, models, queries, stranger, wid), 404, "not_found")
    unknown = "00000000-0000-0000-0000-000000000001"
    assert_problem(status_of(store, models, queries, compliance, unknown), 404, "not_found")
    assert queries.get(f"/v1/withdrawals/{wid}").status_code == 401
    assert_problem(queries.get("/v1/withdrawals/not-a-uuid", headers=carol.headers), 422, "validation_error")
