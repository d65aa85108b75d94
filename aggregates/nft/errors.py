"""Rules of the NFT marketplace a command can break."""

from __future__ import annotations

from aggregates.errors import DomainError


class NftNotListed(DomainError):
    """Buying an NFT that is not for sale (never listed, or already sold)."""

    code = "nft_not_listed"


class CannotBuyOwnNft(DomainError):
    code = "cannot_buy_own_nft"


class NftAlreadyMinted(DomainError):
    """The badge of this (user, achievement) exists: it is minted once."""

    code = "nft_already_minted"


class PriceChanged(DomainError):
    """The price the buyer named is not the listing's price (it was re-listed since the buyer saw it)."""

    code = "price_changed"
