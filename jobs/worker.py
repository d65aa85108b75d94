"""Entry point of a job worker process: ``dramatiq jobs.worker`` (what ``astratrade up`` runs).

Configures the broker from the settings, then imports every actor module.
"""

from __future__ import annotations

from astratrade.settings import Settings
from jobs.broker import configure

configure(Settings().redis_url)

# Actor modules (one line each):
import jobs.challenges  # noqa: E402, F401
import jobs.starknet  # noqa: E402, F401
