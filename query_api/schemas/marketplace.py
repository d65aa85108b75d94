"""GET /v1/marketplace/listings: the response model and its opaque cursor."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from query_api.schemas import cursor
from query_api.schemas.common import DecimalString

MAX_LISTINGS_PAGE = 100
_PRICE = re.compile(r"[0-9]{1,7}\.[0-9]{2}", re.ASCII)  # listing prices: cents, at most 1,000,000.00
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)


class ListingView(BaseModel):
    """An NFT for sale."""

    nft_id: UUID
    owner_id: UUID = Field(description="the seller")
    kind: str = Field(examples=["badge"])
    achievement: str | None = Field(examples=["first_trade"])
    price: DecimalString = Field(description="asking price, USD")
    listed_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> ListingView:
        return cls(**{name: row[name] for name in cls.model_fields})


class ListingsReply(BaseModel):
    """A page of NFTs for sale, cheapest first; ``next_cursor`` is null on the last page."""

    listings: list[ListingView]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page")
    as_of_position: int = Field(description="the listings include every event up to this log position")


def encode_cursor(price: Decimal, nft_id: UUID) -> str:
    return cursor.encode({"p": format(price, "f"), "id": str(nft_id)})


def decode_cursor(text: str) -> tuple[Decimal, UUID]:
    """The (price, nft_id) key a cursor names; ``ValueError`` for anything this API did not issue."""
    try:
        data = cursor.decode(text)
        return Decimal(cursor.text(data, "p", _PRICE)), UUID(cursor.text(data, "id", _UUID))
    except ValueError:
        raise ValueError("cursor is not one this API issued") from None
