from enum import StrEnum


class Name(StrEnum):
    BOLLINGER = "bollinger"
    EMA = "ema"
    MACD = "macd"
    RSI = "rsi"
    SMA = "sma"

    def __str__(self) -> str:
        return str(self.value)
