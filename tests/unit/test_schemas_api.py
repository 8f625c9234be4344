"""Tests for rekognition_conformance.spec.schemas, the loader API over the committed schema documents."""

from __future__ import annotations

import re

import jsonschema
import pytest

from rekognition_conformance.spec import schemas
from rekognition_conformance.spec.operations import ALL_OPERATIONS

VALID_START = {
    "Video": {"S3Object": {"Bucket": "amzn-s3-demo-bucket", "Name": "videos/street.mp4"}},
    "ClientRequestToken": "run-1",
    "MinConfidence": 75.5,
    "JobTag": "nightly",
}

AWS_ERROR_BODY = {
    "__type": "InvalidS3ObjectException",
    "Code": "InvalidS3ObjectException",
    "Logref": "9a1b7e3e-5c1f-4a4b-8d6e-2f0c3b1a7d55",
    "Message": "Unable to get object metadata from S3. Check object key, region and/or access permissions.",
}


def test_every_covered_operation_has_a_document() -> None:
    for op in ALL_OPERATIONS:
        document = schemas.operation_document(op)
        assert document["operation"] == op
        assert document["$id"] == f"urn:rekognition-conformance:schema:{op}"
        assert document["input"]["$ref"].removeprefix("#/$defs/") in document["$defs"]


def test_unknown_operation_raises_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="DetectLabels"):
        schemas.operation_document("DetectLabels")
    with pytest.raises(KeyError, match="index"):
        schemas.input_schema("index")
    with pytest.raises(KeyError, match=re.escape("../rules")):
        schemas.output_schema("../rules")


def test_returned_documents_are_independent_copies() -> None:
    first = schemas.operation_document("GetLabelDetection")
    first["$defs"].clear()
    schema = schemas.input_schema("GetLabelDetection")
    schema["$defs"]["JobId"]["maxLength"] = 1
    assert schemas.operation_document("GetLabelDetection")["$defs"]["JobId"]["maxLength"] == 64
    assert schemas.validator("GetLabelDetection", "input").is_valid({"JobId": "abc"})


def test_input_schema_is_self_contained() -> None:
    schema = schemas.input_schema("StartLabelDetection")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$ref"] == "#/$defs/StartLabelDetectionRequest"
    check = jsonschema.Draft202012Validator(schema)
    assert check.is_valid(VALID_START)
    assert not check.is_valid({**VALID_START, "MinConfidence": 100.5})
    assert not check.is_valid({"MinConfidence": 50})
    assert not check.is_valid({**VALID_START, "ClientRequestToken": "has space"})


def test_output_schema_is_self_contained() -> None:
    schema = schemas.output_schema("StartLabelDetection")
    assert schema["$ref"] == "#/$defs/StartLabelDetectionResponse"
    check = jsonschema.Draft202012Validator(schema)
    assert check.is_valid({"JobId": "abc-123"})
    assert not check.is_valid({"JobId": ""})
    assert not check.is_valid({"JobId": "abc", "Status": "SUBMITTED"})


def test_error_schema_accepts_aws_error_bodies() -> None:
    schema = schemas.error_schema("StartLabelDetection", "InvalidS3ObjectException")
    assert schema["$ref"] == "#/$defs/InvalidS3ObjectException"
    assert "x-aws-fault" not in schema
    check = jsonschema.Draft202012Validator(schema)
    assert check.is_valid(AWS_ERROR_BODY)
    assert not check.is_valid({**AWS_ERROR_BODY, "Unexpected": True})


def test_undocumented_error_raises_key_error() -> None:
    # GetLabelDetection never reads the video, so the model does not list this error for it.
    with pytest.raises(KeyError, match="VideoTooLargeException"):
        schemas.error_schema("GetLabelDetection", "VideoTooLargeException")
    with pytest.raises(KeyError, match="NoSuchError"):
        schemas.is_server_fault("GetLabelDetection", "NoSuchError")
    with pytest.raises(KeyError, match="NoSuchError"):
        schemas.error_validator("GetLabelDetection", "NoSuchError")


def test_documented_errors() -> None:
    assert schemas.documented_errors("GetLabelDetection") == (
        "AccessDeniedException",
        "InternalServerError",
        "InvalidPaginationTokenException",
        "InvalidParameterException",
        "ProvisionedThroughputExceededException",
        "ResourceNotFoundException",
        "ThrottlingException",
    )
    assert "VideoTooLargeException" in schemas.documented_errors("StartLabelDetection")
    assert "IdempotentParameterMismatchException" in schemas.documented_errors("StartFaceSearch")


def test_server_faults_follow_the_model() -> None:
    assert schemas.is_server_fault("GetLabelDetection", "InternalServerError")
    assert schemas.is_server_fault("GetLabelDetection", "ThrottlingException")
    assert not schemas.is_server_fault("GetLabelDetection", "InvalidParameterException")
    assert not schemas.is_server_fault("GetLabelDetection", "ProvisionedThroughputExceededException")


def test_validators_are_cached_draft_2020_12() -> None:
    check = schemas.validator("GetLabelDetection", "input")
    assert check is schemas.validator("GetLabelDetection", "input")
    assert isinstance(check.explainer, jsonschema.Draft202012Validator)
    assert check.is_valid({"JobId": "abc", "MaxResults": 1000, "SortBy": "NAME"})
    assert not check.is_valid({"JobId": "abc", "MaxResults": 0})
    assert not check.is_valid({"JobId": "abc", "SortBy": "CONFIDENCE"})
    output = schemas.validator("GetLabelDetection", "output")
    assert output is not check
    assert output.is_valid({"JobStatus": "IN_PROGRESS"})
    assert not output.is_valid({"JobStatus": "QUEUED"})


def test_validator_rejects_unknown_direction() -> None:
    with pytest.raises(ValueError, match="errors"):
        schemas.validator("GetLabelDetection", "errors")  # type: ignore[arg-type]


def test_error_validator() -> None:
    check = schemas.error_validator("StartLabelDetection", "InvalidS3ObjectException")
    assert check is schemas.error_validator("StartLabelDetection", "InvalidS3ObjectException")
    assert check.is_valid(AWS_ERROR_BODY)
    assert not check.is_valid({"__type": 400})


def test_botocore_version_and_unsupported_patterns() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", schemas.botocore_version())
    assert schemas.operation_document("GetLabelDetection")["botocoreVersion"] == schemas.botocore_version()
    patterns = schemas.unsupported_patterns()
    assert {entry["shape"] for entry in patterns} == {"TagKey", "TagValue"}
    assert all(set(entry) == {"shape", "pattern", "reason"} for entry in patterns)
    patterns.clear()
    assert schemas.unsupported_patterns()


def test_member_schema_follows_references() -> None:
    bucket = schemas.member_schema("StartLabelDetection", "input", ("Video", "S3Object", "Bucket"))
    assert bucket["type"] == "string"
    assert (bucket["minLength"], bucket["maxLength"]) == (3, 255)
    assert bucket["pattern"] == "[0-9A-Za-z\\.\\-_]*"
    assert bucket["description"] == "Name of the S3 bucket."

    confidence = schemas.member_schema("StartLabelDetection", "input", ("MinConfidence",))
    assert (confidence["type"], confidence["minimum"], confidence["maximum"]) == ("number", 0, 100)
    assert confidence["description"].startswith("Specifies the minimum confidence")


def test_member_schema_enters_lists_and_maps() -> None:
    implicit = schemas.member_schema("GetLabelDetection", "output", ("Labels", "Timestamp"))
    explicit = schemas.member_schema("GetLabelDetection", "output", ("Labels", "[]", "Timestamp"))
    assert implicit == explicit
    assert implicit["type"] == "integer"
    confidence = schemas.member_schema(
        "GetLabelDetection", "output", ("Labels", "Label", "Instances", "Confidence")
    )
    assert confidence["maximum"] == 100
    tag_value = schemas.member_schema("CreateCollection", "input", ("Tags", "{}"))
    assert tag_value["x-botocore-shape"] == "TagValue"
    assert tag_value["maxLength"] == 256


def test_member_schema_of_a_structure_can_validate() -> None:
    video = schemas.member_schema("StartLabelDetection", "input", ("Video",))
    assert "S3Object" in video["properties"]
    check = jsonschema.Draft202012Validator(video)
    assert check.is_valid({"S3Object": {"Bucket": "abc", "Name": "v.mp4"}})
    assert not check.is_valid({"S3Object": {"Bucket": "ab"}})
    root = schemas.member_schema("StartLabelDetection", "input", ())
    assert root["x-botocore-shape"] == "StartLabelDetectionRequest"


def test_member_schema_unknown_member_names_op_and_path() -> None:
    with pytest.raises(KeyError, match=r"StartLabelDetection input: no member 'Key' at Video\.S3Object"):
        schemas.member_schema("StartLabelDetection", "input", ("Video", "S3Object", "Key"))


def test_inlining_keeps_what_refs_mean():
    from rekognition_conformance.spec.schemas import _build_validator, _inlined

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/Node",
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"$ref": "#/$defs/Name", "maxLength": 3},
                    "alias": {"$ref": "#/$defs/Name", "minLength": 2},
                    "next": {"$ref": "#/$defs/Node"},
                },
                "additionalProperties": False,
            },
            "Name": {"type": "string", "minLength": 1},
        },
    }
    flat = _inlined(schema)
    # The self-reference stays a reference (with the definition kept for it); the rest is inlined, and a
    # $ref's sibling keyword still applies next to the definition: merged into it, or beside it when both
    # carry the keyword.
    assert set(flat["$defs"]) == {"Node"} and flat["properties"]["next"] == {"$ref": "#/$defs/Node"}
    assert flat["properties"]["name"] == {"type": "string", "minLength": 1, "maxLength": 3}
    assert flat["properties"]["alias"] == {"allOf": [{"type": "string", "minLength": 1}, {"minLength": 2}]}
    validator = _build_validator(schema)
    assert validator.is_valid({"name": "ab", "alias": "xy", "next": {"name": "c"}})
    bad = {"name": "abcd", "alias": "x", "next": {"name": "", "other": 1}}
    assert sorted((list(e.absolute_path), e.validator) for e in validator.iter_errors(bad)) == [
        (["alias"], "minLength"), (["name"], "maxLength"), (["next"], "additionalProperties"),
        (["next", "name"], "minLength"),
    ]




def test_compiled_and_explaining_validators_agree_on_breaches() -> None:
    """A body the compiled validator accepts gets no errors at all, so both must reject the same breaches."""
    page = {"JobStatus": "SUCCEEDED", "Labels": [{"Timestamp": 0, "Label": {"Name": "Car", "Confidence": 90.0}}]}
    breaches = [
        {**page, "JobStatus": "QUEUED"},  # enum
        {**page, "Labels": {"Timestamp": 0}},  # type
        {**page, "Labels": [{"Timestamp": 0, "Label": {"Name": "Car", "Extra": 1}}]},  # undeclared member
        {**page, "Labels": [{"Timestamp": 0, "Label": {"Name": "Car", "Confidence": 101.0}}]},  # maximum
        {**page, "NextToken": "x" * 300},  # maxLength
    ]
    check = schemas.validator("GetLabelDetection", "output")
    assert check.is_valid(page) and list(check.iter_errors(page)) == []
    for body in breaches:
        assert not check.is_valid(body), body
        assert not check.explainer.is_valid(body), body
        assert list(check.iter_errors(body)), body


def test_every_committed_schema_compiles_in_both_validators() -> None:
    """jsonschema-rs raises on a construct it cannot compile (a pattern its regex engine rejects, say)."""
    for op in sorted(schemas._index()["operations"]):
        for which in ("input", "output"):
            check = schemas.validator(op, which)
            assert check.explainer.schema is check.schema
            assert isinstance(check.is_valid({}), bool)
