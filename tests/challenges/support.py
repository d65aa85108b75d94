"""Helpers of the challenges read-model tests: an arena driven by real commands, settled by the real
``challenge_scoring`` policy and the ``challenges`` worker."""

from __future__ import annotations

from uuid import UUID

from psycopg import sql

from event_store.application import EventStore
from event_store.log import EventLog
from event_store.metadata import CommandContext
from projections.challenges.projection import ChallengesProjection
from projections.policies.challenges import ChallengeScoringPolicy
from projections.runtime.config import ReadModels
from services.social import ChallengeService, SocialService
from tests.gamification.support import Desk, befriend
from tests.projections.support import catch_up
from tests.support import SteppingClock


class Arena:
    """Two friends, a challenge between them and trades around its window, through the services."""

    def __init__(
        self,
        desk: Desk,
        social: SocialService,
        challenges: ChallengeService,
        clock: SteppingClock,
        store: EventStore,
        read_models: ReadModels,
        es_env: dict[str, str],
    ) -> None:
        self.desk, self.social, self.challenges, self.clock = desk, social, challenges, clock
        self.log, self.read_models, self.es_env = EventLog(store), read_models, es_env

    def friends(self, one: str = "alice", other: str = "bob") -> tuple[UUID, UUID]:
        first, second = self.desk.trader(one), self.desk.trader(other)
        befriend(self.social.runner, first, second)
        return first, second

    def offer(self, challenger: UUID, opponent: UUID, hours: int = 1) -> tuple[UUID, int]:
        """The challenge's id and the position the command answered."""
        result = self.challenges.offer_challenge(challenger, opponent, hours, CommandContext(actor=str(challenger)))
        return UUID(result.body["challenge_id"]), result.position

    @staticmethod
    def context(user: UUID | None) -> CommandContext:
        return CommandContext(actor=str(user) if user else "job:test")

    def accept(self, opponent: UUID, challenge_id: UUID) -> int:
        return self.challenges.accept_challenge(opponent, challenge_id, CommandContext(actor=str(opponent))).position

    def end(self, challenge_id: UUID) -> int:
        """What the expiry job does once the window is over."""
        return self.challenges.end_challenge(challenge_id, CommandContext(actor="job:test")).position

    def settle(self) -> int:
        """The policy judges every close (and decides what ended), and both follow the log until it is
        quiet (the policy's own reactions move the log on); the last position."""
        while True:
            last = self.log.last_position()
            catch_up(self.read_models, self.es_env, last, ChallengeScoringPolicy(), ChallengesProjection())
            if self.log.last_position() == last:
                return last


def dump(read_models: ReadModels) -> dict[str, list[tuple]]:
    """Every row of both tables, in primary-key order."""
    tables = read_models.tables_for(ChallengesProjection)
    with read_models.connect() as conn:
        return {
            name: conn.execute(sql.SQL("SELECT * FROM {} ORDER BY 1, 2").format(tables[name])).fetchall()
            for name in ChallengesProjection.tables
        }


def drop_read_models(read_models: ReadModels) -> None:
    with read_models.connect() as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(read_models.schema)))
