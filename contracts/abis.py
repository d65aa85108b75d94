"""The contract ABIs kept in ``contracts/abi/`` (Cairo 1 / Sierra JSON ABIs)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ABI_DIR = Path(__file__).resolve().parent / "abi"
CONTRACTS = ("anchor", "vault", "exchange", "paymaster")


@cache
def load_abi(name: str) -> list[dict[str, Any]]:
    """The ABI of contract ``name`` (one of ``CONTRACTS``)."""
    if name not in CONTRACTS:
        raise LookupError(f"no ABI named {name!r} (known: {', '.join(CONTRACTS)})")
    abi: list[dict[str, Any]] = json.loads((ABI_DIR / f"{name}.json").read_text())
    return abi
