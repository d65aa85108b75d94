"""The marketplace projection: each NFT event becomes one call on the MarketplaceView."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.nft.nft import Nft
from event_store.log import LoggedEvent
from projections.marketplace.view import TABLES, MarketplaceView
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles


class MarketplaceProjection(Projection):
    """Every NFT with its owner, and the asking price of those listed for sale."""

    name: ClassVar[str] = "marketplace"
    version: ClassVar[int] = 2  # 2: withdrawn listings (Nft.Unlisted)
    tables: ClassVar[tuple[str, ...]] = TABLES
    pipelined: ClassVar[bool] = True  # one statement per event, never fetched nor rowcount-read

    def __init__(self, view: MarketplaceView | None = None) -> None:
        self.view = view or MarketplaceView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    @handles(Nft.Minted)
    def _minted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        minted = cast(Nft.Minted, e.event)
        self.view.mint(
            cur,
            t,
            pos=e.position,
            at=e.timestamp,
            nft_id=e.originator_id,
            owner_id=minted.owner_id,
            kind=minted.kind,
            achievement=minted.achievement,
        )

    @handles(Nft.Listed)
    def _listed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        listed = cast(Nft.Listed, e.event)
        self.view.put_on_sale(cur, t, pos=e.position, at=e.timestamp, nft_id=e.originator_id, price=listed.price)

    @handles(Nft.Unlisted)
    def _unlisted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        self.view.withdraw(cur, t, pos=e.position, nft_id=e.originator_id)

    @handles(Nft.Purchased)
    def _purchased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        bought = cast(Nft.Purchased, e.event)
        self.view.sell(cur, t, pos=e.position, nft_id=e.originator_id, buyer_id=bought.buyer_id, price=bought.price)
