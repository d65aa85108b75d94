"""Calls and signatures, verified offline with starknet-py's own hashing and verification."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from starknet_py.hash.selector import get_selector_from_name
from starknet_py.hash.utils import message_signature, verify_message_signature
from starknet_py.net.client_models import ResourceBounds, ResourceBoundsMapping
from starknet_py.net.signer.key_pair import KeyPair

from contracts.calls import AnchorContract, ExchangeContract, PaymasterContract, VaultContract
from contracts.digest import anchor_digest
from contracts.signing import OfflineSigner, to_rpc
from tests.starknet.conftest import ACCOUNT, ANCHOR_ADDRESS, PRIVATE_KEY, VAULT_ADDRESS
from tests.starknet.fake_node import SEPOLIA, invoke_from_rpc

BOUNDS = ResourceBoundsMapping(
    l1_gas=ResourceBounds(0, 10**14),
    l2_gas=ResourceBounds(3_000_000, 2 * 10**10),
    l1_data_gas=ResourceBounds(200, 1000),
)
DIGEST = anchor_digest(101, 250, hashlib.sha256(b"head").digest())


def test_the_anchor_call_carries_range_and_digest_when_built_from_the_abi(signer: OfflineSigner) -> None:
    call = AnchorContract(ANCHOR_ADDRESS, signer.account).anchor(101, 250, DIGEST)
    assert (call.to_addr, call.selector, call.calldata) == (
        ANCHOR_ADDRESS,
        get_selector_from_name("anchor"),
        [101, 250, DIGEST],
    )


def test_the_settlement_call_passes_the_amount_as_two_u128_halves(signer: OfflineSigner) -> None:
    call = VaultContract(VAULT_ADDRESS, signer.account).settle_withdrawal(0x5E7, 2**128 + 7, 0xD1D)
    assert call.selector == get_selector_from_name("settle_withdrawal")
    assert call.calldata == [0x5E7, 7, 1, 0xD1D]


def test_the_exchange_and_paymaster_calls_follow_their_abis(signer: OfflineSigner) -> None:
    trade = ExchangeContract(0x3E, signer.account).record_trade(
        9, 0x5E7, symbol=0x425443, is_long=True, quantity_units=5, price_units=2**130
    )
    assert trade.calldata == [9, 0x5E7, 0x425443, 1, 5, 0, 0, 4]
    allowance = PaymasterContract(0x4F, signer.account).set_allowance(0x5E7, Decimal("1.50"))
    assert allowance.calldata == [0x5E7, 1_500_000, 0]


def test_the_signature_verifies_against_the_recomputed_transaction_hash(signer: OfflineSigner) -> None:
    call = AnchorContract(ANCHOR_ADDRESS, signer.account).anchor(101, 250, DIGEST)

    tx = signer.sign([call], nonce=7, bounds=BOUNDS)

    recomputed = tx.calculate_hash(SEPOLIA)
    assert signer.hash_of(tx) == recomputed
    assert verify_message_signature(recomputed, tx.signature, KeyPair.from_private_key(PRIVATE_KEY).public_key)
    assert not verify_message_signature(recomputed, tx.signature, KeyPair.from_private_key(PRIVATE_KEY + 1).public_key)
    # The account's __execute__ calldata: one call, to the anchor contract, with our three arguments.
    assert tx.calldata == [1, ANCHOR_ADDRESS, get_selector_from_name("anchor"), 3, 101, 250, DIGEST]
    assert (tx.nonce, tx.sender_address, tx.resource_bounds) == (7, ACCOUNT, BOUNDS)


def test_signing_is_deterministic_and_bound_to_nonce_and_chain(signer: OfflineSigner) -> None:
    call = AnchorContract(ANCHOR_ADDRESS, signer.account).anchor(101, 250, DIGEST)
    first, again = signer.sign([call], 7, BOUNDS), signer.sign([call], 7, BOUNDS)
    assert (again.signature, signer.hash_of(again)) == (first.signature, signer.hash_of(first))
    assert signer.hash_of(signer.sign([call], 8, BOUNDS)) != signer.hash_of(first)
    other_chain = OfflineSigner(ACCOUNT, PRIVATE_KEY, 0x534E5F4D41494E)  # SN_MAIN
    assert other_chain.hash_of(other_chain.sign([call], 7, BOUNDS)) != signer.hash_of(first)


def test_the_json_rpc_form_describes_the_same_transaction(signer: OfflineSigner) -> None:
    tx = signer.sign([AnchorContract(ANCHOR_ADDRESS, signer.account).anchor(101, 250, DIGEST)], 7, BOUNDS)
    rpc = to_rpc(tx)
    assert (rpc["type"], rpc["version"], rpc["nonce"], rpc["sender_address"]) == ("INVOKE", "0x3", "0x7", hex(ACCOUNT))
    assert invoke_from_rpc(rpc).calculate_hash(SEPOLIA) == signer.hash_of(tx)


def test_a_fee_estimate_query_is_never_an_executable_transaction(signer: OfflineSigner) -> None:
    query = signer.for_fee_estimate([AnchorContract(ANCHOR_ADDRESS, signer.account).anchor(1, 2, 3)], 7)
    assert query.version == 2**128 + 3


def test_a_digest_signed_as_a_message_verifies_offline() -> None:
    keys = KeyPair.from_private_key(PRIVATE_KEY)
    r, s = message_signature(DIGEST, PRIVATE_KEY)
    assert verify_message_signature(DIGEST, [r, s], keys.public_key)
    assert not verify_message_signature(DIGEST + 1, [r, s], keys.public_key)
