"""User rules of api.md: every user is a trader; a role is granted once."""

from __future__ import annotations

import pytest

from aggregates.errors import RoleAlreadyGranted
from aggregates.user.roles import Role
from aggregates.user.user import RoleNotRevocable, User
from tests.unit.aggregates.spec import given, new_events, then_refused


def registered(*roles: Role) -> User:
    user = User(username="alice", email="alice@example.com", password_hash="$argon2id$stub")
    for role in roles:
        user.grant_role(role)
    return given(user)


def test_user_is_registered_as_a_trader_when_registering():
    user = User(username="alice", email="alice@example.com", password_hash="$argon2id$stub")

    assert new_events(user) == [
        ("Registered", {"username": "alice", "email": "alice@example.com", "password_hash": "$argon2id$stub"})
    ]
    assert user.roles == ["trader"]
    assert user.user_id == user.id


def test_role_is_added_when_granting_a_role_the_user_lacks():
    user = registered(Role.ANALYST)

    user.grant_role(Role.ADMIN)

    assert new_events(user) == [("RoleGranted", {"role": "admin"})]
    assert user.roles == ["trader", "analyst", "admin"]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PRICE_FEED])
def test_grant_is_refused_as_role_already_granted_when_the_user_already_has_the_role(role):
    user = registered(Role.ADMIN, Role.PRICE_FEED)

    then_refused(user, RoleAlreadyGranted, lambda: user.grant_role(role))


def test_grant_is_refused_as_role_already_granted_when_granting_trader_to_any_user():
    user = registered()

    then_refused(user, RoleAlreadyGranted, lambda: user.grant_role(Role.TRADER))


def test_role_is_removed_and_tokens_move_a_generation_when_revoking_a_held_role():
    user = registered(Role.ANALYST)
    generation = user.token_generation

    user.revoke_role(Role.ANALYST)

    assert new_events(user) == [("RoleRevoked", {"role": "analyst"})]
    assert user.roles == ["trader"] and user.token_generation == generation + 1


@pytest.mark.parametrize("role", [Role.TRADER, Role.ADMIN])
def test_revoke_is_refused_when_the_role_is_trader_or_not_held(role):
    user = registered(Role.ANALYST)

    then_refused(user, RoleNotRevocable, lambda: user.revoke_role(role))


def test_every_grant_and_the_erasure_move_the_token_generation():
    user = registered()
    assert user.token_generation == 0

    user.grant_role(Role.ANALYST)
    user.erase_personal_data()

    assert user.token_generation == 2
