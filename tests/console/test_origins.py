"""CONSOLE_ORIGINS: the origins both APIs admit by CORS; never every origin."""

from __future__ import annotations

import pytest

from astratrade.settings import Settings

SECRETS = {"ASTRATRADE_ENV": "test", "jwt_secret": "x" * 40, "CLAIM_KEY": "console-claim-key-0123456789"}


def test_the_default_origins_are_the_consoles_own_on_its_port():
    settings = Settings(**SECRETS, CONSOLE_PORT=9002)  # type: ignore[arg-type]
    assert settings.cors_origins == ["http://127.0.0.1:9002", "http://localhost:9002"]


def test_named_origins_replace_the_default_without_trailing_slashes():
    settings = Settings(**SECRETS, CONSOLE_ORIGINS="https://console.example.com/, http://10.0.0.5:8002")  # type: ignore[arg-type]
    assert settings.cors_origins == ["https://console.example.com", "http://10.0.0.5:8002"]


@pytest.mark.parametrize("origins", ["*", "http://ok.example,*", "console.example.com", "null"])
def test_any_origin_or_one_without_a_scheme_is_refused_at_start(origins: str):
    with pytest.raises(ValueError, match="CONSOLE_ORIGINS"):
        Settings(**SECRETS, CONSOLE_ORIGINS=origins)  # type: ignore[arg-type]
