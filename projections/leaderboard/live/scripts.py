"""The Lua scripts on the live boards: each runs atomically inside Redis.

Readers check the meta hash first and answer nothing (the caller falls back to
PostgreSQL) while the mirror is rebuilding, behind ``min_position``, or has not
mirrored the bucket asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis

_TRUSTED = """
local meta = redis.call('HMGET', KEYS[1], 'position', 'covered_day', 'covered_week')
if not meta[1] or meta[1] < ARGV[1] then return false end
if (ARGV[3] == 'day' and ARGV[2] < meta[2]) or (ARGV[3] == 'week' and ARGV[2] < meta[3]) then return false end
"""

# KEYS meta, board; ARGV min_position, bucket, window, limit → {position, {member, score, …}}
TOP = (
    _TRUSTED
    + """
return {meta[1], redis.call('ZREVRANGE', KEYS[2], 0, tonumber(ARGV[4]) - 1, 'WITHSCORES')}
"""
)

# KEYS meta, board, members; ARGV min_position, bucket, window, user, n → {position[, rank, first, entries]}
STANDING = (
    _TRUSTED
    + """
local m = redis.call('HGET', KEYS[3], ARGV[4])
if not m then return {meta[1]} end
local r = redis.call('ZREVRANK', KEYS[2], m)
if not r then return {meta[1]} end
local first = math.max(0, r - tonumber(ARGV[5]))
return {meta[1], r, first, redis.call('ZREVRANGE', KEYS[2], first, r + tonumber(ARGV[5]), 'WITHSCORES')}
"""
)

# KEYS board, members; ARGV user, member, score, ttl seconds (0: none)
UPSERT = """
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old and old ~= ARGV[2] then redis.call('ZREM', KEYS[1], old) end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if tonumber(ARGV[4]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[4]); redis.call('EXPIRE', KEYS[2], ARGV[4])
end
return 1
"""

# KEYS board, members; ARGV user
REMOVE = """
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then redis.call('ZREM', KEYS[1], old); redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
"""

# KEYS board, members; ARGV user → 0-based rank or nil
RANK_OF = """
local m = redis.call('HGET', KEYS[2], ARGV[1])
if not m then return false end
return redis.call('ZREVRANK', KEYS[1], m)
"""

# KEYS meta; ARGV epoch, position → 1 when the meta is still this mirror's (not flushed, not rebuilt by another)
COMMIT = """
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'position', ARGV[2])
return 1
"""

# KEYS building, meta; ARGV epoch, position, covered_day, covered_week → 1 when nothing flushed the build meanwhile
FINISH = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[2], 'epoch', ARGV[1], 'position', ARGV[2], 'covered_day', ARGV[3], 'covered_week', ARGV[4])
return 1
"""


@dataclass(frozen=True)
class Scripts:
    """The scripts registered on one client (EVALSHA, reloaded by redis-py if Redis forgot them)."""

    top: Any
    standing: Any
    upsert: Any
    remove: Any
    rank_of: Any
    commit: Any
    finish: Any

    @classmethod
    def on(cls, client: redis.Redis) -> Scripts:
        return cls(*(client.register_script(text) for text in (TOP, STANDING, UPSERT, REMOVE, RANK_OF, COMMIT, FINISH)))
