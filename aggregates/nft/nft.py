"""The Nft aggregate: a badge minted to an achievement's earner, listed for sale (or withdrawn), bought."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from aggregates.base import AstraAggregate, CreationEvent
from aggregates.errors import Forbidden, InvalidAmount
from aggregates.money import MAX_CASH_AMOUNT, to_cash
from aggregates.nft.errors import CannotBuyOwnNft, NftNotListed, PriceChanged

MARKETPLACE_FEE_RATE = Decimal("0.025")  # 2.5 % of the price, paid by the seller
BADGE = "badge"
_NFT_NS = uuid5(NAMESPACE_URL, "https://astratrade.example/nft")


def badge_id(owner_id: UUID, achievement: str) -> UUID:
    """A badge's id follows from its earner and achievement, so it can be minted only once."""
    return uuid5(_NFT_NS, f"badge:{owner_id}:{achievement}")


def marketplace_fee(price: Decimal) -> Decimal:
    """The platform's 2.5 % of a sale, in cents (banker's rounding)."""
    return to_cash(price * MARKETPLACE_FEE_RATE)


@dataclass(frozen=True)
class Sale:
    """What a purchase moves: ``price`` from the buyer, ``price − fee`` to the seller, ``fee`` to the platform."""

    seller_id: UUID
    buyer_id: UUID
    price: Decimal
    fee: Decimal

    @property
    def proceeds(self) -> Decimal:
        return self.price - self.fee


class Nft(AstraAggregate):
    """A non-fungible token owned by one user; for sale at ``price`` while ``listed``."""

    TOPIC = "nft.Nft"

    class Minted(CreationEvent):
        """A badge NFT was minted to the user who earned ``achievement``."""

        TOPIC = "nft.Nft.Minted"
        owner_id: UUID
        kind: str
        achievement: str

    class Listed(AstraAggregate.Event):
        """The owner put the NFT up for sale at ``price`` (USD)."""

        TOPIC = "nft.Nft.Listed"
        seller_id: UUID
        price: Decimal

    class Unlisted(AstraAggregate.Event):
        """The owner withdrew the NFT from sale."""

        TOPIC = "nft.Nft.Unlisted"
        seller_id: UUID

    class Purchased(AstraAggregate.Event):
        """A buyer bought the listed NFT: ``price`` paid, ``fee`` kept by the platform."""

        TOPIC = "nft.Nft.Purchased"
        buyer_id: UUID
        seller_id: UUID
        price: Decimal
        fee: Decimal

    @event(Minted)
    def __init__(self, id: UUID, owner_id: UUID, kind: str, achievement: str) -> None:  # noqa: A002, ARG002
        self.owner_id = owner_id
        self.kind = kind
        self.achievement = achievement
        self.price: Decimal | None = None

    @classmethod
    def mint_badge(cls, owner_id: UUID, achievement: str) -> Nft:
        """Mint the badge of ``achievement`` to the user who earned it."""
        return cls(id=badge_id(owner_id, achievement), owner_id=owner_id, kind=BADGE, achievement=achievement)

    @property
    def listed(self) -> bool:
        return self.price is not None

    def list_for_sale(self, seller_id: UUID, price: Decimal) -> None:
        """List (or re-price) the NFT; only its owner may, at 0 < price ≤ 1,000,000.00 in cents."""
        if seller_id != self.owner_id:
            raise Forbidden("only the owner of an NFT may list it")
        if not isinstance(price, Decimal) or not price.is_finite():
            raise InvalidAmount("price must be a finite decimal")
        if not Decimal(0) < price <= MAX_CASH_AMOUNT or to_cash(price) != price:
            raise InvalidAmount("price must be > 0, ≤ 1,000,000.00, with at most 2 decimals")
        self._listed(seller_id=seller_id, price=to_cash(price))

    def withdraw_listing(self, seller_id: UUID) -> None:
        """Take the NFT off sale; only its owner may (403), and only while listed (409)."""
        if seller_id != self.owner_id:
            raise Forbidden("only the owner of an NFT may withdraw its listing")
        if self.price is None:
            raise NftNotListed("this NFT is not for sale")
        self._unlisted(seller_id=seller_id)

    def purchase(self, buyer_id: UUID, price: Decimal) -> Sale:
        """Buy the listed NFT at ``price``, the price the buyer saw; the seller pays the 2.5 % platform fee
        out of it. A listing re-priced since is refused, so a seller cannot switch the price under a buyer."""
        if buyer_id == self.owner_id:
            raise CannotBuyOwnNft("you already own this NFT")
        if self.price is None:
            raise NftNotListed("this NFT is not for sale")
        if price != self.price:
            raise PriceChanged(f"the listing's price is {self.price}, not {price}")
        sale = Sale(self.owner_id, buyer_id, self.price, marketplace_fee(self.price))
        self._purchased(buyer_id=buyer_id, seller_id=sale.seller_id, price=sale.price, fee=sale.fee)
        return sale

    @event(Listed)
    def _listed(self, seller_id: UUID, price: Decimal) -> None:  # noqa: ARG002
        self.price = price

    @event(Unlisted)
    def _unlisted(self, seller_id: UUID) -> None:  # noqa: ARG002
        self.price = None

    @event(Purchased)
    def _purchased(self, buyer_id: UUID, seller_id: UUID, price: Decimal, fee: Decimal) -> None:  # noqa: ARG002
        self.owner_id = buyer_id
        self.price = None
