"""Strict field types shared by the request models.

Money, prices and quantities arrive as JSON *strings* in plain decimal notation
(api.md): a JSON number, exponent, ``NaN``/``Infinity``, leading ``+``, leading
zeros, too many decimals or a value out of range is refused. Upper bounds:
cash 1,000,000.00 per command (api.md); a price at most 1,000,000,000 and a
quantity at most 1,000,000, so a notional stays below 10^15 USD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PlainSerializer, PlainValidator, WithJsonSchema

from aggregates.money import MAX_CASH_AMOUNT
from aggregates.trading.risk import MAX_LIMIT

MAX_PRICE = Decimal("1000000000")
MAX_QUANTITY = Decimal("1000000")
STARKNET_FIELD_PRIME = 2**251 + 17 * 2**192 + 1


def _decimal_pattern(places: int) -> str:
    return rf"^(0|[1-9][0-9]{{0,15}})(\.[0-9]{{1,{places}}})?$"


def _decimal_parser(places: int, maximum: Decimal) -> Callable[[Any], Decimal]:
    pattern = re.compile(_decimal_pattern(places), re.ASCII)
    rule = f"a decimal string with at most {places} decimals, > 0 and <= {maximum}"

    def parse(value: Any) -> Decimal:
        if not isinstance(value, str) or len(value) > 32 or not pattern.fullmatch(value):
            raise ValueError(f"must be {rule}")
        amount = Decimal(value)
        if not Decimal(0) < amount <= maximum:
            raise ValueError(f"must be {rule}")
        return amount

    return parse


def decimal_string(places: int, maximum: Decimal, example: str) -> Any:
    """A positive decimal given as a JSON string with at most ``places`` decimals."""
    schema = {
        "type": "string",
        "pattern": _decimal_pattern(places),
        "examples": [example],
        "description": f"decimal string, > 0, <= {maximum}, at most {places} decimals",
    }
    return Annotated[
        Decimal,
        PlainValidator(_decimal_parser(places, maximum)),
        PlainSerializer(str, return_type=str),
        WithJsonSchema(schema),
    ]


CashAmount = decimal_string(2, MAX_CASH_AMOUNT, "100.25")
Price = decimal_string(8, MAX_PRICE, "50000.5")
Quantity = decimal_string(8, MAX_QUANTITY, "0.01")
TrailingPct = decimal_string(2, Decimal("99.99"), "5")  # a trailing stop's distance, percent of the best price
EquityFraction = decimal_string(4, Decimal(1), "0.5")  # of equity per position (strategies): (0, 1]
FeeRate = decimal_string(6, Decimal("0.1"), "0.001")  # per side, of the notional (backtests)
LimitAmount = decimal_string(2, MAX_LIMIT, "5000.00")  # a risk limit (USD)

Symbol = Annotated[str, Field(pattern=r"^[A-Z0-9]{2,10}-[A-Z]{3,5}$", examples=["BTC-USD"])]
Username = Annotated[str, Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$", examples=["alice"])]


def encodable(value: str) -> str:
    # A lone surrogate parses from JSON ("\ud800") but cannot be encoded to hash it.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid unicode text") from None
    return value


# Length and commonness are the service's rule (services/password_policy.py: 422 weak_password).
Password = Annotated[
    str,
    Field(
        min_length=1,
        max_length=128,
        description="at least 10 characters and not a common password, else 422 weak_password",
    ),
    AfterValidator(encodable),
]

_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}",
    re.ASCII,
)


def _email(value: str) -> str:
    local = value.split("@", 1)[0]
    if len(value) > 254 or len(local) > 64 or not _EMAIL.fullmatch(value):
        raise ValueError("must be an email address like name@example.com")
    return value


Email = Annotated[str, Field(max_length=254, examples=["alice@example.com"]), AfterValidator(_email)]


_EXAMPLE_ADDRESS = "0x49d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7"


def _felt(value: str) -> str:
    if not 0 < int(value, 16) < STARKNET_FIELD_PRIME:
        raise ValueError("must be a non-zero Starknet field element")
    return value.lower()


StarknetAddress = Annotated[
    str,
    Field(pattern=r"^0x[0-9a-fA-F]{1,64}$", examples=[_EXAMPLE_ADDRESS]),
    AfterValidator(_felt),
]
