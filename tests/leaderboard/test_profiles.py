"""Profiles and clans, through the query API over the real read models."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from projections.profiles.projection import ProfilesProjection
from projections.runtime import rebuild
from projections.runtime.config import ReadModels
from tests.leaderboard.support import World, bearer, dump, rows

MONDAY = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def leveled_trader(world: World) -> UUID:
    """alice closes twice at a ≥ 40 % return on margin (10x): 10 + 40 + 5 streak, then 10 + 40 = 105 XP."""
    alice = world.at(MONDAY).register("alice")
    world.trade(alice, "100", "110", leverage=10)
    world.trade(alice, "100", "110", leverage=10)
    return alice


def test_a_profile_shows_xp_level_streak_achievements_and_clan(world: World, client: TestClient):
    alice = leveled_trader(world)
    wolves = world.found(alice, "wolves")
    position = world.settle()
    reply = client.get(f"/v1/profiles/{alice}", params={"min_position": position}, headers=bearer(uuid4()))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["username"], body["xp"], body["level"], body["next_level_xp"], body["streak"]) == (
        "alice",
        105,
        2,
        300,
        1,
    )
    assert [a["name"] for a in body["achievements"]] == ["first_trade", "first_profit", "clan_founder"]
    assert body["clan"]["clan_id"] == str(wolves) and body["clan"]["name"] == "wolves"
    assert body["as_of_position"] >= position
    # every achievement minted its badge NFT to its earner
    assert sorted(n["achievement"] for n in body["nfts"]) == ["clan_founder", "first_profit", "first_trade"]
    assert {n["kind"] for n in body["nfts"]} == {"badge"} and all(n["price"] is None for n in body["nfts"])


def test_a_profile_says_which_xp_rules_apply_and_how_many_closes_did_not_count(world: World, client: TestClient):
    # Given alice closed once fairly, twice within seconds and once below the XP minimum notional
    alice = world.at(MONDAY).register("alice")
    world.trade(alice, "100", "110", quantity="2")
    world.trade(alice, "100", "110", quantity="2", hold_seconds=5)
    world.trade(alice, "100", "101", quantity="2", hold_seconds=1)
    world.trade(alice, "100", "110", quantity="0.5")  # 50.00 notional
    position = world.settle()
    # When anyone reads her profile
    body = client.get(f"/v1/profiles/{alice}", params={"min_position": position}, headers=bearer(uuid4())).json()
    # Then it says what a close needs and why three of hers earned nothing
    assert (body["xp_rules"]["min_notional"], body["xp_rules"]["min_hold_seconds"]) == ("100.00", 60)
    assert set(body["xp_rules"]["flags"]) == {"instant_close", "below_minimum", "mirror_trade", "bot"}
    assert body["uncounted_closes"] == {"instant_close": 2, "below_minimum": 1, "mirror_trade": 0, "bot": 0}
    assert body["xp"] == 10 + 9 + 5  # only the fair close: base, 9.79 % return on margin, streak day 1


def test_me_is_the_caller_and_an_unknown_user_is_404(world: World, client: TestClient):
    alice = world.at(MONDAY).register("alice")
    world.settle()
    assert client.get("/v1/profiles/me", headers=bearer(alice)).json()["username"] == "alice"
    missing = client.get(f"/v1/profiles/{uuid4()}", headers=bearer(alice))
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert client.get(f"/v1/profiles/{alice}").status_code == 401


def test_a_streak_reads_zero_once_a_utc_day_was_missed(world: World, client: TestClient):
    alice = world.at(MONDAY).register("alice")
    world.trade(alice, "100", "101")
    world.settle()
    assert client.get(f"/v1/profiles/{alice}", headers=bearer(alice)).json()["streak"] == 1
    world.clock.set(datetime(2026, 1, 6, 23, 0, tzinfo=UTC))  # Tuesday: the streak still stands
    assert client.get(f"/v1/profiles/{alice}", headers=bearer(alice)).json()["streak"] == 1
    world.clock.set(datetime(2026, 1, 7, 0, 30, tzinfo=UTC))  # Wednesday, no close on Tuesday: broken
    assert client.get(f"/v1/profiles/{alice}", headers=bearer(alice)).json()["streak"] == 0


def test_an_erased_user_reads_erased_user_and_no_copy_of_the_name_remains(
    world: World, client: TestClient, read_models: ReadModels
):
    alice = world.at(MONDAY).register("alice-secret-name")
    world.trade(alice, "100", "110")
    world.settle()
    world.erase(alice)
    position = world.settle()
    body = client.get(f"/v1/profiles/{alice}", params={"min_position": position}, headers=bearer(alice)).json()
    assert body["username"] == "erased-user"
    board = client.get("/v1/leaderboards/xp", headers=bearer(alice)).json()
    assert [e["username"] for e in board["entries"]] == ["erased-user"]
    # No table of the read models holds the name any more.
    found = rows(read_models, "SELECT count(*) FROM {s}.profiles p WHERE p::text LIKE %s", "%alice-secret-name%")
    assert found == [(0,)]


def test_a_clan_lists_its_members_and_totals(world: World, client: TestClient):
    alice = leveled_trader(world)
    bob = world.register("bob", "2000.00")
    world.trade(bob, "100", "90")
    carol = world.register("carol")
    wolves = world.found(alice, "wolves")
    world.join(bob, wolves)
    world.join(carol, wolves)
    world.leave(carol, wolves)
    position = world.settle()
    reply = client.get(f"/v1/clans/{wolves}", params={"min_position": position}, headers=bearer(carol))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["name"] == "wolves" and body["founder_id"] == str(alice)
    assert [(m["username"], m["xp"], m["realized_pnl"]) for m in body["members"]] == [
        ("alice", 105, "19.58"),
        ("bob", 15, "-10.19"),
    ]
    # 9.39 on 3000.00 deposited: 0.313 %
    assert body["totals"] == {"members": 2, "xp": 120, "realized_pnl": "9.39", "roi": "0.31"}
    assert client.get(f"/v1/clans/{uuid4()}", headers=bearer(carol)).status_code == 404


def test_a_profiles_rebuild_equals_the_incremental_model(world: World, read_models: ReadModels, es_env: dict[str, str]):
    alice = leveled_trader(world)
    bob = world.register("bob")
    wolves = world.found(bob, "wolves")
    world.join(alice, wolves)
    world.erase(bob)
    world.settle()
    incremental = dump(read_models, ProfilesProjection)
    rebuild(ProfilesProjection(), read_models, es_env)  # opens it: names are sealed, the keys are needed
    assert dump(read_models, ProfilesProjection) == incremental
