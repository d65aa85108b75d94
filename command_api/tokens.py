"""Bearer tokens: issued here at login, verified by both APIs; the one policy lives in ``http_common.tokens``."""

from __future__ import annotations

from http_common.tokens import ALGORITHM, InvalidToken, Principal, Tokens

__all__ = ["ALGORITHM", "InvalidToken", "Principal", "Tokens"]
