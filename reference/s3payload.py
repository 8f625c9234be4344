"""The payload of an S3 write request, decoded and checked the way S3 does.

What a botocore S3 client sends depends on its version and the endpoint's scheme: over plain HTTP
botocore signs the payload (``x-amz-content-sha256`` is the body's SHA-256) and puts a flexible
checksum such as ``x-amz-checksum-crc32`` in a header; over HTTPS it may instead stream the body
``aws-chunked`` with ``STREAMING-UNSIGNED-PAYLOAD-TRAILER`` and send the checksum as a trailer.
:func:`read_payload` accepts every such form and returns the object bytes plus the checksums the
client supplied, after verifying each one it can compute. CRC32C and CRC64NVME are kept (and
returned on GET) but not verified, since computing them needs the optional awscrt package.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import zlib
from collections.abc import Callable

from rekognition_conformance.reference.s3errors import S3Error
from rekognition_conformance.reference.wire import Request

UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
_SIGNED_STREAMING_PREFIX = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")

CHECKSUM_ALGORITHMS = ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256")


def checksum_header(algorithm: str) -> str:
    return f"x-amz-checksum-{algorithm.lower()}"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


_COMPUTE: dict[str, Callable[[bytes], str]] = {
    "CRC32": lambda data: _b64(zlib.crc32(data).to_bytes(4, "big")),
    "SHA1": lambda data: _b64(hashlib.sha1(data, usedforsecurity=False).digest()),
    "SHA256": lambda data: _b64(hashlib.sha256(data).digest()),
}


def decode_aws_chunked(body: bytes) -> tuple[bytes, dict[str, str]]:
    """The data and trailing headers (lower-cased names) of an ``aws-chunked`` body."""
    data = bytearray()
    position = 0
    while True:
        line_end = body.find(b"\r\n", position)
        if line_end < 0:
            raise S3Error("IncompleteBody", "The aws-chunked body ended inside a chunk header.")
        size_field = body[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            raise S3Error("InvalidRequest", f"Invalid aws-chunked chunk size {size_field!r}.") from None
        position = line_end + 2
        if size == 0:
            break
        chunk = body[position : position + size]
        if len(chunk) != size or body[position + size : position + size + 2] != b"\r\n":
            raise S3Error("IncompleteBody", "An aws-chunked chunk is shorter than its declared size.")
        data += chunk
        position += size + 2
    trailers: dict[str, str] = {}
    for line in body[position:].split(b"\r\n"):
        if line.strip():
            name, _, value = line.decode("latin-1").partition(":")
            trailers[name.strip().lower()] = value.strip()
    return bytes(data), trailers


def _verify_md5(data: bytes, declared: str) -> None:
    try:
        digest = base64.b64decode(declared, validate=True)
    except binascii.Error:
        raise S3Error("InvalidDigest", ContentMD5=declared) from None
    if len(digest) != 16:
        raise S3Error("InvalidDigest", ContentMD5=declared)
    if digest != hashlib.md5(data, usedforsecurity=False).digest():
        raise S3Error("BadDigest", ExpectedDigest=declared)


def _verify_checksums(data: bytes, supplied: dict[str, str]) -> None:
    for algorithm, value in supplied.items():
        compute = _COMPUTE.get(algorithm)
        if compute is not None and compute(data) != value:
            raise S3Error("BadDigest", f"The {algorithm} you specified did not match the calculated checksum.")


def read_payload(request: Request) -> tuple[bytes, dict[str, str]]:
    """The object bytes of a write request and the checksums (algorithm -> base64) it carried."""
    declared = request.header("x-amz-content-sha256")
    if declared is None:
        raise S3Error("InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
    encodings = [token.strip().lower() for token in (request.header("content-encoding") or "").split(",")]
    trailers: dict[str, str] = {}
    if declared.startswith(_SIGNED_STREAMING_PREFIX):
        raise S3Error("NotImplemented", f"x-amz-content-sha256 {declared} (signed chunks) is not supported.")
    if declared == STREAMING_UNSIGNED_TRAILER or "aws-chunked" in encodings:
        data, trailers = decode_aws_chunked(request.body)
        decoded_length = request.header("x-amz-decoded-content-length")
        if decoded_length is not None and decoded_length.strip() != str(len(data)):
            raise S3Error("IncompleteBody")
    elif declared == UNSIGNED_PAYLOAD:
        data = request.body
    elif _SHA256_HEX.match(declared):
        data = request.body
        if hashlib.sha256(data).hexdigest() != declared:
            raise S3Error("XAmzContentSHA256Mismatch", ClientComputedContentSHA256=declared)
    else:
        raise S3Error(
            "InvalidArgument",
            f"x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
            f"{STREAMING_UNSIGNED_TRAILER} or a SHA-256 hex digest, not {declared!r}.",
        )
    supplied: dict[str, str] = {}
    for algorithm in CHECKSUM_ALGORITHMS:
        name = checksum_header(algorithm)
        value = request.header(name) or trailers.get(name)
        if value is not None:
            supplied[algorithm] = value.strip()
    content_md5 = request.header("content-md5")
    if content_md5 is not None:
        _verify_md5(data, content_md5.strip())
    _verify_checksums(data, supplied)
    return data, supplied
