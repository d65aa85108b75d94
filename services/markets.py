"""Markets commands: configuring instruments, importing price history."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from aggregates.errors import InvalidSymbol
from aggregates.market.history import Bar, HistoryChunk, chunk_id
from aggregates.market.instrument import Instrument
from aggregates.market.rules import InstrumentSettings
from aggregates.trading.market_price import SYMBOL_PATTERN
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.instruments import configured

CHUNK_SIZE = 500  # candles per HistoryChunk event: ~50 kB of JSON, a few hundred ms to rebuild


class MarketService:
    """Instrument settings and imported history: both are events, so read models rebuild from the log."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def configure_instrument(
        self, symbol: str, settings: InstrumentSettings, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Create or replace the settings of ``symbol`` (the same settings again write nothing new)."""
        _check_symbol(symbol)

        def decide() -> Decision:
            instrument = configured(self.repository, symbol)
            if instrument is None:
                instrument = Instrument.configure_new(symbol, settings)
            else:
                instrument.configure(settings)
            return Decision([instrument], {"symbol": symbol, **_settings_body(instrument.settings)})

        return self.runner.run(decide, ctx, idem)

    def import_history(
        self, symbol: str, interval: str, bars: list[Bar], ctx: CommandContext, chunk_size: int = CHUNK_SIZE
    ) -> CommandResult:
        """Store ``bars`` as chunks in one transaction; chunks already stored (a re-import) are skipped."""
        _check_symbol(symbol)
        chunks = [bars[i : i + chunk_size] for i in range(0, len(bars), chunk_size)]
        ids = [chunk_id(symbol, interval, chunk) for chunk in chunks]  # once: hashing 100,000 candles costs ~0.5 s

        def decide() -> Decision:
            new = [
                HistoryChunk.import_bars(symbol, interval, chunk)
                for chunk, id_ in zip(chunks, ids, strict=True)
                if not self._stored(id_)
            ]
            body = {
                "symbol": symbol,
                "interval": interval,
                "candles": len(bars),
                "chunks": len(chunks),
                "new_chunks": len(new),
            }
            return Decision(list(new), body)

        if not chunks or all(self._stored(id_) for id_ in ids):
            return CommandResult(
                200,
                {"symbol": symbol, "interval": interval, "candles": len(bars), "chunks": len(chunks), "new_chunks": 0},
                0,
            )
        return self.runner.run(decide, ctx)

    def _stored(self, aggregate_id: Any) -> bool:
        try:
            self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True


def _check_symbol(symbol: str) -> None:
    if not isinstance(symbol, str) or not SYMBOL_PATTERN.fullmatch(symbol):
        raise InvalidSymbol(f"symbol must look like BTC-USD, got {symbol!r}")


def _settings_body(settings: InstrumentSettings) -> dict[str, Any]:
    return {name: (f"{value:f}" if hasattr(value, "as_tuple") else value) for name, value in asdict(settings).items()}
