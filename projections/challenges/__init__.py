"""The challenges read model: each challenge's status, window, each side's counted P&L and winner."""
