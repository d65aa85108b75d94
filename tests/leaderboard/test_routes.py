"""GET /v1/leaderboards/* over the real query API: pages, cursors, filters, standings, refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from aggregates.money import Side
from projections.leaderboard.projection import LeaderboardProjection
from projections.profiles.projection import ProfilesProjection
from tests.hostile.cursors import b64, fields_of, mutations
from tests.leaderboard.support import Mirrored, World, bearer
from tests.leaderboard.test_projection import MONDAY, three_traders
from tests.projections.support import catch_up

PROBLEM = "application/problem+json"


def crowd(world: World, n: int = 7) -> list[UUID]:
    """``n`` traders, trader i closing +i (best last registered), and three of them in the same clan."""
    world.at(MONDAY)
    users = [world.register(f"trader{i}") for i in range(n)]
    for i, user in enumerate(users):
        world.trade(user, "100", str(100 + i + 1))
    return users


@pytest.mark.parametrize("source", ["postgres", "redis"])
def test_pages_walk_the_whole_board_without_gaps_or_repeats(
    world: World, client: TestClient, mirror: Mirrored, source: str
):
    users = crowd(world)
    position = world.settle()
    if source == "redis":
        mirror.sync()
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, "min_position": position, **({"cursor": cursor} if cursor else {})}
        body = client.get("/v1/leaderboards/realized_pnl", params=params, headers=bearer(users[0])).json()
        assert body["source"] == (source if pages == 0 else "postgres")  # cursor pages come from PostgreSQL
        seen += [(e["rank"], e["username"]) for e in body["entries"]]
        pages, cursor = pages + 1, body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == [(rank, f"trader{6 - rank + 1}") for rank in range(1, 8)]


def test_a_clan_board_ranks_only_its_members(world: World, client: TestClient):
    users = crowd(world)
    clan = world.found(users[1], "odd")
    for user in (users[3], users[5]):
        world.join(user, clan)
    position = world.settle()
    body = client.get(
        "/v1/leaderboards/xp",
        params={"clan_id": str(clan), "window": "week", "min_position": position},
        headers=bearer(users[0]),
    ).json()
    assert [e["username"] for e in body["entries"]] == ["trader5", "trader3", "trader1"]
    assert [e["rank"] for e in body["entries"]] == [1, 2, 3]
    assert body["clan_id"] == str(clan) and body["bucket"] == "2026-W02"


def test_a_standing_shows_rank_value_and_neighbours(world: World, client: TestClient):
    users = crowd(world)
    position = world.settle()
    body = client.get(
        f"/v1/leaderboards/realized_pnl/users/{users[3]}",
        params={"neighbours": 1, "window": "day", "min_position": position},
        headers=bearer(users[0]),
    ).json()
    assert (body["rank"], body["value"], body["username"], body["bucket"]) == (4, "3.79", "trader3", "2026-01-05")
    assert [(e["rank"], e["username"]) for e in body["neighbours"]] == [(3, "trader4"), (4, "trader3"), (5, "trader2")]


def test_an_unranked_user_has_no_rank_and_an_unknown_user_is_404(world: World, client: TestClient):
    users = crowd(world, 2)
    idle = world.register("idle")
    world.settle()
    body = client.get(f"/v1/leaderboards/roi/users/{idle}", headers=bearer(idle)).json()
    assert (body["rank"], body["value"], body["neighbours"], body["username"]) == (None, None, [], "idle")
    missing = client.get(f"/v1/leaderboards/roi/users/{uuid4()}", headers=bearer(users[0]))
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM


def test_yesterdays_board_is_not_todays(world: World, client: TestClient):
    alice, _, _ = three_traders(world)
    world.settle()
    world.clock.set(datetime(2026, 1, 6, 8, 0, tzinfo=UTC))
    day = client.get("/v1/leaderboards/xp", params={"window": "day"}, headers=bearer(alice)).json()
    week = client.get("/v1/leaderboards/xp", params={"window": "week"}, headers=bearer(alice)).json()
    assert (day["bucket"], day["entries"]) == ("2026-01-06", [])
    assert len(week["entries"]) == 3


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/leaderboards/karma", {}),
        ("/v1/leaderboards/xp", {"window": "month"}),
        ("/v1/leaderboards/xp", {"limit": 101}),
        ("/v1/leaderboards/xp", {"limit": 0}),
        ("/v1/leaderboards/xp", {"clan_id": "not-a-uuid"}),
        ("/v1/leaderboards/xp", {"cursor": "bm90LWEtY3Vyc29y"}),
        ("/v1/leaderboards/xp", {"min_position": -1}),
        ("/v1/leaderboards/xp", {"surprise": 1}),
        ("/v1/leaderboards/xp/users/42", {}),
        ("/v1/leaderboards/xp/users/" + str(UUID(int=1)), {"neighbours": 11}),
    ],
)
def test_invalid_values_are_refused_with_a_422_problem(client: TestClient, path: str, params: dict):
    reply = client.get(path, params=params, headers=bearer(uuid4()))
    assert reply.status_code == 422, reply.text
    assert reply.headers["content-type"] == PROBLEM and reply.json()["type"] == "validation_error"


def test_a_cursor_of_another_board_is_refused(world: World, client: TestClient):
    users = crowd(world, 3)
    world.settle()
    cursor = client.get("/v1/leaderboards/xp", params={"limit": 1}, headers=bearer(users[0])).json()["next_cursor"]
    reply = client.get("/v1/leaderboards/roi", params={"cursor": cursor}, headers=bearer(users[0]))
    assert reply.status_code == 422 and "cursor" in reply.json()["detail"]


def test_reads_need_a_token_and_wait_for_min_position(world: World, client: TestClient):
    alice = world.at(MONDAY).register("alice")
    position = world.settle()
    assert client.get("/v1/leaderboards/xp").status_code == 401
    lagging = client.get("/v1/leaderboards/xp", params={"min_position": position + 10**9}, headers=bearer(alice))
    assert lagging.status_code == 503 and lagging.headers["Retry-After"] == "1"
    assert lagging.json()["type"] == "projection_lagging"


def test_values_are_decimal_strings_for_every_metric(world: World, client: TestClient):
    alice, _, carol = three_traders(world)
    world.trade(carol, "100", "90", side=Side.SHORT)
    world.settle()
    for metric, top in (("xp", "38"), ("realized_pnl", "19.42"), ("roi", "3.88")):
        entry = client.get(f"/v1/leaderboards/{metric}", headers=bearer(alice)).json()["entries"][0]
        assert entry["value"] == top and entry["username"] == "carol", metric


def test_min_position_of_a_close_waits_for_its_verdict_then_shows_its_xp_and_rank(
    world: World, client: TestClient, read_models, es_env
):
    # Given alice's close is in the log, but the progression policy has not judged it yet
    alice = world.at(MONDAY).register("alice")
    world.trade(alice, "100", "110")
    closed = world.log.last_position()
    catch_up(read_models, es_env, closed, LeaderboardProjection(), ProfilesProjection())
    # Then a read at the close's position waits, bounded, and says what it waits for
    lagging = client.get("/v1/leaderboards/xp", params={"min_position": closed}, headers=bearer(alice))
    assert lagging.status_code == 503 and lagging.json()["projection"] == "progression"
    # When the policy reacts (and the read models follow), the same read shows the XP, the P&L and the rank
    world.settle()
    for metric, value in (("xp", "24"), ("realized_pnl", "9.79")):
        body = client.get(
            f"/v1/leaderboards/{metric}/users/{alice}", params={"min_position": closed}, headers=bearer(alice)
        ).json()
        assert (body["rank"], body["value"]) == (1, value)
    profile = client.get(f"/v1/profiles/{alice}", params={"min_position": closed}, headers=bearer(alice)).json()
    assert (profile["xp"], [a["name"] for a in profile["achievements"]]) == (24, ["first_trade", "first_profit"])


def test_every_hostile_cursor_is_refused_with_a_422_problem_never_a_500(world: World, client: TestClient):
    # Given a cursor the API issued for the XP board
    users = crowd(world, 3)
    world.settle()
    real = client.get("/v1/leaderboards/xp", params={"limit": 1}, headers=bearer(users[0])).json()["next_cursor"]
    # When a client sends it back with each field swapped for a hostile value (v=1E+999999 answered 500)
    replies = [
        client.get("/v1/leaderboards/xp", params={"limit": 1, "cursor": cursor}, headers=bearer(users[0]))
        for cursor in mutations(real)
    ]
    huge = client.get(
        "/v1/leaderboards/xp",
        headers=bearer(users[0]),
        params={"cursor": b64(json.dumps(fields_of(real) | {"v": "1E+999999"}).encode())},
    )
    # Then every one is a 422 problem, or (the few swaps that still name a real entry) a page
    assert {r.status_code for r in replies} <= {200, 422}
    assert all(r.json()["type"] == "validation_error" for r in replies if r.status_code == 422)
    assert huge.status_code == 422 and "cursor" in huge.json()["detail"]
