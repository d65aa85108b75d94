"""The marketplace view: the query API's reads (the projection runs the writes).

``nfts_owned`` is the read the profile endpoint uses for "NFTs owned". Reads run on the
caller's connection, so the caller picks the snapshot.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.rows import dict_row

from projections.marketplace import statements
from projections.runtime.base import Tables


class MarketplaceView:
    """NFTs listed for sale, page by page."""

    def listings(
        self, conn: Connection[Any], tables: Tables, limit: int, after: tuple[Decimal, UUID] | None = None
    ) -> list[dict[str, Any]]:
        """NFTs for sale, cheapest first (ties by id), the page after the key ``after``."""
        rendered = statements.SQL.render(tables)
        with conn.cursor(row_factory=dict_row) as cur:
            if after is None:
                cur.execute(rendered.first_page, {"limit": limit})
            else:
                cur.execute(rendered.next_page, {"limit": limit, "price": after[0], "nft_id": after[1]})
            return list(cur.fetchall())


def nfts_owned(conn: Connection[Any], tables: Tables, user_id: UUID) -> list[dict[str, Any]]:
    """The user's NFTs, oldest first: ``nft_id``, ``kind``, ``achievement``, ``price`` (None unless listed),
    ``minted_at``. Runs in the caller's transaction, so the caller chooses the snapshot."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(statements.SQL.render(tables).owned, (user_id,))
        return list(cur.fetchall())
