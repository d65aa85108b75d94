"""Live ranks: the boards mirrored into Redis sorted sets, rank changes published on Redis pub/sub.

Redis is never the source of truth: the mirror (``mirror.LiveMirror``) follows the
leaderboard's PostgreSQL tables, rebuilds Redis from them at start-up and whenever
it finds Redis emptied, and readers fall back to PostgreSQL whenever Redis is down,
behind, or being rebuilt.
"""
