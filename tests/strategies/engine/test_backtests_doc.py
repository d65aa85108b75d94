"""docs/backtests.md's worked examples are executed: its figures are the code's."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "backtests.md"


def test_every_worked_example_in_docs_backtests_md_holds():
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10
    assert result.failed == 0
