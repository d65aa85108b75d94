"""The account statement read model: every movement of a user's free cash with the balance after it."""
