"""The run-to-run diff: each kind of change between two run documents, and the exit status a CI job gates on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rekognition_conformance.checks import Violation
from rekognition_conformance.report.diff import CHANGED, FIXED, REGRESSED, classify, diff, main
from rekognition_conformance.summary import build_document
from rekognition_conformance.verdict import Ledger

TEST = "conformance/suite/test_label_results.py::test_pages"
LABELS_RAN = {TEST: {"family": "labels", "outcome": "passed"}}
RULE, OP = "PAGINATION.COMPLETE", "GetLabelDetection"


def document(*, violated: bool = False, checked: bool = True, inconclusive: bool = False,
             unsupported: dict[str, str] | None = None) -> dict:
    ledger = Ledger()
    if checked:
        found = [Violation(RULE, OP, "NextToken missing", pointer="/NextToken")] if violated else []
        ledger.record(TEST, (RULE,), found, (OP,))
    if inconclusive:
        ledger.record_inconclusive(TEST, (RULE,), "the listing was empty", (OP,))
    doc = build_document(ledger, target=None, pool=None, run_id="r", exitstatus=0, unsupported=unsupported or {},
                         tests=LABELS_RAN)
    return json.loads(json.dumps(doc, default=str))


def changes_of(old: dict, new: dict) -> dict[str, tuple[str, str, str]]:
    return {c.subject: (c.kind, c.old, c.new) for c in diff(old, new).pairs + diff(old, new).families}


def test_identical_runs_have_no_change() -> None:
    result = diff(document(), document())
    assert result.pairs == [] and result.families == [] and not result.regressed
    assert result.unchanged > 0


def test_pass_to_fail_is_a_regression() -> None:
    found = changes_of(document(), document(violated=True))
    assert found == {f"{RULE} on {OP}": (REGRESSED, "pass", "fail")}


def test_fail_to_pass_is_fixed() -> None:
    found = changes_of(document(violated=True), document())
    assert found == {f"{RULE} on {OP}": (FIXED, "fail", "pass")}


def test_pass_to_inconclusive_is_a_regression() -> None:
    found = changes_of(document(), document(checked=False, inconclusive=True))
    assert found[f"{RULE} on {OP}"] == (REGRESSED, "pass", "inconclusive")


def test_not_implemented_to_implemented_is_a_change_and_the_reverse_a_regression() -> None:
    excused = document(unsupported={"labels": "UnknownOperationException"})
    implemented = changes_of(excused, document())
    assert implemented[f"{RULE} on {OP}"] == (CHANGED, "not_implemented", "pass")
    assert implemented["family labels"] == (CHANGED, "not_implemented", "judged")
    dropped = changes_of(document(), excused)
    assert dropped[f"{RULE} on {OP}"] == (REGRESSED, "pass", "not_implemented")
    assert dropped["family labels"] == (REGRESSED, "judged", "not_implemented")


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("pass", "warning", REGRESSED), ("warning", "fail", REGRESSED), ("not_checked", "fail", REGRESSED),
    ("inconclusive", "pass", FIXED), ("fail", "inconclusive", CHANGED), ("not_selected", "fail", CHANGED),
    ("pass", "not_selected", CHANGED), ("not_implemented", "fail", CHANGED), ("fail", "not_implemented", REGRESSED),
])
def test_classification(old: str, new: str, kind: str) -> None:
    assert classify(old, new) == kind


def test_exit_status_and_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(document()))
    bad.write_text(json.dumps(document(violated=True)))
    assert main([str(good), str(bad)]) == 1
    text = capsys.readouterr().out
    assert f"regressed: {RULE} on {OP}: pass -> fail" in text
    assert "1 regressed, 0 fixed, 0 changed" in text
    assert main([str(bad), str(good), "--markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "### Fixed (1)" in markdown and f"| {RULE} on {OP} | fail | pass |" in markdown
    assert main([str(good), str(tmp_path / "missing.json")]) == 2
