"""The notifications read model: what happened to each user that they should hear about, by log position."""
