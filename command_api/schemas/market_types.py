"""Decimal-string fields of the market requests (a module of their own: mypy reads them as aliases)."""

from __future__ import annotations

from decimal import Decimal

from command_api.schemas.types import decimal_string

Volume = decimal_string(8, Decimal("1000000000000"), "12.5")  # quantity traded at the source
Step = decimal_string(8, Decimal("1000000"), "0.01")  # tick size, quantity step
Percent = decimal_string(2, Decimal("100"), "20")
MinNotional = decimal_string(2, Decimal("1000000"), "10.00")  # USD
