"""The request generators: every generated invalid request breaks exactly the constraint it names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from rekognition_conformance.spec.schemas import validator
from rekognition_conformance.strategies import MISSING, Mutation, get_parameters, invalid_requests, mutations

START_BASE = {
    "Video": {"S3Object": {"Bucket": "rc-bucket", "Name": "videos/short.mp4"}},
    "ClientRequestToken": "token-1",
    "MinConfidence": 50.0,
    "JobTag": "tag",
    "Features": ["GENERAL_LABELS"],
    "Settings": {"GeneralLabels": {"LabelInclusionFilters": ["Person"]}},
}
GET_BASE = {"JobId": "a" * 64, "MaxResults": 5, "SortBy": "NAME", "AggregateBy": "SEGMENTS"}
CASES = [("StartLabelDetection", START_BASE), ("GetLabelDetection", GET_BASE)]


def _error_paths(operation: str, request: dict) -> list[tuple]:
    return [tuple(e.absolute_path) for e in validator(operation, "input").iter_errors(request)]


def _breaks_only(operation: str, mutation: Mutation, request: dict) -> None:
    paths = _error_paths(operation, request)
    assert paths, f"{mutation.describe()} was accepted by the schema"
    # A removed required member is reported at its parent; every other violation at the member itself.
    expected = mutation.path[:-1] if mutation.value is MISSING else mutation.path
    assert all(p == expected for p in paths), f"{mutation.describe()} broke {paths}, not only {expected}"


@pytest.mark.parametrize(("operation", "base"), CASES)
def test_base_requests_are_valid(operation, base):
    assert _error_paths(operation, base) == []


@pytest.mark.parametrize(("operation", "base"), CASES)
def test_each_mutation_violates_exactly_its_constraint(operation, base):
    found = mutations(operation, base)
    assert found
    for mutation in found:
        _breaks_only(operation, mutation, mutation.apply(base))


def test_mutations_cover_the_documented_constraints_of_get_label_detection():
    kinds = {(m.member, m.constraint) for m in mutations("GetLabelDetection", GET_BASE)}
    assert {("JobId", "required"), ("MaxResults", "minimum"), ("SortBy", "enum"), ("AggregateBy", "enum"),
            ("JobId", "pattern"), ("JobId", "maxLength"), ("NextToken", "maxLength")} <= kinds


def test_mutation_leaves_the_base_untouched():
    mutation = next(m for m in mutations("GetLabelDetection", GET_BASE) if m.constraint == "required")
    mutated = mutation.apply(GET_BASE)
    assert "JobId" not in mutated and GET_BASE["JobId"] == "a" * 64


@settings(max_examples=150, derandomize=True, deadline=None)
@given(mutation=invalid_requests("StartLabelDetection", START_BASE))
def test_drawn_start_mutations_are_invalid(mutation):
    _breaks_only("StartLabelDetection", mutation, mutation.apply(START_BASE))


@settings(max_examples=150, derandomize=True, deadline=None)
@given(mutation=invalid_requests("GetLabelDetection", GET_BASE))
def test_drawn_get_mutations_are_invalid(mutation):
    _breaks_only("GetLabelDetection", mutation, mutation.apply(GET_BASE))


@settings(max_examples=30, derandomize=True)
@given(params=get_parameters(sort_by=("NAME", "TIMESTAMP"), aggregate_by=("TIMESTAMPS", "SEGMENTS")))
def test_drawn_get_parameters_are_valid(params):
    request = {"JobId": "a" * 64, **{k: v for k, v in params.items() if v is not None}}
    assert _error_paths("GetLabelDetection", request) == []
