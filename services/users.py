"""User commands: register, grant roles, authenticate, create the first admin."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError

from aggregates.errors import DomainError, EmailTaken, UsernameTaken
from aggregates.trading.wallet import Wallet
from aggregates.user.claim import UniqueClaim, claim_id
from aggregates.user.roles import Role
from aggregates.user.user import User
from event_store.metadata import CommandContext
from event_store.pii import PersonalDataKeys, is_sealed
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.errors import InvalidCredentials
from services.loading import get_as
from services.password_policy import check_strength
from services.passwords import hash_password, verify_password


class UserService:
    """Registration and roles; claims keep usernames and emails unique."""

    def __init__(self, runner: CommandRunner, claim_key: bytes) -> None:
        self.runner = runner
        self.store = runner.store
        self.claim_key = claim_key
        self.keys = PersonalDataKeys(runner.store.store.datastore)

    def register(
        self, username: str, email: str, password: str, context: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Register a user with a unique username and email, and open their wallet."""
        check_strength(password)  # before anything is sealed or hashed: a weak password writes nothing
        if idem is not None and context.actor is None:  # a stranger's key is theirs and their username's only
            idem = replace(idem, anonymous_scope=str(self._claim_id("username", username)))
        # Outside the retry loop: hashing is slow on purpose, and the personal data is
        # sealed once, under a key of the user's own (event_store/pii.py).
        user_id, password_hash = uuid4(), hash_password(password)  # hashed first: busy slots leave no key behind
        sealed = self.keys.seal_all(
            self.keys.create(user_id), user_id, username=username, email=email, password_hash=password_hash
        )

        def decide() -> Decision:
            name_claim, email_claim = self._claim_id("username", username), self._claim_id("email", email)
            if name_claim in self.store.repository:
                raise UsernameTaken(f"username {username!r} is taken")
            if email_claim in self.store.repository:
                raise EmailTaken("email is already registered")
            user = User.register(user_id, **sealed)
            claims = [
                UniqueClaim(id=cid, kind=kind, owner_id=user.id)
                for kind, cid in (("username", name_claim), ("email", email_claim))
            ]
            return Decision([user, *claims, Wallet.open_for(user.id)], {"user_id": str(user.id)}, status=201)

        try:
            result = self.runner.run(decide, context, idem)
        except DomainError:  # refused: nothing written (on a lost connection it may have been: keep the key)
            self.keys.discard(user_id)
            raise
        if result.replayed:  # an earlier registration answered; this key seals nothing
            self.keys.discard(user_id)
        return result

    def grant_role(
        self, user_id: UUID, role: Role, context: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Grant ``role`` to an existing user."""

        def decide() -> Decision:
            user = self.get_user(user_id)
            user.grant_role(role)
            return Decision([user], {"user_id": str(user_id), "roles": list(user.roles)})

        return self.runner.run(decide, context, idem)

    def revoke_role(
        self, user_id: UUID, role: Role, context: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Revoke ``role`` from a user; their tokens are revoked with it (docs/adr/0005-token-revocation.md)."""

        def decide() -> Decision:
            user = self.get_user(user_id)
            user.revoke_role(role)
            return Decision([user], {"user_id": str(user_id), "roles": list(user.roles)})

        return self.runner.run(decide, context, idem)

    def authenticate(self, username: str, password: str) -> User:
        """The user whose username and password these are, else InvalidCredentials."""
        user = self.find_by_username(username)
        password_hash = self._revealed(user, "password_hash") if user else None
        if not verify_password(password_hash, password) or user is None:
            raise InvalidCredentials("unknown username or wrong password")
        return user

    def create_admin(self, username: str, password: str, context: CommandContext) -> UUID:
        """Create an admin user, or promote the existing user of that name."""
        user = self.find_by_username(username)
        if user is None:
            user_id = UUID(self.register(username, f"{username}@admin.invalid", password, context).body["user_id"])
        else:
            user_id = user.id
        if Role.ADMIN.value not in self.get_user(user_id).roles:
            self.grant_role(user_id, Role.ADMIN, context)
        return user_id

    def find_by_username(self, username: str) -> User | None:
        try:
            claim: UniqueClaim = self.store.repository.get(self._claim_id("username", username))
        except AggregateNotFoundError:
            return None
        return self.get_user(claim.owner_id)

    def get_user(self, user_id: UUID) -> User:
        user = get_as(self.store.repository, user_id, User, "user")
        return user

    def _revealed(self, user: User, field: str) -> str | None:
        """A personal field in clear; None once erased (an erased user cannot sign in)."""
        value: str = getattr(user, field)
        if not is_sealed(value):  # registered before personal data was sealed (development data)
            return value
        return self.keys.reveal(user.id, field, value)

    def _claim_id(self, kind: str, value: str) -> UUID:
        return claim_id(kind, value, self.claim_key)
