"""GET /v1/marketplace/listings: the response model and its opaque cursor."""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from query_api.schemas.common import DecimalString

MAX_LISTINGS_PAGE = 100
_PRICE = re.compile(r"[0-9]{1,7}\.[0-9]{2}", re.ASCII)  # listing prices: cents, at most 1,000,000.00


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
    raw = json.dumps({"p": format(price, "f"), "id": str(nft_id)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Decimal, UUID]:
    """The (price, nft_id) key a cursor names; ``ValueError`` for anything this API did not issue."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not _PRICE.fullmatch(data["p"]):
            raise ValueError
        return Decimal(data["p"]), UUID(data["id"])
    except (binascii.Error, UnicodeDecodeError, TypeError, KeyError, ValueError):
        raise ValueError("cursor is not one this API issued") from None
