from enum import StrEnum


class OrderViewType(StrEnum):
    LIMIT = "limit"
    MARKET = "market"
    STOP = "stop"

    def __str__(self) -> str:
        return str(self.value)
