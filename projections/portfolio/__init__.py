"""The portfolio read model: cash, margin, open positions and P&L of every user."""
