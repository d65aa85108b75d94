"""Fifty buyers race for one listed NFT over HTTP (a real uvicorn server): it sells exactly once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal as D
from uuid import UUID

import httpx
from fastapi import FastAPI

from aggregates.financial.revenue import revenue_book_id
from tests.api.conftest import (  # noqa: F401  (fixtures)
    app,
    base_url,
    settings,
)
from tests.financial.support import CTX, logged, wallet

BUYERS = 50


def test_sells_once_and_every_other_buyer_gets_a_clean_409_when_50_buyers_race(
    app: FastAPI,  # noqa: F811
    base_url: str,  # noqa: F811
    store,
    nfts,
    traders,
):
    # Given alice's badge listed at 100.00 and 50 buyers with 1000.00 each
    [alice] = traders(1)
    buyers = traders(BUYERS)
    nft_id = UUID(nfts.mint_badge(alice, "first_trade", CTX).body["nft_id"])
    nfts.list_for_sale(alice, nft_id, D("100.00"), CTX)
    tokens = app.state.container.tokens
    barrier = threading.Barrier(BUYERS)

    # When they all buy it at once, each on its own connection
    def buy(buyer: UUID) -> httpx.Response:
        headers = {"Authorization": f"Bearer {tokens.issue(buyer, ['trader'])}"}
        with httpx.Client(base_url=base_url, timeout=120) as http:
            barrier.wait()
            return http.post(f"/v1/nfts/{nft_id}/purchase", json={"price": "100.00"}, headers=headers)

    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        responses = dict(zip(buyers, pool.map(buy, buyers), strict=True))

    # Then exactly one bought it, and every other buyer got a 409 problem naming the rule
    winners = [buyer for buyer, r in responses.items() if r.status_code == 200]
    assert len(winners) == 1, {r.status_code for r in responses.values()}
    for buyer, response in responses.items():
        if buyer not in winners:
            assert response.status_code == 409, response.text
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["type"] == "nft_not_listed"
    # ...and the money moved exactly once
    [winner] = winners
    assert len(logged(store, topics=("nft.Nft.Purchased",))) == 1
    assert store.repository.get(nft_id).owner_id == winner
    assert wallet(store, alice).cash == D("1097.50")
    assert {buyer: wallet(store, buyer).cash for buyer in buyers} == {
        buyer: D("900.00") if buyer == winner else D("1000.00") for buyer in buyers
    }
    assert store.repository.get(revenue_book_id(alice)).total == D("2.50")
