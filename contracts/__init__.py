"""Starknet integration with starknet-py: contract ABIs (``abi/``), typed call
builders, unit conversions, the anchor digest, offline signing, and a small
JSON-RPC client. Imports nothing of ours; ``jobs/`` wires it to the event store.
See docs/starknet.md."""
