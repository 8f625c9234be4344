"""The conformance matrix: each cell's outcome follows from the ledger, the rules and the capabilities."""

from __future__ import annotations

import json

from rekognition_conformance.checks import Violation
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.report.html import render
from rekognition_conformance.report.model import (
    FAIL,
    NONE,
    NOT_CHECKED,
    NOT_IMPLEMENTED,
    NOT_SELECTED,
    PASS,
    WARNING,
    build_matrix,
    gate_failures,
)
from rekognition_conformance.report.terminal import matrix_lines
from rekognition_conformance.summary import build_document
from rekognition_conformance.verdict import Ledger, operations_in

TEST = "conformance/suite/test_label_results.py::test_pages"
FACES_TEST = "conformance/suite/test_faces.py::test_pages"


def document(ledger: Ledger, *, unsupported: dict[str, str] | None = None, tests: dict | None = None) -> dict:
    doc = build_document(
        ledger, target=None, pool=None, run_id="r1", exitstatus=0, unsupported=unsupported or {},
        tests=tests if tests is not None else {TEST: {"family": "labels", "outcome": "passed"}},
    )
    # The report is built from the JSON as written: prove the document survives the round trip.
    return json.loads(json.dumps(doc, default=str))


def violation(rule_id: str, operation: str = "GetLabelDetection") -> Violation:
    return Violation(rule_id, operation, "NextToken missing", request={"JobId": "j1", "MaxResults": 2},
                     pointer="/NextToken", offending=None)


def test_checked_rules_make_their_cells_pass_and_others_not_checked():
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.COMPLETE",), [], ("GetLabelDetection",))
    matrix = build_matrix(document(ledger))
    assert matrix.cell("GetLabelDetection", "pagination").outcome == PASS
    # The same rule applies to GetFaceDetection: no test of the faces family ran, so it was not selected...
    assert matrix.cell("GetFaceDetection", "pagination").outcome == NOT_SELECTED
    # ...and once a faces test ran without checking it, it is not checked.
    ran = build_matrix(document(ledger, tests={TEST: {"family": "labels", "outcome": "passed"},
                                               FACES_TEST: {"family": "faces", "outcome": "passed"}}))
    assert ran.cell("GetFaceDetection", "pagination").outcome == NOT_CHECKED
    # No pagination rule applies to a Start operation.
    assert matrix.cell("StartLabelDetection", "pagination").outcome == NONE


def test_a_failing_must_fails_its_cell_only():
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.COMPLETE", "PAGINATION.TOKEN"), [violation("PAGINATION.TOKEN")],
                  ("GetLabelDetection", "GetFaceDetection"))
    doc = document(ledger)
    matrix = build_matrix(doc)
    cell = matrix.cell("GetLabelDetection", "pagination")
    assert cell.outcome == FAIL
    assert [v["rule_id"] for v in cell.failures] == ["PAGINATION.TOKEN"]
    assert cell.failures[0]["request"] == {"JobId": "j1", "MaxResults": 2}
    assert matrix.cell("GetFaceDetection", "pagination").outcome == PASS
    assert matrix.must.failing == ["PAGINATION.TOKEN"]
    assert matrix.must.line().startswith("1 of 2 MUST rules pass")


def test_a_should_violation_warns_and_fails_under_strict():
    lax = Ledger()
    lax.record(TEST, ("PAGINATION.ORDER",), [violation("PAGINATION.ORDER")], ("GetLabelDetection",))
    doc = document(lax)
    assert build_matrix(doc).cell("GetLabelDetection", "pagination").outcome == WARNING
    assert gate_failures(doc) == []

    strict = Ledger(strict=True)
    strict.record(TEST, ("PAGINATION.ORDER",), [violation("PAGINATION.ORDER")], ("GetLabelDetection",))
    doc = document(strict)
    assert build_matrix(doc).cell("GetLabelDetection", "pagination").outcome == FAIL
    assert gate_failures(doc) and "PAGINATION.ORDER" in gate_failures(doc)[0]


def test_a_failure_outweighs_a_warning_in_the_same_cell():
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.ORDER", "PAGINATION.TOKEN"),
                  [violation("PAGINATION.ORDER"), violation("PAGINATION.TOKEN")], ("GetLabelDetection",))
    cell = build_matrix(document(ledger)).cell("GetLabelDetection", "pagination")
    assert cell.outcome == FAIL and len(cell.failures) == 1 and len(cell.warnings) == 1


def test_an_unsupported_family_is_not_implemented_and_fails_the_gate_only_under_strict():
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.COMPLETE",), [], ("GetLabelDetection",))
    doc = document(ledger, unsupported={"faces": "not implemented: GetFaceDetection answered HTTP 501"})
    matrix = build_matrix(doc)
    assert matrix.cell("GetFaceDetection", "pagination").outcome == NOT_IMPLEMENTED
    assert matrix.cell("StartFaceDetection", "errors").outcome == NOT_IMPLEMENTED
    assert matrix.cell("GetLabelDetection", "pagination").outcome == PASS
    assert gate_failures(doc) == []
    doc["strict"] = True
    assert gate_failures(doc) == ["faces not implemented under --strict (not implemented: GetFaceDetection "
                                  "answered HTTP 501)"]


def test_a_violation_in_an_unsupported_family_does_not_fail_the_gate():
    # The test was reported as not implemented, not failed: the report and the exit status must agree.
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.TOKEN",), [violation("PAGINATION.TOKEN", "GetFaceDetection")],
                  ("GetFaceDetection",))
    assert gate_failures(document(ledger, unsupported={"faces": "declared unsupported"})) == []
    assert gate_failures(document(ledger)) != []


def test_checks_naming_no_operation_are_attributed_through_the_tests_family():
    ledger = Ledger()
    ledger.record(TEST, ("SCHEMA.RESPONSE",), [])
    matrix = build_matrix(document(ledger))
    assert matrix.cell("GetLabelDetection", "schema").outcome == PASS
    assert matrix.cell("StartLabelDetection", "schema").outcome == PASS
    assert matrix.cell("GetFaceDetection", "schema").outcome == NOT_SELECTED
    # Without the test's family nothing is claimed.
    unknown = build_matrix(document(ledger, tests={}))
    assert unknown.cell("GetLabelDetection", "schema").outcome != PASS


def test_operations_in_reads_the_operation_parameter_and_the_exchanges_a_check_is_given():
    def judged(operation, pages, name, *, rule_id=""):
        return []

    exchange = Exchange("GetLabelDetection", {}, 200)
    assert operations_in(judged, ("GetTextDetection", [exchange], "x"), {}) == (
        "GetTextDetection", "GetLabelDetection")
    assert operations_in(judged, ("NotAnOperation", [exchange, Exchange("GetFaceDetection", {}, 200)], 2), {}) == (
        "GetLabelDetection", "GetFaceDetection")
    # An operation name in an argument that is not the check's operation is data, not what it judges.
    assert operations_in(judged, ("NotAnOperation", [], "DescribeStreamProcessor"), {}) == ()


def test_terminal_matrix_has_one_character_cells_and_the_summary_line():
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.COMPLETE", "PAGINATION.TOKEN"), [violation("PAGINATION.TOKEN")],
                  ("GetLabelDetection",))
    ledger.record(TEST, ("PAGINATION.ORDER",), [violation("PAGINATION.ORDER", "GetFaceDetection")],
                  ("GetFaceDetection",))
    matrix = build_matrix(document(ledger, unsupported={"text": "declared unsupported"}))
    lines = matrix_lines(matrix)
    header = lines[0]
    column = header.index("pag") + 1  # the symbol sits under the middle letter
    row = {line.split()[0]: line for line in lines if line.startswith("  ")}
    assert row["GetLabelDetection"][column] == "F"
    assert row["GetFaceDetection"][column] == "W"
    assert row["GetTextDetection"][column] == "N"
    assert row["GetPersonTracking"][column] == "-"  # no test of the persons family ran: not selected
    assert any(line.startswith("text  (not implemented: declared unsupported)") for line in lines)
    assert lines[-1].startswith("1 of 2 MUST rules pass")
    assert any(line.startswith("legend:") for line in lines)


def test_html_links_a_failing_cell_to_its_failure():
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.TOKEN",), [violation("PAGINATION.TOKEN")], ("GetLabelDetection",))
    html = render(document(ledger))
    assert 'href="#cell-GetLabelDetection-pagination"' in html
    section = html[html.index('id="cell-GetLabelDetection-pagination"'):]
    assert "PAGINATION.TOKEN" in section and "/NextToken" in section and "&quot;MaxResults&quot;: 2" in section
    assert "https://docs.aws.amazon.com/" in section
    assert "<script" not in html and "http-equiv" not in html and "<link" not in html
