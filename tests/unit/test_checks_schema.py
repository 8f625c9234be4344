"""Tests of the response-form checks: output schema, undeclared members, error body, Content-Type."""

from __future__ import annotations

import jsonschema
import pytest

from rekognition_conformance.checks.schema import check_content_type, check_error_body, check_response_schema
from tests.unit.label_factory import body, error, exchange, label, page


def ids(violations):
    return [v.rule_id for v in violations]


SMALL = jsonschema.Draft202012Validator(
    {
        "type": "object",
        "additionalProperties": False,
        "required": ["JobStatus"],
        "properties": {
            "JobStatus": {"enum": ["IN_PROGRESS", "SUCCEEDED", "FAILED"]},
            "Items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"Timestamp": {"type": "integer"}, "Name": {"type": "string", "maxLength": 5}},
                },
            },
        },
    }
)


def test_a_body_matching_the_schema_passes():
    ex = exchange({"JobStatus": "SUCCEEDED", "Items": [{"Timestamp": 1, "Name": "Car"}]})
    assert check_response_schema(ex, validator=SMALL) == []


def test_each_undeclared_member_is_reported_separately_with_its_pointer():
    ex = exchange({"JobStatus": "SUCCEEDED", "Extra": 1, "Items": [{"Timestamp": 1, "Score": 0.5, "Hint": "x"}]})
    found = check_response_schema(ex, validator=SMALL)
    assert ids(found) == ["SCHEMA.UNDECLARED"] * 3
    assert sorted(v.pointer for v in found) == ["/Extra", "/Items/0/Hint", "/Items/0/Score"]
    assert next(v for v in found if v.pointer == "/Items/0/Score").offending == "0.5"


@pytest.mark.parametrize(
    ("document", "where", "rule_id"),
    [
        ({}, "", "SCHEMA.RESPONSE"),
        ({"JobStatus": "SUCCEEDED", "Items": [{"Timestamp": "1"}]}, "/Items/0/Timestamp", "SCHEMA.RESPONSE"),
        ({"JobStatus": None}, "", "SCHEMA.RESPONSE"),
        ({"JobStatus": "DONE"}, "/JobStatus", "SCHEMA.VALUES"),
        ({"JobStatus": "SUCCEEDED", "Items": [{"Name": "Bicycle"}]}, "/Items/0/Name", "SCHEMA.VALUES"),
    ],
)
def test_other_schema_errors_are_types_or_values_with_pointer(document, where, rule_id):
    # Types and required members are SCHEMA.RESPONSE; enum, pattern, range and length breaches SCHEMA.VALUES.
    found = check_response_schema(exchange(document), validator=SMALL)
    assert ids(found) == [rule_id]
    assert found[0].pointer == where
    assert found[0].operation == "GetLabelDetection"
    assert found[0].request == {"JobId": exchange({}).request["JobId"]}


def test_a_null_member_counts_as_absent():
    # An optional member sent as null is what an SDK reads as absent; a required one is then missing.
    assert check_response_schema(exchange({"JobStatus": "SUCCEEDED", "Items": None}), validator=SMALL) == []
    nested = {"JobStatus": "SUCCEEDED", "Items": [{"Timestamp": 1, "Name": None}]}
    assert check_response_schema(exchange(nested), validator=SMALL) == []


def test_a_success_that_is_not_json_breaks_the_schema():
    found = check_response_schema(exchange(b"<html>OK</html>"), validator=SMALL)
    assert ids(found) == ["SCHEMA.RESPONSE"]
    assert "html" in found[0].offending


def test_error_answers_are_not_judged_against_the_output_schema():
    assert check_response_schema(error("ResourceNotFoundException"), validator=SMALL) == []


def test_a_realistic_label_page_passes_the_committed_schema():
    labels = [label("Car", 0, boxes=[{"Width": 0.2, "Height": 0.3, "Left": 0.1, "Top": 0.1}]), label("Road", 0)]
    assert check_response_schema(page(labels, next_token="abc")) == []


def test_the_committed_schema_finds_an_undeclared_member_and_a_range_breach():
    document = body([label("Car", 0, confidence=101.0)])
    document["Labels"][0]["Label"]["Colour"] = "red"
    found = check_response_schema(exchange(document))
    assert sorted(ids(found)) == ["SCHEMA.UNDECLARED", "SCHEMA.VALUES"]
    undeclared = next(v for v in found if v.rule_id == "SCHEMA.UNDECLARED")
    assert undeclared.pointer == "/Labels/0/Label/Colour"
    assert undeclared.offending == '"red"'
    breach = next(v for v in found if v.rule_id == "SCHEMA.VALUES")
    assert breach.pointer == "/Labels/0/Label/Confidence"
    assert breach.offending == "101.0"


@pytest.mark.parametrize(
    "answer",
    [
        error("InvalidParameterException"),
        error("ResourceNotFoundException", Message=None, message="Job not found"),
        exchange({"code": "ThrottlingException", "message": "Slow down"}, status=400),
        exchange({"__type": "com.amazonaws.rekognition#AccessDeniedException", "Message": ""}, status=400),
    ],
)
def test_aws_style_error_bodies_pass(answer):
    assert check_error_body(answer) == []


@pytest.mark.parametrize(
    ("answer", "where"),
    [
        (exchange(b"Internal Server Error", status=500), ""),
        (exchange(["InvalidParameterException"], status=400), ""),
        (exchange({"Message": "bad"}, status=400), "/__type"),
        (exchange({"Code": "InvalidParameterException", "Message": "bad"}, status=400), "/__type"),
        (exchange({"__type": "", "Message": "bad"}, status=400), "/__type"),
        (exchange({"__type": "InvalidParameterException"}, status=400), "/Message"),
    ],
)
def test_malformed_error_bodies_are_reported(answer, where):
    found = check_error_body(answer)
    assert ids(found) == ["SCHEMA.ERROR_BODY"]
    assert found[0].pointer == where


def test_successes_are_not_judged_as_error_bodies():
    assert check_error_body(exchange({"JobId": "x"})) == []


@pytest.mark.parametrize(
    "content_type",
    ["application/x-amz-json-1.1", "application/x-amz-json-1.1; charset=UTF-8", "Application/X-Amz-Json-1.1"],
)
def test_the_awsjson_media_type_passes(content_type):
    assert check_content_type(exchange({}, headers={"content-type": content_type})) == []


@pytest.mark.parametrize(
    ("headers", "status", "offending"),
    [
        ({"Content-Type": "application/json"}, 200, '"application/json"'),
        ({}, 200, None),
        # Error answers are judged too: a proxy's HTML 502 is what this rule exists to catch.
        ({"Content-Type": "text/html"}, 502, '"text/html"'),
    ],
)
def test_another_or_missing_content_type_is_reported(headers, status, offending):
    found = check_content_type(exchange({}, headers=headers, status=status))
    assert ids(found) == ["PROTOCOL.CONTENT_TYPE"]
    assert found[0].offending == offending
    assert str(status) in found[0].message
