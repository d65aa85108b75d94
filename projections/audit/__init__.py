"""The audit trail: every event of the log, in log order, hash-chained and insert-only (docs/audit.md)."""
