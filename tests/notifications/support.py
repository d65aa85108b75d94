"""A small world whose events notify: a decided challenge, an NFT sale, an achievement and a level, a
liquidation, a settled and a failed withdrawal, all through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from aggregates.onchain.settlement import Settlement
from event_store.application import EventStore
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.notifications.projection import NotificationsProjection
from projections.runtime import ReadModels
from services.commands import CommandRunner
from services.gamification import ProgressionService
from services.liquidation import LiquidationService
from services.nft import NftService
from services.social import ChallengeService
from tests.gamification.support import Desk, befriend
from tests.projections.support import catch_up

JOB = CommandContext(actor="job:test")


@dataclass
class Town:
    desk: Desk
    runner: CommandRunner
    store: EventStore

    def challenge_won_by(self, winner: UUID, loser: UUID) -> UUID:
        """``winner`` challenged ``loser`` (friends already) and won: the challenge's id."""
        challenges = ChallengeService(self.runner)
        challenge_id = UUID(challenges.offer_challenge(winner, loser, 1, Desk.ctx(winner)).body["challenge_id"])
        challenges.accept_challenge(loser, challenge_id, Desk.ctx(loser))
        self.desk.clock.advance(minutes=10)
        position = self.desk.round_trip(winner, "50000", "51000")  # held 1 minute: it counts
        challenges.record_challenge_pnl(winner, position, Decimal("5.00"), self.desk.clock(), ctx=JOB)
        self.desk.clock.advance(hours=1)
        challenges.end_challenge(challenge_id, JOB)
        challenges.decide_challenge(challenge_id, JOB)
        return challenge_id

    def sell_badge(self, seller: UUID, buyer: UUID) -> UUID:
        nfts = NftService(self.runner)
        nft_id = UUID(nfts.mint_badge(seller, f"badge_{uuid4().hex[:6]}", JOB).body["nft_id"])
        nfts.list_for_sale(seller, nft_id, Decimal("40.10"), Desk.ctx(seller))
        nfts.purchase(buyer, nft_id, Decimal("40.10"), Desk.ctx(buyer))
        return nft_id

    def achieve(self, user: UUID, achievement: str, trigger: int) -> None:
        ProgressionService(self.runner).unlock(user, achievement, trigger, JOB)

    def level_up(self, user: UUID) -> None:
        """Two challenge wins: 100 XP, level 2."""
        game = ProgressionService(self.runner)
        for trigger in (10_001, 10_002):
            game.score_challenge_win(user, uuid4(), datetime(2026, 1, 5, tzinfo=UTC), trigger=trigger, ctx=JOB)

    def liquidated(self, user: UUID) -> UUID:
        self.desk.price("50000")
        position = self.desk.open(user, quantity="0.01", leverage=5)
        self.desk.price("30000")
        LiquidationService(self.runner).liquidate(position, Decimal("30000"), JOB)
        return position

    def withdrawal(self, user: UUID, settled: bool) -> UUID:
        withdrawal_id = uuid4()
        settlement = Settlement.request(withdrawal_id, user, "0x1", Decimal("1.00"), "USD")
        if settled:
            settlement.sign(1, 0, "0xabc", {})
            settlement.accept("0xabc", "ACCEPTED_ON_L2", 1)
        else:
            settlement.reject(None, "invalid recipient")
        self.store.save(settlement)
        return withdrawal_id

    def befriend(self, one: UUID, other: UUID) -> None:
        befriend(self.runner, one, other)

    def settle(self, read_models: ReadModels, es_env: dict[str, str]) -> int:
        last = EventLog(self.store).last_position()
        catch_up(read_models, es_env, last, NotificationsProjection())
        return last
