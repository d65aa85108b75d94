"""A command load over HTTP that tells acknowledged commands from everything else.

Every command carries a fresh ``Idempotency-Key``; a transport error (the API
process was killed) or a 503 is retried with the SAME key until the command is
answered, so each command ends acknowledged (2xx), refused by a rule (409) or,
past its deadline, unanswered. Any other answer (500, 502, 404, a 503 without
``Retry-After``…) is recorded as unexpected: the fault tests require none.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx

PASSWORD = "fault tolerant password"
SYMBOL = "BTC-USD"


@dataclass
class Trader:
    user_id: str
    headers: dict[str, str]
    open_positions: list[str] = field(default_factory=list)


@dataclass
class Answer:
    kind: str
    user_id: str
    key: str
    status: int | None  # None: never answered
    body: dict[str, Any]
    amount: Decimal = Decimal(0)
    tries: int = 1


@dataclass
class Tally:
    """Everything the load saw; shared by its threads under ``lock``."""

    answers: list[Answer] = field(default_factory=list)
    retried_statuses: Counter[str] = field(default_factory=Counter)  # 503s and transport errors, retried
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged(self, kind: str | None = None) -> list[Answer]:
        return [
            a
            for a in self.answers
            if a.status is not None and 200 <= a.status < 300 and (kind is None or a.kind == kind)
        ]

    def refused(self) -> list[Answer]:
        return [a for a in self.answers if a.status == 409]

    def unanswered(self) -> list[Answer]:
        return [a for a in self.answers if a.status is None]

    def summary(self) -> dict[str, Any]:
        return {
            "commands": len(self.answers),
            "acknowledged": len(self.acknowledged()),
            "refused_409": len(self.refused()),
            "unanswered": len(self.unanswered()),
            "retried": dict(self.retried_statuses),
            "unexpected": len(self.unexpected),
        }


def register_trader(client: httpx.Client, name: str) -> Trader:
    body = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
    user = _until_answered(lambda: client.post("/v1/users", json=body, headers={"Idempotency-Key": name}))
    assert user.status_code == 201, user.text
    token = _until_answered(lambda: client.post("/v1/auth/token", json={"username": name, "password": PASSWORD}))
    assert token.status_code == 200, token.text
    return Trader(user.json()["user_id"], {"Authorization": f"Bearer {token.json()['access_token']}"})


def login(client: httpx.Client, name: str, password: str) -> dict[str, str]:
    token = _until_answered(lambda: client.post("/v1/auth/token", json={"username": name, "password": password}))
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _until_answered(call: Any, timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            response = call()
            if response.status_code != 503:
                return response
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "no answer in time"
        time.sleep(0.2)


class CommandLoad:
    """Threads issuing random commands for ``traders`` until stopped."""

    def __init__(
        self,
        base_url: str,
        traders: list[Trader],
        feed: dict[str, str],
        threads: int = 2,
        command_timeout: float = 60.0,
        seed: int = 8,
    ) -> None:
        self.base_url, self.traders, self.feed = base_url, traders, feed
        self.threads, self.command_timeout = threads, command_timeout
        self.tally, self.stop_event = Tally(), threading.Event()
        self.random = random.Random(seed)
        self._workers: list[threading.Thread] = []

    def __enter__(self) -> CommandLoad:
        for n in range(self.threads):
            thread = threading.Thread(target=self._run, args=(self.traders[n :: self.threads],), daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self._workers:
            thread.join(self.command_timeout + 10)
        assert not any(t.is_alive() for t in self._workers), "load threads did not stop"

    def wait_for(self, acknowledged: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.tally.acknowledged()) < acknowledged:
            assert time.monotonic() < deadline, f"load stuck: {self.tally.summary()}"
            time.sleep(0.1)

    def _run(self, mine: list[Trader]) -> None:
        with httpx.Client(base_url=self.base_url, timeout=10) as client:
            while not self.stop_event.is_set():
                trader = self.random.choice(mine)
                kind, method, path, body = self._pick(trader)
                headers = self.feed if kind == "price" else trader.headers
                answer = self._send(
                    client,
                    Answer(
                        kind,
                        trader.user_id,
                        str(uuid.uuid4()),
                        None,
                        {},
                        Decimal(body.get("amount", "0")) if body else Decimal(0),
                    ),
                    method,
                    path,
                    body,
                    headers,
                )
                self._account(trader, answer)

    def _pick(self, trader: Trader) -> tuple[str, str, str, dict[str, Any] | None]:
        roll = self.random.random()
        cents = self.random.randint(100, 50_000)
        if roll < 0.35:
            return "deposit", "POST", "/v1/wallet/deposits", {"amount": f"{Decimal(cents) / 100}", "currency": "USD"}
        if roll < 0.5:
            amount = f"{Decimal(cents // 10) / 100}"
            return "withdraw", "POST", "/v1/wallet/withdrawals", {"amount": amount, "currency": "USD"}
        if roll < 0.65:
            price = f"{self.random.randint(90_00, 110_00) / 100:.2f}"
            return "price", "POST", "/v1/market/prices", {"symbol": SYMBOL, "price": price}
        if roll < 0.85 or not trader.open_positions:
            quantity = f"{self.random.randint(12, 50) / 100:.2f}"  # × a price ≥ 90: above the 10.00 min notional
            side = self.random.choice(["long", "short"])
            return (
                "open",
                "POST",
                "/v1/positions",
                {"symbol": SYMBOL, "side": side, "quantity": quantity, "leverage": self.random.randint(1, 3)},
            )
        position = trader.open_positions.pop(self.random.randrange(len(trader.open_positions)))
        return "close", "POST", f"/v1/positions/{position}/close", None

    def _send(
        self,
        client: httpx.Client,
        answer: Answer,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        headers: dict[str, str],
    ) -> Answer:
        deadline = time.monotonic() + self.command_timeout
        while time.monotonic() < deadline:
            try:
                response = client.request(method, path, json=body, headers={**headers, "Idempotency-Key": answer.key})
            except httpx.TransportError as error:
                self._retried(type(error).__name__)
            else:
                if response.status_code != 503:
                    answer.status, answer.body = response.status_code, _json(response)
                    return answer
                if "retry-after" not in response.headers:
                    self._unexpected(f"503 without Retry-After on {path}: {response.text[:200]}")
                self._retried(f"503 {_json(response).get('type')}")
            answer.tries += 1
            time.sleep(0.1)
        return answer

    def _account(self, trader: Trader, answer: Answer) -> None:
        with self.tally.lock:
            self.tally.answers.append(answer)
            ok = answer.status is not None and 200 <= answer.status < 300
            if ok and answer.kind == "open":
                trader.open_positions.append(answer.body["position_id"])
            if answer.status is not None and not ok and answer.status != 409:
                self.tally.unexpected.append(f"{answer.kind}: {answer.status} {answer.body}")

    def _retried(self, what: str) -> None:
        with self.tally.lock:
            self.tally.retried_statuses[what] += 1

    def _unexpected(self, what: str) -> None:
        with self.tally.lock:
            self.tally.unexpected.append(what)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"text": response.text[:200]}
    return body if isinstance(body, dict) else {"value": body}
