"""Domain errors: each names the business rule a command broke.

``code`` is the stable problem ``type`` the APIs answer with (api.md)."""

from __future__ import annotations


class DomainError(Exception):
    """A command refused by a business rule (HTTP 409 unless said otherwise)."""

    code = "rule_violated"
    status = 409

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InsufficientFunds(DomainError):
    code = "insufficient_funds"


class PositionAlreadyClosed(DomainError):
    code = "position_closed"


class PriceUnavailable(DomainError):
    code = "price_unavailable"


class UsernameTaken(DomainError):
    code = "username_taken"


class EmailTaken(DomainError):
    code = "email_taken"


class UnsupportedCurrency(DomainError):
    code = "unsupported_currency"
    status = 422


class InvalidAmount(DomainError):
    code = "invalid_amount"
    status = 422


class InvalidQuantity(InvalidAmount):
    """A position quantity that is not > 0 with at most 8 decimals."""

    code = "invalid_quantity"


class InvalidLeverage(InvalidAmount):
    """A leverage that is not an integer from 1 to 10."""

    code = "invalid_leverage"


class InvalidPrice(InvalidAmount):
    """A price that is not > 0 with at most 8 decimals."""

    code = "invalid_price"


class BelowMinNotional(DomainError):
    """An open whose notional (quantity × price) is below the instrument's minimum."""

    code = "below_min_notional"
    status = 422


class InvalidSymbol(DomainError):
    """A symbol not of the ``BTC-USD`` form."""

    code = "invalid_symbol"
    status = 422


class RoleAlreadyGranted(DomainError):
    code = "role_already_granted"


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class PriceBandExceeded(DomainError):
    """A tick moving further from the last price than the instrument's ``max_move_pct`` (unless forced)."""

    code = "price_band_exceeded"
