from enum import StrEnum


class OptimizationRequestFill(StrEnum):
    CLOSE = "close"
    NEXT_OPEN = "next_open"

    def __str__(self) -> str:
        return str(self.value)
