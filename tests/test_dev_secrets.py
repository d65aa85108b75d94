"""Development secrets: generated once into the data directory (0600), reused, never the published value."""

from __future__ import annotations

import json
import logging
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from astratrade import dev_secrets
from astratrade.settings import DEV_SECRET, Settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A development environment with no secrets set, its data directory in ``tmp_path``."""
    for name in ("JWT_SECRET", "CLAIM_KEY", "ASTRATRADE_ENV"):
        monkeypatch.setenv(name, "restored-after-the-test")  # so the deletion below is undone
        monkeypatch.delenv(name)
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_random_secrets_in_a_0600_file_when_none_is_set_in_development(data_dir: Path) -> None:
    settings = Settings()

    kept = data_dir / "secrets.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    values = json.loads(kept.read_text())
    assert (settings.jwt_secret, settings.claim_key) == (values["JWT_SECRET"], values["CLAIM_KEY"])
    assert DEV_SECRET not in (settings.jwt_secret, settings.claim_key)
    assert settings.jwt_secret != settings.claim_key and min(map(len, (settings.jwt_secret, settings.claim_key))) >= 32
    assert settings.dev_secrets is not None
    assert settings.dev_secrets.created


def test_the_same_secrets_when_a_later_process_starts(data_dir: Path) -> None:
    first = Settings()
    written = (data_dir / "secrets.json").read_bytes()

    later = Settings()

    assert (later.jwt_secret, later.claim_key) == (first.jwt_secret, first.claim_key)
    assert later.dev_secrets is not None
    assert not later.dev_secrets.created and (data_dir / "secrets.json").read_bytes() == written


def test_every_first_run_agrees_when_several_start_at_once(data_dir: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        kept = list(pool.map(lambda _: dev_secrets.load_or_create(data_dir), range(8)))

    assert len({(k.jwt_secret, k.claim_key) for k in kept}) == 1
    assert sum(k.created for k in kept) == 1
    assert [p.name for p in data_dir.iterdir()] == ["secrets.json"]  # no draft left behind


def test_a_secret_set_in_the_environment_wins_when_the_other_is_generated(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JWT_SECRET", "an-operator-chosen-jwt-secret-0123456789")

    settings = Settings()

    assert settings.jwt_secret == "an-operator-chosen-jwt-secret-0123456789"
    assert settings.claim_key == json.loads((data_dir / "secrets.json").read_text())["CLAIM_KEY"]


def test_the_published_value_is_refused_when_set_even_in_development(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIM_KEY", DEV_SECRET)

    with pytest.raises(ValueError, match="published"):
        Settings()


def test_nothing_is_generated_and_start_is_refused_when_not_in_development(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASTRATRADE_ENV", "production")

    with pytest.raises(ValueError, match="JWT_SECRET"):
        Settings()
    assert not data_dir.exists()


def test_a_configuration_error_names_the_settings_when_the_data_directory_is_not_writable(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.parent.mkdir(exist_ok=True)
    (data_dir.parent / "a-file").write_text("")
    monkeypatch.setenv("ASTRATRADE_DATA_DIR", str(data_dir.parent / "a-file" / "data"))  # a file in the way

    with pytest.raises(ValueError, match="ASTRATRADE_DATA_DIR"):
        Settings()


def test_announce_logs_the_file_never_the_secrets_and_exports_them_when_generated(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings()

    with caplog.at_level(logging.INFO, logger="astratrade.secrets"):
        dev_secrets.announce(settings.dev_secrets)

    assert "generated random development secrets into" in caplog.text and str(data_dir) in caplog.text
    assert settings.jwt_secret not in caplog.text and settings.claim_key not in caplog.text
    assert (os.environ["JWT_SECRET"], os.environ["CLAIM_KEY"]) == (settings.jwt_secret, settings.claim_key)
