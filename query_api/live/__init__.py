"""Live ranks in the query API: reading the Redis mirror (with PostgreSQL as the fallback) and fanning
Redis pub/sub rank changes out to Server-Sent Events subscribers."""
