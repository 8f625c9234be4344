"""Tests of the error checks: documented types, HTTP statuses, rejections and error types."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks import bind, rule_ids_of
from rekognition_conformance.checks.errors import (
    COMMON_ERRORS,
    check_error_documented,
    check_error_status,
    check_error_type,
    check_rejected,
)
from rekognition_conformance.verdict import Ledger, Verdict
from tests.unit.label_factory import error, exchange, page

STATUSES = {"InvalidParameterException": (400,), "ThrottlingException": (400, 500), "InternalServerError": 500}


def ids(violations):
    return [v.rule_id for v in violations]


@pytest.mark.parametrize(
    "answer",
    [
        error("ResourceNotFoundException"),
        error("com.amazonaws.rekognition.v20160627#InvalidPaginationTokenException"),
        error("UnrecognizedClientException", status=403),
        error("MissingAuthenticationTokenException", status=403),
        page([]),
        exchange(b"gateway timeout", status=504),
    ],
)
def test_documented_or_common_errors_pass(answer):
    assert check_error_documented(answer) == []


def test_an_undocumented_error_type_is_reported_with_its_member():
    found = check_error_documented(error("JobExpiredException"))
    assert ids(found) == ["ERRORS.DOCUMENTED"]
    assert found[0].pointer == "/__type"
    assert found[0].offending == '"JobExpiredException"'
    assert "ResourceNotFoundException" in found[0].message


def test_documented_errors_can_be_given_explicitly():
    answer = error("JobExpiredException")
    assert check_error_documented(answer, documented=("JobExpiredException",)) == []
    assert "InvalidParameterException" not in COMMON_ERRORS


@pytest.mark.parametrize(
    "answer",
    [
        error("InvalidParameterException", status=400),
        error("ThrottlingException", status=500),
        error("ThrottlingException", status=400),
        error("InternalServerError", status=500),
        # Not in the table: the model's fault class decides.
        error("ResourceNotFoundException", status=404),
        error("ProvisionedThroughputExceededException", status=400),
        # Common errors the model does not list.
        error("UnrecognizedClientException", status=403),
        error("ServiceUnavailable", status=503),
        # Unknown types have no knowable status; ERRORS.DOCUMENTED reports them.
        error("JobExpiredException", status=500),
        page([]),
    ],
)
def test_statuses_matching_the_table_or_fault_class_pass(answer):
    assert check_error_status(answer, statuses=STATUSES) == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (error("InvalidParameterException", status=500), "400"),
        (error("ThrottlingException", status=503), "400 or 500"),
        (error("InternalServerError", status=400), "500"),
        (error("ResourceNotFoundException", status=500), "4xx"),
        (error("UnrecognizedClientException", status=500), "4xx"),
        (error("InternalFailure", status=400), "5xx"),
    ],
)
def test_wrong_statuses_are_reported(answer, expected):
    found = check_error_status(answer, statuses=STATUSES)
    assert ids(found) == ["ERRORS.HTTP_STATUS"]
    assert f"Expected HTTP status {expected}" in found[0].message


def test_the_fault_class_can_come_from_a_given_model():
    answer = error("CustomFault", status=400)
    found = check_error_status(answer, {}, documented=("CustomFault",), is_server_fault=lambda op, name: True)
    assert ids(found) == ["ERRORS.HTTP_STATUS"]


@pytest.mark.parametrize(
    "answer",
    [
        error("InvalidParameterException"),
        error("AccessDeniedException", status=403, __type=None, code="AccessDeniedException"),
    ],
)
def test_client_errors_with_an_error_body_are_rejections(answer):
    assert check_rejected(answer, rule_id="ERRORS.INVALID_PARAMETER") == []


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        (page([]), "accepted"),
        (error("InternalServerError", status=500), "server error"),
        (exchange(b"Forbidden", status=403), "names no error type"),
        (exchange({"Code": "InvalidSignatureException", "Message": "no"}, status=403), "names no error type"),
        (exchange(b"", status=302), "not an error status"),
    ],
)
def test_answers_other_than_a_client_error_are_reported_under_the_given_rule(answer, found):
    violations = check_rejected(answer, rule_id="ERRORS.UNSIGNED")
    assert ids(violations) == ["ERRORS.UNSIGNED"]
    assert found in violations[0].message
    assert violations[0].request == answer.request


def test_the_expected_error_type_passes():
    assert check_error_type(error("ResourceNotFoundException"), {"ResourceNotFoundException"}, rule_id="X") == []


def test_another_error_type_is_reported_under_the_given_rule():
    answer = error("InvalidParameterException")
    found = check_error_type(answer, {"ResourceNotFoundException"}, rule_id="ERRORS.UNKNOWN_JOB.TYPE")
    assert ids(found) == ["ERRORS.UNKNOWN_JOB.TYPE"]
    assert found[0].pointer == "/__type"
    assert "ResourceNotFoundException" in found[0].message


@pytest.mark.parametrize("answer", [page([]), exchange(b"Forbidden", status=403)])
def test_error_type_leaves_acceptance_and_untyped_errors_to_check_rejected(answer):
    assert check_error_type(answer, {"InvalidS3ObjectException"}, rule_id="ERRORS.S3_OBJECT") == []
    assert ids(check_rejected(answer, rule_id="ERRORS.S3_OBJECT")) == ["ERRORS.S3_OBJECT"]


@pytest.mark.parametrize(("answer", "counted"), [
    (page([]), False),
    (exchange(b"Forbidden", status=403), False),
    (error("InvalidS3ObjectException"), True),
    (error("ValidationException"), True),
])
def test_an_error_type_rule_counts_as_checked_only_when_an_error_named_a_type(answer, counted):
    # A backend that accepts everything must not be shown passing the rules about which error it sends.
    ledger = Ledger()
    Verdict(ledger, "test").check(bind(check_error_type, "ERRORS.S3_OBJECT"), answer, {"InvalidS3ObjectException"})
    assert ("ERRORS.S3_OBJECT" in ledger.tallies) is counted


def test_generic_checks_declare_no_rule_and_judge_only_the_one_they_are_bound_to():
    assert rule_ids_of(check_rejected) == rule_ids_of(check_error_type) == ()
    with pytest.raises(TypeError, match="declares no rule ids"):
        Verdict(Ledger(), "test").check(check_rejected, page([]))
    ledger = Ledger()
    Verdict(ledger, "test").check(bind(check_rejected, "ERRORS.BAD_TOKEN"), page([]))
    assert set(ledger.tallies) == {"ERRORS.BAD_TOKEN"}
    assert [(test, v.rule_id) for test, v in ledger.violations] == [("test", "ERRORS.BAD_TOKEN")]


# Each generic rejection rule with the rule judging its type and the type AWS documents for it.
REJECTION_CASES = [
    ("ERRORS.INVALID_PARAMETER", "ERRORS.INVALID_PARAMETER.TYPE", "InvalidParameterException", 400),
    ("ERRORS.UNKNOWN_JOB", "ERRORS.UNKNOWN_JOB.TYPE", "ResourceNotFoundException", 400),
    ("ERRORS.BAD_TOKEN", "ERRORS.BAD_TOKEN.TYPE", "InvalidPaginationTokenException", 400),
    ("ERRORS.S3_OBJECT", "ERRORS.S3_OBJECT", "InvalidS3ObjectException", 400),
    ("ERRORS.UNSIGNED", "ERRORS.UNSIGNED", "MissingAuthenticationTokenException", 403),
    ("ERRORS.BAD_SIGNATURE", "ERRORS.BAD_SIGNATURE", "InvalidSignatureException", 403),
    ("IDEMPOTENCY.MISMATCH", "IDEMPOTENCY.MISMATCH", "IdempotentParameterMismatchException", 400),
]


@pytest.mark.parametrize(("rejection_rule", "type_rule", "expected", "status"), REJECTION_CASES)
def test_every_rejection_rule_passes_the_right_error_and_reports_the_wrong_ones(
    rejection_rule, type_rule, expected, status
):
    right = error(expected, status=status)
    assert check_rejected(right, rule_id=rejection_rule) == []
    assert check_error_type(right, {expected}, rule_id=type_rule) == []
    assert ids(check_rejected(page([]), rule_id=rejection_rule)) == [rejection_rule]
    assert ids(check_rejected(error(expected, status=500), rule_id=rejection_rule)) == [rejection_rule]
    assert ids(check_error_type(error("ValidationException"), {expected}, rule_id=type_rule)) == [type_rule]
    assert rule_ids_of(bind(check_rejected, rejection_rule)) == (rejection_rule,)
    assert rule_ids_of(bind(check_error_type, type_rule)) == (type_rule,)
