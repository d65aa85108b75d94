"""``python -m astratrade.published``: write the contract snapshots under contracts/ (scripts/contracts runs it)."""

from __future__ import annotations

import sys

from astratrade.published.snapshots import ROOT, generate, write


def main() -> int:
    problems = write(generate())
    for problem in problems:
        print(f"refused: {problem}", file=sys.stderr)
    if not problems:
        print(f"contracts written under {ROOT}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
