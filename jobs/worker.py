"""Entry point of a job worker process: ``dramatiq jobs.worker`` (what ``astratrade up`` runs).

Configures the broker from the settings, then imports every actor module.
"""

from __future__ import annotations

from astratrade.settings import Settings, starknet_status
from jobs.broker import configure

settings = Settings()
configure(settings.redis_url, settings.jobs_broker, settings.rabbitmq_url)

# Actor modules (one line each):
import jobs.backtests  # noqa: E402  (strategies: backtests and optimisation grids)
import jobs.challenges  # noqa: E402
import jobs.orders  # noqa: E402  (gtd expiry, TWAP/VWAP slices)

if starknet_status(settings)["status"] == "enabled":
    import jobs.starknet
else:  # the same actors, without starknet-py in memory: they cannot send anything anyway
    import jobs.starknet_disabled  # noqa: F401
