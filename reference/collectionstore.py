"""The face collections of one reference server: their faces, and listing them a page at a time.

A collection holds the faces IndexFaces added to it, each with the metadata IndexFaces returned
(FaceId, ImageId, ExternalImageId, BoundingBox, Confidence) and the signature face matching
compares. Collections and faces are numbered in the order they were made; listings page through
that order, so a NextToken ("continue after number n") stays valid when other collections or faces
are added or removed between two pages.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rekognition_conformance.reference.protocol import ServiceError

FACE_MODEL_VERSION = "7.0"
# Resource ARNs need an account; the reference backend serves exactly one.
ACCOUNT_ID = "123456789012"


@dataclass(frozen=True)
class IndexedFace:
    face_id: str
    image_id: str
    external_image_id: str | None
    box: Mapping[str, float]
    confidence: float
    signature: str
    image_digest: str
    number: int

    def to_json(self) -> dict[str, Any]:
        """The face as Face members of IndexFaces, ListFaces and the searches describe it."""
        face: dict[str, Any] = {
            "FaceId": self.face_id,
            "BoundingBox": dict(self.box),
            "ImageId": self.image_id,
            "Confidence": self.confidence,
            "IndexFacesModelVersion": FACE_MODEL_VERSION,
        }
        if self.external_image_id is not None:
            face["ExternalImageId"] = self.external_image_id
        return face


@dataclass
class Collection:
    collection_id: str
    arn: str
    created: float
    number: int
    tags: dict[str, str]
    faces: dict[str, IndexedFace] = field(default_factory=dict)


def not_found(collection_id: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", f"The collection id: {collection_id} does not exist")


class CollectionStore:
    """Thread-safe collections of one server."""

    def __init__(self, *, region: str, clock: Callable[[], float] = time.time) -> None:
        self.region = region
        self._clock = clock
        self._lock = threading.Lock()
        self._collections: dict[str, Collection] = {}
        self._numbers = itertools.count(1)

    def create(self, collection_id: str, tags: Mapping[str, str] | None = None) -> Collection:
        with self._lock:
            if collection_id in self._collections:
                raise ServiceError(
                    "ResourceAlreadyExistsException", f"The collection id: {collection_id} already exists."
                )
            collection = Collection(
                collection_id=collection_id,
                arn=f"arn:aws:rekognition:{self.region}:{ACCOUNT_ID}:collection/{collection_id}",
                created=self._clock(),
                number=next(self._numbers),
                tags=dict(tags or {}),
            )
            self._collections[collection_id] = collection
            return collection

    def describe(self, collection_id: str) -> tuple[Collection, int]:
        """The collection and its number of faces."""
        with self._lock:
            collection = self._get(collection_id)
            return collection, len(collection.faces)

    def delete(self, collection_id: str) -> None:
        with self._lock:
            self._get(collection_id)
            del self._collections[collection_id]

    def faces(self, collection_id: str) -> tuple[IndexedFace, ...]:
        """The collection's faces in the order they were indexed."""
        with self._lock:
            return tuple(self._get(collection_id).faces.values())

    def page_of_collections(self, after: int, limit: int) -> tuple[list[Collection], bool]:
        """Up to ``limit`` collections numbered after ``after``, and whether more follow."""
        with self._lock:
            later = sorted((c for c in self._collections.values() if c.number > after), key=lambda c: c.number)
        return later[:limit], len(later) > limit

    def index(
        self,
        collection_id: str,
        image_digest: str,
        image_id: str,
        external_image_id: str | None,
        detected: Iterable[tuple[Mapping[str, float], float, str]],
    ) -> list[IndexedFace]:
        """Add faces (box, confidence, signature) seen in one image; the indexed faces, in that order.

        Indexing the same image into the same collection with the same ExternalImageId again stores
        nothing new: the faces it stored the first time are returned instead.
        """
        detected = list(detected)
        with self._lock:
            collection = self._get(collection_id)
            if external_image_id is not None:
                earlier = {
                    face.signature: face
                    for face in collection.faces.values()
                    if face.image_digest == image_digest and face.external_image_id == external_image_id
                }
                if earlier:
                    return [earlier[sig] for _, _, sig in detected if sig in earlier]
            added = []
            for box, confidence, signature in detected:
                face = IndexedFace(
                    face_id=str(uuid.uuid4()),
                    image_id=image_id,
                    external_image_id=external_image_id,
                    box=dict(box),
                    confidence=confidence,
                    signature=signature,
                    image_digest=image_digest,
                    number=next(self._numbers),
                )
                collection.faces[face.face_id] = face
                added.append(face)
            return added

    def remove_faces(self, collection_id: str, face_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Delete the given faces; (deleted, not found), each in request order."""
        deleted, missing = [], []
        with self._lock:
            collection = self._get(collection_id)
            for face_id in dict.fromkeys(face_ids):
                if collection.faces.pop(face_id, None) is not None:
                    deleted.append(face_id)
                else:
                    missing.append(face_id)
        return deleted, missing

    def _get(self, collection_id: str) -> Collection:
        collection = self._collections.get(collection_id)
        if collection is None:
            raise not_found(collection_id)
        return collection
