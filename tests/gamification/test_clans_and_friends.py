"""Clan, membership and friendship rules, given/when/then on the aggregates."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from aggregates.social import errors
from aggregates.social.clan import Clan
from aggregates.social.friendship import Friendship, friendship_id
from aggregates.social.membership import Membership
from tests.unit.aggregates.spec import given, new_events, then_refused

ALICE = UUID("00000000-0000-4000-8000-00000000000a")
BOB = UUID("00000000-0000-4000-8000-00000000000b")


# --- clans and memberships ---------------------------------------------------------------


def test_founder_is_the_first_member_when_a_clan_is_founded() -> None:
    clan = Clan.found("Moon Cats", ALICE)

    assert new_events(clan) == [("Founded", {"name": "Moon Cats", "founder_id": ALICE}),
                                ("MemberJoined", {"user_id": ALICE})]
    assert clan.members == [ALICE]


def test_join_is_refused_when_already_a_member_of_the_clan() -> None:
    clan = given(Clan.found("Moon Cats", ALICE))

    then_refused(clan, errors.AlreadyMember, lambda: clan.join(ALICE))


def test_leave_is_refused_when_not_a_member_of_the_clan() -> None:
    clan = given(Clan.found("Moon Cats", ALICE))

    then_refused(clan, errors.NotMember, lambda: clan.leave(BOB))


def test_member_is_removed_when_leaving() -> None:
    clan = Clan.found("Moon Cats", ALICE)
    clan.join(BOB)
    given(clan)

    clan.leave(ALICE)

    assert new_events(clan) == [("MemberLeft", {"user_id": ALICE})]
    assert clan.members == [BOB]


def test_joining_a_second_clan_is_refused_when_the_user_is_in_one() -> None:
    membership = Membership.start(ALICE)
    membership.join(uuid4())
    given(membership)

    then_refused(membership, errors.AlreadyMember, lambda: membership.join(uuid4()))


def test_leaving_is_refused_when_the_clan_is_not_the_users() -> None:
    membership = Membership.start(ALICE)
    membership.join(uuid4())
    given(membership)

    then_refused(membership, errors.NotMember, lambda: membership.leave(uuid4()))


# --- friendships ---------------------------------------------------------------------------


def test_friendship_has_one_id_per_pair_whoever_adds_when_added() -> None:
    friendship = Friendship.add(ALICE, BOB)

    assert new_events(friendship) == [("Added", {"user_id": ALICE, "friend_id": BOB})]
    assert friendship.id == friendship_id(BOB, ALICE) == Friendship.add(BOB, ALICE).id


def test_friendship_is_refused_when_befriending_yourself() -> None:
    with pytest.raises(errors.CannotBefriendYourself):
        Friendship.add(ALICE, ALICE)
