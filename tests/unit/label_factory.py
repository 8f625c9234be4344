"""Builders of GetLabelDetection-shaped bodies and exchanges for the check library's tests.

Defaults describe a plausible finished job over a 10-second 1280x720 H.264 street video, so a test
states only what it changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from rekognition_conformance.exchange import Exchange

OPERATION = "GetLabelDetection"
JSON_1_1 = {"Content-Type": "application/x-amz-json-1.1"}
JOB_ID = "3f1c0d9e2b7a4c5d8e6f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d"
VIDEO = {"S3Object": {"Bucket": "conformance-fixtures", "Name": "videos/street-1280x720.mp4"}}
START_REQUEST: dict[str, Any] = {
    "Video": VIDEO,
    "ClientRequestToken": "token-0001",
    "JobTag": "street-run",
    "MinConfidence": 50,
}
EXPECTED_METADATA = {"FrameWidth": 1280, "FrameHeight": 720, "DurationMillis": 10000, "FrameRate": 30.0}


def video_metadata(**changes: Any) -> dict[str, Any]:
    metadata = {
        "Codec": "h264",
        "DurationMillis": 10000,
        "Format": "QuickTime / MOV",
        "FrameRate": 30.0,
        "FrameHeight": 720,
        "FrameWidth": 1280,
        "ColorRange": "LIMITED",
    }
    metadata.update(changes)
    return metadata


def box(width: float = 0.25, height: float = 0.4, left: float = 0.1, top: float = 0.3) -> dict[str, float]:
    return {"Width": width, "Height": height, "Left": left, "Top": top}


def label(
    name: str,
    timestamp: int,
    confidence: float = 90.0,
    *,
    parents: Iterable[str] = (),
    categories: Iterable[str] = ("Vehicles and Automotive",),
    boxes: Iterable[dict[str, float]] = (),
) -> dict[str, Any]:
    """One TIMESTAMPS item: a label detected at ``timestamp`` ms."""
    return {
        "Timestamp": timestamp,
        "Label": {
            "Name": name,
            "Confidence": confidence,
            "Instances": [{"BoundingBox": b, "Confidence": confidence} for b in boxes],
            "Parents": [{"Name": p} for p in parents],
            "Aliases": [],
            "Categories": [{"Name": c} for c in categories],
        },
    }


def segment(name: str, start: int, end: int, confidence: float = 90.0, **label_args: Any) -> dict[str, Any]:
    """One SEGMENTS item: a label seen continuously from ``start`` to ``end`` ms."""
    item = label(name, start, confidence, **label_args)
    item.update(StartTimestampMillis=start, EndTimestampMillis=end, DurationMillis=end - start)
    return item


def street_labels(count: int, *, per_timestamp: int = 3, step: int = 200) -> list[dict[str, Any]]:
    """``count`` distinct detections in Timestamp order, ``per_timestamp`` sharing each Timestamp."""
    names = ["Car", "Person", "Road", "Tree", "Building", "Bicycle", "Sky", "Truck"][:per_timestamp]
    return [label(names[i % len(names)], (i // len(names)) * step) for i in range(count)]


def body(
    labels: Sequence[dict[str, Any]] = (),
    *,
    next_token: str | None = None,
    status: str = "SUCCEEDED",
    sort_by: str = "TIMESTAMP",
    aggregate_by: str = "TIMESTAMPS",
    **changes: Any,
) -> dict[str, Any]:
    """A GetLabelDetection body; ``changes`` replace members (None removes one)."""
    document: dict[str, Any] = {
        "JobStatus": status,
        "VideoMetadata": video_metadata(),
        "Labels": list(labels),
        "LabelModelVersion": "3.0",
        "JobId": JOB_ID,
        "Video": VIDEO,
        "JobTag": START_REQUEST["JobTag"],
        "GetRequestMetadata": {"SortBy": sort_by, "AggregateBy": aggregate_by},
    }
    if next_token is not None:
        document["NextToken"] = next_token
    document.update(changes)
    return {k: v for k, v in document.items() if v is not None}


def get_request(**members: Any) -> dict[str, Any]:
    return {"JobId": JOB_ID, **members}


def exchange(
    document: Any,
    *,
    request: dict[str, Any] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    operation: str = OPERATION,
) -> Exchange:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return Exchange(
        operation=operation,
        request=get_request() if request is None else request,
        status=status,
        raw=raw,
        headers=dict(JSON_1_1) if headers is None else headers,
    )


def page(labels: Sequence[dict[str, Any]] = (), *, request: dict[str, Any] | None = None, **body_args: Any) -> Exchange:
    return exchange(body(labels, **body_args), request=request)


def error(error_type: str, /, *, status: int = 400, **members: Any) -> Exchange:
    """An error answer shaped like Rekognition's: __type, the Code and Logref it adds, and a Message.

    ``members`` replace members of the body (None removes one).
    """
    document = {
        "__type": error_type,
        "Code": error_type,
        "Logref": "a1b2c3d4-e5f6-4a5b-8c7d-9e0f1a2b3c4d",
        "Message": "Request has invalid parameters",
    }
    document.update(members)
    return exchange({k: v for k, v in document.items() if v is not None}, status=status)


def chain(items: Sequence[dict[str, Any]], page_size: int, *, max_results: int | None = None) -> list[Exchange]:
    """A well-behaved NextToken chain serving ``items`` in pages of ``page_size``."""
    requested = page_size if max_results is None else max_results
    starts = list(range(0, len(items), page_size)) or [0]
    pages = []
    for number, start in enumerate(starts):
        request = get_request(MaxResults=requested)
        if number:
            request["NextToken"] = f"page-{number}"
        token = f"page-{number + 1}" if number + 1 < len(starts) else None
        pages.append(page(items[start : start + page_size], next_token=token, request=request))
    return pages
