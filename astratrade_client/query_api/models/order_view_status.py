from enum import StrEnum


class OrderViewStatus(StrEnum):
    CANCELLED = "cancelled"
    FILLED = "filled"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
