"""Freed password-hashing buffers leave the process (astratrade/memory.py, docs/adr/0015-light-up.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from astratrade.memory import return_large_blocks

# Eight threads hash twice each (argon2id, 19 MiB a hash), as a command API's threads do under sign-ups;
# prints how much the RSS grew, in MiB, once all are done.
_PROBE = """
import sys, threading
from astratrade.memory import return_large_blocks
if sys.argv[1] == "tuned":
    assert return_large_blocks()
from services.passwords import hash_password
def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20
before, barrier = rss(), threading.Barrier(8)
def work():
    barrier.wait()
    for _ in range(2):
        hash_password("a long enough password 123")
threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(rss() - before)
"""


def _growth(mode: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, mode],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc and /proc: Linux")
def test_hashing_on_many_threads_leaves_the_rss_where_it_was_when_large_blocks_are_returned() -> None:
    # Given a process that tuned malloc as every AstraTrade process does, and one that did not
    # When eight threads hash passwords at once in each
    tuned, default = _growth("tuned"), _growth("default")

    # Then the tuned one keeps none of the buffers; the other keeps several 19 MiB arenas' worth
    assert tuned < 20, tuned
    assert default > tuned + 40, (default, tuned)


def test_the_environment_setting_wins_over_the_tuning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")  # an operator's choice, read by glibc at start
    assert return_large_blocks() is False
