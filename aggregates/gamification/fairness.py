"""Fairness rules: which closes earn nothing (docs/decisions.md "Fairness").

A flagged close earns no XP, does not count toward streaks or achievements, and
its P&L counts on no leaderboard (``counts_for_leaderboard`` on
``Progression.XPAwarded``). Liquidations (``trading.Position.Liquidated``) are
not closes: they earn no XP and are never scored at all.

What a close needs (api.md "Rule changes in v1.1", "XP needs a real trade"): the
position's notional ≥ ``XpThresholds.min_notional`` and a hold ≥ ``min_hold``.
Thirty tiny positions held 1.2 s each once bought level 3 and two badge NFTs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

INSTANT_CLOSE = "instant_close"  # held for less than the minimum hold
BELOW_MINIMUM = "below_minimum"  # the position's notional was below the minimum for XP
MIRROR_TRADE = "mirror_trade"  # the hedged counter-leg of a friend's or clan-mate's position
BOT = "bot"  # closed by a bot (metadata actor bot:<id>): api.md, bot closes earn no XP and no achievements

MIRROR_WINDOW = timedelta(seconds=10)  # opens this close together can form a hedged pair


@dataclass(frozen=True)
class XpThresholds:
    """What a close needs to earn XP: the platform defaults (settings XP_MIN_NOTIONAL, XP_MIN_HOLD_SECONDS)."""

    min_notional: Decimal = Decimal("100.00")
    min_hold: timedelta = timedelta(seconds=60)


DEFAULT_THRESHOLDS = XpThresholds()


def is_instant_close(opened_at: datetime, closed_at: datetime, thresholds: XpThresholds = DEFAULT_THRESHOLDS) -> bool:
    """Held for less than the minimum hold."""
    return closed_at - opened_at < thresholds.min_hold


def is_below_minimum(notional: Decimal, thresholds: XpThresholds = DEFAULT_THRESHOLDS) -> bool:
    """The position was too small to earn XP (whatever the fee and margin were)."""
    return notional < thresholds.min_notional


def close_flag(
    opened_at: datetime,
    closed_at: datetime,
    notional: Decimal,
    *,
    mirrored: bool,
    thresholds: XpThresholds = DEFAULT_THRESHOLDS,
    by_bot: bool = False,
) -> str | None:
    """Why a close earns nothing, or None when it earns XP by the rules."""
    if by_bot:
        return BOT
    if is_instant_close(opened_at, closed_at, thresholds):
        return INSTANT_CLOSE
    if is_below_minimum(notional, thresholds):
        return BELOW_MINIMUM
    if mirrored:
        return MIRROR_TRADE
    return None


def counts_for_leaderboard(flag: str | None) -> bool:
    """Whether the close's net P&L counts on the realized P&L and ROI leaderboards."""
    return flag is None
