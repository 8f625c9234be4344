"""The README's contract tables are generated from spec/ and kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekognition_conformance.spec import docs
from rekognition_conformance.spec.operations import ALL_OPERATIONS
from rekognition_conformance.spec.rules import rules

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_contract_tables_are_current():
    command = "python -m rekognition_conformance.spec.docs --write README.md"
    assert docs.main([str(README), "--check"]) == 0, f"run: {command}"


def test_every_rule_and_operation_appears():
    text = docs.render()
    assert all(f"`{rid}`" in text for rid in rules())
    assert all(f"| {operation} |" in text for operation in ALL_OPERATIONS)


def test_splice_needs_the_markers():
    with pytest.raises(ValueError, match="markers"):
        docs.splice("# a README without markers\n")
