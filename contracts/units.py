"""Unit conversions between our money and Starknet values.

Money is USD with 2 decimals (cents). On-chain amounts are u256 integers in the
settlement token's smallest unit: the token has ``TOKEN_DECIMALS`` = 6 decimals
(like USDC on Starknet), so 1 cent = 10**4 units and 12.34 USD = 12_340_000 units.
A conversion never rounds: a value that is not a whole number of cents (or of
units) is refused, so no amount is ever silently changed on its way on-chain.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from starknet_py.constants import ADDR_BOUND, FIELD_PRIME

TOKEN_DECIMALS = 6
CENT_DECIMALS = 2
U128 = 2**128
U256 = 2**256


class InvalidOnchainValue(ValueError):
    """A value that cannot be represented on-chain exactly."""


def cents_to_units(cents: int, decimals: int = TOKEN_DECIMALS) -> int:
    """Whole cents to token units (exact)."""
    return _u256(cents * _units_per_cent(decimals))


def units_to_cents(units: int, decimals: int = TOKEN_DECIMALS) -> int:
    """Token units to whole cents; refuses a fraction of a cent."""
    cents, rest = divmod(_u256(units), _units_per_cent(decimals))
    if rest:
        raise InvalidOnchainValue(f"{units} units is not a whole number of cents")
    return cents


def usd_to_units(amount: Decimal, decimals: int = TOKEN_DECIMALS) -> int:
    """A USD amount (at most 2 decimals, ≥ 0) to token units."""
    if not amount.is_finite():
        raise InvalidOnchainValue(f"amount {amount} is not finite")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidOnchainValue(f"amount {amount} has more than 2 decimals")
    return cents_to_units(int(cents), decimals)


def units_to_usd(units: int, decimals: int = TOKEN_DECIMALS) -> Decimal:
    return Decimal(units_to_cents(units, decimals)).scaleb(-CENT_DECIMALS)


def split_u256(value: int) -> tuple[int, int]:
    """A u256 as Cairo passes it: (low 128 bits, high 128 bits)."""
    return _u256(value) % U128, value // U128


def join_u256(low: int, high: int) -> int:
    if not (0 <= low < U128 and 0 <= high < U128):
        raise InvalidOnchainValue("u256 halves must each fit 128 bits")
    return high * U128 + low


def felt(value: int) -> int:
    """``value`` if it is a field element (0 ≤ value < P), else refused."""
    if not 0 <= value < FIELD_PRIME:
        raise InvalidOnchainValue(f"{value} is not a felt252")
    return value


def parse_address(text: str) -> int:
    """A Starknet contract address from its 0x-prefixed hex form."""
    if not isinstance(text, str) or not text.lower().startswith("0x"):
        raise InvalidOnchainValue(f"address {text!r} is not 0x-prefixed hex")
    try:
        value = int(text, 16)
    except ValueError:
        raise InvalidOnchainValue(f"address {text!r} is not hex") from None
    if not 0 < value < ADDR_BOUND:
        raise InvalidOnchainValue(f"address {text!r} is out of the contract address range")
    return value


def uuid_to_felt(value: UUID) -> int:
    """A UUID as a felt252: its 128-bit integer (always fits)."""
    return value.int


def _units_per_cent(decimals: int) -> int:
    if decimals < CENT_DECIMALS:
        raise InvalidOnchainValue(f"a token with {decimals} decimals cannot hold cents")
    return int(10 ** (decimals - CENT_DECIMALS))


def _u256(value: int) -> int:
    if not 0 <= value < U256:
        raise InvalidOnchainValue(f"{value} does not fit a u256")
    return value
