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


def ask(client: TestClient, actor: Actor, friend: Actor):
    return client.post("/v1/friends", json={"user_id": friend.user_id}, headers=actor.headers)


def answer(client: TestClient, actor: Actor, request_id: str, verb: str = "accept"):
    return client.post(f"/v1/friends/requests/{request_id}/{verb}", headers=actor.headers)


def befriend(client: TestClient, actor: Actor, friend: Actor):
    """The v1.1 way: ``actor`` asks, ``friend`` accepts."""
    request_id = ask(client, actor, friend).json()["request_id"]
    return answer(client, friend, request_id)


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
        clan_id,
        bob.user_id,
        2,
    )


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


def test_201_pending_when_asking_a_user_to_be_friends(
    client: TestClient, store: EventStore, alice: Actor, bob: Actor
) -> None:
    response = ask(client, alice, bob)

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["requester_id"], body["addressee_id"], body["status"]) == (alice.user_id, bob.user_id, "pending")
    assert body["request_id"] and body["position"] == head(store)


def test_not_friends_until_the_addressee_accepts(client: TestClient, alice: Actor, bob: Actor) -> None:
    # Given alice asked bob, who has not answered
    request_id = ask(client, alice, bob).json()["request_id"]
    # Then a challenge between them is refused
    assert_problem(challenge(client, alice, bob), 409, "not_friends")
    # When bob accepts
    accepted = answer(client, bob, request_id)
    # Then they are friends, and a challenge is offered
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted"), accepted.text
    assert challenge(client, alice, bob).status_code == 201


def test_declined_leaves_them_strangers_and_the_pair_may_ask_again(
    client: TestClient, alice: Actor, bob: Actor
) -> None:
    request_id = ask(client, alice, bob).json()["request_id"]

    declined = answer(client, bob, request_id, "decline")

    assert (declined.status_code, declined.json()["status"]) == (200, "declined"), declined.text
    assert_problem(challenge(client, alice, bob), 409, "not_friends")
    again = ask(client, bob, alice)
    assert (again.status_code, again.json()["status"], again.json()["requester_id"]) == (201, "pending", bob.user_id)


@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_403_for_the_requester_and_404_for_anyone_else_when_answering(
    client: TestClient, alice: Actor, bob: Actor, verb: str
) -> None:
    request_id = ask(client, alice, bob).json()["request_id"]
    carol = make_trader(client, "carol")

    assert_problem(answer(client, alice, request_id, verb), 403, "not_request_addressee")
    assert_problem(answer(client, carol, request_id, verb), 404, "not_found")
    assert_problem(answer(client, bob, str(uuid4()), verb), 404, "not_found")
    assert_problem(answer(client, bob, alice.user_id, verb), 404, "not_found")  # an id of another kind


@pytest.mark.parametrize(("first", "then"), [("accept", "accept"), ("accept", "decline"), ("decline", "accept")])
def test_409_friend_request_not_pending_when_answered_twice(
    client: TestClient, alice: Actor, bob: Actor, first: str, then: str
) -> None:
    request_id = ask(client, alice, bob).json()["request_id"]
    answer(client, bob, request_id, first)

    assert_problem(answer(client, bob, request_id, then), 409, "friend_request_not_pending")


def test_409_friend_request_pending_when_either_asks_again(client: TestClient, alice: Actor, bob: Actor) -> None:
    ask(client, alice, bob)

    assert_problem(ask(client, alice, bob), 409, "friend_request_pending")
    assert_problem(ask(client, bob, alice), 409, "friend_request_pending")


def test_409_already_friends_when_either_asks_the_other_again(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)

    assert_problem(ask(client, alice, bob), 409, "already_friends")
    assert_problem(ask(client, bob, alice), 409, "already_friends")


def test_unfriending_ends_the_friendship_for_both(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)

    response = client.delete(f"/v1/friends/{alice.user_id}", headers=bob.headers)

    assert (response.status_code, response.json()["status"]) == (200, "unfriended"), response.text
    assert_problem(challenge(client, alice, bob), 409, "not_friends")
    assert_problem(client.delete(f"/v1/friends/{bob.user_id}", headers=alice.headers), 404, "not_found")


def test_friends_again_when_a_new_request_is_accepted_after_unfriending(
    client: TestClient, alice: Actor, bob: Actor
) -> None:
    befriend(client, alice, bob)
    client.delete(f"/v1/friends/{bob.user_id}", headers=alice.headers)

    assert befriend(client, bob, alice).status_code == 200

    assert challenge(client, bob, alice).status_code == 201


def test_404_when_unfriending_a_stranger_yourself_or_an_unknown_user(
    client: TestClient, alice: Actor, bob: Actor
) -> None:
    for user_id in (bob.user_id, alice.user_id, str(uuid4())):
        assert_problem(client.delete(f"/v1/friends/{user_id}", headers=alice.headers), 404, "not_found")
    assert_problem(client.delete("/v1/friends/not-a-uuid", headers=alice.headers), 422, "validation_error")


def test_422_when_befriending_yourself(client: TestClient, alice: Actor) -> None:
    assert_problem(ask(client, alice, alice), 422, "cannot_befriend_yourself")


def test_404_when_the_friend_does_not_exist(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/friends", json={"user_id": str(uuid4())}, headers=alice.headers)

    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("user_id", ["not-a-uuid", 12, None, ""])
def test_422_when_the_friend_id_is_malformed(client: TestClient, alice: Actor, user_id: object) -> None:
    assert_problem(
        client.post("/v1/friends", json={"user_id": user_id}, headers=alice.headers), 422, "validation_error"
    )


def test_first_answer_is_replayed_when_the_idempotency_key_is_reused(
    client: TestClient, alice: Actor, bob: Actor
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
        alice.user_id,
        bob.user_id,
        48,
        "offered",
    )
    assert body["starts_at"] is None


@pytest.mark.parametrize("hours", [0, 169, -1, "24", 24.5, True, None])
def test_422_when_hours_are_not_an_integer_from_1_to_168(
    client: TestClient, alice: Actor, bob: Actor, hours: object
) -> None:
    befriend(client, alice, bob)

    assert_problem(challenge(client, alice, bob, hours), 422, "validation_error")


def test_404_when_the_opponent_does_not_exist(client: TestClient, alice: Actor) -> None:
    response = client.post("/v1/challenges", json={"opponent_id": str(uuid4()), "hours": 1}, headers=alice.headers)

    assert_problem(response, 404, "not_found")


def test_422_when_challenging_yourself(client: TestClient, alice: Actor) -> None:
    assert_problem(challenge(client, alice, alice), 422, "cannot_challenge_yourself")


def test_window_starts_now_when_the_opponent_accepts(
    client: TestClient, clock: SteppingClock, alice: Actor, bob: Actor
) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob, 24).json()["challenge_id"]

    response = client.post(f"/v1/challenges/{challenge_id}/accept", headers=bob.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["starts_at"], body["ends_at"]) == (
        "accepted",
        "2026-01-05T12:00:00+00:00",
        "2026-01-06T12:00:00+00:00",
    )
    assert clock().isoformat() == body["starts_at"]


def test_403_when_the_challenger_accepts_and_404_for_anyone_else(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob).json()["challenge_id"]
    carol = make_trader(client, "carol")

    assert_problem(
        client.post(f"/v1/challenges/{challenge_id}/accept", headers=alice.headers), 403, "not_challenge_opponent"
    )
    assert_problem(client.post(f"/v1/challenges/{challenge_id}/accept", headers=carol.headers), 404, "not_found")
    assert_problem(client.post(f"/v1/challenges/{uuid4()}/accept", headers=bob.headers), 404, "not_found")


def test_409_challenge_not_open_when_accepting_twice(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob).json()["challenge_id"]
    client.post(f"/v1/challenges/{challenge_id}/accept", headers=bob.headers)

    response = client.post(f"/v1/challenges/{challenge_id}/accept", headers=bob.headers)

    assert_problem(response, 409, "challenge_not_open")


def test_declining_an_offer_closes_it(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob).json()["challenge_id"]

    response = client.post(f"/v1/challenges/{challenge_id}/decline", headers=bob.headers)

    assert (response.status_code, response.json()["status"]) == (200, "declined"), response.text
    assert_problem(client.post(f"/v1/challenges/{challenge_id}/accept", headers=bob.headers), 409, "challenge_not_open")
    assert_problem(
        client.post(f"/v1/challenges/{challenge_id}/decline", headers=bob.headers), 409, "challenge_not_open"
    )


def test_403_when_the_challenger_declines_and_404_for_anyone_else(client: TestClient, alice: Actor, bob: Actor) -> None:
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob).json()["challenge_id"]
    carol = make_trader(client, "carol")

    assert_problem(
        client.post(f"/v1/challenges/{challenge_id}/decline", headers=alice.headers), 403, "not_challenge_opponent"
    )
    assert_problem(client.post(f"/v1/challenges/{challenge_id}/decline", headers=carol.headers), 404, "not_found")
    assert_problem(client.post(f"/v1/challenges/{uuid4()}/decline", headers=bob.headers), 404, "not_found")


def test_409_when_answering_an_offer_older_than_24_hours(
    client: TestClient, clock: SteppingClock, alice: Actor, bob: Actor
) -> None:
    # Given an offer 24 h old whose expiry job has not run yet
    befriend(client, alice, bob)
    challenge_id = challenge(client, alice, bob).json()["challenge_id"]
    clock.advance(hours=24)
    # Then it can no longer be accepted nor declined
    for verb in ("accept", "decline"):
        assert_problem(
            client.post(f"/v1/challenges/{challenge_id}/{verb}", headers=bob.headers), 409, "challenge_not_open"
        )
