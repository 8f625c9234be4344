"""Outcomes per (rule, operation), the gate on them, and the SHOULD summary: all read from the run's document."""

from __future__ import annotations

import json

import pytest

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.report.html import render
from rekognition_conformance.report.model import build_matrix
from rekognition_conformance.report.outcomes import gate_failures, pair_outcomes
from rekognition_conformance.report.should import should_lines
from rekognition_conformance.summary import build_document, rule_table
from rekognition_conformance.verdict import Ledger, NothingToJudge, Verdict, judged_no_items

TEST = "conformance/suite/test_label_results.py::test_x"
EMPTY = "conformance/suite/test_label_results.py::test_empty"
TESTS = {TEST: {"family": "labels", "outcome": "passed"}, EMPTY: {"family": "labels", "outcome": "skipped"}}


def document(ledger: Ledger, **options) -> dict:
    options.setdefault("tests", TESTS)
    doc = build_document(ledger, target=None, pool=None, run_id="r", exitstatus=0,
                         unsupported=options.pop("unsupported", {}), **options)
    return json.loads(json.dumps(doc, default=str))


@check("LABELS.SORT.NAME")
def sorted_by_name(operation, items, request):
    return []


def test_a_test_with_nothing_to_judge_makes_its_familys_unjudged_must_rules_inconclusive():
    ledger = Ledger()
    ledger.record(TEST, ("SCHEMA.RESPONSE",), [], ("GetLabelDetection", "StartLabelDetection"))
    ledger.record_nothing_to_judge(EMPTY, "GetLabelDetection", "GetLabelDetection returned no labels")
    doc = document(ledger)
    pairs = pair_outcomes(doc)
    assert pairs["SCHEMA.RESPONSE"]["GetLabelDetection"].outcome == "pass"
    name_sort = pairs["LABELS.SORT.NAME"]["GetLabelDetection"]
    assert name_sort.outcome == "inconclusive" and "returned no labels" in name_sort.reason
    assert doc["tests"][EMPTY]["outcome"] == "inconclusive"
    assert any(r.startswith("MUST LABELS.SORT.NAME inconclusive on GetLabelDetection") for r in doc["gate"])
    assert build_matrix(doc).cell("GetLabelDetection", "sorting").outcome == "inconclusive"
    assert "--allow-inconclusive" in build_matrix(doc).must.line()
    accepted = document(ledger, allow_inconclusive=True)
    assert accepted["gate"] == [] and "allowed in this run, not failing it" in build_matrix(accepted).must.line()


def test_a_checks_own_inconclusive_record_names_the_operation():
    ledger = Ledger()
    ledger.record_inconclusive(TEST, ("LABELS.PARENTS",), "Labels is not a list", ("GetLabelDetection",))
    pair = pair_outcomes(document(ledger))["LABELS.PARENTS"]["GetLabelDetection"]
    assert (pair.outcome, pair.reason) == ("inconclusive", "Labels is not a list")


def test_never_checked_must_rules_fail_the_gate_only_in_a_run_of_the_whole_suite():
    ledger = Ledger()
    ledger.record(TEST, ("SCHEMA.RESPONSE",), [], ("GetLabelDetection",))
    narrowed = document(ledger)
    assert pair_outcomes(narrowed)["LABELS.SORT.NAME"]["GetLabelDetection"].outcome == "not_checked"
    assert pair_outcomes(narrowed)["LABELS.SORT.NAME"]["GetLabelDetection"].outcome != "pass"
    assert narrowed["gate"] == []
    whole = document(ledger, whole_suite=True)
    assert any(r.startswith("MUST LABELS.SORT.NAME not checked on GetLabelDetection") for r in whole["gate"])
    assert document(ledger, whole_suite=True, allow_inconclusive=True)["gate"] == []


@pytest.mark.parametrize(("outcome", "label"), [("not_selected", "not selected"), ("not_offered", "not offered"),
                                                ("not_implemented", "not implemented")])
def test_excused_families_keep_their_own_outcome(outcome, label):
    ledger = Ledger()
    families = {"faces": {"outcome": outcome, "reason": "why"}}
    doc = document(ledger, families=families, whole_suite=True, unsupported={"faces": "why"})
    assert pair_outcomes(doc)["FACES.QUALITY.RANGE"]["GetFaceDetection"].outcome == outcome
    assert doc["rules"]["FACES.QUALITY.RANGE"]["outcome"] == outcome
    matrix = build_matrix(doc)
    assert matrix.cell("GetFaceDetection", "content").outcome == outcome
    assert matrix.family_note("faces") == f"{label}: why"
    assert f'data-outcome="{outcome}"' in render(doc)
    assert not [r for r in doc["gate"] if "FACES." in r]
    strict = document(ledger, families=families, unsupported={"faces": "why"})
    strict["strict"] = True
    assert bool(gate_failures(strict)) == (outcome == "not_implemented")


def test_rule_table_and_matrix_count_the_same_pairs():
    ledger = Ledger()
    ledger.record(TEST, ("SCHEMA.RESPONSE",), [], ("GetLabelDetection",))
    doc = document(ledger)
    table = rule_table(doc)
    assert table[-1] == build_matrix(doc).pairs_line()
    assert "SCHEMA.RESPONSE" in "\n".join(table)
    assert not any(line.startswith("FACES.") for line in table)  # no faces test ran: not selected, not listed


def test_should_violations_are_one_line_per_rule_with_count_and_first_example():
    ledger = Ledger()
    for n in range(50):
        ledger.record(TEST, ("LABELS.PARENTS",), [Violation("LABELS.PARENTS", "GetLabelDetection",
                                                            f"label {n} lacks its parent")], ("GetLabelDetection",))
    doc = document(ledger)
    lines = should_lines(doc)
    example = f"GetLabelDetection: label 0 lacks its parent ({TEST})"
    assert lines == [f"SHOULD LABELS.PARENTS: 50 violation(s), e.g. {example}"]
    assert len([v for v in doc["violations"] if v["rule_id"] == "LABELS.PARENTS"]) == 50
    assert 'id="should"' in render(doc)


def test_a_should_violation_warns_without_a_python_warning(recwarn):
    @check("LABELS.PARENTS")
    def parents(operation, items, request):
        return [Violation("LABELS.PARENTS", operation, "no parent")]

    verdict = Verdict(Ledger(), TEST)
    verdict.check(parents, "GetLabelDetection", [{"Label": {}}], {})
    assert not verdict.failing and len(verdict.ledger.violations) == 1
    assert len(recwarn) == 0


def test_a_check_over_no_items_is_not_a_check():
    assert judged_no_items(sorted_by_name, ("GetLabelDetection", [], {}), {})
    assert not judged_no_items(sorted_by_name, ("GetLabelDetection", [{"Label": {"Name": "a"}}], {}), {})
    ledger = Ledger()
    Verdict(ledger, TEST).check(sorted_by_name, "GetLabelDetection", [], {})
    assert "LABELS.SORT.NAME" not in ledger.tallies


def test_start_side_rules_are_judged_on_the_start_through_the_get():
    ledger = Ledger()
    ledger.record(TEST, ("LABELS.MIN_CONFIDENCE.FLOOR", "SCHEMA.RESPONSE"), [], ("GetLabelDetection",))
    assert set(ledger.coverage["LABELS.MIN_CONFIDENCE.FLOOR"]) == {"GetLabelDetection", "StartLabelDetection"}
    # A schema check of the Get answer says nothing about the Start's answer.
    assert set(ledger.coverage["SCHEMA.RESPONSE"]) == {"GetLabelDetection"}


def test_also_names_the_operation_a_check_compares_with():
    @check("COLLECTIONS.DELETE_FACES")
    def deleted(operation, listed):
        return []

    ledger = Ledger()
    Verdict(ledger, TEST).check(deleted, "DeleteFaces", [], also=("ListFaces",))
    assert set(ledger.coverage["COLLECTIONS.DELETE_FACES"]) == {"DeleteFaces", "ListFaces"}


def test_nothing_to_judge_is_a_skip_that_carries_its_reason():
    verdict = Verdict(Ledger(), TEST)
    with pytest.raises(NothingToJudge) as stopped:
        verdict.nothing_to_judge("no labels", "GetLabelDetection")
    assert isinstance(stopped.value, pytest.skip.Exception)
    assert (stopped.value.reason, stopped.value.operation) == ("no labels", "GetLabelDetection")
    assert stopped.value.msg == "inconclusive: no labels"


def test_the_gate_names_each_violated_rule_and_operation_once():
    ledger = Ledger()
    broken = Violation("PAGINATION.TOKEN", "GetLabelDetection", "no NextToken")
    for _ in range(3):
        ledger.record(TEST, ("PAGINATION.TOKEN",), [broken], ("GetLabelDetection",))
    gate = document(ledger)["gate"]
    assert gate == [f"MUST PAGINATION.TOKEN violated by GetLabelDetection in {TEST} (3 violations in 1 test(s))"]


def test_a_violation_of_a_rule_its_check_does_not_declare_is_a_harness_error():
    @check("PAGINATION.TOKEN")
    def drifted(operation):
        return [Violation("PAGINATION.TRAILING_TOKEN", operation, "a rule id typed again, and typed wrong")]

    ledger = Ledger()
    with pytest.raises(TypeError, match="does not declare"):
        Verdict(ledger, TEST).check(drifted, "GetLabelDetection")
    assert ledger.violations == []
