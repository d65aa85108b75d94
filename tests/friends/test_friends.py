"""The friends read model and GET /v1/friends on real PostgreSQL: friends and pending requests both ways,
friendships made before consent existed, idempotence, and a rebuild equal to the incremental model."""

from __future__ import annotations

import uuid
from uuid import UUID

import psycopg
from fastapi.testclient import TestClient
from psycopg import sql

from aggregates.social.friendship import Friendship
from event_store.application import EventStore
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.friends.projection import FriendsProjection
from projections.runtime import ReadModels, rebuild
from services.friends import FriendService
from tests.gamification.support import Desk
from tests.projections.support import catch_up
from tests.query_api.support import bearer
from tests.support import SteppingClock, conninfo


def ctx(user: UUID) -> CommandContext:
    return CommandContext(actor=str(user))


def request(friends: FriendService, user: UUID, other: UUID) -> UUID:
    return UUID(friends.request_friend(user, other, ctx(user)).body["request_id"])


def society(desk: Desk, friends: FriendService, clock: SteppingClock) -> dict[str, UUID]:
    """alice–bob friends; carol asked alice (pending); alice asked dave (pending); erin declined alice;
    frank and alice were friends until frank unfriended her."""
    u = {name: desk.trader(name) for name in ("alice", "bob", "carol", "dave", "erin", "frank")}
    friends.accept(u["bob"], request(friends, u["alice"], u["bob"]), ctx(u["bob"]))
    clock.advance(minutes=1)
    u["carol_request"] = request(friends, u["carol"], u["alice"])
    u["dave_request"] = request(friends, u["alice"], u["dave"])
    friends.decline(u["erin"], request(friends, u["alice"], u["erin"]), ctx(u["erin"]))
    friends.accept(u["frank"], request(friends, u["alice"], u["frank"]), ctx(u["frank"]))
    friends.unfriend(u["frank"], u["alice"], ctx(u["frank"]))
    return u


def read(client: TestClient, user: UUID, position: int) -> dict:
    response = client.get("/v1/friends", params={"min_position": position}, headers=bearer(user, "trader"))
    assert response.status_code == 200, response.text
    return response.json()


def dump(read_models: ReadModels) -> dict[str, list[tuple]]:
    tables = read_models.tables_for(FriendsProjection)
    with read_models.connect() as conn:
        return {
            name: conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1").format(tables[name])).fetchall()
            for name in FriendsProjection.tables
        }


def test_each_user_sees_their_friends_and_pending_requests_both_ways(
    store: EventStore,
    desk: Desk,
    friends: FriendService,
    clock: SteppingClock,
    read_models: ReadModels,
    es_env: dict[str, str],
    client: TestClient,
) -> None:
    # Given the society above, followed by the friends worker
    u = society(desk, friends, clock)
    last = EventLog(store).last_position()
    catch_up(read_models, es_env, last, FriendsProjection())
    # When alice reads her list
    mine = read(client, u["alice"], last)
    # Then bob is her friend (frank no longer, erin never), carol's request is incoming, hers to dave outgoing
    assert [f["user_id"] for f in mine["friends"]] == [str(u["bob"])]
    assert [(r["request_id"], r["user_id"]) for r in mine["incoming"]] == [(str(u["carol_request"]), str(u["carol"]))]
    assert [(r["request_id"], r["user_id"]) for r in mine["outgoing"]] == [(str(u["dave_request"]), str(u["dave"]))]
    assert mine["as_of_position"] >= last
    # And each of the others sees only their own side
    assert [f["user_id"] for f in read(client, u["bob"], last)["friends"]] == [str(u["alice"])]
    carol = read(client, u["carol"], last)
    assert (carol["friends"], carol["incoming"], [r["user_id"] for r in carol["outgoing"]]) == (
        [],
        [],
        [str(u["alice"])],
    )
    assert read(client, u["frank"], last)["friends"] == read(client, u["erin"], last)["outgoing"] == []


def test_a_friendship_added_before_requests_existed_is_still_a_friendship(
    store: EventStore, desk: Desk, read_models: ReadModels, es_env: dict[str, str], client: TestClient
) -> None:
    # Given a friendship recorded the pre-v1.1 way: one Friendship.Added, no request at all
    alice, bob = desk.trader("alice"), desk.trader("bob")
    store.save(Friendship.add(alice, bob))
    last = EventLog(store).last_position()
    # When the friends model follows the log
    catch_up(read_models, es_env, last, FriendsProjection())
    # Then both list the other as a friend
    assert [f["user_id"] for f in read(client, bob, last)["friends"]] == [str(alice)]
    assert [f["user_id"] for f in read(client, alice, last)["friends"]] == [str(bob)]


def test_a_rebuild_equals_the_incremental_model(
    store: EventStore,
    desk: Desk,
    friends: FriendService,
    clock: SteppingClock,
    read_models: ReadModels,
    es_env: dict[str, str],
) -> None:
    # Given the society, followed by the live worker, then alice accepting carol's request, followed too
    u = society(desk, friends, clock)
    catch_up(read_models, es_env, EventLog(store).last_position(), FriendsProjection())
    friends.accept(u["alice"], u["carol_request"], ctx(u["alice"]))
    friends.accept(u["frank"], request(friends, u["alice"], u["frank"]), ctx(u["frank"]))  # friends again
    catch_up(read_models, es_env, EventLog(store).last_position(), FriendsProjection())
    incremental = dump(read_models)
    # When rebuilt from position 0 and swapped in
    rebuild(FriendsProjection(), read_models, es_env)
    # Then every row is identical
    assert dump(read_models) == incremental


def test_nothing_changes_when_the_same_events_are_applied_twice(
    store: EventStore,
    desk: Desk,
    friends: FriendService,
    clock: SteppingClock,
    read_models: ReadModels,
    es_env: dict[str, str],
) -> None:
    society(desk, friends, clock)
    last = EventLog(store).last_position()
    catch_up(read_models, es_env, last, FriendsProjection())
    before = dump(read_models)
    tables = read_models.tables_for(FriendsProjection)
    with psycopg.connect(conninfo(store.env)) as conn, conn.cursor() as cur:
        for event in EventLog(store).read(0, last, 10_000, FriendsProjection.topics):
            FriendsProjection().apply(cur, tables, event)
    assert dump(read_models) == before


def test_401_without_a_token_and_an_empty_list_for_a_newcomer(client: TestClient) -> None:
    assert client.get("/v1/friends").status_code == 401
    body = client.get("/v1/friends", headers=bearer(uuid.uuid4(), "trader")).json()
    assert (body["friends"], body["incoming"], body["outgoing"]) == ([], [], [])
