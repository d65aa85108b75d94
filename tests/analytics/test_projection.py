"""The analytics projection against real PostgreSQL: exact figures, idempotence, rebuild = incremental."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
import pytest

from event_store.log import LoggedEvent
from projections.analytics.projection import AnalyticsProjection
from projections.runtime.base import Tables
from tests.analytics.support import MONDAY, TUESDAY, History, all_rows, apply_events, at, table_rows

D = Decimal


def _volume(rows: list[dict], bucket: str) -> dict[tuple, tuple]:
    return {
        (r[bucket], r["symbol"]): (
            r["volume"],
            r["trade_count"],
            r["open_count"],
            r["close_count"],
            r["liquidation_count"],
            r["fees"],
            r["net_pnl"],
        )
        for r in rows
    }


def test_hourly_volume_is_exact_when_trades_cross_an_hour_and_a_day(db: str, applied: Tables):
    # Every open and every close counts its notional in the UTC hour it happened
    assert _volume(table_rows(db, applied, "volume_hourly"), "hour") == {
        (at(MONDAY, 12, 0), "BTC-USD"): (D("420"), 2, 1, 1, 0, D("0.42"), D("19.58")),
        (at(MONDAY, 12, 0), "ETH-USD"): (D("100"), 1, 1, 0, 0, D("0.10"), D("0.00")),
        (at(MONDAY, 13, 0), "ETH-USD"): (D("120"), 1, 0, 1, 0, D("0.12"), D("-20.22")),
        (at(MONDAY, 23, 0), "BTC-USD"): (D("110"), 1, 1, 0, 0, D("0.11"), D("0.00")),
        (at(TUESDAY, 0, 0), "BTC-USD"): (D("99"), 1, 0, 1, 0, D("0.10"), D("-11.21")),
        (at(TUESDAY, 1, 0), "BTC-USD"): (D("99"), 1, 1, 0, 0, D("0.10"), D("0.00")),
    }


def test_daily_volume_is_exact_when_trades_cross_a_utc_day(db: str, applied: Tables):
    assert _volume(table_rows(db, applied, "volume_daily"), "day") == {
        (date(2026, 1, 5), "BTC-USD"): (D("530"), 3, 2, 1, 0, D("0.53"), D("19.58")),
        (date(2026, 1, 5), "ETH-USD"): (D("220"), 2, 1, 1, 0, D("0.22"), D("-20.22")),
        (date(2026, 1, 6), "BTC-USD"): (D("198"), 2, 1, 1, 0, D("0.20"), D("-11.21")),
    }


def test_active_traders_count_each_user_once_per_bucket(db: str, applied: Tables, history: History):
    daily = table_rows(db, applied, "trader_activity_daily")
    assert {(r["day"], r["user_id"]): (r["trade_count"], r["volume"]) for r in daily} == {
        (date(2026, 1, 5), history.alice): (2, D("420")),
        (date(2026, 1, 5), history.bob): (2, D("220")),
        (date(2026, 1, 5), history.carol): (1, D("110")),
        (date(2026, 1, 6), history.carol): (1, D("99")),
        (date(2026, 1, 6), history.alice): (1, D("99")),
    }
    hourly = table_rows(db, applied, "trader_activity_hourly")
    assert sorted((r["hour"], r["trade_count"]) for r in hourly if r["user_id"] == history.alice) == [
        (at(MONDAY, 12, 0), 2),
        (at(TUESDAY, 1, 0), 1),
    ]
    assert len(hourly) == 6  # 12:00 alice and bob, 13:00 bob, 23:00 carol, 00:00 carol, 01:00 alice


def test_close_fact_carries_the_open_side_of_the_trade(db: str, applied: Tables, history: History):
    facts = table_rows(db, applied, "trade_facts")
    assert [f["kind"] for f in facts].count("open") == 4 and len(facts) == 7
    [close] = [f for f in facts if f["kind"] == "close" and f["user_id"] == history.alice]
    assert {
        k: close[k]
        for k in (
            "symbol",
            "side",
            "quantity",
            "price",
            "notional",
            "fee",
            "leverage",
            "margin",
            "gross_pnl",
            "net_pnl",
            "uncovered_loss",
            "occurred_at",
        )
    } == {
        "symbol": "BTC-USD",
        "side": "long",
        "quantity": D("2"),
        "price": D("110"),
        "notional": D("220"),
        "fee": D("0.22"),
        "leverage": 2,
        "margin": D("100.00"),
        "gross_pnl": D("20.00"),
        "net_pnl": D("19.58"),
        "uncovered_loss": D("0.00"),
        "occurred_at": at(MONDAY, 12, 55),
    }
    opens = [f for f in facts if f["kind"] == "open"]
    assert all(f["net_pnl"] is None and f["gross_pnl"] is None for f in opens)
    assert sorted(f["net_pnl"] for f in facts if f["net_pnl"] is not None) == [D("-20.22"), D("-11.21"), D("19.58")]


def test_nothing_changes_when_the_same_events_are_applied_again(db: str, applied: Tables, events: list[LoggedEvent]):
    before = all_rows(db, applied)
    apply_events(db, applied, events)
    apply_events(db, applied, events[3:5])
    assert all_rows(db, applied) == before


@pytest.mark.parametrize("split", [1, 3, 5])
def test_rebuild_equals_incremental_when_applied_in_two_halves(
    db: str, make_tables, events: list[LoggedEvent], split: int
):
    rebuilt, incremental = make_tables("rebuilt"), make_tables("incremental")
    apply_events(db, rebuilt, events)
    apply_events(db, incremental, events[:split])
    apply_events(db, incremental, events[split:])
    assert all_rows(db, incremental) == all_rows(db, rebuilt)
    assert len(all_rows(db, rebuilt)["trade_facts"]) == 7


def test_close_is_refused_when_its_open_was_never_applied(db: str, analytics: Tables, events: list[LoggedEvent]):
    # Refused loudly, so the runtime parks it, rather than silently missing from the figures
    first_close = next(e for e in events if e.topic == "trading.Position.Closed")
    with pytest.raises(psycopg.errors.NotNullViolation):
        apply_events(db, analytics, [first_close])
    assert table_rows(db, analytics, "trade_facts") == []


def test_projection_declares_its_contract():
    projection = AnalyticsProjection()
    assert (projection.name, projection.on_poison, projection.schema) == ("analytics", "skip", "analytics")
    assert set(projection.topics) == {
        "trading.Position.Opened",
        "trading.Position.Closed",
        "trading.Position.Liquidated",
        "trading.Position.PartiallyClosed",
        "trading.Position.Increased",
        "gamification.Progression.XPAwarded",
        "gamification.Progression.AchievementUnlocked",
        "social.Clan.Founded",
        "social.Clan.MemberJoined",
        "social.Clan.MemberLeft",
    }
    assert set(projection.tables) == {
        "trade_facts",
        "volume_hourly",
        "volume_daily",
        "trader_activity_hourly",
        "trader_activity_daily",
        "xp_awards",
        "xp_earners_daily",
        "xp_daily",
        "achievement_unlocks",
        "achievements_daily",
        "clan_sizes",
    }
    ddl = " ".join(s.as_string() for s in projection.create_tables(Tables("analytics", "__rebuild")))
    assert '"analytics"."trade_facts__rebuild"' in ddl and "trade_facts__rebuild_occurred_at_idx" in ddl
    assert "float" not in ddl and "double" not in ddl and "real" not in ddl
