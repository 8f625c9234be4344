"""The in-memory object store behind the S3 subset, shared with the Rekognition side.

Buckets are unversioned, so every object's version is S3's ``"null"`` version: asking for that
version (or none) finds the object, asking for any other version finds nothing. One lock guards
all state; objects are immutable records, so a reader may keep one after the lock is released.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from rekognition_conformance.reference.s3errors import S3Error

NULL_VERSION = "null"

_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class StoredObject:
    data: bytes
    last_modified: dt.datetime
    content_type: str = "binary/octet-stream"
    metadata: tuple[tuple[str, str], ...] = ()
    # Algorithm name ("CRC32", "SHA256", ...) -> base64 value, as the client supplied it.
    checksums: tuple[tuple[str, str], ...] = ()

    @property
    def etag(self) -> str:
        return f'"{hashlib.md5(self.data, usedforsecurity=False).hexdigest()}"'

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class _Bucket:
    name: str
    created: dt.datetime
    objects: dict[str, StoredObject] = field(default_factory=dict)


def check_bucket_name(name: str) -> None:
    """S3's naming rules for new buckets (InvalidBucketName otherwise)."""
    valid = bool(_BUCKET_NAME.match(name)) and ".." not in name and ".-" not in name and "-." not in name
    try:
        ipaddress.IPv4Address(name)
        valid = False
    except ValueError:
        pass
    if not valid:
        raise S3Error("InvalidBucketName", BucketName=name)


def now() -> dt.datetime:
    # S3 timestamps have millisecond precision.
    moment = dt.datetime.now(dt.UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class ObjectStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, name: str) -> _Bucket:
        bucket = self._buckets.get(name)
        if bucket is None:
            raise S3Error("NoSuchBucket", BucketName=name)
        return bucket

    def create_bucket(self, name: str) -> None:
        check_bucket_name(name)
        with self._lock:
            if name in self._buckets:
                raise S3Error("BucketAlreadyOwnedByYou", BucketName=name)
            self._buckets[name] = _Bucket(name, now())

    def head_bucket(self, name: str) -> None:
        with self._lock:
            self._bucket(name)

    def delete_bucket(self, name: str) -> None:
        with self._lock:
            if self._bucket(name).objects:
                raise S3Error("BucketNotEmpty", BucketName=name)
            del self._buckets[name]

    def list_buckets(self) -> list[tuple[str, dt.datetime]]:
        with self._lock:
            return sorted((bucket.name, bucket.created) for bucket in self._buckets.values())

    def put(self, bucket: str, key: str, stored: StoredObject) -> None:
        with self._lock:
            self._bucket(bucket).objects[key] = stored

    def get(self, bucket: str, key: str) -> StoredObject:
        with self._lock:
            stored = self._bucket(bucket).objects.get(key)
        if stored is None:
            raise S3Error("NoSuchKey", Key=key)
        return stored

    def delete(self, bucket: str, key: str) -> None:
        with self._lock:
            self._bucket(bucket).objects.pop(key, None)

    def snapshot(self, bucket: str) -> Mapping[str, StoredObject]:
        """The bucket's objects at this moment (a copy, safe to iterate without the lock)."""
        with self._lock:
            return dict(self._bucket(bucket).objects)

    def get_object(self, bucket: str, key: str, version: str | None = None) -> bytes | None:
        """The bytes of an object for the Rekognition side, or None when it cannot be read."""
        if version not in (None, NULL_VERSION):
            return None
        with self._lock:
            found = self._buckets.get(bucket)
            stored = found.objects.get(key) if found is not None else None
        return stored.data if stored is not None else None
