"""The read side: projection and policy workers and their read models."""
