"""What the open-notional risk check costs an open (services/risk.py), as the trader's open positions grow.

Two traders open ``--opens`` positions one after another through ``TradingService.open_position`` on a fresh
store: the baseline has no risk profile (one key lookup), the other has ``max_open_notional`` set, so each of
its opens also loads every position it already holds (O(open), docs/adr/0012). Prints p50/p99 per open for
both, in the same run, by how many positions were open, and the ratio.

    .venv/bin/python -m bench.risk_check [--opens 100]
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal
from uuid import UUID, uuid4

from aggregates.money import Side
from aggregates.trading.risk import RiskProfile
from aggregates.trading.wallet import Wallet
from bench.common import machine, percentile, scratch_env
from event_store.application import EventStore
from event_store.metadata import CommandContext
from services.commands import CommandRunner
from services.trading import TradingService

CTX = CommandContext(actor="bench", correlation_id="bench-risk")


def timed_opens(trading: TradingService, user: UUID, opens: int) -> list[float]:
    """Milliseconds of each open, the n-th with n − 1 positions already open."""
    took = []
    for _ in range(opens):
        start = time.perf_counter()
        trading.open_position(user, "BTC-USD", Side.LONG, Decimal("0.2"), 1, CTX)
        took.append((time.perf_counter() - start) * 1000)
    return took


def figures(took: list[float], lo: int, hi: int) -> str:
    part = took[lo:hi]
    return f"p50 {percentile(part, 50):6.2f} ms  p99 {percentile(part, 99):6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--opens", type=int, default=100)
    args = parser.parse_args()
    with scratch_env("risk") as env:
        store = EventStore(env={**env, "CREATE_TABLE": "n"})
        try:
            runner = CommandRunner(store)
            trading = TradingService(runner)
            plain, limited = uuid4(), uuid4()
            store.save(Wallet.open_for(plain), Wallet.open_for(limited))
            for user in (plain, limited):
                trading.deposit(user, Decimal("1000000.00"), "USD", CTX)
            trading.record_price("BTC-USD", Decimal("100"), CTX)
            # The benchmark's traders are bare wallets (no User to name), so the profile is saved directly.
            profile = RiskProfile.create(limited)
            profile.set_limits(Decimal("100000000.00"), None)
            store.save(profile)
            baseline = timed_opens(trading, plain, args.opens)
            measured = timed_opens(trading, limited, args.opens)
        finally:
            store.close()
    print(f"risk check on open_position, {machine()}")
    for lo, hi in ((0, 10), (args.opens // 2 - 5, args.opens // 2 + 5), (args.opens - 10, args.opens)):
        ratio = percentile(measured[lo:hi], 50) / percentile(baseline[lo:hi], 50)
        print(
            f"opens {lo + 1:>4}-{hi:<4} no profile (baseline): {figures(baseline, lo, hi)} | "
            f"max_open_notional: {figures(measured, lo, hi)} | p50 ratio {ratio:.2f}"
        )


if __name__ == "__main__":
    main()
