"""Starknet's readiness detail: disabled and why when unconfigured, never the key when configured."""

from __future__ import annotations

from typing import Any

from astratrade.settings import Settings, starknet_status
from jobs.starknet import chain_from

CONFIGURED: dict[str, Any] = {
    "STARKNET_RPC_URL": "https://node.example/rpc/v0_10/SECRET-API-KEY",
    "STARKNET_ACCOUNT_ADDRESS": "0x123",
    "STARKNET_PRIVATE_KEY": "0x2dccce1da22003777062ee0870e988",
    "STARKNET_ANCHOR_ADDRESS": "0x456",
}


def test_starknet_is_disabled_and_says_which_settings_are_missing_when_unconfigured() -> None:
    status = starknet_status(Settings(STARKNET_RPC_URL="http://127.0.0.1:5050/rpc"))
    assert status["status"] == "disabled"
    assert status["missing"] == ["STARKNET_ACCOUNT_ADDRESS", "STARKNET_PRIVATE_KEY"]
    assert "STARKNET_PRIVATE_KEY" in str(status["detail"])
    assert chain_from(Settings()) is None


def test_the_status_names_the_host_and_contracts_but_never_the_key_or_the_url_path_when_configured() -> None:
    status = starknet_status(Settings(**CONFIGURED))
    assert (status["status"], status["rpc_host"], status["anchoring"]) == ("enabled", "node.example", "enabled")
    assert status["settlement"] == "disabled: STARKNET_VAULT_ADDRESS not set"
    assert "SECRET" not in str(status) and "2dccce" not in str(status)
    assert "2dccce" not in repr(Settings(**CONFIGURED))


def test_a_configured_chain_holds_the_parsed_account_and_contracts() -> None:
    chain = chain_from(Settings(**CONFIGURED))
    assert chain is not None
    assert (chain.account, chain.contracts) == (0x123, {"anchor": 0x456, "vault": None})
    chain.close()
