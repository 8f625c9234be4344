"""Builders of collection, face search and stream processor answers for the check library's tests.

Defaults describe a plausible collection of faces indexed from one image, so a test states only what it
changes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rekognition_conformance.exchange import Exchange

JSON_1_1 = {"Content-Type": "application/x-amz-json-1.1"}
COLLECTION = "rc-test-faces"
IMAGE_ID = "4c1d6a0e-2b7f-5e3a-9d8c-1f0e2d3c4b5a"
FACE_IDS = (
    "11111111-1111-4111-8111-111111111111",
    "22222222-2222-4222-8222-222222222222",
    "33333333-3333-4333-8333-333333333333",
)
PROCESSOR = "rc-test-sp"
PROCESSOR_ARN = f"arn:aws:rekognition:us-east-1:123456789012:streamprocessor/{PROCESSOR}"


def answer(operation: str, document: Any, *, request: dict[str, Any] | None = None, status: int = 200) -> Exchange:
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return Exchange(operation, request if request is not None else {}, status, raw, dict(JSON_1_1))


def error(operation: str, error_type: str, *, status: int = 400, request: dict[str, Any] | None = None) -> Exchange:
    return answer(operation, {"__type": error_type, "Message": "refused"}, request=request, status=status)


def box(width: float = 0.2, height: float = 0.3, left: float = 0.1, top: float = 0.1) -> dict[str, float]:
    return {"Width": width, "Height": height, "Left": left, "Top": top}


def face(index: int = 0, *, external: str | None = "rc-image", **changes: Any) -> dict[str, Any]:
    """The Face metadata of one indexed face; faces further along the list are smaller."""
    size = 0.3 - 0.05 * index
    document: dict[str, Any] = {
        "FaceId": FACE_IDS[index],
        "BoundingBox": box(size, size),
        "ImageId": IMAGE_ID,
        "Confidence": 99.5,
        "IndexFacesModelVersion": "7.0",
    }
    if external is not None:
        document["ExternalImageId"] = external
    document.update(changes)
    return {k: v for k, v in document.items() if v is not None}


def index_answer(faces: Sequence[dict[str, Any]], *, request: dict[str, Any] | None = None) -> Exchange:
    records = [{"Face": f, "FaceDetail": {"BoundingBox": f["BoundingBox"], "Confidence": f["Confidence"]}}
               for f in faces]
    request = {"CollectionId": COLLECTION, "Image": {"Bytes": "..."}, "ExternalImageId": "rc-image"} | (request or {})
    return answer("IndexFaces", {"FaceRecords": records, "FaceModelVersion": "7.0", "UnindexedFaces": []},
                  request=request)


def list_faces_page(faces: Sequence[dict[str, Any]], *, next_token: str | None = None, **request: Any) -> Exchange:
    document: dict[str, Any] = {"Faces": list(faces), "FaceModelVersion": "7.0"}
    if next_token is not None:
        document["NextToken"] = next_token
    return answer("ListFaces", document, request={"CollectionId": COLLECTION, **request})


def search_answer(matches: Sequence[tuple[float, dict[str, Any]]], **request: Any) -> Exchange:
    document = {
        "SearchedFaceId": request.get("FaceId", FACE_IDS[0]),
        "FaceMatches": [{"Similarity": s, "Face": f} for s, f in matches],
        "FaceModelVersion": "7.0",
    }
    return answer("SearchFaces", document, request={"CollectionId": COLLECTION, "FaceId": FACE_IDS[0], **request})


def person_match(
    timestamp: int, index: int, matches: Sequence[tuple[float, str]] = ((90.0, FACE_IDS[0]),), **face_members: Any
) -> dict[str, Any]:
    """A GetFaceSearch Persons item: person ``index`` at ``timestamp`` matched to (similarity, FaceId) pairs."""
    person_face = {"BoundingBox": box(), "Confidence": 99.0, "Landmarks": [], "Pose": {}, "Quality": {}}
    person_face.update(face_members)
    return {
        "Timestamp": timestamp,
        "Person": {"Index": index, "BoundingBox": box(0.2, 0.6), "Face": person_face},
        "FaceMatches": [{"Similarity": s, "Face": face(FACE_IDS.index(f))} for s, f in matches],
    }


def describe_processor(status: str = "STOPPED", **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "Name": PROCESSOR,
        "StreamProcessorArn": PROCESSOR_ARN,
        "Status": status,
        "CreationTimestamp": 1700000000.0,
        "LastUpdateTimestamp": 1700000000.0,
        "Input": {"KinesisVideoStream": {"Arn": "arn:aws:kinesisvideo:us-east-1:123456789012:stream/in/1"}},
        "Output": {"KinesisDataStream": {"Arn": "arn:aws:kinesis:us-east-1:123456789012:stream/out"}},
        "RoleArn": "arn:aws:iam::123456789012:role/rc",
        "Settings": {"FaceSearch": {"CollectionId": COLLECTION, "FaceMatchThreshold": 85.0}},
        "DataSharingPreference": {"OptIn": False},
    }
    document.update(changes)
    return {k: v for k, v in document.items() if v is not None}


def create_request(**settings: Any) -> dict[str, Any]:
    described = describe_processor()
    request = {k: described[k] for k in ("Name", "Input", "Output", "RoleArn", "DataSharingPreference")}
    request["Settings"] = {"FaceSearch": {"CollectionId": COLLECTION, **settings}}
    return request
