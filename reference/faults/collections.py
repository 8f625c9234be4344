"""Faults in face collections: the documented errors for unknown and existing collections, and search order."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from rekognition_conformance.reference.collections import FACE_MODEL_VERSION
from rekognition_conformance.reference.collectionstore import ACCOUNT_ID
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.faults.base import (
    Counter,
    Fault,
    HandlerWrapper,
    replace_error,
    rewrite_params,
    rewrite_result,
)
from rekognition_conformance.reference.protocol import ServiceError

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


def _faces_of(result: dict[str, Any], member: str) -> list[Any]:
    found = result.get(member)
    return found if isinstance(found, list) else []


def _older_model(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if "FaceModelVersion" in result:
        result["FaceModelVersion"] = "5.0" if result["FaceModelVersion"] != "5.0" else "6.0"


def _created_status(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if "StatusCode" in result:
        result["StatusCode"] = 201


def _one_face_more(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if isinstance(result.get("FaceCount"), int):
        result["FaceCount"] += 1


def _one_more(operation: str, params: dict[str, Any]) -> None:
    if isinstance(params.get("MaxResults"), int):
        params["MaxResults"] += 1


def _last_collection_dropped(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    # A page that has a following one loses its last collection (and that collection's model version).
    ids, versions = _faces_of(result, "CollectionIds"), _faces_of(result, "FaceModelVersions")
    if result.get("NextToken") and ids:
        result["CollectionIds"] = ids[:-1]
        result["FaceModelVersions"] = versions[: len(ids) - 1]


def _last_version_dropped(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    versions = _faces_of(result, "FaceModelVersions")
    if versions:
        result["FaceModelVersions"] = versions[:-1]


def _last_face_dropped(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    faces = _faces_of(result, "Faces")
    if faces:
        result["Faces"] = faces[:-1]


def _other_image(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for face in _faces_of(result, "Faces"):
        face["ImageId"] = str(uuid.uuid5(uuid.NAMESPACE_URL, str(face.get("ImageId"))))


def _no_external_id(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for record in _faces_of(result, "FaceRecords"):
        (record.get("Face") or {}).pop("ExternalImageId", None)


def _shared_face_id(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    records = _faces_of(result, "FaceRecords")
    for record in records[1:]:
        record["Face"]["FaceId"] = records[0]["Face"]["FaceId"]
    if len(records) == 1:  # one face: its record names another image than the ImageId it was indexed from
        records.append(copy.deepcopy(records[0]))
        records[1]["Face"]["ImageId"] = str(uuid.uuid4())


def _no_max_faces(operation: str, params: dict[str, Any]) -> None:
    params.pop("MaxFaces", None)


def _smallest_first(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    records = _faces_of(result, "FaceRecords")
    records.sort(key=lambda r: (r["Face"]["BoundingBox"]["Width"] * r["Face"]["BoundingBox"]["Height"]))


def _format_as_parameter(operation: str, params: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    raise ServiceError("InvalidParameterException", "Request has invalid parameters")


def _indexed_again() -> HandlerWrapper:
    """Each repeat of an IndexFaces request is stored under an ExternalImageId of its own, so adds faces again;
    the answer names the ExternalImageId asked for."""

    def wrap(operation: str, inner: Handler) -> Handler:
        seen = Counter()

        def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
            key = repr(sorted((k, repr(v)) for k, v in params.items()))
            repeat = seen.bump(key)
            external = params.get("ExternalImageId")
            if not repeat or external is None:
                return inner(context, params)
            result = inner(context, {**params, "ExternalImageId": f"{external}-{repeat}"})
            for record in _faces_of(result, "FaceRecords"):
                record["Face"]["ExternalImageId"] = external
            return result

        return handler

    return wrap


def _unasked_deletion(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    deleted = result.get("DeletedFaces")
    if isinstance(deleted, list):
        deleted.append(str(uuid.uuid4()))


def _other_searched_face(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if isinstance(result.get("SearchedFaceId"), str):
        result["SearchedFaceId"] = str(uuid.uuid4())


def _match_below_threshold(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    matches = _faces_of(result, "FaceMatches")
    if matches:
        weak = copy.deepcopy(matches[-1])
        weak["Similarity"] = float(params.get("FaceMatchThreshold", 80.0)) - 1.0
        matches.append(weak)


def _one_match_more(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    matches = _faces_of(result, "FaceMatches")
    if matches and isinstance(params.get("MaxFaces"), int) and len(matches) == params["MaxFaces"]:
        matches.append(copy.deepcopy(matches[-1]))


def _unknown_match(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    matches = _faces_of(result, "FaceMatches")
    if matches:
        matches[0]["Face"]["FaceId"] = str(uuid.uuid4())


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
    Fault("collection-index-older-model", "COLLECTIONS.FACE_MODEL_VERSION", FAMILY,
          "IndexFaces names another face model version than the collection's",
          ("IndexFaces",), handler=rewrite_result(_older_model)),
    Fault("collection-created-status-201", "COLLECTIONS.STATUS_CODE", FAMILY,
          "CreateCollection answers HTTP 200 with a StatusCode of 201",
          ("CreateCollection",), handler=rewrite_result(_created_status)),
    Fault("collection-face-count-one-more", "COLLECTIONS.FACE_COUNT", FAMILY,
          "DescribeCollection counts one face more than the collection holds",
          ("DescribeCollection",), handler=rewrite_result(_one_face_more)),
    Fault("collection-list-page-one-too-many", "COLLECTIONS.LIST.PAGE_SIZE", FAMILY,
          "ListCollections and ListFaces serve one item more per page than MaxResults",
          ("ListCollections", "ListFaces"), handler=rewrite_params(_one_more)),
    Fault("collection-list-page-drops-last", "COLLECTIONS.LIST.COMPLETE", FAMILY,
          "each page of ListCollections but the last drops its last collection",
          ("ListCollections",), handler=rewrite_result(_last_collection_dropped)),
    Fault("collection-list-version-dropped", "COLLECTIONS.LIST.VERSIONS", FAMILY,
          "ListCollections' FaceModelVersions leaves out the entry of the page's last collection",
          ("ListCollections",), handler=rewrite_result(_last_version_dropped)),
    Fault("collection-list-faces-drops-last", "COLLECTIONS.LIST_FACES.COMPLETE", FAMILY,
          "each page of ListFaces drops its last face",
          ("ListFaces",), handler=rewrite_result(_last_face_dropped)),
    Fault("collection-listed-face-other-image", "COLLECTIONS.FACE_METADATA", FAMILY,
          "ListFaces names another ImageId for a face than IndexFaces returned",
          ("ListFaces",), handler=rewrite_result(_other_image)),
    Fault("collection-index-external-id-dropped", "COLLECTIONS.INDEX.EXTERNAL_ID", FAMILY,
          "IndexFaces leaves the ExternalImageId out of its FaceRecords",
          ("IndexFaces",), handler=rewrite_result(_no_external_id)),
    Fault("collection-index-face-ids-shared", "COLLECTIONS.INDEX.IDS", FAMILY,
          "the FaceRecords of one IndexFaces answer share one FaceId (or, for one face, name two images)",
          ("IndexFaces",), handler=rewrite_result(_shared_face_id)),
    Fault("collection-index-max-faces-ignored", "COLLECTIONS.INDEX.MAX_FACES", FAMILY,
          "IndexFaces ignores MaxFaces and indexes every face it finds",
          ("IndexFaces",), handler=rewrite_params(_no_max_faces)),
    Fault("collection-index-smallest-first", "COLLECTIONS.INDEX.ORDER", FAMILY,
          "IndexFaces orders its FaceRecords smallest bounding box first",
          ("IndexFaces",), handler=rewrite_result(_smallest_first)),
    Fault("collection-index-format-as-parameter", "COLLECTIONS.INDEX.IMAGE_FORMAT", FAMILY,
          "IndexFaces given bytes that are no image answers InvalidParameterException, not InvalidImageFormatException",
          ("IndexFaces",), handler=replace_error("InvalidImageFormatException", _format_as_parameter)),
    Fault("collection-index-duplicates", "COLLECTIONS.INDEX.NO_DUPLICATES", FAMILY,
          "indexing the same image with the same ExternalImageId again stores its faces again",
          ("IndexFaces",), handler=_indexed_again()),
    Fault("collection-delete-names-unasked-face", "COLLECTIONS.DELETE_FACES", FAMILY,
          "DeleteFaces names, among DeletedFaces, a face the request did not ask to delete",
          ("DeleteFaces",), handler=rewrite_result(_unasked_deletion)),
    Fault("collection-search-other-face-echoed", "COLLECTIONS.SEARCH.ECHO", FAMILY,
          "SearchFaces answers with another SearchedFaceId than the request's FaceId",
          ("SearchFaces",), handler=rewrite_result(_other_searched_face)),
    Fault("collection-search-below-threshold", "COLLECTIONS.SEARCH.THRESHOLD", FAMILY,
          "SearchFaces adds a match with a Similarity just below the FaceMatchThreshold (80 by default)",
          ("SearchFaces",), handler=rewrite_result(_match_below_threshold)),
    Fault("collection-search-one-match-more", "COLLECTIONS.SEARCH.MAX_FACES", FAMILY,
          "SearchFaces returns one match more than MaxFaces",
          ("SearchFaces",), handler=rewrite_result(_one_match_more)),
    Fault("collection-search-unknown-face", "COLLECTIONS.MATCH_FACES", FAMILY,
          "SearchFaces names, as its first match, a FaceId the collection does not hold",
          ("SearchFaces",), handler=rewrite_result(_unknown_match)),
)
