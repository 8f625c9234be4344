"""Tests for rekognition_conformance.fuzz.judge: which rules a fuzzed answer breaks, on hand-made exchanges.

A schema-valid request may be refused with any documented error (a fuzzed name rarely exists), so only the
shape of the answer is judged; a schema-invalid one must be refused, as InvalidParameterException, or as
SerializationException when the body is not a JSON object at all.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

from rekognition_conformance.exchange import Exchange
from rekognition_conformance.fuzz.judge import breaks_a_constraint, expected_rejections, judge
from rekognition_conformance.reference.faults.common import FRAMEWORK_CRASH_BODY
from rekognition_conformance.verdict import Ledger, Verdict

CONTENT_TYPE = {"Content-Type": "application/x-amz-json-1.1"}
CREATED = {
    "CollectionArn": "aws:rekognition:us-east-1:123456789012:collection/rc-fuzz",
    "FaceModelVersion": "7.0",
    "StatusCode": 200,
}


def _answer(operation: str, request: Any, status: int, body: Any) -> Exchange:
    sent = request if isinstance(request, dict) else {"body": json.dumps(request)}
    return Exchange(operation, sent, status, json.dumps(body).encode(), dict(CONTENT_TYPE))


def _error(name: str, message: str = "m") -> dict[str, str]:
    return {"__type": name, "Message": message}


def _judged(exchange: Exchange, *, invalid: bool, body: Any) -> list[str]:
    """The rule ids of every violation the judge reports (warnings included)."""
    ledger = Ledger()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        judge(Verdict(ledger, "test"), exchange, invalid=invalid, body=body)
    return sorted(violation.rule_id for _, violation in ledger.violations)


def test_a_valid_request_may_succeed_or_meet_a_documented_error() -> None:
    request = {"CollectionId": "rc-fuzz"}
    assert _judged(_answer("CreateCollection", request, 200, CREATED), invalid=False, body=request) == []
    refused = _answer("CreateCollection", request, 400, _error("ResourceAlreadyExistsException"))
    assert _judged(refused, invalid=False, body=request) == []
    crashed = _answer("CreateCollection", request, 500, _error("InternalServerError"))
    assert _judged(crashed, invalid=False, body=request) == []


def test_a_success_that_breaks_the_output_shape_is_reported() -> None:
    request = {"CollectionId": "rc-fuzz"}
    wrong = _answer("CreateCollection", request, 200, {**CREATED, "StatusCode": "200"})
    assert _judged(wrong, invalid=False, body=request) == ["SCHEMA.RESPONSE"]


def test_a_framework_crash_body_breaks_the_error_body_rule() -> None:
    # What the notification-channel-crashes fault sends, and the rule its catalogue entry names.
    request = {"Video": {"S3Object": {"Bucket": "b", "Name": "v.mp4"}}, "NotificationChannel": {}}
    crashed = _answer("StartLabelDetection", request, 500, FRAMEWORK_CRASH_BODY)
    assert _judged(crashed, invalid=False, body=request) == ["SCHEMA.ERROR_BODY"]


def test_an_invalid_object_must_be_refused_as_invalid_parameter() -> None:
    request = {"JobId": "j", "MaxResults": 0}
    accepted = _answer("GetLabelDetection", request, 200, {"JobStatus": "SUCCEEDED"})
    assert "ERRORS.INVALID_PARAMETER" in _judged(accepted, invalid=True, body=request)
    refused = _answer("GetLabelDetection", request, 400, _error("InvalidParameterException"))
    assert _judged(refused, invalid=True, body=request) == []
    # A JSON object that breaks a constraint was read: SerializationException misnames the problem.
    serialization = _answer("GetLabelDetection", request, 400, _error("SerializationException"))
    assert _judged(serialization, invalid=True, body=request) == ["ERRORS.INVALID_PARAMETER.TYPE"]


@pytest.mark.parametrize("body", ["1795594", 7, [], True, None])
def test_a_body_that_is_not_an_object_may_be_refused_while_deserializing(body: Any) -> None:
    assert expected_rejections(body) == {"InvalidParameterException", "SerializationException"}
    serialization = _answer("SearchFaces", body, 400, _error("SerializationException"))
    assert _judged(serialization, invalid=True, body=body) == []
    other = _answer("SearchFaces", body, 400, _error("ResourceNotFoundException"))
    assert _judged(other, invalid=True, body=body) == ["ERRORS.INVALID_PARAMETER.TYPE"]
    accepted = _answer("SearchFaces", body, 200, {})
    assert "ERRORS.INVALID_PARAMETER" in _judged(accepted, invalid=True, body=body)
    assert expected_rejections({"CollectionId": "c"}) == {"InvalidParameterException"}


@pytest.mark.parametrize(
    ("operation", "body", "invalid"),
    [
        ("ListCollections", {"": None}, False),  # answered 200 by an independent backend: not a violation
        ("ListCollections", {"Colour": "red", "MaxResults": 10}, False),
        ("ListCollections", {"": None, "MaxResults": -1}, True),
        ("ListCollections", {"MaxResults": "ten"}, True),
        ("GetLabelDetection", {"Extra": 1}, True),  # JobId, a required member, is missing
        ("ListCollections", [], True),
    ],
)
def test_only_declared_constraints_make_a_request_invalid(operation, body, invalid) -> None:
    assert breaks_a_constraint(operation, body) is invalid
