"""The trade history read model: every close and liquidation, with why it earned no XP."""
