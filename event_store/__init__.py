"""The one PostgreSQL event store: every aggregate of every context, one global log."""
