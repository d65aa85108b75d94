"""The example consumer (examples/leaderboard_consumer.py), in a process of its own, on a consumer group."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import redis

from event_store.metadata import CommandContext
from relay.follower import Relay
from relay.redis_streams import RedisStreams
from services.commands import CommandRunner
from services.gamification import ProgressionService

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "leaderboard_consumer.py"
WON_AT = datetime(2026, 1, 5, 12, tzinfo=UTC)


def consume(redis_url: str, prefix: str) -> list[str]:
    done = subprocess.run(
        [
            sys.executable,
            str(EXAMPLE),
            "--redis-url",
            redis_url,
            "--prefix",
            prefix,
            "--board",
            f"{prefix}board",
            "--once",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.splitlines()


def test_the_example_consumer_keeps_an_xp_board_exactly_once_when_entries_are_delivered_again(
    runner: CommandRunner, relay: Relay, client: redis.Redis, streams: RedisStreams, prefix: str, redis_url: str
) -> None:
    # Given alice won two challenges and bob one (+50 XP each), published on the bus
    progression, alice, bob = ProgressionService(runner), uuid4(), uuid4()
    for trigger, user in enumerate((alice, bob, alice), start=1):
        progression.score_challenge_win(user, uuid4(), WON_AT, trigger=trigger, ctx=CommandContext())
    relay.catch_up()

    # When the consumer runs, in another process
    first = consume(redis_url, prefix)

    # Then it applied the three awards and acknowledged every entry of its group
    assert first == ["applied 3 XP awards", f"{alice} 100", f"{bob} 50"]
    assert client.xpending(streams.stream("gamification"), "xp-leaderboard")["pending"] == 0

    # When every entry is delivered again (as after a crash before XACK), and bob wins once more
    client.xgroup_setid(streams.stream("gamification"), "xp-leaderboard", id="0")
    progression.score_challenge_win(bob, uuid4(), WON_AT, trigger=4, ctx=CommandContext())
    relay.catch_up()
    second = consume(redis_url, prefix)

    # Then only the new award was applied
    assert second[0] == "applied 1 XP awards"
    assert client.zscore(f"{prefix}board", str(alice)) == 100 and client.zscore(f"{prefix}board", str(bob)) == 100
