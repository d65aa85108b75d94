"""GET /v1/portfolios/{user_id}: a trader's cash, positions and P&L."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from psycopg import Connection

from projections.portfolio.projection import PortfolioProjection
from projections.portfolio.valuation import Portfolio
from projections.portfolio.view import PortfolioView
from projections.runtime import Tables
from query_api.deps import MinPosition, PortfolioSubject, Reads, Services
from query_api.errors import ApiProblem, documented
from query_api.reading import Needs
from query_api.schemas.portfolios import PortfolioReply

router = APIRouter(prefix="/v1/portfolios", tags=["portfolios"])
NEEDS = Needs([PortfolioProjection.name])


@router.get("/{user_id}", response_model=PortfolioReply, responses=documented(401, 403, 404, 422, 429, 503))
async def get_portfolio(
    subject: PortfolioSubject, c: Services, reads: Reads, min_position: MinPosition = None
) -> PortfolioReply:
    """Cash by currency, open positions at mark price, realized P&L and equity (owner, compliance, analyst)."""
    tables = Tables(c.read_models.schema)
    found = await reads(NEEDS, min_position, lambda conn: _portfolio(conn, tables, subject))
    return PortfolioReply.of(found.value, found.as_of_position)


def _portfolio(conn: Connection[Any], tables: Tables, user_id: UUID) -> Portfolio:
    portfolio = PortfolioView().portfolio(conn, tables, user_id)
    if portfolio is None:
        raise ApiProblem(404, "not_found", f"no portfolio for user {user_id}")
    return portfolio
