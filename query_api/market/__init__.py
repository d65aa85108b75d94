"""Market reads of the query API that are not a read model of their own: indicators and the live stream."""
