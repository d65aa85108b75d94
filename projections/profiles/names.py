"""Opening a registered username: it is stored sealed with its user's key (event_store/pii.py).

The profiles projection keeps the one readable copy of each name on the read side.
It reads the user's key on the runtime's own cursor (the keys table lives beside the
events, in the same database); a key already destroyed means the user was erased.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg import Cursor, sql

from event_store.pii import KEYS_TABLE, is_sealed, unseal

ERASED_USERNAME = "erased-user"  # what an erased user's name reads as, everywhere


class Usernames:
    """Reveals sealed usernames with the keys of one event store schema."""

    def __init__(self, event_store_schema: str) -> None:
        self._select = sql.SQL("SELECT key FROM {} WHERE user_id = %s").format(
            sql.Identifier(event_store_schema, KEYS_TABLE)
        )

    def reveal(self, cur: Cursor[Any], user_id: UUID, stored: str) -> str:
        """The plaintext name, or ``erased-user`` once the user's key is gone."""
        if not is_sealed(stored):
            return stored  # written before names were sealed
        row = cur.execute(self._select, (user_id,)).fetchone()
        if row is None or row[0] is None:
            return ERASED_USERNAME
        return unseal(bytes(row[0]), user_id, "username", stored)
