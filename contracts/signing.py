"""Signing invoke transactions offline with starknet-py.

The account is told its Cairo version and chain id, and every transaction gets
an explicit nonce and explicit resource bounds, so nothing here contacts a node.
Signatures are deterministic (RFC 6979): signing the same transaction twice
gives the same hash and signature.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from starknet_py.net.account.account import Account
from starknet_py.net.client_models import Call, ResourceBoundsMapping
from starknet_py.net.client_utils import _create_broadcasted_txn
from starknet_py.net.full_node_client import FullNodeClient
from starknet_py.net.models.transaction import InvokeV3
from starknet_py.net.signer.key_pair import KeyPair

# The account's client is never used to sign; it must merely exist.
UNUSED_NODE = "http://127.0.0.1:9/unused"


def offline_account(address: int, private_key: int, chain_id: int) -> Account:
    """A starknet-py Account that signs without asking a node anything."""
    account = Account(
        address=address,
        client=FullNodeClient(node_url=UNUSED_NODE),
        key_pair=KeyPair.from_private_key(private_key),
        chain=chain_id,
    )
    # Else starknet-py fetches the account's class from the node to find out.
    account._cairo_version = 1  # type: ignore[assignment]
    return account


class OfflineSigner:
    """Signs invoke v3 transactions of one account on one chain."""

    def __init__(self, address: int, private_key: int, chain_id: int) -> None:
        self.address, self.chain_id = address, chain_id
        self.account = offline_account(address, private_key, chain_id)
        self.public_key: int = KeyPair.from_private_key(private_key).public_key

    def sign(self, calls: Sequence[Call], nonce: int, bounds: ResourceBoundsMapping) -> InvokeV3:
        """The signed transaction executing ``calls`` with this nonce and these bounds."""
        # The coroutine does no I/O when nonce and bounds are given; run it on a loop of its own.
        return asyncio.run(self.account.sign_invoke_v3(calls=list(calls), nonce=nonce, resource_bounds=bounds))

    def for_fee_estimate(self, calls: Sequence[Call], nonce: int) -> InvokeV3:
        """A query-version transaction (never executable) to estimate the fee of ``calls``."""
        draft = self.sign(calls, nonce, ResourceBoundsMapping.init_with_zeros())
        return asyncio.run(self.account.sign_for_fee_estimate(draft))

    def hash_of(self, transaction: InvokeV3) -> int:
        return int(transaction.calculate_hash(self.chain_id))


def to_rpc(transaction: InvokeV3) -> dict[str, Any]:
    """The JSON-RPC ``BROADCASTED_INVOKE_TXN`` object, serialised by starknet-py's own schema."""
    return _create_broadcasted_txn(transaction)
