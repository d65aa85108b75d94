"""On-chain transactions we send to Starknet: audit anchors and withdrawal settlements."""
