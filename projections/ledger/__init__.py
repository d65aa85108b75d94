"""The double-entry ledger read model: every money movement as balanced postings between accounts."""
