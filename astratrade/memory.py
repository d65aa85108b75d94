"""Large blocks go back to the OS when freed: glibc's malloc, tuned once per process.

glibc serves a block above its mmap threshold with mmap and unmaps it on free, but raises that
threshold (up to 32 MiB) each time such a block is freed, so the next ones of that size come from a
heap arena and stay in the process when freed. A password check (argon2id, 19 MiB,
``services/passwords.py``) on each of the API's threads left a command API at ~370 MB RSS after
``astratrade simulate`` signed 20 traders in, instead of ~105 (docs/adr/0015-light-up.md,
``bench/footprint.py``). A fixed threshold stops the adjustment: each such block is mapped and
unmapped (~1-2 ms of page faults on a ~50 ms check). ``MALLOC_MMAP_THRESHOLD_`` in the environment
(glibc's own setting) wins; other C libraries are left alone.
"""

from __future__ import annotations

import ctypes
import os

_M_MMAP_THRESHOLD = -3  # malloc.h
MMAP_THRESHOLD = 4 * 2**20  # bytes: blocks this large or larger are mapped, and unmapped when freed


def return_large_blocks() -> bool:
    """Fix glibc's mmap threshold for this process; False where that is not glibc's malloc or it is set already."""
    if "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this interpreter is linked with
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
