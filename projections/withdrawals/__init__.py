"""The withdrawals read model: each withdrawal's status (GET /v1/withdrawals/{id})."""
