"""PUT /v1/instruments/{symbol}: an admin configures a symbol's trading settings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from aggregates.market.rules import InstrumentSettings
from command_api.deps import Admin, Command, Markets
from command_api.errors import documented
from command_api.replies import answer
from command_api.schemas.market import InstrumentReply, InstrumentRequest

router = APIRouter(prefix="/v1/instruments", tags=["market"])
SymbolPath = Annotated[str, Path(pattern=r"^[A-Z0-9]{2,10}-[A-Z]{3,5}$", examples=["BTC-USD"])]


@router.put("/{symbol}", response_model=InstrumentReply, responses=documented(401, 403, 413, 422, 503))
def configure_instrument(
    symbol: SymbolPath, body: InstrumentRequest, admin: Admin, cmd: Command, markets: Markets, response: Response
) -> Any:
    """Set a symbol's tick size, quantity step, max leverage, price band, min notional, staleness and status
    (admin only); a halted or stale symbol refuses new positions, never closes."""
    settings = InstrumentSettings(**dict(body))  # the validated Decimals, not their serialized strings
    return answer(
        markets.configure_instrument(symbol, settings, cmd.context(admin), cmd.idempotency(body, symbol=symbol)),
        response,
    )
