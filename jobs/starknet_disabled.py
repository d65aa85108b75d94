"""The Starknet actors of a job worker started while Starknet is not configured.

``jobs/starknet.py`` would log "disabled" and return for each of these messages anyway;
declaring the same actors here, without importing it, keeps starknet-py and the contract
wrappers (~65 MB) out of every job worker process that cannot use them. Nothing is lost:
what is unfinished stays in the log, and the catch-up of the first worker booted with
Starknet configured enqueues it again (``jobs.starknet.catch_up``).
"""

from __future__ import annotations

import logging

import dramatiq

from services.onchain import QUEUE, SUBMIT_ANCHOR, SUBMIT_SETTLEMENT

log = logging.getLogger("astratrade.jobs.starknet")
CATCH_UP = "starknet.catch_up"


def _waits(actor_name: str) -> None:
    def run(*args: str) -> None:
        log.warning(
            "starknet disabled (not configured): %s %s waits for a configured worker's catch-up",
            actor_name,
            " ".join(args),
        )

    dramatiq.actor(actor_name=actor_name, queue_name=QUEUE)(run)


for _name in (SUBMIT_ANCHOR, SUBMIT_SETTLEMENT, CATCH_UP):
    _waits(_name)
