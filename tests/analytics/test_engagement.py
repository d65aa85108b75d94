"""Engagement tables against real PostgreSQL: XP per day, achievements per day, clan sizes;
idempotence, rebuild = incremental, and no personal data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import psycopg
import pytest

from event_store.log import LoggedEvent
from projections.analytics import engagement as tables_of
from projections.analytics.projection import AnalyticsProjection
from projections.runtime.base import Tables
from projections.runtime.config import ReadModels
from projections.runtime.rebuild import rebuild
from tests.analytics.engagement_history import NAMES, Engagement
from tests.analytics.support import MONDAY, TUESDAY, all_rows, apply_events, at, table_rows
from tests.projections.support import catch_up

MON, TUE = date(2026, 1, 5), date(2026, 1, 6)


def engagement_rows(db: str, tables: Tables) -> dict[str, list[dict[str, Any]]]:
    return {logical: table_rows(db, tables, logical) for logical in tables_of.TABLES}


def test_xp_per_day_is_exact_when_awards_cross_a_utc_day(db: str, engaged: Tables):
    # Monday: alice 34 + 11, bob 15, carol's flagged close 0; Tuesday: alice 30, carol 15, bob's win 50
    assert [
        (r["day"], r["xp_earned"], r["awards"], r["flagged_awards"], r["users_earning"])
        for r in table_rows(db, engaged, "xp_daily")
    ] == [(MON, 60, 4, 1, 2), (TUE, 95, 3, 0, 3)]


def test_xp_earners_count_each_user_once_per_day_and_never_for_zero_xp(
    db: str, engaged: Tables, engagement: Engagement
):
    earners = table_rows(db, engaged, "xp_earners_daily")
    assert {(r["day"], r["user_id"]): (r["xp_earned"], r["awards"]) for r in earners} == {
        (MON, engagement.alice): (45, 2),
        (MON, engagement.bob): (15, 1),
        (TUE, engagement.alice): (30, 1),
        (TUE, engagement.carol): (15, 1),
        (TUE, engagement.bob): (50, 1),
    }


def test_xp_awards_keep_each_award_with_its_source_and_breakdown(db: str, engaged: Tables, engagement: Engagement):
    awards = table_rows(db, engaged, "xp_awards")
    assert [
        (
            a["user_id"],
            a["source"],
            a["xp"],
            a["base_xp"],
            a["return_bonus"],
            a["streak_bonus"],
            a["challenge_bonus"],
            a["flag"],
            a["occurred_at"],
        )
        for a in awards
    ] == [
        (engagement.alice, "close", 34, 10, 19, 5, 0, None, at(MONDAY, 12, 20)),
        (engagement.bob, "close", 15, 10, 0, 5, 0, None, at(MONDAY, 13, 0)),
        (engagement.alice, "close", 11, 10, 1, 0, 0, None, at(MONDAY, 15, 0)),
        (engagement.carol, "close", 0, 0, 0, 0, 0, "instant_close", at(MONDAY, 23, 30)),
        (engagement.alice, "close", 30, 10, 10, 10, 0, None, at(TUESDAY, 0, 30)),
        (engagement.carol, "close", 15, 10, 0, 5, 0, None, at(TUESDAY, 0, 45)),
        (engagement.bob, "challenge", 50, 0, 0, 0, 50, None, at(TUESDAY, 1, 0)),
    ]


def test_achievements_per_day_split_at_utc_midnight(db: str, engaged: Tables):
    # carol's first_trade at 23:59:59.999999 is Monday's; dave's at 00:00:00 is Tuesday's
    assert {(r["day"], r["achievement"]): r["unlocked"] for r in table_rows(db, engaged, "achievements_daily")} == {
        (MON, "clan_founder"): 2,
        (MON, "first_trade"): 3,
        (MON, "first_profit"): 1,
        (TUE, "first_trade"): 1,
    }
    unlocks = table_rows(db, engaged, "achievement_unlocks")
    assert len(unlocks) == 7
    assert max(u["occurred_at"] for u in unlocks if u["occurred_at"] < TUESDAY) == TUESDAY - timedelta(microseconds=1)


def test_clan_sizes_follow_founding_joins_and_leaves(
    db: str, analytics: Tables, engagement: Engagement, engagement_events: list[LoggedEvent]
):
    def sizes() -> dict[Any, tuple]:
        rows = table_rows(db, analytics, "clan_sizes")
        return {r["clan_id"]: (r["name"], r["members"], r["founded_at"], r["updated_at"]) for r in rows}

    # Monday: Alpha = alice, carol, dave; Beta = bob (each founder counted once)
    apply_events(db, analytics, [e for e in engagement_events if e.timestamp < TUESDAY])
    assert sizes() == {
        engagement.alpha: ("Alpha", 3, at(MONDAY, 12, 0), at(MONDAY, 14, 0)),
        engagement.beta: ("Beta", 1, at(MONDAY, 12, 5), at(MONDAY, 12, 5)),
    }
    # Tuesday: carol moves from Alpha to Beta, then bob (Beta's founder) leaves
    apply_events(db, analytics, [e for e in engagement_events if e.timestamp >= TUESDAY])
    assert sizes() == {
        engagement.alpha: ("Alpha", 2, at(MONDAY, 12, 0), at(TUESDAY, 9, 0)),
        engagement.beta: ("Beta", 1, at(MONDAY, 12, 5), at(TUESDAY, 10, 0)),
    }


def test_nothing_changes_when_the_same_engagement_events_are_applied_again(
    db: str, engaged: Tables, engagement_events: list[LoggedEvent]
):
    before = all_rows(db, engaged)
    apply_events(db, engaged, engagement_events)
    apply_events(db, engaged, engagement_events[5:12])
    assert all_rows(db, engaged) == before


@pytest.mark.parametrize("split", [2, 9, 17, 22])
def test_rebuild_equals_incremental_when_engagement_is_applied_in_two_halves(
    db: str, make_tables, engagement_events: list[LoggedEvent], split: int
):
    rebuilt, incremental = make_tables("rebuilt"), make_tables("incremental")
    apply_events(db, rebuilt, engagement_events)
    apply_events(db, incremental, engagement_events[:split])
    apply_events(db, incremental, engagement_events[split:])
    assert len(engagement_events) == 23
    assert all_rows(db, incremental) == all_rows(db, rebuilt)
    assert [len(rows) for rows in engagement_rows(db, rebuilt).values()] == [7, 5, 2, 7, 4, 2]


def test_rebuild_by_the_runtime_equals_the_model_its_worker_built(
    db: str, served_models: ReadModels, es_env: dict[str, str], engagement: Engagement
):
    catch_up(served_models, es_env, engagement.position, AnalyticsProjection())
    tables = served_models.tables_for(AnalyticsProjection)
    live = engagement_rows(db, tables)
    assert rebuild(AnalyticsProjection(), served_models, es_env) >= engagement.position
    assert engagement_rows(db, tables) == live
    assert [r["members"] for r in live["clan_sizes"]] and sum(r["xp_earned"] for r in live["xp_daily"]) == 155


def test_join_is_refused_when_the_clan_founding_was_never_applied(
    db: str, analytics: Tables, engagement_events: list[LoggedEvent]
):
    # Refused loudly, so the runtime parks it, rather than counting members of a clan missing from the table
    join = next(e for e in engagement_events if e.topic == "social.Clan.MemberJoined")
    with pytest.raises(psycopg.errors.NotNullViolation):
        apply_events(db, analytics, [join])
    assert table_rows(db, analytics, "clan_sizes") == []


def test_no_personal_data_reaches_the_analytics_tables(db: str, engaged: Tables):
    projection = AnalyticsProjection()
    assert not [t for t in projection.topics if t.startswith("user.")]  # never reads registrations
    text = repr(all_rows(db, engaged)).lower()
    assert not [n for n in NAMES if n in text or f"{n}@example.com" in text]
    columns = " ".join(s.as_string() for s in projection.create_tables(engaged)).lower()
    assert "username" not in columns and "email" not in columns
