"""The friends read model: each user's friends and the friend requests pending to and from them."""
