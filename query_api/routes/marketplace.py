"""GET /v1/marketplace/listings: NFTs for sale, paged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from projections.marketplace.projection import MarketplaceProjection
from projections.marketplace.view import MarketplaceView
from query_api.deps import MinPosition, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.marketplace import MAX_LISTINGS_PAGE, ListingsReply, ListingView, decode_cursor, encode_cursor

router = APIRouter(prefix="/v1/marketplace", tags=["marketplace"])
Limit = Annotated[int, Query(ge=1, le=MAX_LISTINGS_PAGE, description="listings per page")]
Cursor = Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page")]
NEEDS = Needs([MarketplaceProjection.name])


@router.get("/listings", response_model=ListingsReply, responses=documented(401, 422, 429, 503))
async def listings(
    c: Services, reads: Reads, limit: Limit = 50, cursor: Cursor = None, min_position: MinPosition = None
) -> ListingsReply:
    """NFTs for sale, cheapest first (any user), ``limit`` per page."""
    try:
        after = decode_cursor(cursor) if cursor else None
    except ValueError as error:
        raise ApiProblem(422, "validation_error", f"cursor: {error}") from None
    tables = c.read_models.tables_for(MarketplaceProjection)
    found = await reads(NEEDS, min_position, lambda conn: MarketplaceView().listings(conn, tables, limit + 1, after))
    page = [ListingView.of(row) for row in found.value[:limit]]
    next_cursor = encode_cursor(page[-1].price, page[-1].nft_id) if len(found.value) > limit else None
    return ListingsReply(listings=page, next_cursor=next_cursor, as_of_position=found.as_of_position)
