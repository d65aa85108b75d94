"""The marketplace read model: every NFT, its owner and, while listed, its asking price."""
