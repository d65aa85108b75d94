"""``astratrade simulate``: simulated traders against a simulated market, every command over HTTP.

A price feed user (created like ``create-admin`` does, with the ``price_feed`` role)
moves BTC, ETH and SOL by a random walk; each trader registers, deposits, founds or
joins a clan, then opens and closes positions at random (notional ≥ 150 USD, held
≥ the XP minimum hold, so the fairness rule counts them) until the time is up, while the terminal redraws the
live leaderboards. Loopback only. When no backend answers, it starts ``astratrade
up`` (embedded PostgreSQL and Redis if needed) for the run and stops it after.
``--market-only`` just moves prices until stopped: what ``up --simulate-market`` runs.

A demo lasts minutes, so unless ``XP_MIN_HOLD_SECONDS`` is set, simulations (and the
backend they start) use a 2 s minimum hold instead of production's 60 s (README, "Demo").
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import math
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from astratrade.settings import Settings
from astratrade_client.command_api import AuthenticatedClient, Client
from astratrade_client.command_api.api.auth import issue_token
from astratrade_client.command_api.api.clans import found_clan, join_clan
from astratrade_client.command_api.api.market import record_price
from astratrade_client.command_api.api.ops import health
from astratrade_client.command_api.api.positions import close_position, open_position
from astratrade_client.command_api.api.users import register
from astratrade_client.command_api.api.wallet import deposit
from astratrade_client.command_api.models import (
    DepositRequest,
    FoundClanReply,
    FoundClanRequest,
    OpenPositionReply,
    OpenPositionRequest,
    PriceTickRequest,
    RegisterRequest,
    Side,
    TokenReply,
    TokenRequest,
)
from astratrade_client.command_api.types import Response
from astratrade_client.query_api import AuthenticatedClient as QueryClient
from astratrade_client.query_api.api.leaderboards import leaderboard
from astratrade_client.query_api.models import LeaderboardReply, Metric

START_PRICES = {"BTC-USD": 60_000.0, "ETH-USD": 3_000.0, "SOL-USD": 150.0}
TICK_SECONDS, VOLATILITY = 0.5, 0.003  # per tick: σ of the log-return
BACKEND_WAIT = 120.0  # seconds a started backend gets to migrate and answer
ANSI_HOME = "\x1b[H\x1b[2J"
FEED_USER = "simulated-market-feed"
TIMEOUT = httpx.Timeout(10)
DEMO_XP_MIN_HOLD_SECONDS = 2.0  # production holds 60 s before a close earns XP; a demo cannot wait that long


Endpoint = Callable[..., Awaitable[Response[Any]]]  # a generated ``asyncio_detailed``


def demo_settings(settings: Settings) -> Settings:
    """The demo's XP hold unless the environment sets one; exported, so a backend started here uses it too."""
    if "XP_MIN_HOLD_SECONDS" in os.environ:
        return settings
    os.environ["XP_MIN_HOLD_SECONDS"] = str(DEMO_XP_MIN_HOLD_SECONDS)
    return settings.model_copy(update={"xp_min_hold_seconds": DEMO_XP_MIN_HOLD_SECONDS})


@dataclass
class Credentials:
    """A simulated account and its sessions on both APIs (the generated clients, with its current access token)."""

    username: str
    password: str
    session: AuthenticatedClient
    reader: QueryClient

    def renew(self, token: str) -> None:
        """A fresh access token for both sessions; their HTTP clients (and connections) stay."""
        for client in (self.session, self.reader):
            client.token = token  # a client built later is built with it
            client.get_async_httpx_client().headers[client.auth_header_name] = f"{client.prefix} {token}"

    async def close(self) -> None:
        for client in (self.session, self.reader):
            await client.get_async_httpx_client().aclose()


class SignInRefused(Exception):
    """A simulated account could not sign in: that trader (or the market) stops."""


class Simulation:
    """One run: the HTTP clients (astratrade_client, generated from the OpenAPI documents), the traders' sessions,
    what happened."""

    def __init__(self, settings: Settings, traders: int, seconds: float) -> None:
        host = settings.host if ":" not in settings.host else f"[{settings.host}]"
        self.commands_url = f"http://{host}:{settings.command_api_port}"
        self.queries_url = f"http://{host}:{settings.query_api_port}"
        self.anonymous = Client(base_url=self.commands_url, timeout=TIMEOUT)
        self.accounts: list[Credentials] = []  # their sessions are closed when the run ends
        self.settings, self.traders, self.seconds = settings, traders, seconds
        self.run_id, self.outcomes, self.prices = secrets.token_hex(3), Counter[str](), dict(START_PRICES)
        self.viewer: Credentials | None = None  # whose token the board is read with (the first trader's)
        self.rng = random.Random()  # noqa: S311  (a simulation, not cryptography)
        self.deadline = math.inf if seconds <= 0 else time.monotonic() + seconds

    async def call(
        self, route: str, endpoint: Endpoint, client: Client | AuthenticatedClient, **arguments: Any
    ) -> Response[Any]:
        """One command through the generated client, counted as ``route`` and its status."""
        reply = await endpoint(client=client, **arguments)
        self.outcomes[f"{route} {int(reply.status_code)}"] += 1
        return reply

    async def sign_in(self, username: str, password: str) -> str:
        """An access token for the account."""
        reply = await self.call(
            "POST /v1/auth/token",
            issue_token.asyncio_detailed,
            self.anonymous,
            body=TokenRequest(username=username, password=password),
        )
        if not isinstance(reply.parsed, TokenReply):
            raise SignInRefused(f"{username} could not sign in: {int(reply.status_code)}")
        return reply.parsed.access_token

    async def account(self, username: str, password: str) -> Credentials:
        """The account signed in, with a session on each API (closed when the run ends)."""
        token = await self.sign_in(username, password)
        who = Credentials(
            username,
            password,
            AuthenticatedClient(base_url=self.commands_url, token=token, timeout=TIMEOUT),
            QueryClient(base_url=self.queries_url, token=token, timeout=TIMEOUT),
        )
        self.accounts.append(who)
        return who

    async def call_as(self, who: Credentials, route: str, endpoint: Endpoint, **arguments: Any) -> Response[Any]:
        """``call`` in ``who``'s session, signing in again once when its token has expired (15 min by default)."""
        reply = await self.call(route, endpoint, who.session, **arguments)
        if reply.status_code == HTTPStatus.UNAUTHORIZED:
            who.renew(await self.sign_in(who.username, who.password))
            reply = await self.call(route, endpoint, who.session, **arguments)
        return reply

    async def market(self) -> None:
        """Random-walk ticks for every symbol, posted as the price feed, until the deadline."""
        password = await asyncio.to_thread(ensure_feed_user, self.settings)
        feed = await self.account(FEED_USER, password)
        await self._resume_prices()
        while time.monotonic() < self.deadline:
            for symbol, price in self.prices.items():
                self.prices[symbol] = price * math.exp(self.rng.gauss(0, VOLATILITY))
                reply = await self.call_as(
                    feed,
                    "POST /v1/market/prices",
                    record_price.asyncio_detailed,
                    body=PriceTickRequest(symbol=symbol, price=f"{self.prices[symbol]:.2f}"),
                )
                if reply.status_code == HTTPStatus.CONFLICT:  # another feed (a second simulation) moved it: follow
                    await self._resume_prices()
            await asyncio.sleep(TICK_SECONDS)

    async def _resume_prices(self) -> None:
        """Walk on from the recorded prices: a walk restarted at START_PRICES after the market drifted
        (a long ``up --simulate-market``) would jump past the price band (409 price_band_exceeded)."""
        self.prices.update(await asyncio.to_thread(recorded_prices, self.settings, list(self.prices)))

    async def trader(self, i: int, clans: list[str]) -> None:
        name, password = f"sim{self.run_id}-{i}", secrets.token_urlsafe(12)
        await asyncio.sleep(i * 0.05)  # founders (every fifth) register before most joiners
        await self.call(
            "POST /v1/users",
            register.asyncio_detailed,
            self.anonymous,
            body=RegisterRequest(username=name, email=f"{name}@sim.invalid", password=password),
        )
        me = await self.account(name, password)
        self.viewer = self.viewer or me
        await self.call_as(
            me,
            "POST /v1/wallet/deposits",
            deposit.asyncio_detailed,
            body=DepositRequest(amount=f"{self.rng.randint(1, 20) * 1000}.00", currency="USD"),
        )
        await self._clan(i, me, clans)
        held: list[tuple[str, float]] = []
        while time.monotonic() < self.deadline:
            await asyncio.sleep(self.rng.uniform(0.3, 1.5))
            ripe = [p for p in held if time.monotonic() - p[1] > self.settings.xp_min_hold_seconds + 0.5]
            if ripe and (self.rng.random() < 0.5 or len(held) >= 3):
                held.remove(chosen := self.rng.choice(ripe))
                # body None: the whole position (the generated client cannot encode an unset optional body)
                await self.call_as(
                    me,
                    "POST /v1/positions/{id}/close",
                    close_position.asyncio_detailed,
                    position_id=UUID(chosen[0]),
                    body=None,
                )
            else:
                symbol = self.rng.choice(list(self.prices))
                # ≥ 150 USD: above XP_MIN_NOTIONAL (100.00) even after quantizing and a price move
                quantity = Decimal(self.rng.uniform(150, 2_000) / self.prices[symbol]).quantize(Decimal("0.0001"))
                order = OpenPositionRequest(
                    symbol=symbol,
                    quantity=str(quantity),
                    side=self.rng.choice(list(Side)),
                    leverage=self.rng.randint(1, 5),
                )
                reply = await self.call_as(me, "POST /v1/positions", open_position.asyncio_detailed, body=order)
                if isinstance(reply.parsed, OpenPositionReply):
                    held.append((reply.parsed.position_id, time.monotonic()))

    async def _clan(self, i: int, me: Credentials, clans: list[str]) -> None:
        if i % 5 == 0:  # one trader in five founds a clan; the others join one
            reply = await self.call_as(
                me,
                "POST /v1/clans",
                found_clan.asyncio_detailed,
                body=FoundClanRequest(name=f"sim{self.run_id}-clan{i // 5}"),
            )
            if isinstance(reply.parsed, FoundClanReply):
                clans.append(reply.parsed.clan_id)
        elif clans:
            await self.call_as(
                me, "POST /v1/clans/{id}/members", join_clan.asyncio_detailed, clan_id=UUID(self.rng.choice(clans))
            )

    async def board(self) -> None:
        """Redraw the top of the P&L and XP boards every second."""
        while time.monotonic() < self.deadline:
            await asyncio.sleep(1.0)
            if self.viewer:
                with contextlib.suppress(httpx.HTTPError):
                    print(await self._render(self.viewer.reader), flush=True)

    async def _render(self, viewer: QueryClient) -> str:
        boards = []
        for metric in (Metric.REALIZED_PNL, Metric.XP):
            reply = await leaderboard.asyncio_detailed(metric, client=viewer, limit=10)
            entries = reply.parsed.entries if isinstance(reply.parsed, LeaderboardReply) else []
            boards.append([f"{e.rank:>3} {str(e.username)[:18]:<18} {e.value:>12}" for e in entries])
        left = math.ceil(self.deadline - time.monotonic()) if self.seconds > 0 else 0
        lines = [
            f"{'P&L (USD, all time)':<35}  XP (all time)",
            *(f"{a:<35}  {b}" for a, b in zip(*(b + [""] * (10 - len(b)) for b in boards), strict=True)),
        ]
        status = f"{sum(self.outcomes.values())} commands, {left}s left, prices " + ", ".join(
            f"{s.split('-')[0]} {p:,.2f}" for s, p in self.prices.items()
        )
        return (ANSI_HOME if sys.stdout.isatty() else "") + "\n".join([*lines, "", status])

    async def run(self, market_only: bool) -> None:
        clans: list[str] = []
        tasks = [self.market()] + ([] if market_only else [self._quietly(i, clans) for i in range(self.traders)])
        try:
            await asyncio.gather(*tasks, *([] if market_only else [self.board()]))
        finally:
            await self.anonymous.get_async_httpx_client().aclose()
            for account in self.accounts:
                await account.close()

    async def _quietly(self, i: int, clans: list[str]) -> None:
        with contextlib.suppress(httpx.HTTPError, SignInRefused):  # a trader whose API call failed for good stops
            await self.trader(i, clans)


def ensure_feed_user(settings: Settings) -> str:
    """The ``price_feed`` user of simulations, made like ``create-admin`` makes an admin; its password.

    The password is derived from CLAIM_KEY (a secret every process of the deployment has),
    so every run and every restart of ``up --simulate-market`` logs in as the same user."""
    from aggregates.errors import RoleAlreadyGranted, UsernameTaken  # noqa: PLC0415
    from aggregates.user.roles import Role  # noqa: PLC0415  (only this step touches the event store)
    from event_store.application import EventStore  # noqa: PLC0415
    from event_store.metadata import CommandContext  # noqa: PLC0415
    from services.commands import CommandRunner  # noqa: PLC0415
    from services.users import UserService  # noqa: PLC0415

    password = hmac.new(settings.claim_key.encode(), FEED_USER.encode(), hashlib.sha256).hexdigest()[:32]
    ctx = CommandContext(actor="cli", correlation_id="simulate")
    store = EventStore(env=settings.eventsourcing_env())
    try:
        users = UserService(CommandRunner(store), settings.claim_key.encode())
        with contextlib.suppress(UsernameTaken):  # a concurrent run may register it first: either is fine
            if users.find_by_username(FEED_USER) is None:
                users.register(FEED_USER, f"{FEED_USER}@sim.invalid", password, ctx)
        user_id = UUID(str(users.find_by_username(FEED_USER).id))  # type: ignore[union-attr]
        if Role.PRICE_FEED.value not in users.get_user(user_id).roles:
            with contextlib.suppress(RoleAlreadyGranted):
                users.grant_role(user_id, Role.PRICE_FEED, ctx)
    finally:
        store.close()
    return password


def recorded_prices(settings: Settings, symbols: list[str]) -> dict[str, float]:
    """The last recorded price of each of ``symbols`` that has one, read from the event store."""
    from aggregates.trading.market_price import MarketPrice, market_price_id  # noqa: PLC0415  (as in ensure_feed_user)
    from event_store.application import EventStore  # noqa: PLC0415

    store = EventStore(env=settings.eventsourcing_env())
    try:
        recorded: dict[str, MarketPrice] = {
            symbol: store.repository.get(market_price_id(symbol))
            for symbol in symbols
            if market_price_id(symbol) in store.repository
        }
    finally:
        store.close()
    return {symbol: float(market.price) for symbol, market in recorded.items()}


def main(settings: Settings, traders: int, seconds: float, market_only: bool = False) -> int:
    """Run the simulation (starting a backend for it if none answers); exit status."""
    if not _loopback(settings.host):
        print(f"simulate drives loopback APIs only; ASTRATRADE_HOST is {settings.host}", file=sys.stderr)
        return 2
    settings = demo_settings(settings)
    backend = None if market_only or _healthy(settings) else _start_backend(settings)
    settings = backend[2] if backend else settings
    try:
        if market_only or backend is not None:
            _wait_healthy(settings, math.inf if market_only else BACKEND_WAIT)
        simulation = Simulation(settings, 0 if market_only else max(0, traders), 0 if market_only else seconds)
        with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
            asyncio.run(simulation.run(market_only))
        print(f"\n{simulation.run_id}: " + ", ".join(f"{k}: {n}" for k, n in sorted(simulation.outcomes.items())))
    except Exception as error:
        print(f"simulation failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        if backend is not None:
            _stop_backend(backend[0], backend[1])
    return 0


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _healthy(settings: Settings) -> bool:
    host = settings.host if ":" not in settings.host else f"[{settings.host}]"
    clients = [
        Client(base_url=f"http://{host}:{port}", timeout=httpx.Timeout(1))
        for port in (settings.command_api_port, settings.query_api_port)
    ]
    try:
        return all(health.sync_detailed(client=client).status_code == HTTPStatus.OK for client in clients)
    except httpx.HTTPError:
        return False


def _wait_healthy(settings: Settings, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not _healthy(settings):
        if time.monotonic() > deadline:
            raise SystemExit("the backend did not answer in time")
        time.sleep(0.5)


def _start_backend(settings: Settings) -> tuple[subprocess.Popen[bytes], Any, Settings]:
    """``astratrade up`` as a child (embedded PostgreSQL/Redis started here, so this process uses them too)."""
    from astratrade.embedded import start_missing  # noqa: PLC0415

    updated, embedded = start_missing(settings)  # exports the URLs it chose: the child inherits them
    print("no backend answering: starting `astratrade up` for this run…", flush=True)
    child = subprocess.Popen(
        [sys.executable, "-m", "astratrade.cli", "up"],
        env=os.environ.copy(),
        start_new_session=True,
    )
    return child, embedded, updated


def _stop_backend(child: subprocess.Popen[bytes], embedded: Any) -> None:
    """Ctrl-C for ``up`` (it stops its children); its own session is killed if it does not end in time."""
    child.send_signal(signal.SIGINT)
    try:
        child.wait(30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # the session started for this run, and only it
        child.wait()
    embedded.stop()
