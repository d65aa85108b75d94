"""The XP thresholds the scoring policies apply, read from the environment at worker start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from aggregates.gamification.fairness import DEFAULT_THRESHOLDS, XpThresholds


def thresholds_from_environ(environ: Mapping[str, str] = os.environ) -> XpThresholds:
    """``XP_MIN_NOTIONAL`` and ``XP_MIN_HOLD_SECONDS``: the variables Settings reads and validates
    in the other processes (projections may not import astratrade)."""
    notional = environ.get("XP_MIN_NOTIONAL")
    hold = environ.get("XP_MIN_HOLD_SECONDS")
    return XpThresholds(
        min_notional=Decimal(notional) if notional else DEFAULT_THRESHOLDS.min_notional,
        min_hold=timedelta(seconds=float(hold)) if hold else DEFAULT_THRESHOLDS.min_hold,
    )
