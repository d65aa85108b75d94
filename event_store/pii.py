"""Personal data: sealed per user with AES-256-GCM under a key of that user's own.

Personal fields of an event (``PERSONAL_DATA`` on its class) are stored as
``pii:v1:<base64url(nonce ‖ ciphertext ‖ tag)>``, the additional data binding each
value to its user and field (a sealed value moved to another user or field does not
open). Keys live in ``<schema>.pii_keys``, one row per user. Erasure sets the key to
NULL: every sealed value of that user, in every event and every copy of it (the audit
trail, backups of the log), becomes unreadable, while the events keep their place,
their bytes and so their hashes. docs/audit.md "Erasure".
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.postgres import PostgresDatastore
from psycopg import sql

SEALED_PREFIX = "pii:v1:"
KEYS_TABLE = "pii_keys"
_NONCE = 12


def seal(key: bytes, user_id: UUID, field: str, value: str) -> str:
    """``value`` encrypted for ``user_id``'s ``field``."""
    nonce = os.urandom(_NONCE)
    ciphertext = AESGCM(key).encrypt(nonce, value.encode("utf-8"), _aad(user_id, field))
    return SEALED_PREFIX + base64.urlsafe_b64encode(nonce + ciphertext).decode("ascii")


def unseal(key: bytes, user_id: UUID, field: str, sealed: str) -> str:
    """The plaintext of a sealed value; ValueError if it is not one, or not this user's field's."""
    if not is_sealed(sealed):
        raise ValueError("not a sealed value")
    try:
        blob = base64.urlsafe_b64decode(sealed[len(SEALED_PREFIX) :])
        return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], _aad(user_id, field)).decode("utf-8")
    except (InvalidTag, binascii.Error, UnicodeDecodeError) as error:
        raise ValueError("the sealed value does not open with this key") from error


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def _aad(user_id: UUID, field: str) -> bytes:
    return f"{user_id}:{field}".encode()


def create_table(schema: str) -> sql.Composed:
    """DDL of the keys table (run by ``event_store.schema.migrate``)."""
    return sql.SQL(
        "CREATE TABLE IF NOT EXISTS {} (user_id uuid PRIMARY KEY, key bytea, "
        "created_at timestamptz NOT NULL DEFAULT now(), erased_at timestamptz, "
        "CHECK ((key IS NULL) = (erased_at IS NOT NULL)), CHECK (key IS NULL OR length(key) = 32))"
    ).format(sql.Identifier(schema, KEYS_TABLE))


class PersonalDataKeys:
    """The per-user keys, on the event store's own connection pool."""

    def __init__(self, datastore: PostgresDatastore) -> None:
        self.datastore = datastore
        table = sql.Identifier(datastore.schema, KEYS_TABLE)
        self._create = sql.SQL("INSERT INTO {} (user_id, key) VALUES (%s, %s)").format(table)
        self._select = sql.SQL("SELECT key FROM {} WHERE user_id = %s").format(table)
        self._destroy = sql.SQL(
            "INSERT INTO {t} (user_id, key, erased_at) VALUES (%s, NULL, now()) ON CONFLICT (user_id) DO UPDATE"
            " SET key = NULL, erased_at = COALESCE({t}.erased_at, now())"
        ).format(t=table)
        self._discard = sql.SQL("DELETE FROM {} WHERE user_id = %s AND erased_at IS NULL").format(table)

    def create(self, user_id: UUID) -> bytes:
        """A fresh key for a user about to register."""
        key = AESGCM.generate_key(bit_length=256)
        self._execute(self._create, (user_id, key))
        return key

    def key_of(self, user_id: UUID) -> bytes | None:
        """The user's key; None once erased (or for a user who never had one)."""
        with self.datastore.get_connection() as conn:
            row = conn.execute(self._select, (user_id,)).fetchone()
        return None if row is None or row["key"] is None else bytes(row["key"])

    def destroy(self, user_id: UUID) -> None:
        """Erase: the key is gone for good (idempotent); the row records when."""
        self._execute(self._destroy, (user_id,))

    def discard(self, user_id: UUID) -> None:
        """Drop the key of a registration that did not happen (refused, or an idempotent replay)."""
        self._execute(self._discard, (user_id,))

    def seal_all(self, key: bytes, user_id: UUID, **values: str) -> dict[str, str]:
        return {field: seal(key, user_id, field, value) for field, value in values.items()}

    def reveal(self, user_id: UUID, field: str, sealed: str) -> str | None:
        """The plaintext of one of the user's sealed fields; None once erased."""
        key = self.key_of(user_id)
        if key is None:
            return None
        return unseal(key, user_id, field, sealed)

    def _execute(self, statement: sql.Composed, params: tuple[Any, ...]) -> None:
        with self.datastore.get_connection() as conn:
            conn.execute(statement, params)
