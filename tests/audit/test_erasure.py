"""POST /v1/users/{user_id}/erasure: personal data unreadable, events and chain intact."""

from __future__ import annotations

import json
from uuid import UUID, uuid4

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from event_store.application import EventStore
from projections.runtime.config import ReadModels
from tests.api.support import Actor, assert_problem, deposit, login, make_admin, make_trader, make_with_role
from tests.audit.support import catch_up
from tests.query_api.support import bearer

SECRETS = ("alice", "alice@example.com", "$argon2id$")  # her username, email and password hash, in clear
COMPLIANCE = bearer(uuid4(), "trader", "compliance")


@pytest.fixture
def actors(command: TestClient) -> dict[str, Actor]:
    """Alice (who deposits) and bob, an admin and a compliance officer."""
    admin = make_admin(command, command.app)  # type: ignore[arg-type]
    alice = make_trader(command, "alice")
    deposit(command, alice, "250.00")
    return {
        "alice": alice,
        "bob": make_trader(command, "bob"),
        "admin": admin,
        "officer": make_with_role(command, admin, "officer", "compliance"),
    }


def _erase(command: TestClient, user_id: str, by: Actor) -> httpx.Response:
    return command.post(f"/v1/users/{user_id}/erasure", headers=by.headers)


def _plaintext_hits(es_env: dict[str, str], read_models: ReadModels, needles: tuple[str, ...]) -> list[str]:
    """Every text, bytea, json and jsonb column of every table of the test's schemas holding a needle."""
    schemas = [es_env["POSTGRES_SCHEMA"], read_models.schema, f"{read_models.schema}_audit"]
    hits = []
    with psycopg.connect(read_models.conninfo) as conn:
        columns = conn.execute(
            "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = ANY(%s) AND data_type IN ('text', 'character varying', 'bytea', 'json', 'jsonb')",
            (schemas,),
        ).fetchall()
        assert len(columns) > 15, columns  # the events, keys, idempotency, audit tables at least
        for schema, table, column, data_type in columns:
            as_text = sql.SQL("encode({}, 'escape')" if data_type == "bytea" else "{}::text").format(
                sql.Identifier(column)
            )
            for needle in needles:
                query = sql.SQL("SELECT count(*) FROM {} WHERE {} ILIKE %s").format(
                    sql.Identifier(schema, table), as_text
                )
                row = conn.execute(query, (f"%{needle}%",)).fetchone()
                if row and row[0]:
                    hits.append(f"{schema}.{table}.{column} holds {needle!r}")
    return hits


def test_no_plaintext_is_left_anywhere_and_the_chain_verifies_when_erased(
    command: TestClient,
    query: TestClient,
    actors: dict[str, Actor],
    store: EventStore,
    read_models: ReadModels,
    es_env: dict[str, str],
) -> None:
    # Given alice's personal data, stored sealed from the start
    alice = actors["alice"]
    catch_up(read_models, es_env)
    assert _plaintext_hits(es_env, read_models, SECRETS) == []
    # (the search does find what is there: the currency, in the stored bytes and the audit rows)
    assert {
        f"{es_env['POSTGRES_SCHEMA']}.astratrade_events.state holds 'USD'",
        f"{read_models.schema}_audit.trail.data holds 'USD'",
    } <= set(_plaintext_hits(es_env, read_models, ("USD",)))

    # When a compliance officer erases it
    response = command.post(f"/v1/users/{alice.user_id}/erasure", headers=actors["officer"].headers)

    # Then the erasure is an event, alice's key is gone, and still no plaintext is anywhere
    assert response.status_code == 200, response.text
    assert response.json()["erased"] is True and response.json()["position"] > 0
    catch_up(read_models, es_env)
    assert _plaintext_hits(es_env, read_models, SECRETS) == []
    assert command.app.state.container.users.keys.key_of(UUID(alice.user_id)) is None  # type: ignore[attr-defined]

    # And every past event keeps its place and hash: the whole chain verifies, erasure included
    verdict = query.get("/v1/audit/verify", headers=COMPLIANCE).json()
    history = query.get("/v1/audit/events", params={"user_id": alice.user_id}, headers=COMPLIANCE).json()["events"]
    assert verdict["ok"] is True and verdict["head_hash"] == _last_hash(query)
    assert [e["type"] for e in history][-1] == "user.User.PersonalDataErased"
    registered = history[0]
    assert registered["type"] == "user.User.Registered"
    assert all(registered["data"][f].startswith("pii:v1:") for f in ("username", "email", "password_hash"))


def test_the_erased_user_cannot_sign_in_and_the_name_stays_taken_when_erased(
    command: TestClient,
    actors: dict[str, Actor],
) -> None:
    # Given alice erased
    assert _erase(command, actors["alice"].user_id, actors["officer"]).status_code == 200

    # Then her credentials no longer open, bob's still do, and her name cannot be registered again
    refused = command.post("/v1/auth/token", json={"username": "alice", "password": "correct horse battery"})
    assert_problem(refused, 401, "invalid_credentials")
    assert login(command, "bob")
    again = command.post(
        "/v1/users", json={"username": "alice", "email": "new@example.com", "password": "correct horse battery"}
    )
    assert_problem(again, 409, "username_taken")


def test_409_already_erased_when_erased_twice(command: TestClient, actors: dict[str, Actor]) -> None:
    assert _erase(command, actors["alice"].user_id, actors["admin"]).status_code == 200
    assert_problem(_erase(command, actors["alice"].user_id, actors["officer"]), 409, "already_erased")


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_403_when_a_trader_asks_for_an_erasure(command: TestClient, actors: dict[str, Actor], who: str) -> None:
    assert_problem(_erase(command, actors["alice"].user_id, actors[who]), 403, "forbidden")


def test_404_when_the_user_does_not_exist(command: TestClient, actors: dict[str, Actor]) -> None:
    assert_problem(_erase(command, str(uuid4()), actors["officer"]), 404, "not_found")


def test_401_when_no_token_is_sent(command: TestClient) -> None:
    assert_problem(command.post(f"/v1/users/{uuid4()}/erasure"), 401, "unauthorized")


def _last_hash(query: TestClient) -> str:
    lines = query.get("/v1/audit/events", headers={**COMPLIANCE, "Accept": "application/x-ndjson"}).text
    return str(json.loads(lines.splitlines()[-1])["hash"])
