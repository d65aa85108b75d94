from enum import StrEnum


class Metric(StrEnum):
    REALIZED_PNL = "realized_pnl"
    ROI = "roi"
    XP = "xp"

    def __str__(self) -> str:
        return str(self.value)
