"""The marketplace projection: each NFT event becomes one call on the MarketplaceView."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.nft.nft import Nft
from event_store.log import LoggedEvent
from projections.marketplace.view import TABLES, MarketplaceView
from projections.runtime.base import Projection, Tables


class MarketplaceProjection(Projection):
    """Every NFT with its owner, and the asking price of those listed for sale."""

    name: ClassVar[str] = "marketplace"
    version: ClassVar[int] = 2  # 2: withdrawn listings (Nft.Unlisted)
    topics: ClassVar[tuple[str, ...]] = (Nft.Minted.TOPIC, Nft.Listed.TOPIC, Nft.Unlisted.TOPIC, Nft.Purchased.TOPIC)
    tables: ClassVar[tuple[str, ...]] = TABLES
    pipelined: ClassVar[bool] = True  # one statement per event, never fetched nor rowcount-read

    def __init__(self, view: MarketplaceView | None = None) -> None:
        self.view = view or MarketplaceView()

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return self.view.ddl(tables)

    def apply(self, cursor: Cursor[Any], tables: Tables, event: LoggedEvent) -> None:
        nft_id, pos = event.originator_id, event.position
        if event.topic == Nft.Minted.TOPIC:
            minted = cast(Nft.Minted, event.event)
            self.view.mint(cursor, tables, pos=pos, at=event.timestamp, nft_id=nft_id, owner_id=minted.owner_id,
                           kind=minted.kind, achievement=minted.achievement)
        elif event.topic == Nft.Listed.TOPIC:
            listed = cast(Nft.Listed, event.event)
            self.view.put_on_sale(cursor, tables, pos=pos, at=event.timestamp, nft_id=nft_id, price=listed.price)
        elif event.topic == Nft.Unlisted.TOPIC:
            self.view.withdraw(cursor, tables, pos=pos, nft_id=nft_id)
        elif event.topic == Nft.Purchased.TOPIC:
            bought = cast(Nft.Purchased, event.event)
            self.view.sell(cursor, tables, pos=pos, nft_id=nft_id, buyer_id=bought.buyer_id, price=bought.price)
        else:
            raise ValueError(f"marketplace does not handle {event.topic!r} (position {event.position})")
