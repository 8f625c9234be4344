"""Faults in face collections: the documented errors for unknown and existing collections, and search order."""

from __future__ import annotations

from typing import Any

from reference.collections import FACE_MODEL_VERSION
from reference.collectionstore import ACCOUNT_ID
from reference.faults.base import Fault, replace_error, rewrite_result
from reference.protocol import ServiceError

FAMILY = "collections"


def _empty_collection(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {
        "FaceCount": 0,
        "FaceModelVersion": FACE_MODEL_VERSION,
        "CollectionARN": f"arn:aws:rekognition:us-east-1:{ACCOUNT_ID}:collection/{params['CollectionId']}",
        "CreationTimestamp": 0,
        "UserCount": 0,
    }


def _created_again(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    return {
        "StatusCode": 200,
        "CollectionArn": f"aws:rekognition:us-east-1:{ACCOUNT_ID}:collection/{params['CollectionId']}",
        "FaceModelVersion": FACE_MODEL_VERSION,
    }


def _weakest_first(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    matches = result.get("FaceMatches")
    if isinstance(matches, list):
        matches.sort(key=lambda match: match.get("Similarity", 0))


FAULTS: tuple[Fault, ...] = (
    Fault("collection-unknown-described", "COLLECTIONS.UNKNOWN", FAMILY,
          "DescribeCollection for a collection that does not exist answers 200 with an empty collection",
          ("DescribeCollection",), handler=replace_error("ResourceNotFoundException", _empty_collection)),
    Fault("collection-created-twice", "COLLECTIONS.ALREADY_EXISTS", FAMILY,
          "CreateCollection under an existing CollectionId answers 200 as if it made it",
          ("CreateCollection",), handler=replace_error("ResourceAlreadyExistsException", _created_again)),
    Fault("search-faces-weakest-first", "COLLECTIONS.SEARCH.ORDER", FAMILY,
          "SearchFaces lists its FaceMatches by Similarity, lowest first",
          ("SearchFaces",), handler=rewrite_result(_weakest_first)),
)
