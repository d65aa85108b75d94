"""A Starknet JSON-RPC node on a loopback port: the handful of methods our client calls.

Like a real node it recomputes each invoke's hash from its fields and verifies the
signature against the account's public key, checks the nonce, refuses duplicates,
and answers receipts: PRE_CONFIRMED for ``pending_polls`` polls, then final with
the configured execution status. Every request body is kept for assertions.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from starknet_py.hash.utils import verify_message_signature
from starknet_py.net.client_models import DAMode, ResourceBounds, ResourceBoundsMapping
from starknet_py.net.models.transaction import InvokeV3

SEPOLIA = 0x534E5F5345504F4C4941
FEE_ESTIMATE = {
    "l1_gas_consumed": "0x0",
    "l1_gas_price": "0x5af3107a4000",
    "l2_gas_consumed": "0x1f4000",
    "l2_gas_price": "0x2cb417800",
    "l1_data_gas_consumed": "0x80",
    "l1_data_gas_price": "0x1",
    "overall_fee": "0x5dbd6fae58000",
    "unit": "FRI",
}


class RpcFailure(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class FakeNode:
    """State of the fake chain; ``serve()`` runs it on 127.0.0.1."""

    public_keys: dict[int, int] = field(default_factory=dict)  # account address → public key
    chain_id: int = SEPOLIA
    execution_status: str = "SUCCEEDED"
    finality_status: str = "ACCEPTED_ON_L2"
    pending_polls: int = 1
    refusals: list[tuple[int, str]] = field(default_factory=list)  # errors for the next addInvokeTransaction calls
    requests: list[dict[str, Any]] = field(default_factory=list)
    nonces: dict[int, int] = field(default_factory=dict)
    transactions: dict[int, dict[str, Any]] = field(default_factory=dict)
    polls: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def methods(self) -> list[str]:
        return [r["method"] for r in self.requests]

    def sent(self) -> list[dict[str, Any]]:
        """The invoke transactions received, in order (accepted or not)."""
        adds = [r for r in self.requests if r["method"] == "starknet_addInvokeTransaction"]
        return [r["params"]["invoke_transaction"] for r in adds]

    def handle(self, request: dict[str, Any]) -> Any:
        with self.lock:
            self.requests.append(request)
            method, params = request["method"], request.get("params", {})
            if method == "starknet_chainId":
                return hex(self.chain_id)
            if method == "starknet_blockNumber":
                return 1000 + len(self.transactions)
            if method == "starknet_getNonce":
                return hex(self.nonces.get(int(params["contract_address"], 16), 0))
            if method == "starknet_estimateFee":
                return [FEE_ESTIMATE for _ in params["request"]]
            if method == "starknet_addInvokeTransaction":
                return {"transaction_hash": hex(self._add(params["invoke_transaction"]))}
            if method == "starknet_getTransactionReceipt":
                return self._receipt(int(params["transaction_hash"], 16))
            raise RpcFailure(-32601, f"method {method} not found")

    def _add(self, tx: dict[str, Any]) -> int:
        if self.refusals:
            raise RpcFailure(*self.refusals.pop(0))
        sender, nonce = int(tx["sender_address"], 16), int(tx["nonce"], 16)
        tx_hash = invoke_from_rpc(tx).calculate_hash(self.chain_id)
        if not verify_message_signature(tx_hash, [int(s, 16) for s in tx["signature"]], self.public_keys[sender]):
            raise RpcFailure(55, "Account validation failed: invalid signature")
        if tx_hash in self.transactions:
            raise RpcFailure(59, "A transaction with the same hash already exists in the mempool")
        if nonce != self.nonces.get(sender, 0):
            raise RpcFailure(52, "Invalid transaction nonce")
        self.nonces[sender] = nonce + 1
        self.transactions[tx_hash] = tx
        return tx_hash

    def _receipt(self, tx_hash: int) -> dict[str, Any]:
        if tx_hash not in self.transactions:
            raise RpcFailure(29, "Transaction hash not found")
        self.polls[tx_hash] = seen = self.polls.get(tx_hash, 0) + 1
        final = seen > self.pending_polls
        receipt: dict[str, Any] = {
            "type": "INVOKE",
            "transaction_hash": hex(tx_hash),
            "actual_fee": {"amount": "0x1", "unit": "FRI"},
            "messages_sent": [],
            "events": [],
            "finality_status": self.finality_status if final else "PRE_CONFIRMED",
            "execution_status": self.execution_status if final else "SUCCEEDED",
        }
        if final:
            receipt |= {"block_hash": hex(0xB10C + seen), "block_number": 1000 + len(self.transactions)}
        if final and self.execution_status == "REVERTED":
            receipt["revert_reason"] = "Error in the called contract: range already anchored"
        return receipt


def invoke_from_rpc(tx: dict[str, Any]) -> InvokeV3:
    """The starknet-py transaction a BROADCASTED_INVOKE_TXN describes (to recompute its hash)."""
    bounds = {
        name: ResourceBounds(int(b["max_amount"], 16), int(b["max_price_per_unit"], 16))
        for name, b in tx["resource_bounds"].items()
    }
    # starknet-py builds only L1 data-availability modes and no paymaster data (fixed fields).
    assert (tx["nonce_data_availability_mode"], tx["fee_data_availability_mode"], tx["paymaster_data"]) == (
        DAMode.L1.name,
        DAMode.L1.name,
        [],
    )
    return InvokeV3(
        version=int(tx["version"], 16),
        signature=[int(s, 16) for s in tx["signature"]],
        nonce=int(tx["nonce"], 16),
        resource_bounds=ResourceBoundsMapping(**bounds),
        tip=int(tx["tip"], 16),
        calldata=[int(c, 16) for c in tx["calldata"]],
        sender_address=int(tx["sender_address"], 16),
        account_deployment_data=[int(a, 16) for a in tx["account_deployment_data"]],
    )


class _Handler(BaseHTTPRequestHandler):
    node: FakeNode

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        try:
            body = {"jsonrpc": "2.0", "id": request.get("id"), "result": self.node.handle(request)}
        except RpcFailure as failure:
            body = {
                "jsonrpc": "2.0",
                "id": request.get("id"),
                "error": {"code": failure.code, "message": failure.message},
            }
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def serve(node: FakeNode) -> Iterator[FakeNode]:
    """Run ``node`` on a free loopback port for the duration of the block."""
    handler = type("Handler", (_Handler,), {"node": node})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    node.url = f"http://127.0.0.1:{server.server_address[1]}/rpc"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield node
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
