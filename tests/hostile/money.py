"""Cash conservation of the hostile world, each term read from its own source, to the cent.

deposits − withdrawals (the ledger's ``external`` account) = users' cash + margin + cash held by
resting orders (each portfolio, over the query API) + platform revenue (the PlatformRevenue books in the event
store) + the counterparty (the ledger) + the insurance fund (minus what the InsuranceFund
aggregate covered). Every term but the counterparty comes from somewhere other than the
ledger, so a cent created or lost anywhere breaks the equation.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi.testclient import TestClient
from psycopg import sql

from aggregates.financial.insurance_fund import INSURANCE_FUND_ID
from aggregates.financial.revenue import revenue_book_id
from projections.ledger.postings import COUNTERPARTY, EXTERNAL, FEES, INSURANCE_FUND
from projections.ledger.projection import LedgerProjection
from projections.ledger.statements import WALLETS
from projections.ledger.view import LedgerView
from tests.hostile.world import World

ZERO = Decimal("0.00")


def assert_cash_conserved(w: World, query: TestClient) -> dict[str, Decimal]:
    """Settle the read side, then check the equation; its terms, for the report."""
    w.settle()
    tables = w.read_models.tables_for(LedgerProjection)
    with w.read_models.connect() as conn:
        ledger = LedgerView().balances(conn, tables)
        owners = [UUID(str(row[0])) for row in conn.execute(sql.SQL("SELECT user_id FROM {}").format(tables[WALLETS]))]
    terms = {
        "deposits_less_withdrawals": -ledger.get(EXTERNAL, ZERO),
        "users": _users(w, query, owners),
        "revenue": _revenue(w, owners),
        "counterparty": ledger.get(COUNTERPARTY, ZERO),
        "insurance_fund": -_covered(w),
    }
    assert terms["revenue"] == ledger.get(FEES, ZERO)
    assert terms["insurance_fund"] == ledger.get(INSURANCE_FUND, ZERO)
    held = terms["users"] + terms["revenue"] + terms["counterparty"] + terms["insurance_fund"]
    assert terms["deposits_less_withdrawals"] == held, terms
    return terms


def _users(w: World, query: TestClient, owners: list[UUID]) -> Decimal:
    total = ZERO
    for owner in owners:
        reply = query.get(f"/v1/portfolios/{owner}", headers=w.actors["compliance"].headers)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        total += Decimal(body["cash"].get("USD", "0")) + Decimal(body["reserved_margin"].get("USD", "0"))
        total += Decimal(body["held_by_orders"].get("USD", "0"))  # resting orders' reservations
    return total


def _revenue(w: World, owners: list[UUID]) -> Decimal:
    total = ZERO
    for owner in owners:
        try:
            total += w.store.repository.get(revenue_book_id(owner)).total
        except AggregateNotFoundError:
            continue  # never charged
    return total


def _covered(w: World) -> Decimal:
    try:
        covered: Decimal = w.store.repository.get(INSURANCE_FUND_ID).covered
    except AggregateNotFoundError:
        return ZERO
    return covered
