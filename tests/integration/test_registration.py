"""Usernames and emails are unique, also under concurrent registrations."""

from __future__ import annotations

from uuid import UUID

import pytest

from aggregates.errors import EmailTaken, UsernameTaken
from aggregates.trading.wallet import Wallet
from event_store.application import EventStore
from services.users import UserService
from tests.integration.helpers import ctx, in_parallel, logged, register


def test_exactly_one_registration_succeeds_when_10_threads_register_the_same_username(
    store: EventStore, users: UserService
):
    outcomes = in_parallel(10, lambda i: users.register("alice", f"alice{i}@example.com", "pw-long-enough", ctx()))

    winners = [o for o in outcomes if not isinstance(o, BaseException)]
    losers = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(winners) == 1
    assert len(losers) == 9 and all(type(o) is UsernameTaken for o in losers), losers
    registered = [e for e in logged(store) if e.topic == "user.User.Registered"]
    wallets = [e for e in logged(store) if e.topic == "trading.Wallet.Opened"]
    assert [e.originator_id for e in registered] == [UUID(winners[0].body["user_id"])]
    assert [e.event.owner_id for e in wallets if isinstance(e.event, Wallet.Opened)] == [
        UUID(winners[0].body["user_id"])
    ]


@pytest.mark.parametrize("variant", ["ALICE", "Ａｌｉｃｅ", " alice", "alice\u00a0"])
def test_registration_is_refused_as_username_taken_when_the_name_differs_only_in_case_or_form(
    store: EventStore, users: UserService, variant: str
):
    register(users, "alice")
    before = logged(store)

    with pytest.raises(UsernameTaken):
        users.register(variant, "someone-else@example.com", "pw-long-enough", ctx())

    assert logged(store) == before


def test_registration_is_refused_as_email_taken_when_the_email_is_registered_in_another_case(
    store: EventStore, users: UserService
):
    users.register("alice", "alice@example.com", "pw-long-enough", ctx())
    before = logged(store)

    with pytest.raises(EmailTaken):
        users.register("alicia", "ALICE@Example.com", "pw-long-enough", ctx())

    assert logged(store) == before


def test_user_can_sign_in_by_any_spelling_of_the_name_when_registered(users: UserService):
    user_id = register(users, "Zoë")

    assert users.authenticate("ZOE\u0308", "correct horse battery").id == user_id
