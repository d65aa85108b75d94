"""Personal data sealed per user: what opens, what does not, and what the store refuses."""

from __future__ import annotations

import os
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql

from aggregates.errors import UsernameTaken
from aggregates.user.user import User
from event_store.application import EventStore
from event_store.mapper import UnsealedPersonalData
from event_store.pii import SEALED_PREFIX, seal, unseal
from services.users import UserService
from tests.audit.support import PASSWORD, ctx
from tests.support import conninfo

KEY, OTHER_KEY = os.urandom(32), os.urandom(32)


def test_a_sealed_value_opens_only_with_its_key_user_and_field() -> None:
    user = uuid4()
    sealed = seal(KEY, user, "email", "alice@example.com")

    assert sealed.startswith(SEALED_PREFIX) and "alice" not in sealed
    assert unseal(KEY, user, "email", sealed) == "alice@example.com"
    for key, owner, field in ((OTHER_KEY, user, "email"), (KEY, uuid4(), "email"), (KEY, user, "username")):
        with pytest.raises(ValueError, match="does not open"):
            unseal(key, owner, field, sealed)


def test_a_sealed_value_does_not_open_when_a_byte_of_it_was_changed() -> None:
    user = uuid4()
    sealed = seal(KEY, user, "username", "alice")
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(ValueError, match="does not open"):
        unseal(KEY, user, "username", flipped)


def test_the_store_refuses_an_event_carrying_personal_data_in_clear(store: EventStore) -> None:
    # Given a user built with plaintext personal data, when it is saved, then the mapper refuses it
    user = User.register(uuid4(), "alice", "alice@example.com", "$argon2id$stub")
    with pytest.raises(UnsealedPersonalData, match="username"):
        store.save(user)


def test_refused_registrations_leave_no_key_behind_when_the_name_is_taken(
    users: UserService,
    es_env: dict[str, str],
) -> None:
    # Given alice registered, when three more registrations of her name are refused
    users.register("alice", "alice@example.com", PASSWORD, ctx())
    for i in range(3):
        with pytest.raises(UsernameTaken):
            users.register("alice", f"alice{i}@example.com", PASSWORD, ctx())

    # Then exactly one key exists: alice's
    with psycopg.connect(conninfo(es_env)) as conn:
        row = conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(es_env["POSTGRES_SCHEMA"], "pii_keys"))
        ).fetchone()
    assert row == (1,)


def test_the_user_signs_in_with_the_sealed_password_hash_when_registered(users: UserService) -> None:
    user_id = users.register("alice", "alice@example.com", PASSWORD, ctx()).body["user_id"]
    user = users.authenticate("ALICE", PASSWORD)
    assert str(user.id) == user_id
    assert user.username.startswith(SEALED_PREFIX) and user.password_hash.startswith(SEALED_PREFIX)
