from enum import StrEnum


class PnlDistributionReplyWindowType0(StrEnum):
    ALL = "all"
    DAY = "day"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
