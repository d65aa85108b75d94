"""Development secrets: random ``JWT_SECRET`` and ``CLAIM_KEY`` kept in the data directory.

In development (``ASTRATRADE_ENV=development``, the default) a secret left unset is
never a value published in the source: the first process to need one generates both
into ``<ASTRATRADE_DATA_DIR>/secrets.json`` (mode 0600) and every later process of that
data directory reads them back, so the APIs, workers, jobs and CLI commands of one stack
sign and check tokens and claims with the same keys, across restarts. ``astratrade``
commands also export them to their environment, so the processes ``up`` starts inherit
them whatever their working directory. Outside development the settings refuse to start
without real secrets (``astratrade/settings.py``).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("astratrade.secrets")
FILE_NAME = "secrets.json"


@dataclass(frozen=True)
class DevSecrets:
    """The development secrets of one data directory, and whether this process created them."""

    jwt_secret: str = field(repr=False)
    claim_key: str = field(repr=False)
    path: Path
    created: bool


def load_or_create(data_dir: Path) -> DevSecrets:
    """The secrets kept in ``data_dir``, generated there first if there are none (race-safe)."""
    path = data_dir.resolve() / FILE_NAME
    if path.exists():
        return _read(path, created=False)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fresh = {
        "JWT_SECRET": secrets.token_urlsafe(48),
        "CLAIM_KEY": secrets.token_urlsafe(48),
        "created_at": datetime.now(UTC).isoformat(),
    }
    draft = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        os.fchmod(file.fileno(), 0o600)  # whatever the umask
        json.dump(fresh, file)
    try:
        os.link(draft, path)  # atomic, and fails if a concurrent first run got there before us
        created = True
    except FileExistsError:
        created = False
    finally:
        draft.unlink()
    return _read(path, created)


def announce(kept: DevSecrets | None) -> None:
    """Log where a process's development secrets come from (never the secrets), and export them
    so the processes it starts inherit them."""
    if kept is None:
        return
    os.environ["JWT_SECRET"], os.environ["CLAIM_KEY"] = kept.jwt_secret, kept.claim_key
    if kept.created:
        log.warning(
            "JWT_SECRET / CLAIM_KEY unset: generated random development secrets into %s (mode 0600); "
            "later runs reuse them. Set both (and ASTRATRADE_ENV=production) in production.",
            kept.path,
        )
    else:
        log.info("JWT_SECRET / CLAIM_KEY unset: using the development secrets kept in %s", kept.path)


def _read(path: Path, created: bool) -> DevSecrets:
    values = json.loads(path.read_text(encoding="utf-8"))
    return DevSecrets(values["JWT_SECRET"], values["CLAIM_KEY"], path, created)
