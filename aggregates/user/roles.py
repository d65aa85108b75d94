"""The roles of api.md; every registered user is a trader."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    TRADER = "trader"
    ANALYST = "analyst"
    COMPLIANCE = "compliance"
    ADMIN = "admin"
    PRICE_FEED = "price_feed"
