"""One configured Starknet connection: the node, the signing account, our contract addresses."""

from __future__ import annotations

from contracts.client import StarknetRpc
from contracts.signing import OfflineSigner


class Chain:
    """What talking to Starknet needs; the chain id is asked of the node once, when first signing."""

    def __init__(
        self,
        rpc: StarknetRpc,
        account: int,
        private_key: int,
        *,
        anchor: int | None = None,
        vault: int | None = None,
        chain_id: int | None = None,
    ) -> None:
        self.rpc, self.account, self._key, self.chain_id = rpc, account, private_key, chain_id
        self.contracts = {"anchor": anchor, "vault": vault}
        self._signer: OfflineSigner | None = None

    @property
    def signer(self) -> OfflineSigner:
        if self._signer is None:
            self._signer = OfflineSigner(self.account, self._key, self.chain_id or self.rpc.chain_id())
        return self._signer

    def address(self, contract: str) -> int:
        found = self.contracts.get(contract)
        assert found is not None, f"the {contract} contract is not configured"
        return found

    def close(self) -> None:
        self.rpc.close()
