"""GET /v1/marketplace/listings: NFTs for sale, paged."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from projections.marketplace.projection import MarketplaceProjection
from projections.marketplace.view import MarketplaceView
from query_api.deps import CurrentUser, MinPosition, Queries, Services
from query_api.errors import ApiProblem, documented
from query_api.schemas.marketplace import MAX_LISTINGS_PAGE, ListingsReply, ListingView, decode_cursor, encode_cursor

router = APIRouter(prefix="/v1/marketplace", tags=["marketplace"])
Limit = Annotated[int, Query(ge=1, le=MAX_LISTINGS_PAGE, description="listings per page")]
Cursor = Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page")]


@router.get("/listings", response_model=ListingsReply, responses=documented(401, 422, 503))
def listings(_: CurrentUser, c: Services, queries: Queries, limit: Limit = 50, cursor: Cursor = None,
             min_position: MinPosition = None) -> ListingsReply:
    """NFTs for sale, cheapest first (any user), ``limit`` per page."""
    try:
        after = decode_cursor(cursor) if cursor else None
    except ValueError as error:
        raise ApiProblem(422, "validation_error", f"cursor: {error}") from None
    queries.reach([MarketplaceProjection.name], min_position)
    tables = c.read_models.tables_for(MarketplaceProjection)
    with c.pool.connection() as conn:
        rows = MarketplaceView().listings(conn, tables, limit + 1, after)
        as_of = c.progress.position(conn, MarketplaceProjection.name)
    page = [ListingView.of(row) for row in rows[:limit]]
    next_cursor = encode_cursor(page[-1].price, page[-1].nft_id) if len(rows) > limit else None
    return ListingsReply(listings=page, next_cursor=next_cursor, as_of_position=as_of)
