"""GET /v1/audit/users?username=: compliance finds a user's id by name, never an erased user's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from projections.profiles.projection import ProfilesProjection
from projections.runtime.config import ReadModels
from projections.runtime.schema import migrate
from projections.runtime.worker import ProjectionWorker
from tests.api.support import Actor, assert_problem, make_admin, make_trader, make_with_role
from tests.query_api.support import bearer

COMPLIANCE = bearer(uuid4(), "trader", "compliance")


@pytest.fixture
def profiles(read_models: ReadModels) -> Iterator[ReadModels]:
    """The profiles read model migrated beside the trail (the lookup reads it)."""
    migrate(read_models, [ProfilesProjection()])
    yield read_models
    own = read_models.schema_for(ProfilesProjection)
    if own != read_models.schema:
        with read_models.connect() as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(own)))


def _catch_up(read_models: ReadModels, es_env: dict[str, str]) -> int:
    """Run the profiles worker until it has applied every event of the log."""
    worker = ProjectionWorker(ProfilesProjection(), read_models, es_env)
    deadline = time.monotonic() + 60
    with worker.session() as session:
        assert session is not None
        while session.log.count(session.position) > 0:
            assert time.monotonic() < deadline, f"profiles worker stuck at {session.position}"
            if session.cycle().outcome is None:
                time.sleep(0.02)
        return session.position


@pytest.fixture
def actors(command: TestClient) -> dict[str, Actor]:
    admin = make_admin(command, command.app)  # type: ignore[arg-type]
    return {
        "alice": make_trader(command, "alice"),
        "bob": make_trader(command, "bob"),
        "admin": admin,
        "officer": make_with_role(command, admin, "officer", "compliance"),
    }


def test_compliance_finds_each_user_by_name_in_any_case(
    query: TestClient, profiles: ReadModels, es_env: dict[str, str], actors: dict[str, Actor]
):
    position = _catch_up(profiles, es_env)
    for name, spelled in (("alice", "alice"), ("bob", "BoB")):
        response = query.get(
            "/v1/audit/users", params={"username": spelled, "min_position": position}, headers=COMPLIANCE
        )
        assert response.status_code == 200, response.text
        assert response.json()["user_id"] == actors[name].user_id
        assert response.json()["as_of_position"] >= position
    assert_problem(query.get("/v1/audit/users", params={"username": "nobody"}, headers=COMPLIANCE), 404, "not_found")


def test_an_erased_user_is_not_found_by_name_but_others_still_are(
    query: TestClient, command: TestClient, profiles: ReadModels, es_env: dict[str, str], actors: dict[str, Actor]
):
    erased = command.post(f"/v1/users/{actors['alice'].user_id}/erasure", headers=actors["officer"].headers)
    assert erased.status_code == 200, erased.text
    position = _catch_up(profiles, es_env)
    gone = query.get("/v1/audit/users", params={"username": "alice", "min_position": position}, headers=COMPLIANCE)
    assert_problem(gone, 404, "not_found")
    # the placeholder name every erased user reads as leads to no one either
    assert_problem(
        query.get("/v1/audit/users", params={"username": "erased-user"}, headers=COMPLIANCE), 404, "not_found"
    )
    bob = query.get("/v1/audit/users", params={"username": "bob"}, headers=COMPLIANCE)
    assert bob.status_code == 200 and bob.json()["user_id"] == actors["bob"].user_id


@pytest.mark.parametrize("roles", [("trader",), ("trader", "analyst"), ("trader", "admin")])
def test_lookup_is_forbidden_to_anyone_but_compliance(query: TestClient, profiles: ReadModels, roles):
    response = query.get("/v1/audit/users", params={"username": "alice"}, headers=bearer(uuid4(), *roles))
    assert_problem(response, 403, "forbidden")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"username": "ab"},
        {"username": "a" * 33},
        {"username": "al ice"},
        {"username": "alice'--"},
        {"username": "alice", "min_position": -1},
        {"username": "alice", "user": "x"},
    ],
)
def test_malformed_lookup_is_refused_with_422(query: TestClient, profiles: ReadModels, params):
    assert_problem(query.get("/v1/audit/users", params=params, headers=COMPLIANCE), 422, "validation_error")
