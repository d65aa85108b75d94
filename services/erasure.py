"""Erasure of a user's personal data (GDPR): destroy their key, then record the fact."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from aggregates.errors import NotFound
from aggregates.user.user import User
from event_store.metadata import CommandContext
from event_store.pii import PersonalDataKeys
from services.commands import CommandResult, CommandRunner, Decision, Idempotency


class ErasureService:
    """``erase``: every sealed personal field of the user becomes unreadable, events stay."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.keys = PersonalDataKeys(runner.store.store.datastore)

    def erase(self, user_id: UUID, context: CommandContext, idem: Idempotency | None = None) -> CommandResult:
        """Destroy the user's key and append ``user.User.PersonalDataErased``.

        The key goes first: should the append fail, a retry finds the key already gone and
        records the event; the opposite order could record an erasure that did not happen.
        A second erasure is refused (409 ``already_erased``), the key staying destroyed."""
        self._user(user_id)
        self.keys.destroy(user_id)

        def decide() -> Decision:
            user = self._user(user_id)
            user.erase_personal_data()
            return Decision([user], {"user_id": str(user_id), "erased": True})

        return self.runner.run(decide, context, idem)

    def _user(self, user_id: UUID) -> User:
        try:
            user: object = self.runner.store.repository.get(user_id)
        except AggregateNotFoundError:
            raise NotFound(f"user {user_id} not found") from None
        if not isinstance(user, User):
            raise NotFound(f"user {user_id} not found")
        return user
