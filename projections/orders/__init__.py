"""The orders read model: each order with its status, fill and reserved cash (GET /v1/orders)."""
