"""Tests for rekognition_conformance.spec.deriver: botocore shapes map to the intended JSON Schema constraints."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from rekognition_conformance.spec.deriver import derive_all, derive_operation, load_service_model, plain_text
from rekognition_conformance.spec.operations import ALL_OPERATIONS, FAMILIES, family_of

Document = dict[str, Any]


def synthetic_model(shapes: dict[str, Document], **operation: Any) -> Document:
    """A minimal service model with one operation ``Op`` over ``shapes``."""
    base: Document = {"shapes": {"OpResponse": {"type": "structure", "members": {}}}}
    base["shapes"].update(shapes)
    spec = {"name": "Op", "input": {"shape": "OpRequest"}, "output": {"shape": "OpResponse"}, **operation}
    return {
        "metadata": {
            "apiVersion": "2016-06-27",
            "protocol": "json",
            "jsonVersion": "1.1",
            "targetPrefix": "RekognitionService",
            "endpointPrefix": "rekognition",
        },
        "operations": {"Op": spec},
        "shapes": base["shapes"],
    }


def request_with(member_shape: str, shape: Document, **extra_shapes: Document) -> Document:
    """A model whose request has a single member ``Value`` of ``shape``."""
    return synthetic_model(
        {
            "OpRequest": {"type": "structure", "members": {"Value": {"shape": member_shape}}},
            member_shape: shape,
            **extra_shapes,
        }
    )


def validator_for(document: Document, root: str) -> jsonschema.Draft202012Validator:
    schema = {"$ref": f"#/$defs/{root}", "$defs": document["$defs"]}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# ------------------------------------------------------------- synthetic models


def test_structure_required_members_and_closed_object() -> None:
    model = synthetic_model(
        {
            "OpRequest": {
                "type": "structure",
                "required": ["JobId"],
                "members": {
                    "JobId": {"shape": "Name", "documentation": "<p>The <code>JobId</code> to read.</p>"},
                    "Note": {"shape": "Name"},
                },
                "documentation": "<p>First paragraph.</p>\n<p>Second   <b>bold</b> one.</p>",
            },
            "Name": {"type": "string"},
        }
    )
    document = derive_operation(model, "Op")
    request = document["$defs"]["OpRequest"]
    assert document["input"] == {"$ref": "#/$defs/OpRequest"}
    assert request["type"] == "object"
    assert request["required"] == ["JobId"]
    assert request["additionalProperties"] is False
    assert request["x-botocore-shape"] == "OpRequest"
    assert request["description"] == "First paragraph. Second bold one."
    assert request["properties"]["JobId"] == {"$ref": "#/$defs/Name", "description": "The JobId to read."}
    assert request["properties"]["Note"] == {"$ref": "#/$defs/Name"}
    assert "required" not in document["$defs"]["OpResponse"]
    check = validator_for(document, "OpRequest")
    assert check.is_valid({"JobId": "a"})
    assert not check.is_valid({"Note": "a"})
    assert not check.is_valid({"JobId": "a", "Undeclared": 1})


def test_string_length_enum_and_pattern() -> None:
    document = derive_operation(
        request_with("Token", {"type": "string", "min": 1, "max": 8, "pattern": "^[a-z]+$"}), "Op"
    )
    assert document["$defs"]["Token"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 8,
        "pattern": "^[a-z]+$",
        "x-botocore-shape": "Token",
    }
    check = validator_for(document, "Token")
    assert check.is_valid("abc")
    assert not check.is_valid("")
    assert not check.is_valid("abcdefghi")
    assert not check.is_valid("ABC")

    status = derive_operation(request_with("Status", {"type": "string", "enum": ["A", "B"]}), "Op")
    assert status["$defs"]["Status"]["enum"] == ["A", "B"]
    assert not validator_for(status, "Status").is_valid("C")


def test_uncompilable_pattern_is_reported_not_dropped() -> None:
    pattern = "^[\\p{L}\\p{N}]*$"
    model = request_with("TagKey", {"type": "string", "max": 128, "pattern": pattern})
    documents = derive_all(model, operations=("Op",))
    tag_key = documents["Op"]["$defs"]["TagKey"]
    assert "pattern" not in tag_key
    assert tag_key["x-pattern-unsupported"] == pattern
    assert tag_key["maxLength"] == 128
    [entry] = documents["index"]["unsupportedPatterns"]
    assert entry["shape"] == "TagKey"
    assert entry["pattern"] == pattern
    assert "\\p" in entry["reason"]
    # The remaining constraints still apply; the unusable pattern must not raise.
    check = validator_for(documents["Op"], "TagKey")
    assert check.is_valid("anything")
    assert not check.is_valid("x" * 129)


def test_list_bounds() -> None:
    document = derive_operation(
        request_with(
            "Names",
            {"type": "list", "member": {"shape": "Name"}, "min": 1, "max": 2},
            Name={"type": "string"},
        ),
        "Op",
    )
    names = document["$defs"]["Names"]
    assert names == {
        "type": "array",
        "items": {"$ref": "#/$defs/Name"},
        "minItems": 1,
        "maxItems": 2,
        "x-botocore-shape": "Names",
    }
    check = validator_for(document, "Names")
    assert check.is_valid(["a"])
    assert not check.is_valid([])
    assert not check.is_valid(["a", "b", "c"])
    assert not check.is_valid([1])


@pytest.mark.parametrize("kind", ["integer", "long"])
def test_integer_and_long_bounds(kind: str) -> None:
    document = derive_operation(request_with("Count", {"type": kind, "min": 1, "max": 10}), "Op")
    assert document["$defs"]["Count"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 10,
        "x-botocore-shape": "Count",
    }
    check = validator_for(document, "Count")
    assert check.is_valid(10)
    assert not check.is_valid(0)
    assert not check.is_valid(11)
    assert not check.is_valid(1.5)


@pytest.mark.parametrize("kind", ["float", "double"])
def test_float_and_double_bounds(kind: str) -> None:
    document = derive_operation(request_with("Percent", {"type": kind, "min": 0, "max": 100}), "Op")
    assert document["$defs"]["Percent"] == {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "x-botocore-shape": "Percent",
    }
    check = validator_for(document, "Percent")
    assert check.is_valid(99.5)
    assert not check.is_valid(100.01)
    assert not check.is_valid(-0.1)
    assert not check.is_valid("50")


def test_map_keys_values_and_size() -> None:
    model = request_with(
        "TagMap",
        {"type": "map", "key": {"shape": "TagKey"}, "value": {"shape": "TagValue"}, "min": 1, "max": 2},
        TagKey={"type": "string", "min": 1, "max": 5, "pattern": "^[a-z]+$"},
        TagValue={"type": "string", "max": 3},
    )
    document = derive_operation(model, "Op")
    tag_map = document["$defs"]["TagMap"]
    assert tag_map["type"] == "object"
    assert tag_map["propertyNames"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 5,
        "pattern": "^[a-z]+$",
        "x-botocore-shape": "TagKey",
    }
    assert tag_map["additionalProperties"] == {"$ref": "#/$defs/TagValue"}
    assert (tag_map["minProperties"], tag_map["maxProperties"]) == (1, 2)
    assert "TagKey" not in document["$defs"]
    check = validator_for(document, "TagMap")
    assert check.is_valid({"env": "dev"})
    assert not check.is_valid({"Env": "dev"})
    assert not check.is_valid({"toolongkey": "dev"})
    assert not check.is_valid({"env": "toolong"})
    assert not check.is_valid({})
    assert not check.is_valid({"a": "1", "b": "2", "c": "3"})


def test_map_key_with_uncompilable_pattern_is_reported() -> None:
    model = request_with(
        "TagMap",
        {"type": "map", "key": {"shape": "TagKey"}, "value": {"shape": "TagValue"}},
        TagKey={"type": "string", "pattern": "^\\p{L}+$"},
        TagValue={"type": "string"},
    )
    documents = derive_all(model, operations=("Op",))
    assert documents["Op"]["$defs"]["TagMap"]["propertyNames"]["x-pattern-unsupported"] == "^\\p{L}+$"
    assert [entry["shape"] for entry in documents["index"]["unsupportedPatterns"]] == ["TagKey"]


def test_blob_is_base64_text_bounded_by_encoded_length() -> None:
    document = derive_operation(request_with("ImageBlob", {"type": "blob", "min": 1, "max": 6}), "Op")
    blob = document["$defs"]["ImageBlob"]
    assert blob["type"] == "string"
    assert blob["contentEncoding"] == "base64"
    assert (blob["x-aws-min-bytes"], blob["x-aws-max-bytes"]) == (1, 6)
    check = validator_for(document, "ImageBlob")
    assert check.is_valid("AQ==")  # 1 byte, padded
    assert check.is_valid("AQIDBAUG")  # 6 bytes
    assert not check.is_valid("AQIDBAUGBw==")  # 7 bytes
    assert not check.is_valid("")


def test_timestamp_and_boolean() -> None:
    model = synthetic_model(
        {
            "OpRequest": {
                "type": "structure",
                "members": {"When": {"shape": "DateTime"}, "Flag": {"shape": "Boolean"}},
            },
            "DateTime": {"type": "timestamp"},
            "Boolean": {"type": "boolean"},
        }
    )
    document = derive_operation(model, "Op")
    assert document["$defs"]["DateTime"]["type"] == "number"
    assert document["$defs"]["Boolean"]["type"] == "boolean"
    check = validator_for(document, "OpRequest")
    assert check.is_valid({"When": 1700000000.25, "Flag": True})
    assert not check.is_valid({"When": "2023-11-14T22:13:20Z"})
    assert not check.is_valid({"Flag": "true"})


def test_recursive_shape_terminates_and_validates_at_depth() -> None:
    model = synthetic_model(
        {
            "OpRequest": {"type": "structure", "members": {"Root": {"shape": "Node"}}},
            "Node": {
                "type": "structure",
                "required": ["Name"],
                "members": {"Name": {"shape": "Name"}, "Children": {"shape": "NodeList"}},
            },
            "NodeList": {"type": "list", "member": {"shape": "Node"}},
            "Name": {"type": "string", "min": 1},
        }
    )
    document = derive_operation(model, "Op")
    assert document["$defs"]["NodeList"]["items"] == {"$ref": "#/$defs/Node"}
    assert document["$defs"]["Node"]["properties"]["Children"] == {"$ref": "#/$defs/NodeList"}
    check = validator_for(document, "OpRequest")
    deep = {"Name": "a", "Children": [{"Name": "b", "Children": [{"Name": "c"}]}]}
    assert check.is_valid({"Root": deep})
    broken = copy.deepcopy(deep)
    broken["Children"][0]["Children"][0] = {"Name": ""}
    assert not check.is_valid({"Root": broken})


def test_error_shapes_allow_aws_error_body_members() -> None:
    model = synthetic_model(
        {
            "OpRequest": {"type": "structure", "members": {}},
            "InvalidS3ObjectException": {"type": "structure", "members": {}, "exception": True},
            "InternalServerError": {"type": "structure", "members": {}, "exception": True, "fault": True},
            "QuotaException": {
                "type": "structure",
                "members": {"QuotaCode": {"shape": "Name"}},
                "exception": True,
            },
            "Name": {"type": "string"},
        },
        errors=[
            {"shape": "InvalidS3ObjectException"},
            {"shape": "InternalServerError"},
            {"shape": "QuotaException"},
        ],
    )
    document = derive_operation(model, "Op")
    assert document["errors"] == {
        "InvalidS3ObjectException": {"$ref": "#/$defs/InvalidS3ObjectException", "x-aws-fault": "client"},
        "InternalServerError": {"$ref": "#/$defs/InternalServerError", "x-aws-fault": "server"},
        "QuotaException": {"$ref": "#/$defs/QuotaException", "x-aws-fault": "client"},
    }
    aws_example = {
        "__type": "InvalidS3ObjectException",
        "Code": "InvalidS3ObjectException",
        "Logref": "1f0b2b5c-0c1b-4f7e-9d2c-3f5e1c0f9a11",
        "Message": "Unable to get object metadata from S3. Check object key, region and/or permissions.",
    }
    check = validator_for(document, "InvalidS3ObjectException")
    assert check.is_valid(aws_example)
    assert check.is_valid({"__type": "com.amazonaws.rekognition#InvalidS3ObjectException", "message": "m"})
    assert not check.is_valid({**aws_example, "Detail": "undeclared"})
    assert not check.is_valid({**aws_example, "Message": 7})
    quota = validator_for(document, "QuotaException")
    assert quota.is_valid({"QuotaCode": "L-1", "Message": "m"})
    # Ordinary structures do not gain the error-body members.
    assert not validator_for(document, "OpRequest").is_valid({"Message": "m"})


def test_operation_flags_and_member_traits() -> None:
    model = synthetic_model(
        {
            "OpRequest": {
                "type": "structure",
                "members": {"Token": {"shape": "Token", "idempotencyToken": True}},
            },
            "Token": {"type": "string"},
        },
        idempotent=True,
    )
    document = derive_operation(model, "Op")
    assert document["idempotent"] is True
    assert document["operation"] == "Op"
    assert document["$id"] == "urn:rekognition-conformance:schema:Op"
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$defs"]["OpRequest"]["properties"]["Token"]["x-aws-idempotency-token"] is True
    assert derive_operation(request_with("Token", {"type": "string"}), "Op")["idempotent"] is False


def test_unknown_shape_type_and_missing_shape_are_errors() -> None:
    with pytest.raises(ValueError, match="Doc"):
        derive_operation(request_with("Doc", {"type": "document"}), "Op")
    with pytest.raises(KeyError, match="Missing"):
        derive_operation(
            synthetic_model({"OpRequest": {"type": "structure", "members": {"X": {"shape": "Missing"}}}}),
            "Op",
        )
    with pytest.raises(KeyError, match="Nope"):
        derive_operation(request_with("Token", {"type": "string"}), "Nope")


def test_plain_text_strips_tags_and_entities() -> None:
    html = "<p>Use <code>GetLabelDetection</code> &amp; wait.</p><ul><li><p>one</p></li><li>two</li></ul>"
    assert plain_text(html) == "Use GetLabelDetection & wait. one two"


# ------------------------------------------------------------------- real model


@pytest.fixture(scope="module")
def real() -> dict[str, Document]:
    return derive_all(load_service_model())


def test_operation_families() -> None:
    assert len(ALL_OPERATIONS) == 32
    assert list(ALL_OPERATIONS) == sorted(set(ALL_OPERATIONS))
    assert {op for ops in FAMILIES.values() for op in ops} == set(ALL_OPERATIONS)
    assert family_of("GetLabelDetection") == "labels"
    assert family_of("GetCelebrityInfo") == "celebrities"
    assert family_of("SearchFaces") == "collections"
    with pytest.raises(KeyError, match="DetectLabels"):
        family_of("DetectLabels")


def test_every_operation_derives_a_valid_schema(real: dict[str, Document]) -> None:
    assert set(real) == {*ALL_OPERATIONS, "index"}
    assert real["index"]["operations"] == list(ALL_OPERATIONS)
    for op in ALL_OPERATIONS:
        document = real[op]
        assert document["operation"] == op
        assert document["errors"], op
        jsonschema.Draft202012Validator.check_schema({"$defs": document["$defs"]})
        for direction in ("input", "output"):
            assert document[direction]["$ref"].removeprefix("#/$defs/") in document["$defs"]
        for name, defined in document["$defs"].items():
            assert defined["x-botocore-shape"] == name


def test_label_detection_timestamps_are_integer_milliseconds(real: dict[str, Document]) -> None:
    defs = real["GetLabelDetection"]["$defs"]
    labels = defs["GetLabelDetectionResponse"]["properties"]["Labels"]
    items = defs[labels["$ref"].rsplit("/", 1)[1]]["items"]
    assert items == {"$ref": "#/$defs/LabelDetection"}
    timestamp = defs["LabelDetection"]["properties"]["Timestamp"]
    assert timestamp["$ref"] == "#/$defs/Timestamp"
    assert defs["Timestamp"]["type"] == "integer"


def test_real_constraints(real: dict[str, Document]) -> None:
    start = real["StartLabelDetection"]
    assert start["idempotent"] is True
    min_confidence = start["$defs"]["StartLabelDetectionRequest"]["properties"]["MinConfidence"]
    percent = start["$defs"][min_confidence["$ref"].rsplit("/", 1)[1]]
    assert (percent["type"], percent["minimum"], percent["maximum"]) == ("number", 0, 100)
    assert start["$defs"]["StartLabelDetectionRequest"]["required"] == ["Video"]

    get_defs = real["GetLabelDetection"]["$defs"]
    assert get_defs["GetLabelDetectionRequest"]["properties"]["MaxResults"]["$ref"] == "#/$defs/MaxResults"
    assert get_defs["MaxResults"]["type"] == "integer"
    assert get_defs["MaxResults"]["minimum"] == 1
    assert "maximum" not in get_defs["MaxResults"]
    assert get_defs["JobId"]["pattern"] == "^[a-zA-Z0-9-_]+$"
    assert (get_defs["JobId"]["minLength"], get_defs["JobId"]["maxLength"]) == (1, 64)
    assert real["GetLabelDetection"]["errors"]["ThrottlingException"]["x-aws-fault"] == "server"
    assert real["GetLabelDetection"]["errors"]["InvalidParameterException"]["x-aws-fault"] == "client"


def test_real_unsupported_patterns_are_the_tag_shapes(real: dict[str, Document]) -> None:
    entries = real["index"]["unsupportedPatterns"]
    assert [entry["shape"] for entry in entries] == ["TagKey", "TagValue"]
    assert all("\\p{L}" in entry["pattern"] and entry["reason"] for entry in entries)
    tag_map = real["CreateCollection"]["$defs"]["TagMap"]
    assert tag_map["propertyNames"]["x-pattern-unsupported"] == entries[0]["pattern"]


GET_LABEL_DETECTION_RESPONSE: Document = {
    "JobStatus": "SUCCEEDED",
    "LabelModelVersion": "3.0",
    "JobId": "3f5c9e0a3b5d1f0e2c4a6b8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f",
    "Video": {"S3Object": {"Bucket": "amzn-s3-demo-bucket", "Name": "videos/street.mp4"}},
    "VideoMetadata": {
        "Codec": "h264",
        "DurationMillis": 15015,
        "Format": "QuickTime / MOV",
        "FrameRate": 29.97,
        "FrameHeight": 1080,
        "FrameWidth": 1920,
        "ColorRange": "LIMITED",
    },
    "Labels": [
        {
            "Timestamp": 1000,
            "Label": {
                "Name": "Car",
                "Confidence": 98.7412109375,
                "Instances": [
                    {
                        "BoundingBox": {"Width": 0.17, "Height": 0.28, "Left": 0.41, "Top": 0.48},
                        "Confidence": 98.7412109375,
                        "DominantColors": [],
                    }
                ],
                "Parents": [{"Name": "Transportation"}, {"Name": "Vehicle"}],
                "Aliases": [{"Name": "Automobile"}],
                "Categories": [{"Name": "Vehicles and Automotive"}],
            },
        },
        {
            "Timestamp": 1000,
            "Label": {"Name": "Road", "Confidence": 91.2, "Instances": [], "Parents": []},
            "StartTimestampMillis": 0,
            "EndTimestampMillis": 2000,
            "DurationMillis": 2000,
        },
    ],
    "NextToken": "b2dW2dmDnRUm7DIZy+JbQmERc7GAkbTMHhkQ2o3Q8Hp7sK9KIhmoVNzVGaROsoeTI5q3",
    "GetRequestMetadata": {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"},
}


def test_realistic_get_label_detection_response(real: dict[str, Document]) -> None:
    check = validator_for(real["GetLabelDetection"], "GetLabelDetectionResponse")
    assert list(check.iter_errors(GET_LABEL_DETECTION_RESPONSE)) == []

    undeclared = copy.deepcopy(GET_LABEL_DETECTION_RESPONSE)
    undeclared["Labels"][0]["Label"]["Score"] = 0.9
    assert not check.is_valid(undeclared)

    stringly = copy.deepcopy(GET_LABEL_DETECTION_RESPONSE)
    stringly["Labels"][0]["Label"]["Confidence"] = "98.7412109375"
    errors = list(check.iter_errors(stringly))
    assert [list(error.absolute_path) for error in errors] == [["Labels", 0, "Label", "Confidence"]]

    fractional_timestamp = copy.deepcopy(GET_LABEL_DETECTION_RESPONSE)
    fractional_timestamp["Labels"][0]["Timestamp"] = 1000.5
    assert not check.is_valid(fractional_timestamp)
