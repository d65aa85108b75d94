"""Social commands: clans (``SocialService``), challenges between friends (``ChallengeService``).

Friend requests and friendships are services/friends.py's."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from aggregates import clock
from aggregates.base import AstraAggregate
from aggregates.social.challenge import Challenge
from aggregates.social.clan import Clan
from aggregates.social.errors import ClanNameTaken, NoRunningChallenge, NotFriends
from aggregates.social.friendship import Friendship, friendship_id
from aggregates.social.membership import Membership, membership_id
from aggregates.social.roster import ChallengeRoster, roster_id
from aggregates.user.claim import UniqueClaim, claim_id
from aggregates.user.user import User
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as

A = TypeVar("A", bound=AstraAggregate)


class SocialService:
    """Commands on clans and memberships."""

    def __init__(self, runner: CommandRunner, claim_key: bytes) -> None:
        self.runner = runner
        self.repository = runner.store.repository
        self.claim_key = claim_key

    def found_clan(
        self, user_id: UUID, name: str, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Found a clan with a unique name; the founder joins it (one clan per user)."""

        def decide() -> Decision:
            name_claim = claim_id("clan", name, self.claim_key)
            if name_claim in self.repository:
                raise ClanNameTaken(f"clan name {name!r} is taken")
            membership = self._membership(user_id)
            clan = Clan.found(name, user_id)
            membership.join(clan.id)
            claim = UniqueClaim(id=name_claim, kind="clan", owner_id=clan.id)
            return Decision([clan, claim, membership], {"clan_id": str(clan.id), "name": name}, status=201)

        return self.runner.run(decide, ctx, idem)

    def join_clan(
        self, user_id: UUID, clan_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Join a clan, unless already in one."""

        def decide() -> Decision:
            clan, membership = self._get(Clan, clan_id, "clan"), self._membership(user_id)
            membership.join(clan.id)
            clan.join(user_id)
            return Decision([clan, membership], _member(clan, user_id))

        return self.runner.run(decide, ctx, idem)

    def leave_clan(
        self, user_id: UUID, clan_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Leave the caller's clan."""

        def decide() -> Decision:
            clan, membership = self._get(Clan, clan_id, "clan"), self._membership(user_id)
            membership.leave(clan.id)
            clan.leave(user_id)
            return Decision([clan, membership], _member(clan, user_id))

        return self.runner.run(decide, ctx, idem)

    def _get(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        return get_as(self.repository, aggregate_id, kind, what)

    def _membership(self, user_id: UUID) -> Membership:
        aggregate_id = membership_id(user_id)
        return (
            self._get(Membership, aggregate_id, "membership")
            if aggregate_id in self.repository
            else Membership.start(user_id)
        )


class ChallengeService:
    """Commands on challenges and the rosters that let a close find its user's challenges."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def offer_challenge(
        self, user_id: UUID, opponent_id: UUID, hours: int, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Challenge a friend: who books more net realized P&L in ``hours`` once accepted."""

        def decide() -> Decision:
            challenge = Challenge.offer(user_id, opponent_id, hours)
            self._get(User, opponent_id, "user")
            pair = friendship_id(user_id, opponent_id)
            if pair not in self.repository or not self._get(Friendship, pair, "friendship").active:
                raise NotFriends("challenges are offered to friends only")
            return Decision([challenge], _challenge(challenge), status=201)

        return self.runner.run(decide, ctx, idem)

    def accept_challenge(
        self, user_id: UUID, challenge_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """The opponent accepts: the window starts now; both users' closes count from here."""

        def decide() -> Decision:
            challenge = self._get(Challenge, challenge_id, "challenge")
            challenge.accept(user_id, clock.now())
            rosters = [self._roster(u) for u in (challenge.challenger_id, challenge.opponent_id)]
            for roster in rosters:
                roster.enter(challenge.id)
            return Decision([challenge, *rosters], _challenge(challenge))

        return self.runner.run(decide, ctx, idem)

    def decline_challenge(
        self, user_id: UUID, challenge_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """The opponent declines an open offer: no window, no winner."""

        def decide() -> Decision:
            challenge = self._get(Challenge, challenge_id, "challenge")
            challenge.decline(user_id, clock.now())
            return Decision([challenge], _challenge(challenge))

        return self.runner.run(decide, ctx, idem)

    def expire_offer(self, challenge_id: UUID, ctx: CommandContext, idem: Idempotency | None = None) -> CommandResult:
        """Expire an offer nobody answered within 24 hours."""

        def decide() -> Decision:
            challenge = self._get(Challenge, challenge_id, "challenge")
            challenge.expire(clock.now())
            return Decision([challenge], _challenge(challenge))

        return self.runner.run(decide, ctx, idem)

    def record_challenge_pnl(
        self,
        user_id: UUID,
        position_id: UUID,
        net_pnl: Decimal,
        closed_at: datetime,
        *,
        ctx: CommandContext,
        idem: Idempotency | None = None,
    ) -> CommandResult:
        """Count a close for every undecided challenge of the user whose window holds ``closed_at``."""

        def decide() -> Decision:
            challenges = [self._get(Challenge, c, "challenge") for c in self._roster(user_id).running]
            counted = [c for c in challenges if c.counts_close_at(closed_at) and position_id not in c.recorded]
            if not counted:
                raise NoRunningChallenge("no running challenge counts this close")
            for challenge in counted:
                challenge.record_pnl(user_id, position_id, net_pnl, closed_at)
            return Decision(list(counted), {"challenge_ids": [str(c.id) for c in counted]})

        return self.runner.run(decide, ctx, idem)

    def end_challenge(self, challenge_id: UUID, ctx: CommandContext, idem: Idempotency | None = None) -> CommandResult:
        """Close the window of an accepted challenge whose time is over."""

        def decide() -> Decision:
            challenge = self._get(Challenge, challenge_id, "challenge")
            challenge.end(clock.now())
            return Decision([challenge], _challenge(challenge))

        return self.runner.run(decide, ctx, idem)

    def decide_challenge(
        self, challenge_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Name the winner of an ended challenge and take it off both rosters."""

        def decide() -> Decision:
            challenge = self._get(Challenge, challenge_id, "challenge")
            challenge.decide()
            rosters = [self._roster(u) for u in (challenge.challenger_id, challenge.opponent_id)]
            for roster in rosters:
                roster.leave(challenge.id)
            return Decision([challenge, *rosters], _challenge(challenge))

        return self.runner.run(decide, ctx, idem)

    def challenge(self, challenge_id: UUID) -> Challenge:
        return self._get(Challenge, challenge_id, "challenge")

    def _get(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        return get_as(self.repository, aggregate_id, kind, what)

    def _roster(self, user_id: UUID) -> ChallengeRoster:
        aggregate_id = roster_id(user_id)
        return (
            self._get(ChallengeRoster, aggregate_id, "roster")
            if aggregate_id in self.repository
            else ChallengeRoster.start(user_id)
        )


def _member(clan: Clan, user_id: UUID) -> dict[str, object]:
    return {"clan_id": str(clan.id), "user_id": str(user_id), "members": len(clan.members)}


def _challenge(c: Challenge) -> dict[str, object]:
    window = (
        {"starts_at": c.starts_at.isoformat(), "ends_at": c.ends_at.isoformat()} if c.starts_at and c.ends_at else {}
    )
    return {
        "challenge_id": str(c.id),
        "challenger_id": str(c.challenger_id),
        "opponent_id": str(c.opponent_id),
        "hours": c.hours,
        "status": c.status.value,
        **window,
    }
