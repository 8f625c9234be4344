"""Capability detection: which answers mean 'not implemented', and only the first answer counts."""

from __future__ import annotations

import json

import pytest

from rekognition_conformance.capabilities import Capabilities, unimplemented_reason
from rekognition_conformance.exchange import Exchange

JSON = {"Content-Type": "application/x-amz-json-1.1"}


def answer(status: int, body: object, operation: str = "StartFaceSearch", headers=None) -> Exchange:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Exchange(operation, {}, status, raw, headers or JSON)


@pytest.mark.parametrize(
    "exchange",
    [
        answer(400, {"__type": "UnknownOperationException"}),
        answer(501, {"__type": "Whatever", "message": "x"}),
        answer(501, b"", headers={}),
    ],
)
def test_answers_that_say_not_implemented(exchange):
    assert unimplemented_reason(exchange) is not None


@pytest.mark.parametrize(
    "exchange",
    [
        answer(200, {"JobId": "a"}),
        answer(400, {"__type": "InvalidParameterException", "Message": "bad"}),
        answer(500, {"__type": "InternalServerError", "Message": "oops"}),
        # A crash, a missing route or a proxy's page is a failure of the rules it breaks, never an excuse.
        answer(500, b"<html>NotImplementedError</html>", headers={"Content-Type": "text/html; charset=utf-8"}),
        answer(404, b"Not Found", headers={"Content-Type": "text/plain"}),
        answer(502, b"Bad Gateway", headers={"Content-Type": "text/html"}),
    ],
)
def test_answers_of_a_serving_backend(exchange):
    assert unimplemented_reason(exchange) is None


def test_only_the_first_answer_per_operation_decides():
    caps = Capabilities()
    caps.observe(answer(200, {"JobId": "a"}))
    caps.observe(answer(400, {"__type": "UnknownOperationException"}))
    assert caps.unsupported("face_search") is None
    caps.observe(answer(400, {"__type": "UnknownOperationException"}, operation="GetTextDetection"))
    assert "GetTextDetection answered UnknownOperationException" in caps.unsupported("text")


def test_declared_families(tmp_path):
    profile = tmp_path / "target.yaml"
    profile.write_text("unsupported: [persons]\nnot_offered: {segments: retired by the provider}\n")
    caps = Capabilities(only=["labels,faces,persons,segments"], skip=["faces"], profile=str(profile),
                        declared={"celebrities": "the target says so"})
    assert caps.excused("labels") is None
    assert caps.excused("faces") == ("not_selected", "left out by --skip")
    assert caps.excused("text") == ("not_selected", "not in --only")
    assert caps.excused("persons") == ("not_implemented", f"declared unsupported in {profile}")
    assert caps.excused("segments") == ("not_offered", "retired by the provider")
    assert caps.families()["persons"] == {"outcome": "not_implemented", "reason": f"declared unsupported in {profile}"}
    assert caps.unsupported("faces") == "left out by --skip"


def test_a_target_declaration_is_not_implemented():
    caps = Capabilities(declared={"labels": "declared in moto.yaml: HTML 500"})
    assert caps.excused("labels") == ("not_implemented", "declared in moto.yaml: HTML 500")
    assert caps.excused("text") is None


def test_unknown_family_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown families"):
        Capabilities(skip=["label"])
