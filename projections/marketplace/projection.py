"""The marketplace projection: each NFT event becomes one statement of ``statements.SQL``."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from psycopg import Cursor, sql

from aggregates.nft.nft import Nft
from event_store.log import LoggedEvent
from projections.marketplace.statements import SQL, TABLES
from projections.runtime.base import Projection, Tables
from projections.runtime.handlers import handles


class MarketplaceProjection(Projection):
    """Every NFT with its owner, and the asking price of those listed for sale."""

    name: ClassVar[str] = "marketplace"
    version: ClassVar[int] = 2  # 2: withdrawn listings (Nft.Unlisted)
    tables: ClassVar[tuple[str, ...]] = TABLES
    pipelined: ClassVar[bool] = True  # one statement per event, never fetched nor rowcount-read

    def create_tables(self, tables: Tables) -> list[sql.Composable]:
        return list(SQL.render(tables).ddl)

    @handles(Nft.Minted)
    def _minted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        minted = cast(Nft.Minted, e.event)
        params = {
            "pos": e.position,
            "at": e.timestamp,
            "nft_id": e.originator_id,
            "owner_id": minted.owner_id,
            "kind": minted.kind,
            "achievement": minted.achievement,
        }
        cur.execute(SQL.render(t).mint, params)

    @handles(Nft.Listed)
    def _listed(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        params = {
            "pos": e.position,
            "at": e.timestamp,
            "nft_id": e.originator_id,
            "price": cast(Nft.Listed, e.event).price,
        }
        cur.execute(SQL.render(t).list, params)

    @handles(Nft.Unlisted)
    def _unlisted(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        cur.execute(SQL.render(t).withdraw, {"pos": e.position, "nft_id": e.originator_id})

    @handles(Nft.Purchased)
    def _purchased(self, cur: Cursor[Any], t: Tables, e: LoggedEvent) -> None:
        bought = cast(Nft.Purchased, e.event)
        params = {"pos": e.position, "nft_id": e.originator_id, "buyer_id": bought.buyer_id, "price": bought.price}
        cur.execute(SQL.render(t).sell, params)
