"""Reads that combine several read models (boards with usernames, profiles with NFTs, clans with P&L), each
run inside one snapshot of the read path (query_api/reading.py)."""
