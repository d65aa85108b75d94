"""Social: clans and clan membership, friendships, and challenges between friends."""
