from enum import StrEnum


class OptimizationRequestMetric(StrEnum):
    FINAL_EQUITY = "final_equity"
    MAX_DRAWDOWN_PCT = "max_drawdown_pct"
    NET_PNL = "net_pnl"
    RETURN_PCT = "return_pct"
    SHARPE = "sharpe"
    WIN_RATE_PCT = "win_rate_pct"

    def __str__(self) -> str:
        return str(self.value)
