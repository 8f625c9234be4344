"""Tests for rekognition_conformance.spec.openapi: the committed OpenAPI document is current, and describes every
operation the way AWS's JSON 1.1 protocol sends it (``POST /`` with an ``X-Amz-Target`` header).

The drift test is the OpenAPI counterpart of ``tests/test_schema_drift.py``: when spec/schemas change
(a botocore upgrade, a deriver fix), spec/openapi.json must be regenerated, or the fuzz layer draws
requests from an outdated contract.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.spec import openapi
from rekognition_conformance.spec.operations import ALL_OPERATIONS
from rekognition_conformance.spec.rules import error_statuses
from rekognition_conformance.spec.schemas import documented_errors, is_server_fault, operation_document

Document = dict[str, Any]
COMPONENTS = "#/components/schemas/"


@pytest.fixture(scope="module")
def generated() -> Document:
    return openapi.build()


@pytest.fixture(scope="module")
def committed() -> Document:
    return openapi.load()


def _post(document: Document, operation: str) -> Document:
    return document["paths"][openapi.path_of(operation)]["post"]


def _refs(schema: Any) -> list[str]:
    """Every ``$ref`` in ``schema``, depth first."""
    if isinstance(schema, dict):
        own = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
        return own + [ref for value in schema.values() for ref in _refs(value)]
    if isinstance(schema, list):
        return [ref for value in schema for ref in _refs(value)]
    return []


def _shape(ref: str) -> str:
    assert ref.startswith(COMPONENTS), f"{ref} does not point into components/schemas"
    return ref.removeprefix(COMPONENTS)


# ------------------------------------------------------------------ drift


def test_committed_document_matches_the_schemas(generated: Document) -> None:
    lines = openapi.drift(openapi.OUTPUT, generated)
    if lines:
        listing = "\n".join(f"  {line}" for line in lines)
        pytest.fail(
            f"spec/openapi.json differs from what spec/schemas produce:\n{listing}\n"
            f"Run `{openapi.REGENERATE}` and review the diff.",
            pytrace=False,
        )


def _write(path: Path, document: Document) -> Path:
    path.write_text(openapi.render(document), encoding="utf-8")
    return path


def test_drift_names_the_operation_and_path_that_differ(generated: Document, tmp_path: Path) -> None:
    assert openapi.drift(_write(tmp_path / "openapi.json", generated), generated) == []
    changed = copy.deepcopy(generated)
    del _post(changed, "GetLabelDetection")["responses"]["500"]
    _post(changed, "GetTextDetection")["requestBody"]["content"] = {"application/json": {}}
    del changed["paths"][openapi.path_of("StopStreamProcessor")]
    changed["paths"]["/#X-Amz-Target=RekognitionService.DetectLabels"] = {"post": {}}
    lines = openapi.drift(_write(tmp_path / "openapi.json", changed), generated)
    get_labels = openapi.path_of("GetLabelDetection")
    assert lines == [
        "operation DetectLabels (path /#X-Amz-Target=RekognitionService.DetectLabels): stale, no longer generated",
        f"operation GetLabelDetection (path {get_labels}): differs in responses 500",
        f"operation GetTextDetection (path {openapi.path_of('GetTextDetection')}): differs in requestBody",
        f"operation StopStreamProcessor (path {openapi.path_of('StopStreamProcessor')}): "
        "missing from the committed document",
    ]


def test_drift_names_shapes_top_level_members_and_formatting(generated: Document, tmp_path: Path) -> None:
    changed = copy.deepcopy(generated)
    changed["components"]["schemas"]["Percent"]["maximum"] = 99
    del changed["components"]["schemas"]["JobTag"]
    changed["info"]["x-botocore-version"] = "1.0.0"
    assert openapi.drift(_write(tmp_path / "openapi.json", changed), generated) == [
        "member info: differs",
        "shape JobTag: missing from the committed document",
        "shape Percent: differs",
    ]
    (tmp_path / "openapi.json").write_text(json.dumps(generated), encoding="utf-8")
    assert openapi.drift(tmp_path / "openapi.json", generated) == [
        f"openapi.json: same content, not formatted the way `{openapi.REGENERATE}` writes it"
    ]
    assert openapi.drift(tmp_path / "absent.json", generated) == ["absent.json: not committed"]


def test_check_cli_exit_codes(generated: Document, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "openapi.json", generated)
    assert openapi.main(["--check", "--output", str(path)]) == 0
    assert "matches" in capsys.readouterr().out
    changed = copy.deepcopy(generated)
    _post(changed, "GetFaceSearch")["parameters"][0]["schema"]["enum"] = ["RekognitionService.GetFaceSearch2"]
    _write(path, changed)
    before = path.read_text(encoding="utf-8")
    assert openapi.main(["--check", "--output", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"operation GetFaceSearch (path {openapi.path_of('GetFaceSearch')}): differs in parameters" in out
    assert f"Run `{openapi.REGENERATE}`" in out
    assert path.read_text(encoding="utf-8") == before, "--check must not write"
    assert openapi.main(["--output", str(path)]) == 0
    assert openapi.drift(path, generated) == []


# --------------------------------------------------------------- the document


def test_every_operation_has_one_path(committed: Document) -> None:
    expected = {openapi.path_of(operation): operation for operation in ALL_OPERATIONS}
    assert set(committed["paths"]) == set(expected), (
        f"paths without an operation: {sorted(set(committed['paths']) - set(expected))}; "
        f"operations without a path: {sorted(set(expected) - set(committed['paths']))}"
    )
    for path, operation in expected.items():
        assert path == f"/#X-Amz-Target=RekognitionService.{operation}"
        assert openapi.operation_of_path(path) == operation
        assert list(committed["paths"][path]) == ["post"], f"{operation}: only POST is served"
        assert committed["paths"][path]["post"]["operationId"] == operation
    assert committed["openapi"] == "3.1.0"
    with pytest.raises(ValueError, match="not a path"):
        openapi.operation_of_path("/labels")


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_target_header_names_the_operation(committed: Document, operation: str) -> None:
    headers = [p for p in _post(committed, operation)["parameters"] if p["in"] == "header"]
    assert [h["name"] for h in headers] == ["X-Amz-Target"], f"{operation}: {headers}"
    assert headers[0]["required"] is True
    assert headers[0]["schema"] == {"type": "string", "enum": [f"RekognitionService.{operation}"]}


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_request_body_is_the_input_shape_as_amz_json(committed: Document, operation: str) -> None:
    body = _post(committed, operation)["requestBody"]
    assert body["required"] is True
    assert list(body["content"]) == ["application/x-amz-json-1.1"], f"{operation}: {list(body['content'])}"
    ref = body["content"]["application/x-amz-json-1.1"]["schema"]["$ref"]
    assert _shape(ref) == operation_document(operation)["input"]["$ref"].removeprefix("#/$defs/")


@pytest.mark.parametrize("operation", ALL_OPERATIONS)
def test_success_and_documented_error_responses(committed: Document, operation: str) -> None:
    responses = _post(committed, operation)["responses"]
    ok = responses["200"]["content"]["application/x-amz-json-1.1"]["schema"]
    assert _shape(ok["$ref"]) == operation_document(operation)["output"]["$ref"].removeprefix("#/$defs/")
    listed: dict[str, set[int]] = {}
    for status, response in responses.items():
        if status == "200":
            continue
        assert list(response["content"]) == ["application/x-amz-json-1.1"], f"{operation} {status}"
        for ref in _refs(response["content"]["application/x-amz-json-1.1"]["schema"]):
            listed.setdefault(_shape(ref), set()).add(int(status))
    assert set(listed) == set(documented_errors(operation)), (
        f"{operation}: errors without a response {sorted(set(documented_errors(operation)) - set(listed))}, "
        f"responses for undocumented errors {sorted(set(listed) - set(documented_errors(operation)))}"
    )
    statuses = error_statuses()
    for name, found in listed.items():
        want = set(statuses.get(name) or ((500,) if is_server_fault(operation, name) else (400,)))
        assert found == want, f"{operation}: {name} is listed under {sorted(found)}, documented {sorted(want)}"
    # The errors every Rekognition operation documents, with AWS's statuses.
    assert "InvalidParameterException" in listed and listed["InvalidParameterException"] == {400}
    assert "InternalServerError" in listed and listed["InternalServerError"] == {500}


def test_every_reference_resolves(committed: Document) -> None:
    shapes = committed["components"]["schemas"]
    dangling = sorted({ref for ref in _refs(committed) if _shape(ref) not in shapes})
    assert not dangling, f"references to shapes not in components/schemas: {dangling}"
    assert not [ref for ref in _refs(committed) if ref.startswith("#/$defs/")]
