"""Typed wrappers: one method per contract function we invoke, returning a ``Call``.

Each builds its calldata with starknet-py from the ABI in ``contracts/abi/``
(``Contract(...).functions[name].prepare_invoke_v3``), so argument types are
checked against the ABI (a u64 out of range, a bad address, fail here, not on-chain).
starknet-py prepares invokes only on a Contract bound to an Account; building a
call asks the node nothing (``signing.offline_account`` makes one without a node).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starknet_py.contract import Contract
from starknet_py.net.account.base_account import BaseAccount
from starknet_py.net.client_models import Call

from contracts.abis import load_abi
from contracts.units import felt, usd_to_units


class _Wrapper:
    abi_name: str

    def __init__(self, address: int, account: BaseAccount) -> None:
        self.address = address
        self.contract = Contract(address, load_abi(self.abi_name), account, cairo_version=1)

    def _call(self, function: str, **arguments: Any) -> Call:
        prepared = self.contract.functions[function].prepare_invoke_v3(**arguments)
        return Call(to_addr=prepared.to_addr, selector=prepared.selector, calldata=list(prepared.calldata))


class AnchorContract(_Wrapper):
    """Records digests of the audit chain: ``anchor(from_position, to_position, digest)``."""

    abi_name = "anchor"

    def anchor(self, from_position: int, to_position: int, digest: int) -> Call:
        return self._call("anchor", from_position=from_position, to_position=to_position, digest=felt(digest))


class VaultContract(_Wrapper):
    """Holds users' on-chain funds: ``settle_withdrawal(recipient, amount: u256, withdrawal_id)``."""

    abi_name = "vault"

    def settle_withdrawal(self, recipient: int, amount_units: int, withdrawal_id: int) -> Call:
        return self._call(
            "settle_withdrawal", recipient=recipient, amount=amount_units, withdrawal_id=felt(withdrawal_id)
        )


class ExchangeContract(_Wrapper):
    """Mirrors trades on-chain: ``record_trade(trade_id, trader, symbol, is_long, quantity, price)``."""

    abi_name = "exchange"

    def record_trade(
        self, trade_id: int, trader: int, *, symbol: int, is_long: bool, quantity_units: int, price_units: int
    ) -> Call:
        return self._call(
            "record_trade",
            trade_id=felt(trade_id),
            trader=trader,
            symbol=felt(symbol),
            is_long=is_long,
            quantity=quantity_units,
            price=price_units,
        )


class PaymasterContract(_Wrapper):
    """Sponsors users' gas: ``set_allowance(user, allowance: u256)``."""

    abi_name = "paymaster"

    def set_allowance(self, user: int, allowance_usd: Decimal) -> Call:
        return self._call("set_allowance", user=user, allowance=usd_to_units(allowance_usd))
