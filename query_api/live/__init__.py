"""Live ranks in the query API: the Redis mirror's read path and the fan-out of Redis pub/sub rank changes
to Server-Sent Events subscribers. Nothing else: reads that combine read models are in ``query_api/reads/``."""
