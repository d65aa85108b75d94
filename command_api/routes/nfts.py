"""POST and DELETE /v1/nfts/{nft_id}/listings, POST …/purchase: the NFT marketplace."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from command_api.deps import Command, Services, Trader
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.nfts import ListingReply, ListingRequest, PurchaseReply, PurchaseRequest, UnlistingReply
from services.nft import NftService


async def _nfts(c: Services) -> NftService:
    return NftService(c.trading.runner)


Nfts = Annotated[NftService, Depends(_nfts)]
router = APIRouter(prefix="/v1/nfts", tags=["nfts"])


@router.post(
    "/{nft_id}/listings",
    status_code=201,
    response_model=ListingReply,
    responses=documented(401, 403, 404, 413, 422, 503),
)
def list_nft(
    nft_id: UUID,
    body: ListingRequest,
    user: Trader,
    cmd: Command,
    nfts: Nfts,
    response: Response,
) -> Any:
    """List the caller's own NFT for sale at ``price`` (USD, 2 decimals); another user's NFT is 403."""
    idem = cmd.idempotency(body, nft_id=str(nft_id))
    return answer(nfts.list_for_sale(user.user_id, nft_id, body.price, cmd.context(user), idem), response)


@router.delete(
    "/{nft_id}/listings", response_model=UnlistingReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def withdraw_listing(nft_id: UUID, user: Trader, cmd: Command, nfts: Nfts, response: Response) -> Any:
    """Withdraw the caller's own listing (403 another user's NFT, 409 `nft_not_listed`)."""
    idem = cmd.idempotency(nft_id=str(nft_id))
    return answer(nfts.withdraw_listing(user.user_id, nft_id, cmd.context(user), idem), response)


@router.post(
    "/{nft_id}/purchase", response_model=PurchaseReply, responses=documented(401, 403, 404, 409, 413, 422, 503)
)
def purchase_nft(
    nft_id: UUID,
    body: PurchaseRequest,
    user: Trader,
    cmd: Command,
    nfts: Nfts,
    response: Response,
) -> Any:
    """Buy a listed NFT at ``price``, the listing's price as you saw it: cash moves buyer → seller less the
    2.5 % platform fee (409 when not listed, your own, unaffordable, or `price_changed`)."""
    idem = cmd.idempotency(body, nft_id=str(nft_id))
    return answer(nfts.purchase(user.user_id, nft_id, body.price, cmd.context(user), idem), response)
