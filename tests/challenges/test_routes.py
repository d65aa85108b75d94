"""GET /v1/challenges/{challenge_id} over HTTP through the real query API: who may read it, the figures,
read-your-writes, and every refusal as a problem document."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from projections.challenges.projection import ChallengesProjection
from projections.policies.challenges import ChallengeScoringPolicy
from projections.runtime import ProjectionWorker, ReadModels
from tests.challenges.support import Arena
from tests.challenges.test_projection import played
from tests.projections.conftest import FAST, running
from tests.query_api.support import bearer

PROBLEM = "application/problem+json"


def get(client: TestClient, challenge_id: UUID | str, *roles: str, as_user: UUID | None = None, **params: Any):
    return client.get(f"/v1/challenges/{challenge_id}", params=params, headers=bearer(as_user or uuid.uuid4(), *roles))


def test_both_users_read_the_decided_challenge_with_each_sides_pnl_and_the_winner(arena: Arena, client: TestClient):
    # Given alice won a decided challenge against bob, +8.99 to −11.01
    alice, bob, challenge_id = played(arena)
    position = arena.settle()
    # When each of the two reads it
    for user in (alice, bob):
        response = get(client, challenge_id, as_user=user, min_position=position)
        # Then both see the same exact figures
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["challenge_id"], body["status"], body["hours"], body["currency"]) == (
            str(challenge_id),
            "decided",
            1,
            "USD",
        )
        assert body["challenger"] == {"user_id": str(alice), "realized_pnl": "8.99", "closes": 1}
        assert body["opponent"] == {"user_id": str(bob), "realized_pnl": "-11.01", "closes": 1}
        assert body["winner_id"] == str(alice) and body["decided_at"] is not None
        assert set(body["window"]) == {"starts_at", "ends_at"}
        assert body["as_of_position"] >= position


def test_the_opponent_reads_an_offer_with_no_window_yet(arena: Arena, client: TestClient):
    alice, bob = arena.friends()
    challenge_id, position = arena.offer(alice, bob, hours=24)
    arena.settle()
    body = get(client, challenge_id, as_user=bob, min_position=position).json()
    assert (body["status"], body["hours"], body["window"], body["winner_id"]) == ("offered", 24, None, None)
    assert body["challenger"]["realized_pnl"] == body["opponent"]["realized_pnl"] == "0.00"


@pytest.mark.parametrize(
    "roles",
    [("trader",), ("trader", "analyst"), ("trader", "admin"), ("trader", "price_feed"), ("trader", "compliance")],
)
def test_a_third_user_gets_the_same_404_as_for_an_unknown_id(arena: Arena, client: TestClient, roles):
    # Given a challenge between alice and bob, and carol, who is neither
    alice, bob = arena.friends()
    challenge_id, _ = arena.offer(alice, bob)
    arena.settle()
    carol = arena.desk.trader("carol")
    # When carol asks for it, and for an id that does not exist
    refused = get(client, challenge_id, *roles, as_user=carol)
    unknown = get(client, uuid.uuid4(), *roles, as_user=carol)
    # Then both answers are the same 404: whether the challenge exists is not carol's to learn
    for response in (refused, unknown):
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"] == "not_found"
    assert refused.json().keys() == unknown.json().keys()


@pytest.mark.parametrize("challenge_id", ["abc", "123", "me", str(uuid.uuid4())[:-1]])
def test_validation_error_when_the_id_is_malformed(client: TestClient, challenge_id: str):
    response = get(client, challenge_id)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM and response.json()["type"] == "validation_error"


def test_unauthorized_without_a_token(client: TestClient):
    response = client.get(f"/v1/challenges/{uuid.uuid4()}")
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM


def test_the_read_waits_for_the_position_a_command_answered(
    arena: Arena, client: TestClient, read_models: ReadModels, es_env: dict[str, str]
):
    # Given an offer already read, then bob accepts while the workers run
    alice, bob = arena.friends()
    challenge_id, _ = arena.offer(alice, bob)
    arena.settle()
    position = arena.accept(bob, challenge_id)
    with (
        running(ProjectionWorker(ChallengeScoringPolicy(), read_models, es_env, FAST)),
        running(ProjectionWorker(ChallengesProjection(), read_models, es_env, FAST)),
    ):
        # When bob reads with the accept's position
        response = get(client, challenge_id, as_user=bob, min_position=position)
    # Then the answer already includes the acceptance
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "accepted" and response.json()["as_of_position"] >= position


def test_projection_lagging_when_min_position_is_not_reached_in_time(arena: Arena, client: TestClient):
    alice, bob = arena.friends()
    challenge_id, _ = arena.offer(alice, bob)
    arena.settle()
    response = get(client, challenge_id, as_user=alice, min_position=2**62)  # beyond any position: (xid << 20) + i
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.json()["type"] == "projection_lagging"


def mine(client: TestClient, user: UUID, position: int, **params: Any):
    return client.get("/v1/challenges", params={"min_position": position, **params}, headers=bearer(user, "trader"))


def test_each_user_lists_their_own_challenges_newest_first_filtered_by_status(arena: Arena, client: TestClient):
    # Given alice offered bob three challenges: one declined, one expired unanswered, one still open;
    # and carol challenged dave
    alice, bob = arena.friends()
    declined, _ = arena.offer(alice, bob)
    arena.challenges.decline_challenge(bob, declined, arena.context(bob))
    expired, _ = arena.offer(alice, bob)
    arena.clock.advance(hours=24)
    arena.challenges.expire_offer(expired, arena.context(None))
    still_open, _ = arena.offer(alice, bob)
    carol, dave = arena.friends("carol", "dave")
    arena.offer(carol, dave)
    position = arena.settle()
    # When each of the two lists theirs, with and without a status
    for user in (alice, bob):
        listed = mine(client, user, position).json()["challenges"]
        # Then both see the same three, newest offer first, with their statuses
        assert [(c["challenge_id"], c["status"]) for c in listed] == [
            (str(still_open), "offered"),
            (str(expired), "expired"),
            (str(declined), "declined"),
        ]
    assert [c["challenge_id"] for c in mine(client, bob, position, status="declined").json()["challenges"]] == [
        str(declined)
    ]
    assert [
        c["challenge_id"] for c in mine(client, alice, position, status="offered", limit=1).json()["challenges"]
    ] == [str(still_open)]
    # And a user with none of them sees none of them
    assert mine(client, arena.desk.trader("erin"), position).json()["challenges"] == []


@pytest.mark.parametrize("params", [{"status": "won"}, {"status": ""}, {"limit": 0}, {"limit": 101}])
def test_validation_error_when_the_list_is_asked_badly(client: TestClient, params: dict):
    response = client.get("/v1/challenges", params=params, headers=bearer(uuid.uuid4(), "trader"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM and response.json()["type"] == "validation_error"


def test_401_when_the_list_is_asked_without_a_token(client: TestClient):
    assert client.get("/v1/challenges").status_code == 401
