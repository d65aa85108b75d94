"""Application services: one method per command. Load aggregates, let them decide,
save them in one transaction, answer with the global position of the last event."""
