"""POST /v1/positions and /v1/positions/{id}/close: exact figures and refusals."""

from __future__ import annotations

from uuid import uuid4

from fastapi.testclient import TestClient

from command_api.app import create_app
from event_store.application import EventStore
from tests.api.conftest import make_settings
from tests.api.support import Actor, assert_problem, deposit, head, make_admin, make_trader, make_with_role, set_price
from tests.support import SteppingClock

BTC = "BTC-USD"


def _open(client: TestClient, actor: Actor, side: str = "long", quantity: str = "0.01", leverage: int = 5):
    body = {"symbol": BTC, "side": side, "quantity": quantity, "leverage": leverage}
    return client.post("/v1/positions", json=body, headers=actor.headers)


def test_fee_and_margin_exact_when_opening_long_at_5x(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    # Given alice deposited 1000.00 and BTC trades at 50000
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "50000")

    # When she opens a long of 0.01 at 5x
    response = _open(client, alice)

    # Then notional 500.00: fee 0.50 (0.1 %), margin 100.00
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["entry_price"], body["fee"], body["margin"]) == ("50000", "0.50", "100.00")
    assert (body["symbol"], body["side"], body["quantity"], body["leverage"]) == (BTC, "long", "0.01", 5)
    assert body["position"] == head(store)
    # And only the margin + fee left the available cash
    refused = client.post("/v1/wallet/withdrawals", json={"amount": "899.51", "currency": "USD"}, headers=alice.headers)
    assert_problem(refused, 409, "insufficient_funds")


def test_realized_pnl_fee_and_net_exact_when_closing_long_higher(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    # Given alice is long 0.01 BTC at 50000 with 5x, and the price rises to 51000
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "50000")
    position_id = _open(client, alice).json()["position_id"]
    set_price(client, feed, BTC, "51000")

    # When she closes it
    response = client.post(f"/v1/positions/{position_id}/close", headers=alice.headers)

    # Then gross 10.00, closing fee 0.51 (0.1 % of 510.00), net 10.00 − 0.50 − 0.51
    assert response.status_code == 200, response.text
    body = response.json()
    figures = (body["exit_price"], body["realized_pnl"], body["fee"], body["net_pnl"])
    assert figures == ("51000", "10.00", "0.51", "8.99")
    assert body["position_id"] == position_id
    assert body["position"] == head(store)
    # And her cash is 1000.00 − 0.50 − 0.51 + 10.00 = 1008.99, all of it withdrawable
    withdrawn = client.post(
        "/v1/wallet/withdrawals", json={"amount": "1008.99", "currency": "USD"}, headers=alice.headers
    )
    assert withdrawn.json()["cash"] == "0.00"


def test_negative_pnl_exact_when_closing_short_higher(client: TestClient, alice: Actor, feed: Actor) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "50000")
    position_id = _open(client, alice, side="short").json()["position_id"]
    set_price(client, feed, BTC, "51000")

    body = client.post(f"/v1/positions/{position_id}/close", headers=alice.headers).json()

    assert (body["realized_pnl"], body["fee"], body["net_pnl"]) == ("-10.00", "0.51", "-11.01")


def test_leverage_defaults_to_1_when_omitted(client: TestClient, alice: Actor, feed: Actor) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "50000")

    response = client.post(
        "/v1/positions", json={"symbol": BTC, "side": "long", "quantity": "0.01"}, headers=alice.headers
    )

    assert response.status_code == 201
    assert (response.json()["leverage"], response.json()["margin"]) == (1, "500.00")


def test_409_price_unavailable_when_symbol_never_priced(client: TestClient, store: EventStore, alice: Actor) -> None:
    deposit(client, alice, "1000.00")
    before = head(store)

    response = _open(client, alice)

    assert_problem(response, 409, "price_unavailable")
    assert head(store) == before


def test_422_below_min_notional_and_nothing_written_when_a_user_with_no_cash_opens_0_0005_at_10x(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    # Given alice has no cash and BTC trades at 100.00 (issue 12: such opens once booked 0.00 margin and fee)
    set_price(client, feed, BTC, "100.00")
    before = head(store)

    # When she opens a long and a short of 0.0005 at 10x (notional 0.05)
    responses = [_open(client, alice, side=side, quantity="0.0005", leverage=10) for side in ("long", "short")]

    # Then both are refused before anything is written
    for response in responses:
        assert_problem(response, 422, "below_min_notional")
    assert head(store) == before


def test_fee_and_margin_round_up_to_the_cent_when_opening_just_above_the_min_notional(
    client: TestClient, alice: Actor, feed: Actor
) -> None:
    # Given BTC at 100.05: 0.1 at 10x is a notional of 10.005 (≥ 10.00)
    deposit(client, alice, "10.00")
    set_price(client, feed, BTC, "100.05")

    response = _open(client, alice, quantity="0.1", leverage=10)

    # Then fee 0.010005 → 0.02 and margin 1.0005 → 1.01 (banker's rounding gave 0.01 and 1.00)
    assert response.status_code == 201, response.text
    assert (response.json()["fee"], response.json()["margin"]) == ("0.02", "1.01")


def test_422_below_min_notional_when_the_configured_minimum_is_higher(
    redis_url: str, store: EventStore, clock: SteppingClock
) -> None:
    # Given MIN_NOTIONAL is 50.00
    app = create_app(make_settings(redis_url, MIN_NOTIONAL="50.00"), store=store, clock=clock)
    with TestClient(app) as client:
        alice = make_trader(client, "alice")
        feed = make_with_role(client, make_admin(client, app), "feed", "price_feed")
        deposit(client, alice, "1000.00")
        set_price(client, feed, BTC, "100")

        # When alice opens 0.49 (notional 49.00), then 0.5 (50.00)
        refused, opened = (_open(client, alice, quantity=q, leverage=1) for q in ("0.49", "0.5"))

        # Then only the second opens
        assert_problem(refused, 422, "below_min_notional")
        assert opened.status_code == 201, opened.text


def test_409_insufficient_funds_when_cash_below_margin_plus_fee(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    # Given 100.49 of cash: one cent short of margin 100.00 + fee 0.50
    deposit(client, alice, "100.49")
    set_price(client, feed, BTC, "50000")
    before = head(store)

    response = _open(client, alice)

    assert_problem(response, 409, "insufficient_funds")
    assert head(store) == before


def test_409_position_closed_when_closing_twice(
    client: TestClient, store: EventStore, alice: Actor, feed: Actor
) -> None:
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "50000")
    position_id = _open(client, alice).json()["position_id"]
    assert client.post(f"/v1/positions/{position_id}/close", headers=alice.headers).status_code == 200
    before = head(store)

    response = client.post(f"/v1/positions/{position_id}/close", headers=alice.headers)

    assert_problem(response, 409, "position_closed")
    assert head(store) == before


def test_404_when_closing_another_users_position(
    client: TestClient, store: EventStore, alice: Actor, bob: Actor, feed: Actor
) -> None:
    # Given alice holds an open position
    deposit(client, alice, "1000.00")
    set_price(client, feed, BTC, "50000")
    position_id = _open(client, alice).json()["position_id"]
    before = head(store)

    # When bob tries to close it
    response = client.post(f"/v1/positions/{position_id}/close", headers=bob.headers)

    # Then it does not exist for him, and it stays open
    assert_problem(response, 404, "not_found")
    assert head(store) == before
    assert client.post(f"/v1/positions/{position_id}/close", headers=alice.headers).status_code == 200


def test_404_when_closing_an_unknown_or_non_position_id(client: TestClient, alice: Actor) -> None:
    assert_problem(client.post(f"/v1/positions/{uuid4()}/close", headers=alice.headers), 404, "not_found")
    # A user id is an aggregate id too, but not a position
    assert_problem(client.post(f"/v1/positions/{alice.user_id}/close", headers=alice.headers), 404, "not_found")


def test_422_when_position_id_is_not_a_uuid(client: TestClient, alice: Actor) -> None:
    assert_problem(client.post("/v1/positions/not-a-uuid/close", headers=alice.headers), 422, "validation_error")


def test_401_when_opening_without_token(client: TestClient) -> None:
    response = client.post("/v1/positions", json={"symbol": BTC, "side": "long", "quantity": "0.01"})

    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
