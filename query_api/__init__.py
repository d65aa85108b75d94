"""The query API: a separate FastAPI app serving the read models (never the event store)."""
