"""Clans, friends and challenges over HTTP: every status and problem type api.md names."""

from __future__ import annotations

from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from event_store.application import EventStore
from tests.api.support import Actor, assert_problem, head, make_trader
from tests.support import SteppingClock


def found(client: TestClient, actor: Actor, name: str = "Moon Cats"):
    return client.post("/v1/clans", json={"name": name}, headers=actor.headers)


def befriend(client: TestClient, actor: Actor, friend: Actor):
    return client.post("/v1/friends", json={"user_id": friend.user_id}, headers=actor.headers)


def challenge(client: TestClient, actor: Actor, opponent: Actor, hours: object = 24):
    return client.post("/v1/challenges", json={"opponent_id": opponent.user_id, "hours": hours}, headers=actor.headers)


# --- clans ------------------------------------------------------------------------------------


def test_201_with_clan_id_when_founding_a_clan(client: TestClient, store: EventStore, alice: Actor) -> None:
    response = found(client, alice)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "Moon Cats" and body["clan_id"]
    assert body["position"] == head(store)


def test_409_clan_name_taken_when_the_name_differs_only_by_case(client: TestClient, alice: Actor, bob: Actor) -> None:
    found(client, alice, "Moon Cats")

    assert_problem(found(client, bob, "MOON CATS"), 409, "clan_name_taken")


def test_409_already_member_when_founding_while_in_a_clan(client: TestClient, alice: Actor) -> None:
    found(client, alice, "Moon Cats")

    assert_problem(found(client, alice, "Sun Dogs"), 409, "already_member")


def test_200_with_members_when_joining_a_clan(client: TestClient, alice: Actor, bob: Actor) -> None:
    clan_id = found(client, alice).json()["clan_id"]

    response = client.post(f"/v1/clans/{clan_id}/members", headers=bob.headers)

    assert response.status_code == 200, response.text
    assert (response.json()["clan_id"], response.json()["user_id"], response.json()["members"]) == (
        clan_id, bob.user_id, 2)


def test_409_already_member_when_joining_a_second_clan(client: TestClient, alice: Actor, bob: Actor) -> None:
    first = found(client, alice, "Moon Cats").json()["clan_id"]
    client.post(f"/v1/clans/{first}/members", headers=bob.headers)
    second = found(client, make_trader(client, "carol"), "Sun Dogs").json()["clan_id"]

    assert_problem(client.post(f"/v1/clans/{second}/members", headers=bob.headers), 409, "already_member")
    assert_problem(client.post(f"/v1/clans/{first}/members", headers=bob.headers), 409, "already_member")


def test_409_not_member_when_leaving_twice(client: TestClient, alice: Actor) -> None:
    clan_id = found(client, alice).json()["clan_id"]

    left = client.delete(f"/v1/clans/{clan_id}/members/me", headers=alice.headers)

    assert left.status_code == 200, left.text
    assert left.json()["members"] == 0
    assert_problem(client.delete(f"/v1/clans/{clan_id}/members/me", headers=alice.headers), 409, "not_member")


def test_a_user_can_found_again_when_they_left_their_clan(client: TestClient, alice: Actor) -> None:
    clan_id = found(client, alice).json()["clan_id"]
    client.delete(f"/v1/clans/{clan_id}/members/me", headers=alice.headers)

    assert found(client, alice, "Sun Dogs").status_code == 201


def test_404_when_the_clan_does_not_exist(client: TestClient, alice: Actor, bob: Actor) -> None:
    assert_problem(client.post(f"/v1/clans/{uuid4()}/members", headers=alice.headers), 404, "not_found")
    # an id of another kind of aggregate is no clan either
    assert_problem(client.post(f"/v1/clans/{bob.user_id}/members", headers=alice.headers), 404, "not_found")
    assert_problem(client.delete(f"/v1/clans/{uuid4()}/members/me", headers=alice.headers), 404, "not_found")


@pytest.mark.parametrize("name", ["ab", "x" * 33, "Ｍoon Cats", " Moon", "Moon  Cats", "Moon\u200bCats", "x';--", 42])
def test_422_when_the_clan_name_is_not_plain(client: TestClient, alice: Actor, name: object) -> None:
    assert_problem(client.post("/v1/clans", json={"name": name}, headers=alice.headers), 422, "validation_error")


def test_422_when_the_body_has_unknown_fields(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/clans", json={"name": "Moon Cats", "founder_id": alice.user_id}, headers=alice.headers)

    assert_problem(response, 422, "validation_error")


def test_401_when_no_token_is_sent(client: TestClient) -> None:
    assert_problem(client.post("/v1/clans", json={"name": "Moon Cats"}), 401, "unauthorized")
    assert_problem(client.post("/v1/friends", json={"user_id": str(uuid4())}), 401, "unauthorized")
    assert_problem(client.post(f"/v1/challenges/{uuid4()}/accept"), 401, "unauthorized")


# --- friends ----------------------------------------------------------------------------------


def test_201_when_adding_a_friend(client: TestClient, store: EventStore, alice: Actor, bob: Actor) -> None:
    response = befriend(client, alice, bob)

    assert response.status_code == 201, response.text
    assert (response.json()["user_id"], response.json()["friend_id"]) == (alice.user_id, bob.user_id)
    assert response.json()["position"] == head(store)


def test_409_already_friends_when_either_adds_the_other_again(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)

    assert_problem(befriend(client, alice, bob), 409, "already_friends")
    assert_problem(befriend(client, bob, alice), 409, "already_friends")


def test_422_when_befriending_yourself(client: TestClient, alice: Actor) -> None:
    assert_problem(befriend(client, alice, alice), 422, "cannot_befriend_yourself")


def test_404_when_the_friend_does_not_exist(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/friends", json={"user_id": str(uuid4())}, headers=alice.headers)

    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("user_id", ["not-a-uuid", 12, None, ""])
def test_422_when_the_friend_id_is_malformed(client: TestClient, alice: Actor, user_id: object) -> None:
    assert_problem(client.post("/v1/friends", json={"user_id": user_id}, headers=alice.headers), 422,
                   "validation_error")


def test_first_answer_is_replayed_when_the_idempotency_key_is_reused(client: TestClient, alice: Actor, bob: Actor
                                                                      ) -> None:
    first = client.post("/v1/friends", json={"user_id": bob.user_id}, headers=alice.with_key("f-1"))
    again = client.post("/v1/friends", json={"user_id": bob.user_id}, headers=alice.with_key("f-1"))

    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["Idempotent-Replayed"] == "true"


# --- challenges -------------------------------------------------------------------------------


def test_409_not_friends_when_challenging_a_stranger(client: TestClient, alice: Actor, bob: Actor) -> None:
    assert_problem(challenge(client, alice, bob), 409, "not_friends")


def test_201_offered_when_challenging_a_friend(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, bob, alice)  # friendship is mutual: bob added alice

    response = challenge(client, alice, bob, 48)

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["challenger_id"], body["opponent_id"], body["hours"], body["status"]) == (
        alice.user_id, bob.user_id, 48, "offered")
    assert body["starts_at"] is None


@pytest.mark.parametrize("hours", [0, 169, -1, "24", 24.5, True, None])
def test_422_when_hours_are_not_an_integer_from_1_to_168(client: TestClient, alice: Actor, bob: Actor,
                                                         hours: object) -> None:
    befriend(client, alice, bob)

    assert_problem(challenge(client, alice, bob, hours), 422, "validation_error")


def test_404_when_the_opponent_does_not_exist(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/challenges", json={"opponent_id": str(uuid4()), "hours": 1}, headers=alice.headers)

    assert_problem(response, 404, "not_found")


def test_422_when_challenging_yourself(client: TestClient, alice: Actor) -> None:
    assert_problem(challenge(client, alice, alice), 422, "cannot_challenge_yourself")


def test_window_starts_now_when_the_opponent_accepts(client: TestClient, clock: SteppingClock, alice: Actor,
                                                     bob: Actor) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob, 24).json()["challenge_id"]

    response = client.post(f"/v1/challenges/{challenge_id}/accept", headers=bob.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["starts_at"], body["ends_at"]) == (
        "accepted", "2026-01-05T12:00:00+00:00", "2026-01-06T12:00:00+00:00")
    assert clock().isoformat() == body["starts_at"]


def test_403_when_the_challenger_accepts_and_404_for_anyone_else(client: TestClient, alice: Actor, bob: Actor
                                                                 ) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob).json()["challenge_id"]
    carol = make_trader(client, "carol")

    assert_problem(client.post(f"/v1/challenges/{challenge_id}/accept", headers=alice.headers), 403,
                   "not_challenge_opponent")
    assert_problem(client.post(f"/v1/challenges/{challenge_id}/accept", headers=carol.headers), 404, "not_found")
    assert_problem(client.post(f"/v1/challenges/{uuid4()}/accept", headers=bob.headers), 404, "not_found")


def test_409_challenge_not_open_when_accepting_twice(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob).json()["challenge_id"]
    client.post(f"/v1/challenges/{challenge_id}/accept", headers=bob.headers)

    response = client.post(f"/v1/challenges/{challenge_id}/accept", headers=bob.headers)

    assert_problem(response, 409, "challenge_not_open")
