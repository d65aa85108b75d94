"""The rules of the strategies context, named for the problem ``type`` the APIs answer."""

from __future__ import annotations

from aggregates.errors import DomainError


class QuotaExceeded(DomainError):
    """The caller's plan allows no more of this today (backtests), at once (bots) or in one grid."""

    code = "quota_exceeded"


class BotNotRunning(DomainError):
    """A stop or a decision for a bot already stopped."""

    code = "bot_not_running"


class CandleAlreadyDecided(DomainError):
    """A decision for a candle at or before the bot's last decided one (a replay after a restart)."""

    code = "candle_already_decided"


class BacktestFinished(DomainError):
    """A start, completion or failure of a backtest that already completed or failed."""

    code = "backtest_finished"


class OptimizationCompleted(DomainError):
    """A second completion of one optimisation."""

    code = "optimization_completed"


class UnknownSymbol(DomainError):
    """A backtest or bot on a symbol the platform never priced nor configured."""

    code = "unknown_symbol"
    status = 422
