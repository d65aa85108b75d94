from enum import StrEnum


class OrderReplyStatus(StrEnum):
    CANCELLED = "cancelled"
    FILLED = "filled"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
