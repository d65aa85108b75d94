from enum import StrEnum


class ApiKeyRequestScopesItem(StrEnum):
    BACKTEST = "backtest"
    READ = "read"
    TRADE = "trade"

    def __str__(self) -> str:
        return str(self.value)
