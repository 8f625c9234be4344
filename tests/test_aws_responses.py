"""Responses recorded from real AWS must pass the response-schema and ordering checks.

A false failure is worse than a miss: if AWS's own answers fail a check, the check is wrong. Recorded
responses live in ``../shared/aws-responses/`` (beside the checkout), one JSON file per response, either
as ``{"operation": ..., "request": {...}, "response": {...}}`` or as a bare response body in a folder or
file named after the operation (``GetLabelDetection/page-1.json``, ``GetLabelDetection-default.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.checks import aggregation, labels, schema, sorting
from conformance.exchange import Exchange
from spec.operations import ALL_OPERATIONS

RESPONSES = Path(__file__).resolve().parents[2] / "shared" / "aws-responses"
LIST_MEMBERS = {"GetLabelDetection": "Labels"}


def _operation_from_path(path: Path) -> str | None:
    for part in (*path.relative_to(RESPONSES).parts[:-1], path.stem):
        for op in ALL_OPERATIONS:
            if part == op or part.startswith(op + "-") or part.startswith(op + "_"):
                return op
    return None


def recorded() -> list[tuple[str, Exchange]]:
    found = []
    for path in sorted(RESPONSES.rglob("*.json")) if RESPONSES.is_dir() else []:
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "response" in document and "operation" in document:
            operation, request, body = document["operation"], document.get("request", {}), document["response"]
        else:
            operation, request, body = _operation_from_path(path), {}, document
        if operation is None:
            raise AssertionError(f"{path}: cannot tell which operation this response answers")
        raw = json.dumps(body).encode()
        found.append((str(path.relative_to(RESPONSES)), Exchange(operation, request, 200, raw)))
    return found


CASES = recorded()


@pytest.mark.parametrize("exchange", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_recorded_aws_response_passes_the_schema(exchange):
    assert schema.check_response_schema(exchange) == []


@pytest.mark.parametrize("exchange", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_recorded_aws_response_passes_the_ordering_checks(exchange):
    member = LIST_MEMBERS.get(exchange.operation)
    if member is None:
        pytest.skip(f"no ordering rules for {exchange.operation} yet")
    items = exchange.items(member)
    body = exchange.body
    metadata = body.get("GetRequestMetadata", {}) if isinstance(body, dict) else {}
    sort_by = exchange.request.get("SortBy") or metadata.get("SortBy", "TIMESTAMP")
    aggregate_by = exchange.request.get("AggregateBy") or metadata.get("AggregateBy", "TIMESTAMPS")
    op = exchange.operation
    violations = (
        labels.check_name_sort(op, items, exchange.request)
        if sort_by == "NAME"
        else sorting.check_timestamp_order(op, items, exchange.request)
    )
    if aggregate_by == "SEGMENTS":
        violations += aggregation.check_segment_items(op, items, exchange.request)
    assert violations == []
