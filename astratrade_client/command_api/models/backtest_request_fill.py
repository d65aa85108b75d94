from enum import StrEnum


class BacktestRequestFill(StrEnum):
    CLOSE = "close"
    NEXT_OPEN = "next_open"

    def __str__(self) -> str:
        return str(self.value)
