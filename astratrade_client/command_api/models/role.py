from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    COMPLIANCE = "compliance"
    PRICE_FEED = "price_feed"
    TRADER = "trader"

    def __str__(self) -> str:
        return str(self.value)
