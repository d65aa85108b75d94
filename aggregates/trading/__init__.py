"""The trading context: wallets, market prices and positions."""
