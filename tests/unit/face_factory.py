"""Builders of face, person and celebrity items for the check library's tests.

Defaults describe plausible detections in a 10-second video, so a test states only what it changes.
"""

from __future__ import annotations

import json
from typing import Any

from rekognition_conformance.exchange import Exchange

JSON_1_1 = {"Content-Type": "application/x-amz-json-1.1"}
JOB_ID = "9c1d0e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d"


def box(width: float = 0.1, height: float = 0.15, left: float = 0.4, top: float = 0.2) -> dict[str, float]:
    return {"Width": width, "Height": height, "Left": left, "Top": top}


def default_face(confidence: float = 99.1, **changes: Any) -> dict[str, Any]:
    """A FaceDetail with the five default attributes; ``changes`` add or replace members (None sets null)."""
    detail: dict[str, Any] = {
        "BoundingBox": box(),
        "Confidence": confidence,
        "Landmarks": [{"Type": "eyeLeft", "X": 0.43, "Y": 0.25}, {"Type": "nose", "X": 0.45, "Y": 0.28}],
        "Pose": {"Roll": 1.5, "Yaw": -10.0, "Pitch": 4.2},
        "Quality": {"Brightness": 70.2, "Sharpness": 88.0},
    }
    detail.update(changes)
    return detail


def full_face(**changes: Any) -> dict[str, Any]:
    """A FaceDetail with every attribute FaceAttributes ALL returns (not FaceOccluded or EyeDirection)."""
    detail = default_face(
        AgeRange={"Low": 25, "High": 33},
        Smile={"Value": True, "Confidence": 91.0},
        Eyeglasses={"Value": False, "Confidence": 97.0},
        Sunglasses={"Value": False, "Confidence": 99.0},
        Gender={"Value": "Female", "Confidence": 95.0},
        Beard={"Value": False, "Confidence": 93.0},
        Mustache={"Value": False, "Confidence": 96.0},
        EyesOpen={"Value": True, "Confidence": 90.0},
        MouthOpen={"Value": False, "Confidence": 80.0},
        Emotions=[{"Type": "HAPPY", "Confidence": 80.0}, {"Type": "CALM", "Confidence": 15.0}],
    )
    detail.update(changes)
    return detail


def face_item(timestamp: int, face: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"Timestamp": timestamp, "Face": default_face() if face is None else face}


def person(timestamp: int, index: int | None, face_confidence: float | None = 98.0, **face_changes: Any) -> dict:
    """A GetPersonTracking item; ``face_confidence=None`` leaves the person without a Face."""
    detail: dict[str, Any] = {"BoundingBox": box(0.1, 0.6)}
    if index is not None:
        detail["Index"] = index
    if face_confidence is not None:
        detail["Face"] = default_face(face_confidence, **face_changes)
    return {"Timestamp": timestamp, "Person": detail}


def celebrity(
    timestamp: int,
    celebrity_id: str | None = "3Rq7mZp1",
    name: str | None = "Marigold Quillfeather",
    *,
    urls: list[str] | None = None,
    known_gender: str = "Female",
    **face_changes: Any,
) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "Urls": ["www.example.org/celebrities/marigold-quillfeather"] if urls is None else urls,
        "Confidence": 97.5,
        "Face": default_face(**face_changes),
        "KnownGender": {"Type": known_gender},
    }
    if celebrity_id is not None:
        detail["Id"] = celebrity_id
    if name is not None:
        detail["Name"] = name
    return {"Timestamp": timestamp, "Celebrity": detail}


def exchange(operation: str, body: Any, *, request: dict[str, Any] | None = None, status: int = 200) -> Exchange:
    return Exchange(
        operation=operation,
        request={"JobId": JOB_ID} if request is None else request,
        status=status,
        raw=json.dumps(body).encode(),
        headers=dict(JSON_1_1),
    )


def error(operation: str, error_type: str, *, request: dict[str, Any], status: int = 400) -> Exchange:
    body = {"__type": error_type, "Message": "The resource specified in the request cannot be found."}
    return exchange(operation, body, request=request, status=status)
