"""GET /v1/portfolios/{user_id}: a trader's cash, positions and P&L."""

from __future__ import annotations

from fastapi import APIRouter

from query_api.deps import MinPosition, PortfolioSubject, Queries
from query_api.errors import documented
from query_api.schemas.portfolios import PortfolioReply

router = APIRouter(prefix="/v1/portfolios", tags=["portfolios"])


@router.get("/{user_id}", response_model=PortfolioReply, responses=documented(401, 403, 404, 422, 503))
def get_portfolio(subject: PortfolioSubject, queries: Queries, min_position: MinPosition = None) -> PortfolioReply:
    """Cash by currency, open positions at mark price, realized P&L and equity (owner, compliance, analyst)."""
    portfolio, as_of_position = queries.portfolio(subject, min_position)
    return PortfolioReply.of(portfolio, as_of_position)
