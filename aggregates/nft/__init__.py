"""The NFT context: badge NFTs minted to achievement earners, listed and sold on the marketplace."""
