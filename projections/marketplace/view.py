"""The marketplace table: DDL, one idempotent statement per NFT event, and the reads.

``nfts_owned`` is the read the profile endpoint uses for "NFTs owned".
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, Cursor, sql
from psycopg.rows import dict_row

from projections.runtime.base import Tables

NFTS = "marketplace_nfts"
TABLES = (NFTS,)

_DDL = (
    """CREATE TABLE IF NOT EXISTS {nfts} (
        nft_id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        kind text NOT NULL,
        achievement text,
        minted_at timestamptz NOT NULL,
        minted_position bigint NOT NULL,
        price numeric,
        listed_at timestamptz,
        last_sale_price numeric,
        last_event_position bigint NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS {listed_idx} ON {nfts} (price, nft_id) WHERE price IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {owner_idx} ON {nfts} (owner_id, minted_position)",
)
_MINT = """INSERT INTO {nfts} (nft_id, owner_id, kind, achievement, minted_at, minted_position, last_event_position)
VALUES (%(nft_id)s, %(owner_id)s, %(kind)s, %(achievement)s, %(at)s, %(pos)s, %(pos)s)
ON CONFLICT (nft_id) DO NOTHING"""
_LIST = """UPDATE {nfts} SET price = %(price)s, listed_at = %(at)s, last_event_position = %(pos)s
WHERE nft_id = %(nft_id)s AND last_event_position < %(pos)s"""
_WITHDRAW = """UPDATE {nfts} SET price = NULL, listed_at = NULL, last_event_position = %(pos)s
WHERE nft_id = %(nft_id)s AND last_event_position < %(pos)s"""
_SELL = """UPDATE {nfts} SET owner_id = %(buyer_id)s, price = NULL, listed_at = NULL, last_sale_price = %(price)s,
    last_event_position = %(pos)s
WHERE nft_id = %(nft_id)s AND last_event_position < %(pos)s"""
_FIRST_PAGE = """SELECT nft_id, owner_id, kind, achievement, price, listed_at FROM {nfts}
WHERE price IS NOT NULL ORDER BY price, nft_id LIMIT %(limit)s"""
_NEXT_PAGE = """SELECT nft_id, owner_id, kind, achievement, price, listed_at FROM {nfts}
WHERE price IS NOT NULL AND (price, nft_id) > (%(price)s, %(nft_id)s) ORDER BY price, nft_id LIMIT %(limit)s"""
_OWNED = """SELECT nft_id, kind, achievement, price, minted_at FROM {nfts}
WHERE owner_id = %s ORDER BY minted_position, nft_id"""


def _sql(template: str, tables: Tables) -> sql.Composed:
    physical = tables.physical(NFTS)
    return sql.SQL(template).format(
        nfts=tables[NFTS],
        listed_idx=sql.Identifier(physical + "_listed_idx"),
        owner_idx=sql.Identifier(physical + "_owner_idx"),
    )


class MarketplaceView:
    """Owns ``marketplace_nfts``: writes from the projection, reads for the query API."""

    def ddl(self, tables: Tables) -> list[sql.Composable]:
        return [_sql(text, tables) for text in _DDL]

    def mint(
        self,
        cur: Cursor[Any],
        tables: Tables,
        *,
        pos: int,
        at: datetime,
        nft_id: UUID,
        owner_id: UUID,
        kind: str,
        achievement: str | None,
    ) -> None:
        params = {
            "pos": pos,
            "at": at,
            "nft_id": nft_id,
            "owner_id": owner_id,
            "kind": kind,
            "achievement": achievement,
        }
        cur.execute(_sql(_MINT, tables), params)

    def put_on_sale(
        self, cur: Cursor[Any], tables: Tables, *, pos: int, at: datetime, nft_id: UUID, price: Decimal
    ) -> None:
        cur.execute(_sql(_LIST, tables), {"pos": pos, "at": at, "nft_id": nft_id, "price": price})

    def withdraw(self, cur: Cursor[Any], tables: Tables, *, pos: int, nft_id: UUID) -> None:
        cur.execute(_sql(_WITHDRAW, tables), {"pos": pos, "nft_id": nft_id})

    def sell(self, cur: Cursor[Any], tables: Tables, *, pos: int, nft_id: UUID, buyer_id: UUID, price: Decimal) -> None:
        cur.execute(_sql(_SELL, tables), {"pos": pos, "nft_id": nft_id, "buyer_id": buyer_id, "price": price})

    def listings(
        self, conn: Connection[Any], tables: Tables, limit: int, after: tuple[Decimal, UUID] | None = None
    ) -> list[dict[str, Any]]:
        """NFTs for sale, cheapest first (ties by id), the page after the key ``after``."""
        with conn.cursor(row_factory=dict_row) as cur:
            if after is None:
                cur.execute(_sql(_FIRST_PAGE, tables), {"limit": limit})
            else:
                cur.execute(_sql(_NEXT_PAGE, tables), {"limit": limit, "price": after[0], "nft_id": after[1]})
            return list(cur.fetchall())


def nfts_owned(conn: Connection[Any], tables: Tables, user_id: UUID) -> list[dict[str, Any]]:
    """The user's NFTs, oldest first: ``nft_id``, ``kind``, ``achievement``, ``price`` (None unless listed),
    ``minted_at``. Runs in the caller's transaction, so the caller chooses the snapshot."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(_sql(_OWNED, tables), (user_id,))
        return list(cur.fetchall())
