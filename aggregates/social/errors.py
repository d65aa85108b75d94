"""Refusals of the social context, each named after the rule it enforces."""

from __future__ import annotations

from aggregates.errors import DomainError


class ClanNameTaken(DomainError):
    """Clan names are unique (case- and form-insensitive)."""

    code = "clan_name_taken"


class AlreadyMember(DomainError):
    """A user belongs to one clan at a time."""

    code = "already_member"


class NotMember(DomainError):
    """Only a member can leave a clan."""

    code = "not_member"


class AlreadyFriends(DomainError):
    code = "already_friends"


class CannotBefriendYourself(DomainError):
    code = "cannot_befriend_yourself"
    status = 422


class NotFriends(DomainError):
    """Challenges are offered between friends only."""

    code = "not_friends"


class CannotChallengeYourself(DomainError):
    code = "cannot_challenge_yourself"
    status = 422


class InvalidChallengeWindow(DomainError):
    """A challenge lasts a whole number of hours from 1 to 168."""

    code = "invalid_challenge_window"
    status = 422


class NotChallengeOpponent(DomainError):
    """Only the challenged friend accepts a challenge."""

    code = "not_challenge_opponent"
    status = 403


class ChallengeNotOpen(DomainError):
    """A challenge is accepted once, while it is still only offered."""

    code = "challenge_not_open"


class ChallengeNotRunning(DomainError):
    """P&L counts only for the two users' closes inside the accepted window."""

    code = "challenge_not_running"


class PnLAlreadyRecorded(DomainError):
    code = "pnl_already_recorded"


class NoRunningChallenge(DomainError):
    """The user has no running challenge the close counts for."""

    code = "no_running_challenge"


class ChallengeStillRunning(DomainError):
    """A challenge ends only once its window is over."""

    code = "challenge_still_running"


class ChallengeNotAccepted(DomainError):
    code = "challenge_not_accepted"


class ChallengeAlreadyEnded(DomainError):
    code = "challenge_already_ended"


class ChallengeNotEnded(DomainError):
    """A challenge is decided after its window ended."""

    code = "challenge_not_ended"


class ChallengeAlreadyDecided(DomainError):
    code = "challenge_already_decided"


class FriendRequestPending(DomainError):
    """A pair has at most one pending friend request, whichever of the two sent it."""

    code = "friend_request_pending"


class NotRequestAddressee(DomainError):
    """Only the user a friend request is addressed to accepts or declines it."""

    code = "not_request_addressee"
    status = 403


class FriendRequestNotPending(DomainError):
    """A friend request is answered once, while it is pending."""

    code = "friend_request_not_pending"


class OfferStillOpen(DomainError):
    """An offer expires only once its time to answer is over."""

    code = "offer_still_open"
