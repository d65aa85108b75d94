"""Verification: tampering with a stored event or an audit row is found at its position."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from psycopg import sql

from projections.audit.canonical import canonical_bytes, chain_hash
from projections.audit.verify import Verdict, verify
from projections.runtime.config import ReadModels
from services.trading import TradingService
from services.users import UserService
from tests.audit.support import audit_tables, catch_up, tamper, trade_history
from tests.support import SteppingClock

Tamper = Callable[[ReadModels, dict[str, str], int], None]


def _verify(read_models: ReadModels, es_env: dict[str, str], upto: int, **bounds: int) -> Verdict:
    events = sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events")
    with read_models.connect(autocommit=False) as conn:
        return verify(conn, audit_tables(read_models), events, upto, **bounds)


def _positions(read_models: ReadModels) -> list[int]:
    with read_models.connect() as conn:
        return [
            p
            for (p,) in conn.execute(
                sql.SQL("SELECT position FROM {} ORDER BY position").format(audit_tables(read_models)["trail"])
            ).fetchall()
        ]


def _events(es_env: dict[str, str]) -> sql.Identifier:
    return sql.Identifier(es_env["POSTGRES_SCHEMA"], "astratrade_events")


def _trail(rm: ReadModels) -> sql.Identifier:
    return audit_tables(rm)["trail"]


def _owners(rm: ReadModels) -> sql.Identifier:
    return audit_tables(rm)["owners"]


TAMPERINGS: dict[str, tuple[Tamper, str]] = {
    "an event's stored bytes edited": (
        lambda rm, env, p: tamper(
            rm,
            sql.SQL(
                "UPDATE {} SET state = replace(convert_from(state, 'UTF8'), '1000.00', '9000.00')::bytea"
                " WHERE notification_id = %s"
            ).format(_events(env)),
            (p,),
        ),
        "the stored event differs from its audit row",
    ),
    "an event deleted": (
        lambda rm, env, p: tamper(rm, sql.SQL("DELETE FROM {} WHERE notification_id = %s").format(_events(env)), (p,)),
        "no event at its position",
    ),
    "an event forged between two others": (
        lambda rm, env, p: tamper(
            rm,
            sql.SQL(
                "INSERT INTO {t} SELECT gen_random_uuid(), 1, topic, state, %s - 1 FROM {t} WHERE notification_id = %s"
            ).format(t=_events(env)),
            (p, p),
        ),
        "missing from the audit trail",
    ),
    "an audit row's data edited": (
        lambda rm, env, p: tamper(
            rm,
            sql.SQL("UPDATE {} SET data = jsonb_set(data, '{{amount}}', '\"9000.00\"') WHERE position = %s").format(
                _trail(rm)
            ),
            (p,),
        ),
        "derived columns",
    ),
    "an audit row's state and hash rewritten together": (
        lambda rm, env, p: tamper(
            rm,
            sql.SQL("UPDATE {} SET state = state || ' '::bytea, hash = sha256(hash) WHERE position = %s").format(
                _trail(rm)
            ),
            (p,),
        ),
        "the stored event differs from its audit row",
    ),
    "an audit row's hash edited": (
        lambda rm, env, p: tamper(
            rm, sql.SQL("UPDATE {} SET hash = sha256(hash) WHERE position = %s").format(_trail(rm)), (p,)
        ),
        "hash does not match",
    ),
    "an audit row deleted": (
        lambda rm, env, p: tamper(rm, sql.SQL("DELETE FROM {} WHERE position = %s").format(_trail(rm)), (p,)),
        "missing from the audit trail",
    ),
    "an audit row's subject moved to another user": (
        lambda rm, env, p: tamper(
            rm, sql.SQL("UPDATE {} SET subject_id = gen_random_uuid() WHERE position = %s").format(_trail(rm)), (p,)
        ),
        "subject_id",
    ),
    "an audit row's actor edited": (
        lambda rm, env, p: tamper(
            rm, sql.SQL("UPDATE {} SET actor = 'someone-else' WHERE position = %s").format(_trail(rm)), (p,)
        ),
        "derived columns",
    ),
}


@pytest.fixture
def caught_up(
    read_models: ReadModels, es_env: dict[str, str], users: UserService, trading: TradingService, clock: SteppingClock
) -> tuple[int, int]:
    """A trail caught up with a history; (the deposit's position, the audit position)."""
    trade_history(users, trading, clock)
    upto = catch_up(read_models, es_env)
    with read_models.connect() as conn:
        row = conn.execute(
            sql.SQL("SELECT position FROM {} WHERE topic = 'trading.Wallet.Deposited'").format(_trail(read_models))
        ).fetchone()
    assert row is not None
    return int(row[0]), upto


def test_the_whole_chain_verifies_when_nothing_was_touched(
    read_models: ReadModels,
    es_env: dict[str, str],
    caught_up: tuple[int, int],
) -> None:
    # Given an untouched trail, when it is verified, then every row is sound up to the head
    _, upto = caught_up
    verdict = _verify(read_models, es_env, upto)
    assert verdict.ok and verdict.checked == len(_positions(read_models)) == 13
    assert verdict.last_position == _positions(read_models)[-1]


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_verify_names_the_tampered_position_when_a_row_was_changed_in_sql(
    read_models: ReadModels,
    es_env: dict[str, str],
    caught_up: tuple[int, int],
    name: str,
) -> None:
    # Given a trail caught up, and a superuser who tampers with the deposit at its position
    deposit, upto = caught_up
    action, reason = TAMPERINGS[name]
    sound_before = [p for p in _positions(read_models) if p < deposit - (1 if "forged" in name else 0)]
    action(read_models, es_env, deposit)

    # When the chain is verified
    verdict = _verify(read_models, es_env, upto)

    # Then it breaks exactly there, every earlier row found sound
    expected = deposit - 1 if "forged" in name else deposit
    assert (verdict.ok, verdict.broken_at) == (False, expected), verdict
    assert reason in (verdict.reason or "")
    assert verdict.checked == len(sound_before)


def test_the_next_row_breaks_the_chain_when_a_row_was_rewritten_with_a_consistent_hash(
    read_models: ReadModels,
    es_env: dict[str, str],
    caught_up: tuple[int, int],
) -> None:
    # Given a tamperer who rewrites a row's bytes in both tables and recomputes its hash
    deposit, upto = caught_up
    forged = sql.SQL("replace(convert_from(state, 'UTF8'), '1000.00', '9000.00')::bytea")
    tamper(
        read_models,
        sql.SQL("UPDATE {} SET state = {} WHERE notification_id = %s").format(_events(es_env), forged),
        (deposit,),
    )
    tamper(
        read_models,
        sql.SQL(
            "UPDATE {} SET state = {}, data = jsonb_set(data, '{{amount}}', '\"9000.00\"') WHERE position = %s"
        ).format(_trail(read_models), forged),
        (deposit,),
    )
    _rehash(read_models, deposit)

    # When the chain is verified, then the row itself is sound but the next one no longer links to it
    verdict = _verify(read_models, es_env, upto)
    following = next(p for p in _positions(read_models) if p > deposit)
    assert (verdict.ok, verdict.broken_at) == (False, following)
    assert "prev_hash" in (verdict.reason or "")


def test_a_range_verifies_alone_when_the_break_lies_outside_it(
    read_models: ReadModels,
    es_env: dict[str, str],
    caught_up: tuple[int, int],
) -> None:
    # Given a row tampered with at the deposit
    deposit, upto = caught_up
    tamper(
        read_models,
        sql.SQL("UPDATE {} SET hash = sha256(hash) WHERE position = %s").format(_trail(read_models)),
        (deposit,),
    )

    # When only the range before it, then the range from it, are verified
    before = _verify(read_models, es_env, upto, end=deposit - 1)
    from_it = _verify(read_models, es_env, upto, start=deposit)

    # Then the first is sound and the second breaks at the deposit
    assert before.ok and before.checked == len([p for p in _positions(read_models) if p < deposit])
    assert (from_it.ok, from_it.broken_at) == (False, deposit)


def test_an_owner_row_rewritten_is_found_at_the_creation_event_when_verified(
    read_models: ReadModels,
    es_env: dict[str, str],
    caught_up: tuple[int, int],
) -> None:
    # Given the owner of the first aggregate rewritten
    _, upto = caught_up
    first = _positions(read_models)[0]
    tamper(
        read_models,
        sql.SQL("UPDATE {} SET user_id = gen_random_uuid() WHERE position = %s").format(_owners(read_models)),
        (first,),
    )

    # When verified, then the creation event that defines the owner is named
    verdict = _verify(read_models, es_env, upto)
    assert (verdict.ok, verdict.broken_at) == (False, first)
    assert "owner" in (verdict.reason or "")


def _rehash(read_models: ReadModels, position: int) -> None:
    """Recompute one row's hash from its (forged) bytes, as a careful tamperer would."""
    with read_models.connect() as conn:
        row: Any = conn.execute(
            sql.SQL("SELECT prev_hash, aggregate_id, version, topic, state FROM {} WHERE position = %s").format(
                _trail(read_models)
            ),
            (position,),
        ).fetchone()
    digest = chain_hash(bytes(row[0]), canonical_bytes(position, row[1], row[2], row[3], bytes(row[4])))
    tamper(
        read_models,
        sql.SQL("UPDATE {} SET hash = %s WHERE position = %s").format(_trail(read_models)),
        (digest, position),
    )
