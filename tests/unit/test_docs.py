"""The README's contract tables are generated from spec/ and kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

from spec import docs
from spec.operations import ALL_OPERATIONS
from spec.rules import rules

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_contract_tables_are_current():
    assert docs.main([str(README), "--check"]) == 0, "run: python -m spec.docs --write README.md"


def test_every_rule_and_operation_appears():
    text = docs.render()
    assert all(f"`{rid}`" in text for rid in rules())
    assert all(f"| {operation} |" in text for operation in ALL_OPERATIONS)


def test_splice_needs_the_markers():
    with pytest.raises(ValueError, match="markers"):
        docs.splice("# a README without markers\n")
