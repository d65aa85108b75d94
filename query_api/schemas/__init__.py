"""Response models of the query API (pydantic)."""
