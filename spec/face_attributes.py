"""The FaceDetail attribute table shared by the checks and the reference backend.

The members of a FaceDetail come from the service model (the ``FaceDetail`` definition of the committed
GetFaceDetection schema, which ``rekognition_conformance.spec.deriver`` derives from botocore's shape); which of them
each ``FaceAttributes`` choice returns is documentation, kept with its quote in ``spec/face_attributes.yaml``:

* DEFAULT returns :data:`DEFAULT_ATTRIBUTES`;
* ALL returns :data:`ALL_ATTRIBUTES`, every member but :data:`NULL_ATTRIBUTES`, which GetFaceDetection
  documents as always null.

A botocore upgrade that adds a member to FaceDetail changes ALL here, in the oracle and the reference
backend at once, and the schema drift test names it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rekognition_conformance.spec.schemas import operation_document

CONSTANTS_FILE = Path(__file__).resolve().parent / "face_attributes.yaml"
SOURCE_OPERATION = "GetFaceDetection"


def face_detail_members() -> tuple[str, ...]:
    """Every member of the model's FaceDetail shape, sorted."""
    return tuple(sorted(operation_document(SOURCE_OPERATION)["$defs"]["FaceDetail"]["properties"]))


def documented() -> dict[str, Any]:
    """The documented constants, each with its source, shape and quote."""
    return dict(yaml.safe_load(CONSTANTS_FILE.read_text(encoding="utf-8")))


def _members(section: str) -> tuple[str, ...]:
    names = tuple(documented()[section]["members"])
    unknown = set(names) - set(face_detail_members())
    if unknown:
        raise ValueError(f"{CONSTANTS_FILE.name} {section}: {sorted(unknown)} are not FaceDetail members")
    return names


FACE_DETAIL_MEMBERS: tuple[str, ...] = face_detail_members()
DEFAULT_ATTRIBUTES: frozenset[str] = frozenset(_members("default"))
NULL_ATTRIBUTES: tuple[str, ...] = _members("null_in_video")
ALL_ATTRIBUTES: frozenset[str] = frozenset(FACE_DETAIL_MEMBERS) - set(NULL_ATTRIBUTES)
