"""A small synchronous Starknet JSON-RPC client: the handful of methods we need.

Requests are JSON-RPC 2.0 over HTTP POST to the configured node URL (RPC spec
0.9/0.10, as starknet-py 0.30). Transactions are serialised by starknet-py's own
schema (``signing.to_rpc``); fee estimates are turned into resource bounds by
starknet-py (×1.5 on amounts and prices, its ``auto_estimate`` margin).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import httpx
from starknet_py.net.client_models import EstimatedFee, ResourceBoundsMapping
from starknet_py.net.schemas.rpc.general import EstimatedFeeSchema

TX_HASH_NOT_FOUND = 29
ACCEPTED = ("ACCEPTED_ON_L2", "ACCEPTED_ON_L1")


class RpcError(Exception):
    """The node answered with a JSON-RPC error object."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(f"JSON-RPC error {code}: {message}" + (f" ({data})" if data else ""))
        self.code, self.message, self.data = code, message, data


@dataclass(frozen=True)
class Receipt:
    """What a transaction receipt says about finality and execution."""

    tx_hash: int
    finality_status: str  # PRE_CONFIRMED, ACCEPTED_ON_L2 or ACCEPTED_ON_L1
    execution_status: str  # SUCCEEDED or REVERTED
    block_number: int | None = None
    revert_reason: str | None = None

    @property
    def final(self) -> bool:
        return self.finality_status in ACCEPTED

    @property
    def credited(self) -> bool:
        """Only an accepted (L2 or L1) AND succeeded transaction counts as done."""
        return self.final and self.execution_status == "SUCCEEDED"


class StarknetRpc:
    """JSON-RPC calls to one node; transport errors surface as ``httpx.HTTPError``."""

    nonce_block = "pre_confirmed"  # the nonce after the transactions the node already holds

    def __init__(self, url: str, timeout: float = 10.0, transport: httpx.BaseTransport | None = None) -> None:
        self.url = url
        self.http = httpx.Client(timeout=timeout, transport=transport)
        self._ids = itertools.count(1)

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, params: dict[str, Any] | list[Any]) -> Any:
        """One JSON-RPC call; the ``result``, or ``RpcError``."""
        payload = {"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": params}
        response = self.http.post(self.url, json=payload)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            error = body["error"]
            raise RpcError(int(error.get("code", 0)), str(error.get("message", "")), error.get("data"))
        return body["result"]

    def chain_id(self) -> int:
        return int(self.call("starknet_chainId", []), 16)

    def block_number(self) -> int:
        return int(self.call("starknet_blockNumber", []))

    def nonce(self, address: int) -> int:
        params = {"block_id": self.nonce_block, "contract_address": hex(address)}
        return int(self.call("starknet_getNonce", params), 16)

    def estimate_fee(self, query_transaction: dict[str, Any]) -> ResourceBoundsMapping:
        """Resource bounds for a query-version transaction (``OfflineSigner.for_fee_estimate``)."""
        params = {"request": [query_transaction], "simulation_flags": [], "block_id": self.nonce_block}
        [estimate] = self.call("starknet_estimateFee", params)
        fee: EstimatedFee = EstimatedFeeSchema().load(estimate)
        return fee.to_resource_bounds()

    def add_invoke(self, transaction: dict[str, Any]) -> int:
        """Submit a signed invoke; the transaction hash the node computed."""
        result = self.call("starknet_addInvokeTransaction", {"invoke_transaction": transaction})
        return int(result["transaction_hash"], 16)

    def receipt(self, tx_hash: int) -> Receipt | None:
        """The receipt, or None while the node does not know the transaction."""
        try:
            found = self.call("starknet_getTransactionReceipt", {"transaction_hash": hex(tx_hash)})
        except RpcError as error:
            if error.code == TX_HASH_NOT_FOUND:
                return None
            raise
        return Receipt(
            tx_hash,
            found["finality_status"],
            found["execution_status"],
            found.get("block_number"),
            found.get("revert_reason"),
        )
