"""The domain: aggregates, their events and pure money math. Imports only the
standard library and ``eventsourcing.domain``."""
