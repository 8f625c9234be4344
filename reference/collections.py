"""Face collections: CreateCollection, DescribeCollection, ListCollections, DeleteCollection, IndexFaces,
ListFaces, DeleteFaces and SearchFaces.

IndexFaces reads a PNG or JPEG (image bytes, or an S3 object of this server), detects the synthetic
faces of :mod:`rekognition_conformance.reference.imagefaces` in it, leaves out those below the QualityFilter bar (AUTO
is the LOW bar) and, past MaxFaces, the smallest ones, and stores the rest largest first. SearchFaces ranks the
collection's other faces by the similarity of :mod:`rekognition_conformance.reference.facematch`, keeps those at or
above FaceMatchThreshold (default 80), highest first, up to MaxFaces. Listings page in creation order through
:mod:`rekognition_conformance.reference.listpages`.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping
from typing import Any

from rekognition_conformance.reference import facematch
from rekognition_conformance.reference.collectionstore import FACE_MODEL_VERSION, CollectionStore, IndexedFace
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.imagefaces import ImageFace, UnsupportedImage, detail_members, detect, read_image
from rekognition_conformance.reference.jobs import S3_OBJECT_MESSAGE
from rekognition_conformance.reference.listpages import list_page
from rekognition_conformance.reference.protocol import ServiceError

STATE_KEY = "collections"
DEFAULT_FACE_MATCH_THRESHOLD = 80.0
MAX_INDEXED_FACES = 100
LIST_CAP = 4096
S3_IMAGE_LIMIT = 15 * 1024 * 1024
# The quality bar of each QualityFilter setting; AUTO chooses the LOW bar.
QUALITY_BARS = {"NONE": 0.0, "AUTO": 20.0, "LOW": 20.0, "MEDIUM": 50.0, "HIGH": 75.0}
_IMAGE_NAMESPACE = uuid.UUID("0b6a4f36-7d0e-4c3e-9a55-2f1d8c6e7a10")


def store(context: ServiceContext) -> CollectionStore:
    """This server's collections (shared with the face search family)."""
    return context.state(STATE_KEY, lambda: CollectionStore(region=context.region))


def create_collection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    collection = store(context).create(params["CollectionId"], params.get("Tags"))
    return {"StatusCode": 200, "CollectionArn": collection.arn, "FaceModelVersion": FACE_MODEL_VERSION}


def describe_collection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    collection, count = store(context).describe(params["CollectionId"])
    return {
        "FaceCount": count,
        "FaceModelVersion": FACE_MODEL_VERSION,
        "CollectionARN": collection.arn,
        "CreationTimestamp": collection.created,
        "UserCount": 0,
    }


def list_collections(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    collections, following = list_page(
        context.tokens, "ListCollections", params, store(context).page_of_collections, cap=LIST_CAP
    )
    response: dict[str, Any] = {
        "CollectionIds": [c.collection_id for c in collections],
        "FaceModelVersions": [FACE_MODEL_VERSION for _ in collections],
    }
    if following is not None:
        response["NextToken"] = following
    return response


def delete_collection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    store(context).delete(params["CollectionId"])
    return {"StatusCode": 200}


def _image_bytes(context: ServiceContext, image: Mapping[str, Any]) -> bytes:
    if ("Bytes" in image) == ("S3Object" in image):
        raise ServiceError("InvalidParameterException", "Image must hold exactly one of Bytes and S3Object.")
    if "Bytes" in image:
        try:
            return base64.b64decode(image["Bytes"], validate=True)
        except (binascii.Error, ValueError):
            raise ServiceError("InvalidParameterException", "Image.Bytes is not valid base64.") from None
    s3_object = image["S3Object"]
    data = None
    if context.objects is not None and s3_object.get("Bucket") and s3_object.get("Name"):
        data = context.objects.get_object(s3_object["Bucket"], s3_object["Name"], s3_object.get("Version"))
    if data is None:
        raise ServiceError("InvalidS3ObjectException", S3_OBJECT_MESSAGE)
    if len(data) > S3_IMAGE_LIMIT:
        raise ServiceError("ImageTooLargeException", "Image size is too large.")
    return data


def _unindexed(face: ImageFace, reason: str, members: frozenset[str]) -> dict[str, Any]:
    return {"Reasons": [reason], "FaceDetail": face.detail(members)}


def _quality_reason(face: ImageFace) -> str:
    return "LOW_SHARPNESS" if face.sharpness <= face.brightness else "LOW_BRIGHTNESS"


def index_faces(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    collections = store(context)
    collection_id = params["CollectionId"]
    collections.describe(collection_id)
    data = _image_bytes(context, params["Image"])
    try:
        image = read_image(data)
    except UnsupportedImage:
        raise ServiceError("InvalidImageFormatException", "Request has invalid image format.") from None
    members = detail_members(params.get("DetectionAttributes"))
    bar = QUALITY_BARS[params.get("QualityFilter") or "AUTO"]
    unindexed = []
    passing = []
    for face in detect(image):
        if face.quality < bar:
            unindexed.append(_unindexed(face, _quality_reason(face), members))
        else:
            passing.append(face)
    # Past MaxFaces the smallest faces are left out; the indexed ones are returned largest first.
    passing.sort(key=lambda f: (-f.area, f.index))
    limit = min(params.get("MaxFaces") or MAX_INDEXED_FACES, MAX_INDEXED_FACES)
    kept, dropped = passing[:limit], passing[limit:]
    unindexed += [_unindexed(face, "EXCEEDS_MAX_FACES", members) for face in dropped]
    image_id = str(uuid.uuid5(_IMAGE_NAMESPACE, image.digest))
    stored = collections.index(
        collection_id,
        image.digest,
        image_id,
        params.get("ExternalImageId"),
        ((face.box, face.confidence, face.signature) for face in kept),
    )
    by_signature = {face.signature: face for face in kept}
    return {
        "FaceRecords": [
            {"Face": face.to_json(), "FaceDetail": by_signature[face.signature].detail(members)} for face in stored
        ],
        "FaceModelVersion": FACE_MODEL_VERSION,
        "UnindexedFaces": unindexed,
    }


def list_faces(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    collections = store(context)
    collection_id = params["CollectionId"]
    collection, _ = collections.describe(collection_id)
    wanted = set(params["FaceIds"]) if "FaceIds" in params else None
    # No face is ever associated with a user here, so a UserId filter matches none.
    faces = [] if "UserId" in params else [
        f for f in collections.faces(collection_id) if wanted is None or f.face_id in wanted
    ]

    def fetch(after: int, limit: int) -> tuple[list[IndexedFace], bool]:
        later = [f for f in faces if f.number > after]
        return later[:limit], len(later) > limit

    scope = f"ListFaces:{collection.arn}:{collection.number}"
    page, following = list_page(context.tokens, scope, params, fetch, cap=LIST_CAP)
    response: dict[str, Any] = {"Faces": [f.to_json() for f in page], "FaceModelVersion": FACE_MODEL_VERSION}
    if following is not None:
        response["NextToken"] = following
    return response


def delete_faces(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    deleted, missing = store(context).remove_faces(params["CollectionId"], params["FaceIds"])
    response: dict[str, Any] = {}
    # DeletedFaces holds at least one face when present (the model's minimum), so an empty list is left out.
    if deleted:
        response["DeletedFaces"] = deleted
    response["UnsuccessfulFaceDeletions"] = [{"FaceId": f, "Reasons": ["FACE_NOT_FOUND"]} for f in missing]
    return response


def search_faces(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    faces = store(context).faces(params["CollectionId"])
    face_id = params["FaceId"]
    searched = next((f for f in faces if f.face_id == face_id), None)
    if searched is None:
        raise ServiceError("InvalidParameterException", f"faceId {face_id} was not found in the collection.")
    threshold = params.get("FaceMatchThreshold")
    threshold = DEFAULT_FACE_MATCH_THRESHOLD if threshold is None else float(threshold)
    scored = [
        (facematch.similarity(searched.signature, other.signature), other)
        for other in faces
        if other.face_id != face_id
    ]
    matches = sorted(((s, f) for s, f in scored if s >= threshold), key=lambda m: (-m[0], m[1].number))
    limit = params.get("MaxFaces") or LIST_CAP
    return {
        "SearchedFaceId": face_id,
        "FaceMatches": [{"Similarity": s, "Face": f.to_json()} for s, f in matches[:limit]],
        "FaceModelVersion": FACE_MODEL_VERSION,
    }


OPERATIONS: Mapping[str, Handler] = {
    "CreateCollection": create_collection,
    "DescribeCollection": describe_collection,
    "ListCollections": list_collections,
    "DeleteCollection": delete_collection,
    "IndexFaces": index_faces,
    "ListFaces": list_faces,
    "DeleteFaces": delete_faces,
    "SearchFaces": search_faces,
}
