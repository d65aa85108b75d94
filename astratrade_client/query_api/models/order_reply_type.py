from enum import StrEnum


class OrderReplyType(StrEnum):
    LIMIT = "limit"
    MARKET = "market"
    STOP = "stop"
    TWAP = "twap"
    VWAP = "vwap"

    def __str__(self) -> str:
        return str(self.value)
