"""Clan, membership, friendship and friend-request rules, given/when/then on the aggregates."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from aggregates.errors import NotFound
from aggregates.social import errors
from aggregates.social.clan import Clan
from aggregates.social.friend_request import FriendRequest, RequestStatus, friend_request_id
from aggregates.social.friendship import Friendship, friendship_id
from aggregates.social.membership import Membership
from tests.unit.aggregates.spec import given, new_events, then_refused

ALICE = UUID("00000000-0000-4000-8000-00000000000a")
BOB = UUID("00000000-0000-4000-8000-00000000000b")
CAROL = UUID("00000000-0000-4000-8000-00000000000c")


# --- clans and memberships ---------------------------------------------------------------


def test_founder_is_the_first_member_when_a_clan_is_founded() -> None:
    clan = Clan.found("Moon Cats", ALICE)

    assert new_events(clan) == [
        ("Founded", {"name": "Moon Cats", "founder_id": ALICE}),
        ("MemberJoined", {"user_id": ALICE}),
    ]
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


def test_friendship_ends_when_either_unfriends_and_is_renewed_by_a_new_acceptance() -> None:
    friendship = given(Friendship.add(ALICE, BOB))

    friendship.end(BOB)
    assert new_events(friendship) == [("Ended", {"user_id": BOB})]
    assert not friendship.active

    friendship.renew(BOB, ALICE)
    assert new_events(friendship) == [("Renewed", {"user_id": BOB, "friend_id": ALICE})]
    assert friendship.active


def test_unfriending_is_refused_when_already_ended_or_not_one_of_the_two() -> None:
    friendship = given(Friendship.add(ALICE, BOB))
    then_refused(friendship, errors.NotFriends, lambda: friendship.end(CAROL))
    friendship.end(ALICE)
    given(friendship)

    then_refused(friendship, errors.NotFriends, lambda: friendship.end(BOB))


def test_renewal_is_refused_while_still_friends() -> None:
    friendship = given(Friendship.add(ALICE, BOB))

    then_refused(friendship, errors.AlreadyFriends, lambda: friendship.renew(ALICE, BOB))


# --- friend requests (v1.1) --------------------------------------------------------------------


def test_a_request_is_pending_with_one_id_per_pair_when_sent() -> None:
    request = FriendRequest.send(ALICE, BOB)

    assert new_events(request) == [("Sent", {"requester_id": ALICE, "addressee_id": BOB})]
    assert request.status is RequestStatus.PENDING
    assert request.id == friend_request_id(BOB, ALICE)


def test_a_request_to_yourself_is_refused() -> None:
    with pytest.raises(errors.CannotBefriendYourself):
        FriendRequest.send(ALICE, ALICE)


@pytest.mark.parametrize(
    ("answer", "event", "status"),
    [("accept", "Accepted", RequestStatus.ACCEPTED), ("decline", "Declined", RequestStatus.DECLINED)],
)
def test_only_the_addressee_answers_and_only_once(answer: str, event: str, status: RequestStatus) -> None:
    request = given(FriendRequest.send(ALICE, BOB))
    then_refused(request, errors.NotRequestAddressee, lambda: getattr(request, answer)(ALICE))
    then_refused(request, NotFound, lambda: getattr(request, answer)(CAROL))

    getattr(request, answer)(BOB)

    assert new_events(request) == [(event, {})] and request.status is status
    then_refused(request, errors.FriendRequestNotPending, lambda: request.accept(BOB))
    then_refused(request, errors.FriendRequestNotPending, lambda: request.decline(BOB))


def test_the_pair_may_ask_again_after_an_answer_but_not_while_pending() -> None:
    request = given(FriendRequest.send(ALICE, BOB))
    then_refused(request, errors.FriendRequestPending, lambda: request.send_again(BOB, ALICE))
    request.decline(BOB)
    given(request)

    request.send_again(BOB, ALICE)

    assert new_events(request) == [("Resent", {"requester_id": BOB, "addressee_id": ALICE})]
    assert (request.requester_id, request.addressee_id, request.status) == (BOB, ALICE, RequestStatus.PENDING)
