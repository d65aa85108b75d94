"""An XP leaderboard fed by the event bus: a consumer of another service, in a process of its own.

It reads the ``gamification`` stream through a consumer group (XREADGROUP), adds each
``gamification.Progression.XPAwarded`` to a Redis sorted set, and acknowledges (XACK) what it applied.
It imports nothing of AstraTrade: the stream entries are the contract (docs/event-bus.md).

Delivery is at least once: a consumer that dies after applying an entry but before its XACK gets the
entry again. The effect stays exactly once because the board and the last applied position are
written in one MULTI/EXEC, and an entry at or below that position is acknowledged without applying.

    python examples/leaderboard_consumer.py --redis-url redis://127.0.0.1:6379/0 --once
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import redis

XP_AWARDED = "gamification.Progression.XPAwarded"


def run(client: redis.Redis, stream: str, group: str, consumer: str, board: str, *, once: bool) -> int:
    """Consume until interrupted (or, ``once``, until nothing is left); the number of entries applied."""
    try:  # from the stream's start: a new service's board covers what the stream still holds
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
    applied = 0
    # First our own pending entries (delivered before a crash, never acknowledged), then new ones.
    for start in ("0", ">"):
        while True:
            batch: Any = client.xreadgroup(
                group, consumer, {stream: start}, count=100, block=None if once or start == "0" else 5_000
            )
            entries = batch[0][1] if batch else []
            if not entries:
                if once or start == "0":
                    break
                continue
            applied += sum(_apply(client, stream, group, board, entry_id, fields) for entry_id, fields in entries)
    return applied


def _apply(
    client: redis.Redis, stream: str, group: str, board: str, entry_id: bytes, fields: dict[bytes, bytes]
) -> bool:
    position = int(fields[b"position"])
    last = int(client.hget(f"{board}:applied", stream) or 0)
    applies = position > last and fields[b"type"].decode() == XP_AWARDED
    if position > last:
        pipe = client.pipeline(transaction=True)
        if applies:
            body = json.loads(fields[b"body"])
            pipe.zincrby(board, int(body["xp"]), body["user_id"])
        pipe.hset(f"{board}:applied", stream, position)
        pipe.execute()
    client.xack(stream, group, entry_id)
    return applies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--prefix", default="astratrade:events:", help="RELAY_STREAM_PREFIX of the relay")
    parser.add_argument("--group", default="xp-leaderboard")
    parser.add_argument("--consumer", default="consumer-1")
    parser.add_argument("--board", default="example:xp-leaderboard", help="the sorted set it keeps")
    parser.add_argument("--once", action="store_true", help="stop when no entry is left instead of waiting")
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis_url)
    applied = run(client, args.prefix + "gamification", args.group, args.consumer, args.board, once=args.once)
    print(f"applied {applied} XP awards")
    board: Any = client.zrevrange(args.board, 0, 9, withscores=True)
    for user_id, xp in board:
        print(f"{user_id.decode()} {int(xp)}")


if __name__ == "__main__":
    main()
