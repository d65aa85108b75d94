"""The password rule (api.md "Abuse limits"): at least 10 characters and not a common password.

Checked wherever a password is set (registration over HTTP, ``astratrade create-admin``),
never at login, so users whose older, shorter passwords predate the rule still sign in.

``common-passwords.txt`` (beside this module) holds the 1,780 entries of 10 characters or
more from the common-password list Django 5.2 ships (``django/contrib/auth/
common-passwords.txt.gz``: the 20,000 most common passwords, lowercased, compiled by
Royce Williams, BSD licence); the shorter entries are refused by length anyway.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from services.errors import WeakPassword

MIN_LENGTH = 10


def check_strength(password: str) -> None:
    """Raise ``WeakPassword`` for a password shorter than ``MIN_LENGTH`` or in the common list."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if password.strip().lower() in _common_passwords():
        raise WeakPassword("this password is in a list of common passwords; choose another")


@cache  # read once per process, on the first password set
def _common_passwords() -> frozenset[str]:
    text = files("services").joinpath("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())
