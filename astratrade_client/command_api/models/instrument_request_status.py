from enum import StrEnum


class InstrumentRequestStatus(StrEnum):
    HALTED = "halted"
    TRADING = "trading"

    def __str__(self) -> str:
        return str(self.value)
