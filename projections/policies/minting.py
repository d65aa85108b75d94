"""The minting policy: every achievement mints a badge NFT to its earner, once.

The badge's id derives from (user, achievement), so however often an unlock is
replayed or repeated, the second mint finds the badge and does nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from psycopg import Cursor

from aggregates.nft.errors import NftAlreadyMinted
from event_store.log import LoggedEvent
from projections.policies.base import Policy
from projections.runtime.base import Tables
from projections.runtime.handlers import handles
from services.nft import NftService

# gamification.Progression.AchievementUnlocked (user_id, achievement): a string, so
# this policy depends on the topic, not on the gamification context's classes.
ACHIEVEMENT_UNLOCKED = "gamification.Progression.AchievementUnlocked"


class MintingPolicy(Policy):
    """Mints the badge NFT of every unlocked achievement to the user who earned it."""

    name: ClassVar[str] = "nft_minting"

    @handles(ACHIEVEMENT_UNLOCKED)
    def _unlocked(self, _cur: Cursor[Any], _t: Tables, event: LoggedEvent) -> None:
        unlocked = event.event
        owner = UUID(str(unlocked.user_id))  # type: ignore[attr-defined]
        achievement = str(unlocked.achievement)  # type: ignore[attr-defined]
        try:
            NftService(self.runner_for(event)).mint_badge(
                owner, achievement, self.context_for(event), self.idempotency_for(event)
            )
        except NftAlreadyMinted:
            pass  # (user, achievement) mints once, whatever replays or repeats the unlock
