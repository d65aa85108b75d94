from enum import StrEnum


class ListOrdersStatusType0(StrEnum):
    CANCELLED = "cancelled"
    FILLED = "filled"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
