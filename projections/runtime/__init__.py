"""The runner that follows the global log into read models, exactly once.

The public surface, for the CLI and the query API:
``ReadModels`` (where read models live), ``migrate``, ``ProjectionWorker`` /
``run_worker``, ``WorkerGroup`` / ``run_group`` (several workers in one process), ``run_groups`` (several groups),
``rebuild``, ``projection_status``, ``wait_for`` / ``ProgressWaiter``.
"""

from projections.runtime.base import Projection, Tables
from projections.runtime.config import ReadModels
from projections.runtime.group import WorkerGroup
from projections.runtime.options import WorkerOptions
from projections.runtime.process import run_group, run_groups, run_worker
from projections.runtime.rebuild import RebuildFailed, rebuild
from projections.runtime.schema import migrate
from projections.runtime.status import ProjectionStatus, projection_status
from projections.runtime.waiting import ProgressWaiter, wait_for
from projections.runtime.worker import ProjectionWorker

__all__ = [
    "ProgressWaiter",
    "Projection",
    "ProjectionStatus",
    "ProjectionWorker",
    "ReadModels",
    "RebuildFailed",
    "Tables",
    "WorkerGroup",
    "WorkerOptions",
    "migrate",
    "projection_status",
    "rebuild",
    "run_group",
    "run_groups",
    "run_worker",
    "wait_for",
]
