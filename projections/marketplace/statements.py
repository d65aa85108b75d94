"""The SQL of the marketplace read model: DDL, one idempotent statement per NFT event, and the reads."""

from __future__ import annotations

from projections.runtime.statements import StatementSet

NFTS = "marketplace_nfts"
TABLES = (NFTS,)

DDL = (
    """CREATE TABLE IF NOT EXISTS {marketplace_nfts} (
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
    "CREATE INDEX IF NOT EXISTS {listed_idx} ON {marketplace_nfts} (price, nft_id) WHERE price IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS {owner_idx} ON {marketplace_nfts} (owner_id, minted_position)",
)
MINT = """INSERT INTO {marketplace_nfts} (nft_id, owner_id, kind, achievement, minted_at, minted_position,
    last_event_position)
VALUES (%(nft_id)s, %(owner_id)s, %(kind)s, %(achievement)s, %(at)s, %(pos)s, %(pos)s)
ON CONFLICT (nft_id) DO NOTHING"""
LIST = """UPDATE {marketplace_nfts} SET price = %(price)s, listed_at = %(at)s, last_event_position = %(pos)s
WHERE nft_id = %(nft_id)s AND last_event_position < %(pos)s"""
WITHDRAW = """UPDATE {marketplace_nfts} SET price = NULL, listed_at = NULL, last_event_position = %(pos)s
WHERE nft_id = %(nft_id)s AND last_event_position < %(pos)s"""
SELL = """UPDATE {marketplace_nfts} SET owner_id = %(buyer_id)s, price = NULL, listed_at = NULL,
    last_sale_price = %(price)s, last_event_position = %(pos)s
WHERE nft_id = %(nft_id)s AND last_event_position < %(pos)s"""
FIRST_PAGE = """SELECT nft_id, owner_id, kind, achievement, price, listed_at FROM {marketplace_nfts}
WHERE price IS NOT NULL ORDER BY price, nft_id LIMIT %(limit)s"""
NEXT_PAGE = """SELECT nft_id, owner_id, kind, achievement, price, listed_at FROM {marketplace_nfts}
WHERE price IS NOT NULL AND (price, nft_id) > (%(price)s, %(nft_id)s) ORDER BY price, nft_id LIMIT %(limit)s"""
OWNED = """SELECT nft_id, kind, achievement, price, minted_at FROM {marketplace_nfts}
WHERE owner_id = %s ORDER BY minted_position, nft_id"""

SQL = StatementSet(
    tables=TABLES,
    ddl=DDL,
    indexes={"listed_idx": (NFTS, "_listed_idx"), "owner_idx": (NFTS, "_owner_idx")},
    statements={
        "mint": MINT,
        "list": LIST,
        "withdraw": WITHDRAW,
        "sell": SELL,
        "first_page": FIRST_PAGE,
        "next_page": NEXT_PAGE,
        "owned": OWNED,
    },
)
