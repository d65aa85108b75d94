"""Friend requests sent at once between the same two users, from both sides, on real PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

from aggregates.social.errors import FriendRequestPending
from aggregates.social.friend_request import FriendRequest
from event_store.application import EventStore
from event_store.metadata import CommandContext
from services.friends import FriendService
from tests.gamification.support import Desk, events

SENDERS = 8


def test_one_request_is_pending_and_the_rest_refused_when_both_sides_ask_at_once(
    desk: Desk, friends: FriendService, store: EventStore
) -> None:
    # Given two users
    alice, bob = desk.trader("alice"), desk.trader("bob")
    barrier = threading.Barrier(SENDERS)

    # When eight requests race, half from each side
    def send(i: int) -> str:
        me, other = (alice, bob) if i % 2 else (bob, alice)
        barrier.wait()
        try:
            friends.request_friend(me, other, CommandContext(actor=str(me)))
        except FriendRequestPending:
            return "pending"
        return "sent"

    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        outcomes = list(pool.map(send, range(SENDERS)))

    # Then exactly one was sent and the pair has one pending request
    assert sorted(outcomes) == ["pending"] * (SENDERS - 1) + ["sent"]
    [sent] = events(store, FriendRequest.Sent.TOPIC)
    assert events(store, FriendRequest.Resent.TOPIC) == []
    request: FriendRequest = store.repository.get(UUID(str(sent.originator_id)))
    assert request.status.value == "pending"
