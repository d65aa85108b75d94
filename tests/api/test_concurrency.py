"""Concurrent withdrawals on one wallet through a real uvicorn server never overdraw it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from uuid import UUID

import httpx

from aggregates.trading.wallet import Wallet, wallet_id
from event_store.application import EventStore

WITHDRAWALS = 100
FUNDED = Decimal("250.00")  # covers 25 of the 100 withdrawals
AMOUNT = Decimal("10.00")


def _trader(http: httpx.Client) -> tuple[str, dict[str, str]]:
    credentials = {"username": "racer", "password": "correct horse battery"}
    user = http.post("/v1/users", json={**credentials, "email": "racer@example.com"})
    token = http.post("/v1/auth/token", json=credentials).json()["access_token"]
    return user.json()["user_id"], {"Authorization": f"Bearer {token}"}


def test_never_overdrawn_and_clean_409s_when_100_withdrawals_race(base_url: str, store: EventStore) -> None:
    # Given a wallet funded for 25 of 100 withdrawals
    with httpx.Client(base_url=base_url, timeout=60) as http:
        user_id, headers = _trader(http)
        funded = http.post("/v1/wallet/deposits", json={"amount": str(FUNDED), "currency": "USD"}, headers=headers)
        assert funded.status_code == 200

    # When 100 withdrawals hit it at once, each on its own connection
    barrier = threading.Barrier(WITHDRAWALS)

    def withdraw(_: int) -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=120) as http:
            barrier.wait()
            return http.post("/v1/wallet/withdrawals", json={"amount": str(AMOUNT), "currency": "USD"}, headers=headers)

    with ThreadPoolExecutor(max_workers=WITHDRAWALS) as pool:
        responses = list(pool.map(withdraw, range(WITHDRAWALS)))

    # Then every answer is a success or a clean 409 problem...
    accepted = [r for r in responses if r.status_code == 200]
    refused = [r for r in responses if r.status_code != 200]
    for response in refused:
        assert response.status_code == 409, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"] in {"insufficient_funds", "concurrency_conflict"}
    # ...and the wallet holds exactly the deposit minus the accepted withdrawals, never below zero
    wallet: Wallet = store.repository.get(wallet_id(UUID(user_id)))
    assert wallet.cash == FUNDED - AMOUNT * len(accepted) >= 0
    assert 0 < len(accepted) <= FUNDED / AMOUNT
    conflicts = sum(r.json()["type"] == "concurrency_conflict" for r in refused)
    print(f"accepted={len(accepted)} insufficient={len(refused) - conflicts} conflicts={conflicts}")
