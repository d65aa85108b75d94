"""A job worker without Starknet configuration declares the Starknet actors but never loads starknet-py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_PROBE = (
    "import json, sys, dramatiq, jobs.worker; "
    "print(json.dumps({'starknet_py': 'starknet_py' in sys.modules, "
    "'actors': sorted(n for n in dramatiq.get_broker().get_declared_actors() if n.startswith('starknet.'))}))"
)
_CONFIGURED = {
    "STARKNET_RPC_URL": "http://127.0.0.1:9",
    "STARKNET_ACCOUNT_ADDRESS": "0x1",
    "STARKNET_PRIVATE_KEY": "0x2",
    "STARKNET_VAULT_ADDRESS": "0x3",
}


def _probe(redis_url: str, **extra: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARKNET_")}
    env.update(REDIS_URL=redis_url, **extra)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("configured", [False, True])
def test_the_same_starknet_actors_and_starknet_py_only_when_configured(redis_url: str, configured: bool) -> None:
    found = _probe(redis_url, **(_CONFIGURED if configured else {}))

    assert found["actors"] == ["starknet.catch_up", "starknet.submit_anchor", "starknet.submit_settlement"]
    assert found["starknet_py"] is configured
