"""ApiKey rules: scopes ⊆ {read, trade, backtest}, never born expired, revoked once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from aggregates.user.api_key import ApiKey, ExpiryInPast, InvalidScopes
from tests.unit.aggregates.spec import given, new_events

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
OWNER = UUID("00000000-0000-4000-8000-000000000001")
KEY = UUID("00000000-0000-4000-8000-000000000003")


def test_issued_with_scopes_in_canonical_order() -> None:
    key = ApiKey.issue(KEY, OWNER, "bot", ["trade", "read"], "h", NOW + timedelta(days=1), NOW)

    assert new_events(key) == [
        (
            "Issued",
            {
                "owner_id": OWNER,
                "name": "bot",
                "scopes": ["read", "trade"],
                "key_hash": "h",
                "expires_at": NOW + timedelta(days=1),
            },
        )
    ]


@pytest.mark.parametrize("scopes", [[], ["admin"], ["read", "withdraw"]])
def test_refused_when_scopes_are_empty_or_unknown(scopes: list[str]) -> None:
    with pytest.raises(InvalidScopes):
        ApiKey.issue(KEY, OWNER, "bot", scopes, "h", None, NOW)


def test_refused_when_it_would_be_born_expired() -> None:
    with pytest.raises(ExpiryInPast):
        ApiKey.issue(KEY, OWNER, "bot", ["read"], "h", NOW, NOW)


def test_revoked_once_when_revoked_twice() -> None:
    key = given(ApiKey.issue(KEY, OWNER, "bot", ["read"], "h", None, NOW))

    key.revoke()
    key.revoke()

    assert new_events(key) == [("Revoked", {})]
    assert key.revoked
