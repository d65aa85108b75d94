"""Listing and buying NFTs."""

from __future__ import annotations

from command_api.schemas.common import CommandReply, StrictRequest
from command_api.schemas.types import CashAmount


class ListingRequest(StrictRequest):
    price: CashAmount


class ListingReply(CommandReply):
    nft_id: str
    price: str


class PurchaseRequest(StrictRequest):
    price: CashAmount  # the listing's price as the buyer saw it; a re-priced listing is 409 price_changed


class PurchaseReply(CommandReply):
    nft_id: str
    buyer_id: str
    seller_id: str
    price: str
    fee: str
    cash: str


class UnlistingReply(CommandReply):
    nft_id: str
    price: None = None  # no longer for sale
