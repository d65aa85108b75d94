"""Verifying bearer tokens issued by the command API (same secret); the one policy lives in ``http_common.tokens``."""

from __future__ import annotations

from http_common.tokens import ALGORITHM, InvalidToken, Principal, TokenVerifier

__all__ = ["ALGORITHM", "InvalidToken", "Principal", "TokenVerifier"]
