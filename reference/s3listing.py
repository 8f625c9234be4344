"""ListObjectsV2 semantics: prefix, delimiter, start-after, max-keys and continuation tokens.

Keys are listed in UTF-8 binary order, as S3 lists them. With a delimiter, keys sharing the part
of the key up to the first delimiter after the prefix roll up into one common prefix, which counts
once towards max-keys. A continuation token is opaque to clients: it encodes the last key (or
common prefix) of the previous page, and anything that does not decode is InvalidArgument.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass

from rekognition_conformance.reference.s3errors import S3Error
from rekognition_conformance.reference.s3store import StoredObject
from rekognition_conformance.reference.s3xml import ListedObject

MAX_KEYS_LIMIT = 1000

_KEY, _PREFIX = "k", "p"


@dataclass(frozen=True)
class ListQuery:
    prefix: str = ""
    delimiter: str = ""
    start_after: str = ""
    continuation_token: str | None = None
    max_keys: int = MAX_KEYS_LIMIT


def parse_max_keys(value: str | None) -> int:
    if value is None:
        return MAX_KEYS_LIMIT
    try:
        max_keys = int(value)
    except ValueError:
        raise S3Error("InvalidArgument", "Provided max-keys not an integer or within integer range") from None
    if max_keys < 0:
        raise S3Error("InvalidArgument", "Argument maxKeys must be an integer between 0 and 2147483647")
    return min(max_keys, MAX_KEYS_LIMIT)


def _encode_token(kind: str, marker: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}{marker}".encode()).decode("ascii")


def _decode_token(token: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise S3Error("InvalidArgument", "The continuation token provided is incorrect") from None
    if not raw or raw[0] not in (_KEY, _PREFIX) or _encode_token(raw[0], raw[1:]) != token:
        raise S3Error("InvalidArgument", "The continuation token provided is incorrect")
    return raw[0], raw[1:]


def _after(key: str, marker: str) -> bool:
    return key.encode() > marker.encode()


@dataclass(frozen=True)
class Listing:
    contents: tuple[ListedObject, ...]
    common_prefixes: tuple[str, ...]
    is_truncated: bool
    next_token: str | None


def list_objects(objects: Mapping[str, StoredObject], query: ListQuery) -> Listing:
    resume: tuple[str, str] | None = None
    if query.continuation_token is not None:
        resume = _decode_token(query.continuation_token)
    entries: list[tuple[str, str]] = []
    for key in sorted(objects, key=lambda k: k.encode()):
        if not key.startswith(query.prefix):
            continue
        if query.start_after and not _after(key, query.start_after):
            continue
        if resume is not None:
            kind, marker = resume
            if not _after(key, marker) or (kind == _PREFIX and key.startswith(marker)):
                continue
        if query.delimiter:
            cut = key.find(query.delimiter, len(query.prefix))
            if cut >= 0:
                common = key[: cut + len(query.delimiter)]
                if not entries or entries[-1] != (_PREFIX, common):
                    entries.append((_PREFIX, common))
                continue
        entries.append((_KEY, key))
    page = entries[: query.max_keys]
    truncated = query.max_keys > 0 and len(entries) > query.max_keys
    return Listing(
        contents=tuple(
            ListedObject(value, objects[value].last_modified, objects[value].etag, objects[value].size)
            for kind, value in page
            if kind == _KEY
        ),
        common_prefixes=tuple(value for kind, value in page if kind == _PREFIX),
        is_truncated=truncated,
        next_token=_encode_token(*page[-1]) if truncated else None,
    )
