"""Fairness rules: which closes earn nothing (docs/decisions.md "Fairness").

A flagged close earns no XP, does not count toward streaks or achievements, and
its P&L counts on no leaderboard (``counts_for_leaderboard`` on
``Progression.XPAwarded``). Liquidations (``trading.Position.Liquidated``) are
not closes: they earn no XP and are never scored at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta

INSTANT_CLOSE = "instant_close"  # closed less than one second after it was opened
MIRROR_TRADE = "mirror_trade"  # the hedged counter-leg of a friend's or clan-mate's position

MIN_HOLDING = timedelta(seconds=1)
MIRROR_WINDOW = timedelta(seconds=10)  # opens this close together can form a hedged pair


def is_instant_close(opened_at: datetime, closed_at: datetime) -> bool:
    """Closed within the same second as opened: held for less than one second."""
    return closed_at - opened_at < MIN_HOLDING


def close_flag(opened_at: datetime, closed_at: datetime, *, mirrored: bool) -> str | None:
    """Why a close earns nothing, or None when it earns XP by the rules."""
    if is_instant_close(opened_at, closed_at):
        return INSTANT_CLOSE
    if mirrored:
        return MIRROR_TRADE
    return None


def counts_for_leaderboard(flag: str | None) -> bool:
    """Whether the close's net P&L counts on the realized P&L and ROI leaderboards."""
    return flag is None
