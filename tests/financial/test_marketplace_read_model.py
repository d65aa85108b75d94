"""The marketplace read model and GET /v1/marketplace/listings: for sale, cheapest first, paged."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from projections.marketplace.projection import MarketplaceProjection
from projections.marketplace.view import nfts_owned
from query_api.app import create_app
from query_api.container import QueryOptions
from tests.financial.support import CTX, apply_log, catch_up, rows
from tests.query_api.conftest import make_settings
from tests.query_api.support import bearer

PRICES = {"first_trade": "5.00", "ten_trades": "1.50", "streak_7": "5.00", "level_5": "900.00", "clan_founder": "0.01"}


@pytest.fixture
def market(store, read_models, nfts, traders) -> dict[str, UUID]:
    """Alice lists five badges (two at the same price), keeps one unlisted; bob buys the 900.00 one."""
    alice, bob = traders(2)
    ids = {name: UUID(nfts.mint_badge(alice, name, CTX).body["nft_id"]) for name in (*PRICES, "first_profit")}
    for name, price in PRICES.items():
        nfts.list_for_sale(alice, ids[name], D(price), CTX)
    nfts.purchase(bob, ids["level_5"], D("900.00"), CTX)
    return {"alice": alice, "bob": bob, **ids}


@pytest.fixture
def client(redis_url, read_models) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(redis_url), read_models, QueryOptions(wait_timeout=0.5))) as test_client:
        yield test_client


def test_owners_and_prices_follow_mints_listings_and_sales(store, read_models, market):
    tables = apply_log(store, read_models, MarketplaceProjection())
    with read_models.connect() as conn:
        owned = {name: nfts_owned(conn, tables, market[name]) for name in ("alice", "bob")}
    assert [(n["achievement"], n["price"]) for n in owned["alice"]] == [
        ("first_trade", D("5.00")),
        ("ten_trades", D("1.50")),
        ("streak_7", D("5.00")),
        ("clan_founder", D("0.01")),
        ("first_profit", None),
    ]
    assert [(n["nft_id"], n["kind"], n["price"]) for n in owned["bob"]] == [(market["level_5"], "badge", None)]
    assert rows(
        read_models, "SELECT last_sale_price FROM {s}.marketplace_nfts WHERE nft_id = %s", market["level_5"]
    ) == [(D("900.00"),)]


def test_a_withdrawn_listing_leaves_the_marketplace_and_its_nft_stays_with_its_owner(store, read_models, market, nfts):
    # Given alice withdraws her 0.01 listing
    nfts.withdraw_listing(market["alice"], market["clan_founder"], CTX)
    # When the marketplace follows the log
    tables = apply_log(store, read_models, MarketplaceProjection())
    # Then the NFT is alice's, unlisted
    with read_models.connect() as conn:
        owned = {n["achievement"]: n["price"] for n in nfts_owned(conn, tables, market["alice"])}
    assert owned["clan_founder"] is None and owned["ten_trades"] == D("1.50")
    assert rows(
        read_models, "SELECT price, listed_at FROM {s}.marketplace_nfts WHERE nft_id = %s", market["clan_founder"]
    ) == [(None, None)]


def test_nothing_changes_when_the_same_events_are_applied_twice(store, read_models, market):
    apply_log(store, read_models, MarketplaceProjection())
    before = rows(read_models, "SELECT * FROM {s}.marketplace_nfts ORDER BY nft_id")
    apply_log(store, read_models, MarketplaceProjection())
    assert rows(read_models, "SELECT * FROM {s}.marketplace_nfts ORDER BY nft_id") == before


def test_pages_cover_every_listing_once_cheapest_first_when_followed_by_cursor(store, read_models, market, client):
    position = catch_up(store, read_models, MarketplaceProjection())
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, "min_position": position, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/marketplace/listings", params=params, headers=bearer(market["bob"]))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["as_of_position"] >= position and len(body["listings"]) <= 2
        seen += body["listings"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 2
    assert [(item["price"], item["achievement"]) for item in seen] == sorted(
        [("0.01", "clan_founder"), ("1.50", "ten_trades")], key=lambda x: D(x[0])
    ) + sorted([("5.00", "first_trade"), ("5.00", "streak_7")], key=lambda x: str(market[x[1]]))
    assert {item["owner_id"] for item in seen} == {str(market["alice"])}
    assert set(seen[0]) == {"nft_id", "owner_id", "kind", "achievement", "price", "listed_at"}


def test_listings_refuse_bad_paging_and_missing_tokens(store, read_models, market, client):
    catch_up(store, read_models, MarketplaceProjection())
    headers = bearer(market["alice"])
    assert client.get("/v1/marketplace/listings").status_code == 401
    for params in ({"limit": 0}, {"limit": 101}, {"cursor": "not-a-cursor"}, {"min_position": -1}):
        response = client.get("/v1/marketplace/listings", params=params, headers=headers)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")


def test_503_when_the_marketplace_has_not_reached_min_position(read_models, market, client):
    response = client.get("/v1/marketplace/listings", params={"min_position": 2**62}, headers=bearer(market["bob"]))
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
