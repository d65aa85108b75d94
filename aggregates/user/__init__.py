"""The user context: accounts, credentials, roles and unique-name claims."""
