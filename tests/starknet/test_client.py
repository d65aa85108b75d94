"""The JSON-RPC client against a local node: the exact requests it makes and what it reads back."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from starknet_py.hash.selector import get_selector_from_name

from contracts.calls import AnchorContract
from contracts.client import RpcError, StarknetRpc
from contracts.digest import anchor_digest
from contracts.signing import OfflineSigner, to_rpc
from tests.starknet.conftest import ACCOUNT, ANCHOR_ADDRESS
from tests.starknet.fake_node import SEPOLIA, FakeNode

DIGEST = anchor_digest(101, 250, hashlib.sha256(b"head").digest())


def _signed_anchor(rpc: StarknetRpc, signer: OfflineSigner) -> dict:
    calls = [AnchorContract(ANCHOR_ADDRESS, signer.account).anchor(101, 250, DIGEST)]
    nonce = rpc.nonce(ACCOUNT)
    bounds = rpc.estimate_fee(to_rpc(signer.for_fee_estimate(calls, nonce)))
    return to_rpc(signer.sign(calls, nonce, bounds))


def test_each_request_is_a_json_rpc_2_call_with_the_spec_method_and_params(
    node: FakeNode, rpc: StarknetRpc, signer: OfflineSigner
) -> None:
    # Given a node, when the client reads the chain, the nonce, estimates, submits and polls
    assert rpc.chain_id() == SEPOLIA
    tx = _signed_anchor(rpc, signer)
    tx_hash = rpc.add_invoke(tx)
    rpc.receipt(tx_hash)

    # Then every request is exactly what the spec names
    assert node.methods() == [
        "starknet_chainId",
        "starknet_getNonce",
        "starknet_estimateFee",
        "starknet_addInvokeTransaction",
        "starknet_getTransactionReceipt",
    ]
    assert {r["jsonrpc"] for r in node.requests} == {"2.0"}
    assert len({r["id"] for r in node.requests}) == len(node.requests)
    chain_id, nonce, estimate, add, receipt = (r["params"] for r in node.requests)
    assert chain_id == []
    assert nonce == {"block_id": "pre_confirmed", "contract_address": hex(ACCOUNT)}
    assert estimate["simulation_flags"] == [] and estimate["block_id"] == "pre_confirmed"
    assert int(estimate["request"][0]["version"], 16) == 2**128 + 3  # a query, never executable
    assert receipt == {"transaction_hash": hex(tx_hash)}
    sent = add["invoke_transaction"]
    assert sent == tx
    assert sent["calldata"] == [
        hex(v) for v in (1, ANCHOR_ADDRESS, get_selector_from_name("anchor"), 3, 101, 250, DIGEST)
    ]


def test_the_fee_estimate_becomes_bounds_with_starknet_pys_margin(rpc: StarknetRpc, signer: OfflineSigner) -> None:
    tx = _signed_anchor(rpc, signer)
    bounds = tx["resource_bounds"]
    assert int(bounds["l2_gas"]["max_amount"], 16) == 0x1F4000 * 3 // 2
    assert int(bounds["l2_gas"]["max_price_per_unit"], 16) == 0x2CB417800 * 3 // 2


def test_the_hash_returned_is_the_one_signed_when_the_node_accepts(
    rpc: StarknetRpc, signer: OfflineSigner, node: FakeNode
) -> None:
    tx = _signed_anchor(rpc, signer)
    assert rpc.add_invoke(tx) in node.transactions
    assert rpc.nonce(ACCOUNT) == 1


def test_a_receipt_is_none_while_unknown_then_pre_confirmed_then_final(rpc: StarknetRpc, signer: OfflineSigner) -> None:
    assert rpc.receipt(0xABC) is None
    tx_hash = rpc.add_invoke(_signed_anchor(rpc, signer))
    pending, final = rpc.receipt(tx_hash), rpc.receipt(tx_hash)
    assert pending is not None and (pending.final, pending.credited) == (False, False)
    assert final is not None and (final.finality_status, final.execution_status) == ("ACCEPTED_ON_L2", "SUCCEEDED")
    assert final.credited and final.block_number == 1001


def test_a_reverted_receipt_is_final_but_never_credited(
    rpc: StarknetRpc, signer: OfflineSigner, node: FakeNode
) -> None:
    node.execution_status, node.pending_polls = "REVERTED", 0
    receipt = rpc.receipt(rpc.add_invoke(_signed_anchor(rpc, signer)))
    assert receipt is not None and receipt.final and not receipt.credited
    assert "range already anchored" in (receipt.revert_reason or "")


def test_a_node_error_surfaces_with_its_code(rpc: StarknetRpc, signer: OfflineSigner, node: FakeNode) -> None:
    tx = _signed_anchor(rpc, signer)
    node.refusals.append((52, "Invalid transaction nonce"))
    with pytest.raises(RpcError) as refused:
        rpc.add_invoke(tx)
    assert refused.value.code == 52


def test_a_transport_failure_surfaces_as_an_http_error() -> None:
    unreachable = StarknetRpc("http://127.0.0.1:9/rpc", timeout=1.0)
    with pytest.raises(httpx.HTTPError):
        unreachable.chain_id()
