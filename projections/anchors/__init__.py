"""Read model of on-chain anchors of the audit chain (GET /v1/audit/anchors)."""
