"""The User aggregate: a registered account with credentials and roles."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import DomainError, RoleAlreadyGranted
from aggregates.user.roles import Role


class PersonalDataAlreadyErased(DomainError):
    """A user's personal data can be erased only once."""

    code = "already_erased"


class RoleNotRevocable(DomainError):
    """A role the user does not hold, or ``trader`` (every user is one), cannot be revoked."""

    code = "role_not_revocable"


class User(AstraAggregate):
    """A registered account; personal data lives only in its Registered event."""

    TOPIC = "user.User"

    class Registered(CreationEvent):
        """A person registered with a unique username and email."""

        TOPIC = "user.User.Registered"
        # Personal data: stored only sealed with the user's own key (event_store/pii.py),
        # so destroying that key erases them from every copy of this event.
        PERSONAL_DATA = ("username", "email", "password_hash")
        username: str
        email: str
        password_hash: str

    class RoleGranted(AstraAggregate.Event):
        """An admin (or the CLI) granted the user a role."""

        TOPIC = "user.User.RoleGranted"
        role: str

    class RoleRevoked(AstraAggregate.Event):
        """An admin revoked a role the user held."""

        TOPIC = "user.User.RoleRevoked"
        role: str

    class PersonalDataErased(AstraAggregate.Event):
        """Compliance erased the user's personal data: its key is destroyed, the events stay."""

        TOPIC = "user.User.PersonalDataErased"
        user_id: UUID

    @event(Registered)
    def __init__(self, username: str, email: str, password_hash: str) -> None:
        self.username = username
        self.email = email
        self.password_hash = password_hash
        self.roles: list[str] = [Role.TRADER.value]
        self.erased = False
        # Bumped by every fact that must end the user's tokens (docs/adr/0005-token-revocation.md):
        # a token carries the generation it was issued at, and is revoked once it is behind.
        self.token_generation = 0

    @classmethod
    def register(cls, user_id: UUID, username: str, email: str, password_hash: str) -> User:
        """Register ``user_id``: its id is chosen first, because its personal data is sealed for it."""
        return cls._create(cls.Registered, id=user_id, username=username, email=email, password_hash=password_hash)

    def grant_role(self, role: Role) -> None:
        """Grant ``role``; granting a role the user already has is refused."""
        if role.value in self.roles:
            raise RoleAlreadyGranted(f"user already has role {role.value}")
        self._role_granted(role=role.value)

    @event(RoleGranted)
    def _role_granted(self, role: str) -> None:
        self.roles = [*self.roles, role]
        self.token_generation += 1

    def revoke_role(self, role: Role) -> None:
        """Revoke ``role``; a role not held, or ``trader``, is refused."""
        if role.value not in self.roles or role is Role.TRADER:
            raise RoleNotRevocable(f"role {role.value} cannot be revoked from this user")
        self._role_revoked(role=role.value)

    @event(RoleRevoked)
    def _role_revoked(self, role: str) -> None:
        self.roles = [r for r in self.roles if r != role]
        self.token_generation += 1

    def erase_personal_data(self) -> None:
        """Record that the user's personal data was erased; erasing twice is refused."""
        if self.erased:
            raise PersonalDataAlreadyErased("the user's personal data is already erased")
        self._personal_data_erased(user_id=self.id)

    @event(PersonalDataErased)
    def _personal_data_erased(self, user_id: UUID) -> None:  # noqa: ARG002
        self.erased = True
        self.token_generation += 1

    @property
    def user_id(self) -> UUID:
        return self.id
