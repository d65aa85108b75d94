"""Login rules: a refresh token is spent once; a spent one presented again ends the login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from aggregates.user.login import LOGGED_OUT, REFRESH_REUSED, Login, LoginEnded, RefreshTokenInvalid
from tests.unit.aggregates.spec import given, new_events, then_refused

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)
USER = UUID("00000000-0000-4000-8000-000000000001")
LOGIN = UUID("00000000-0000-4000-8000-000000000002")


def started() -> Login:
    return given(Login.start(LOGIN, USER, 2, "hash-1", LATER))


def test_refreshed_when_the_current_token_is_presented_in_time() -> None:
    login = started()

    login.refresh("hash-1", "hash-2", LATER + timedelta(hours=1), NOW)

    assert new_events(login) == [
        (
            "Refreshed",
            {"spent_hash": "hash-1", "refresh_hash": "hash-2", "refresh_expires_at": LATER + timedelta(hours=1)},
        )
    ]
    assert login.is_reuse("hash-1") and not login.is_reuse("hash-2")


def test_refused_when_the_token_is_unknown_spent_or_expired() -> None:
    login = started()
    login.refresh("hash-1", "hash-2", LATER, NOW)
    given(login)

    then_refused(login, RefreshTokenInvalid, lambda: login.refresh("hash-x", "hash-3", LATER, NOW))
    then_refused(login, RefreshTokenInvalid, lambda: login.refresh("hash-1", "hash-3", LATER, NOW))
    then_refused(login, RefreshTokenInvalid, lambda: login.refresh("hash-2", "hash-3", LATER, LATER))


def test_ended_once_and_then_refreshes_nothing_when_logged_out() -> None:
    login = started()

    login.end(LOGGED_OUT)
    login.end(REFRESH_REUSED)

    assert new_events(login) == [("Ended", {"reason": LOGGED_OUT})]
    then_refused(login, LoginEnded, lambda: login.refresh("hash-1", "hash-2", LATER, NOW))
