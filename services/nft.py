"""NFT commands: mint a badge, list an NFT for sale or withdraw it, buy a listed NFT."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from aggregates.financial.revenue import RevenueSource
from aggregates.nft.errors import NftAlreadyMinted
from aggregates.nft.nft import Nft, badge_id
from event_store.metadata import CommandContext
from services.commands import CommandResult, CommandRunner, Decision, Idempotency
from services.loading import get_as
from services.revenue import revenue_book, wallet_of


class NftService:
    """Commands on NFTs; a purchase moves cash and the NFT in one transaction."""

    def __init__(self, runner: CommandRunner) -> None:
        self.runner = runner
        self.repository = runner.store.repository

    def mint_badge(
        self, owner_id: UUID, achievement: str, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Mint the badge of ``achievement`` to its earner; NftAlreadyMinted if it exists."""

        def decide() -> Decision:
            if badge_id(owner_id, achievement) in self.repository:
                raise NftAlreadyMinted(f"the {achievement} badge of {owner_id} is already minted")
            nft = Nft.mint_badge(owner_id, achievement)
            body = {"nft_id": str(nft.id), "owner_id": str(owner_id), "achievement": achievement}
            return Decision([nft], body, status=201)

        return self.runner.run(decide, ctx, idem)

    def list_for_sale(
        self, seller_id: UUID, nft_id: UUID, price: Decimal, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """List (or re-price) the seller's own NFT: 404 unknown, 403 not theirs."""

        def decide() -> Decision:
            nft = get_as(self.repository, nft_id, Nft, "NFT")
            nft.list_for_sale(seller_id, price)
            return Decision([nft], {"nft_id": str(nft.id), "price": str(nft.price)}, status=201)

        return self.runner.run(decide, ctx, idem)

    def withdraw_listing(
        self, seller_id: UUID, nft_id: UUID, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Take the seller's own NFT off sale: 404 unknown, 403 not theirs, 409 not listed."""

        def decide() -> Decision:
            nft = get_as(self.repository, nft_id, Nft, "NFT")
            nft.withdraw_listing(seller_id)
            return Decision([nft], {"nft_id": str(nft.id), "price": None})

        return self.runner.run(decide, ctx, idem)

    def purchase(
        self, buyer_id: UUID, nft_id: UUID, price: Decimal, ctx: CommandContext, idem: Idempotency | None = None
    ) -> CommandResult:
        """Buy a listed NFT at the ``price`` the buyer saw (PriceChanged otherwise): buyer wallet, seller wallet,
        the seller's revenue book and the NFT, one save."""

        def decide() -> Decision:
            nft = get_as(self.repository, nft_id, Nft, "NFT")
            sale = nft.purchase(buyer_id, price)
            buyer = wallet_of(self.repository, buyer_id)
            buyer.pay_for_nft(nft.id, sale.price)
            seller = wallet_of(self.repository, sale.seller_id)
            seller.receive_nft_sale(nft.id, sale.price, sale.fee)
            book = revenue_book(self.repository, sale.seller_id)
            book.record(RevenueSource.MARKETPLACE_FEE, sale.fee, nft.id)
            body = {
                "nft_id": str(nft.id),
                "buyer_id": str(buyer_id),
                "seller_id": str(sale.seller_id),
                "price": str(sale.price),
                "fee": str(sale.fee),
                "cash": str(buyer.cash),
            }
            return Decision([buyer, seller, book, nft], body)

        return self.runner.run(decide, ctx, idem)
