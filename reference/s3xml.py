"""The XML documents of the S3 subset: responses it writes and request bodies it reads.

Request bodies are matched on local element names, so they are accepted with or without S3's
``http://s3.amazonaws.com/doc/2006-03-01/`` namespace, as S3 does.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rekognition_conformance.reference.s3errors import S3Error

NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"
OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
OWNER_NAME = "reference"


def iso_timestamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _child(parent: ET.Element, tag: str, text: str | int | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def _document(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def error_document(code: str, message: str, details: Mapping[str, str], request_id: str) -> bytes:
    root = ET.Element("Error")
    _child(root, "Code", code)
    _child(root, "Message", message)
    for name, value in details.items():
        _child(root, name, value)
    _child(root, "RequestId", request_id)
    return _document(root)


def list_buckets_document(buckets: Iterable[tuple[str, dt.datetime]], region: str) -> bytes:
    root = ET.Element("ListAllMyBucketsResult", xmlns=NAMESPACE)
    owner = _child(root, "Owner")
    _child(owner, "ID", OWNER_ID)
    _child(owner, "DisplayName", OWNER_NAME)
    listing = _child(root, "Buckets")
    for name, created in buckets:
        bucket = _child(listing, "Bucket")
        _child(bucket, "Name", name)
        _child(bucket, "CreationDate", iso_timestamp(created))
        _child(bucket, "BucketRegion", region)
    return _document(root)


@dataclass(frozen=True)
class ListedObject:
    key: str
    last_modified: dt.datetime
    etag: str
    size: int


@dataclass(frozen=True)
class ListPage:
    bucket: str
    contents: tuple[ListedObject, ...]
    common_prefixes: tuple[str, ...]
    is_truncated: bool
    max_keys: int
    next_token: str | None
    # Request parameters echoed back; the key-like ones already encoded as the request asked.
    echoed: Mapping[str, str]


def list_objects_v2_document(page: ListPage, encode: Callable[[str], str]) -> bytes:
    root = ET.Element("ListBucketResult", xmlns=NAMESPACE)
    _child(root, "Name", page.bucket)
    _child(root, "Prefix", page.echoed.get("Prefix", ""))
    for member in ("Delimiter", "StartAfter", "ContinuationToken", "EncodingType"):
        if member in page.echoed:
            _child(root, member, page.echoed[member])
    _child(root, "KeyCount", len(page.contents) + len(page.common_prefixes))
    _child(root, "MaxKeys", page.max_keys)
    _child(root, "IsTruncated", "true" if page.is_truncated else "false")
    if page.next_token is not None:
        _child(root, "NextContinuationToken", page.next_token)
    for listed in page.contents:
        contents = _child(root, "Contents")
        _child(contents, "Key", encode(listed.key))
        _child(contents, "LastModified", iso_timestamp(listed.last_modified))
        _child(contents, "ETag", listed.etag)
        _child(contents, "Size", listed.size)
        _child(contents, "StorageClass", "STANDARD")
    for prefix in page.common_prefixes:
        _child(_child(root, "CommonPrefixes"), "Prefix", encode(prefix))
    return _document(root)


def delete_result_document(deleted: Iterable[str], errors: Iterable[tuple[str, str, str, str]]) -> bytes:
    """``errors`` holds (key, version id, code, message) for keys that could not be deleted."""
    root = ET.Element("DeleteResult", xmlns=NAMESPACE)
    for key in deleted:
        _child(_child(root, "Deleted"), "Key", key)
    for key, version, code, message in errors:
        error = _child(root, "Error")
        _child(error, "Key", key)
        _child(error, "VersionId", version)
        _child(error, "Code", code)
        _child(error, "Message", message)
    return _document(root)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(body: bytes, root_name: str) -> ET.Element:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise S3Error("MalformedXML") from None
    if _local(root.tag) != root_name:
        raise S3Error("MalformedXML")
    return root


def _text(element: ET.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return child.text or ""
    return None


def parse_location_constraint(body: bytes) -> str | None:
    """The LocationConstraint of a CreateBucketConfiguration body (None when the body is empty)."""
    if not body.strip():
        return None
    return _text(_parse(body, "CreateBucketConfiguration"), "LocationConstraint") or None


@dataclass(frozen=True)
class DeleteRequest:
    objects: tuple[tuple[str, str | None], ...]
    quiet: bool


MAX_DELETE_OBJECTS = 1000


def parse_delete(body: bytes) -> DeleteRequest:
    root = _parse(body, "Delete")
    objects: list[tuple[str, str | None]] = []
    for child in root:
        if _local(child.tag) != "Object":
            continue
        key = _text(child, "Key")
        if key is None:
            raise S3Error("MalformedXML")
        objects.append((key, _text(child, "VersionId")))
    if not objects or len(objects) > MAX_DELETE_OBJECTS:
        raise S3Error("MalformedXML")
    return DeleteRequest(tuple(objects), (_text(root, "Quiet") or "").strip().lower() == "true")
