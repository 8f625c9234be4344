"""The S3 endpoint: the REST subset Rekognition Video needs, with path-style addressing.

``/`` is the service (ListBuckets), ``/<bucket>`` a bucket (CreateBucket, HeadBucket, DeleteBucket,
ListObjectsV2 with ``list-type=2``, DeleteObjects with ``?delete``) and ``/<bucket>/<key>`` an
object (PutObject, GetObject, HeadObject, DeleteObject). Every request must carry a SigV4
signature for service ``s3``. Anything outside the subset (multipart uploads, ACLs, versioning,
ListObjects v1, copies...) is answered NotImplemented rather than half-done.
"""

from __future__ import annotations

import base64
import secrets
import sys
import traceback
from collections.abc import Mapping
from email.utils import format_datetime
from urllib.parse import quote, unquote

from rekognition_conformance.reference import s3xml, sigv4
from rekognition_conformance.reference.s3errors import S3Error
from rekognition_conformance.reference.s3listing import ListQuery, list_objects, parse_max_keys
from rekognition_conformance.reference.s3payload import checksum_header, read_payload
from rekognition_conformance.reference.s3store import NULL_VERSION, ObjectStore, StoredObject, now
from rekognition_conformance.reference.sigv4 import AuthFailure, AuthFailureReason
from rekognition_conformance.reference.wire import Request, Response

SERVICE = "s3"
XML_CONTENT_TYPE = "application/xml"
MAX_KEY_BYTES = 1024

# Query parameters that select an S3 feature outside the subset.
_BUCKET_SUBRESOURCES = frozenset(
    {
        "accelerate",
        "acl",
        "analytics",
        "cors",
        "encryption",
        "intelligent-tiering",
        "inventory",
        "lifecycle",
        "location",
        "logging",
        "metrics",
        "notification",
        "object-lock",
        "ownershipControls",
        "policy",
        "policyStatus",
        "publicAccessBlock",
        "replication",
        "requestPayment",
        "tagging",
        "uploads",
        "versioning",
        "versions",
        "website",
    }
)
_OBJECT_SUBRESOURCES = frozenset(
    {
        "acl",
        "attributes",
        "legal-hold",
        "partNumber",
        "restore",
        "retention",
        "select",
        "tagging",
        "torrent",
        "uploadId",
        "uploads",
    }
)
_STORED_HEADERS = ("cache-control", "content-disposition", "content-encoding", "content-language", "expires")


def _auth_error(failure: AuthFailure) -> S3Error:
    match failure.reason:
        case AuthFailureReason.MISSING:
            return S3Error("AccessDenied")
        case AuthFailureReason.MALFORMED | AuthFailureReason.WRONG_SCOPE:
            return S3Error("AuthorizationHeaderMalformed", f"The authorization header is malformed; {failure.detail}")
        case AuthFailureReason.UNKNOWN_KEY:
            return S3Error("InvalidAccessKeyId")
        case AuthFailureReason.EXPIRED:
            return S3Error("RequestTimeTooSkewed")
        case AuthFailureReason.BAD_SIGNATURE:
            return S3Error("SignatureDoesNotMatch")
    raise AssertionError(f"unhandled authentication failure {failure.reason}")


def _unsupported(query: Mapping[str, str], subresources: frozenset[str]) -> None:
    named = sorted(subresources.intersection(query))
    if named:
        raise S3Error("NotImplemented", f"The '{named[0]}' subresource is not supported by this S3 subset.")


def _object_headers(stored: StoredObject, checksum_mode: bool) -> dict[str, str]:
    headers = {
        "Content-Type": stored.content_type,
        "ETag": stored.etag,
        "Last-Modified": format_datetime(stored.last_modified, usegmt=True),
        "Accept-Ranges": "bytes",
    }
    headers.update(stored.metadata)
    if checksum_mode:
        for algorithm, value in stored.checksums:
            headers[checksum_header(algorithm)] = value
    return headers


class S3Endpoint:
    def __init__(self, store: ObjectStore, *, region: str, credentials: Mapping[str, str]) -> None:
        self.store = store
        self.region = region
        self.credentials = credentials

    def handle(self, request: Request) -> Response:
        request_id = secrets.token_hex(8).upper()
        try:
            try:
                sigv4.verify(request, service=SERVICE, region=self.region, credentials=self.credentials)
            except AuthFailure as failure:
                raise _auth_error(failure) from None
            response = self._route(request)
        except S3Error as error:
            response = self._error(error, request_id)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            response = self._error(S3Error("InternalError"), request_id)
        response.headers["x-amz-request-id"] = request_id
        response.headers["x-amz-id-2"] = base64.b64encode(request_id.encode()).decode()
        if request.method == "HEAD":
            # HEAD answers carry a GET's headers, never a body (not even an error document).
            if response.status >= 300 or response.content_length is None:
                response.content_length = 0
            response.body = b""
        return response

    @staticmethod
    def _error(error: S3Error, request_id: str) -> Response:
        body = s3xml.error_document(error.code, error.message, error.details, request_id)
        return Response.of(error.status, body, {"Content-Type": XML_CONTENT_TYPE})

    def _route(self, request: Request) -> Response:
        bucket_part, _, key_part = request.path.lstrip("/").partition("/")
        bucket, key = unquote(bucket_part), unquote(key_part)
        query = request.query
        if not bucket:
            if request.method == "GET":
                return self._list_buckets()
        elif not key:
            _unsupported(query, _BUCKET_SUBRESOURCES)
            match request.method:
                case "PUT":
                    return self._create_bucket(bucket, request)
                case "HEAD":
                    self.store.head_bucket(bucket)
                    return Response(200, {"x-amz-bucket-region": self.region})
                case "DELETE":
                    self.store.delete_bucket(bucket)
                    return Response(204)
                case "GET":
                    return self._list_objects_v2(bucket, query)
                case "POST" if "delete" in query:
                    return self._delete_objects(bucket, request)
        else:
            _unsupported(query, _OBJECT_SUBRESOURCES)
            match request.method:
                case "PUT":
                    return self._put_object(bucket, key, request)
                case "GET" | "HEAD":
                    return self._get_object(bucket, key, request)
                case "DELETE":
                    self.store.delete(bucket, key)
                    return Response(204)
        raise S3Error("MethodNotAllowed", Method=request.method, ResourceType="BUCKET" if not key else "OBJECT")

    def _list_buckets(self) -> Response:
        body = s3xml.list_buckets_document(self.store.list_buckets(), self.region)
        return Response.of(200, body, {"Content-Type": XML_CONTENT_TYPE})

    def _create_bucket(self, bucket: str, request: Request) -> Response:
        constraint = s3xml.parse_location_constraint(request.body)
        if constraint is not None and constraint != self.region:
            raise S3Error(
                "IllegalLocationConstraintException",
                f"The {constraint} location constraint is incompatible for the region specific endpoint "
                f"this request was sent to ({self.region}).",
            )
        self.store.create_bucket(bucket)
        return Response(200, {"Location": f"/{bucket}"})

    def _list_objects_v2(self, bucket: str, query: Mapping[str, str]) -> Response:
        if query.get("list-type") != "2":
            raise S3Error("NotImplemented", "ListObjects (version 1) is not supported; use ListObjectsV2.")
        encoding = query.get("encoding-type")
        if encoding not in (None, "url"):
            raise S3Error("InvalidArgument", "Invalid Encoding Method specified in Request")

        def encode(value: str) -> str:
            return quote(value, safe="/") if encoding == "url" else value

        list_query = ListQuery(
            prefix=query.get("prefix", ""),
            delimiter=query.get("delimiter", ""),
            start_after=query.get("start-after", ""),
            continuation_token=query.get("continuation-token"),
            max_keys=parse_max_keys(query.get("max-keys")),
        )
        listing = list_objects(self.store.snapshot(bucket), list_query)
        echoed = {"Prefix": encode(list_query.prefix)}
        if list_query.delimiter:
            echoed["Delimiter"] = encode(list_query.delimiter)
        if list_query.start_after:
            echoed["StartAfter"] = encode(list_query.start_after)
        if list_query.continuation_token is not None:
            echoed["ContinuationToken"] = list_query.continuation_token
        if encoding is not None:
            echoed["EncodingType"] = encoding
        page = s3xml.ListPage(
            bucket=bucket,
            contents=listing.contents,
            common_prefixes=listing.common_prefixes,
            is_truncated=listing.is_truncated,
            max_keys=list_query.max_keys,
            next_token=listing.next_token,
            echoed=echoed,
        )
        return Response.of(200, s3xml.list_objects_v2_document(page, encode), {"Content-Type": XML_CONTENT_TYPE})

    def _delete_objects(self, bucket: str, request: Request) -> Response:
        body, checksums = read_payload(request)
        if request.header("content-md5") is None and not checksums:
            raise S3Error("InvalidRequest", "Missing required header for this request: Content-MD5")
        wanted = s3xml.parse_delete(body)
        self.store.head_bucket(bucket)
        deleted: list[str] = []
        errors: list[tuple[str, str, str, str]] = []
        for key, version in wanted.objects:
            if version not in (None, NULL_VERSION):
                errors.append((key, version, "NoSuchVersion", "The specified version does not exist."))
                continue
            self.store.delete(bucket, key)
            deleted.append(key)
        document = s3xml.delete_result_document([] if wanted.quiet else deleted, errors)
        return Response.of(200, document, {"Content-Type": XML_CONTENT_TYPE})

    def _put_object(self, bucket: str, key: str, request: Request) -> Response:
        if request.header("x-amz-copy-source") is not None:
            raise S3Error("NotImplemented", "CopyObject is not supported by this S3 subset.")
        if len(key.encode()) > MAX_KEY_BYTES:
            raise S3Error("KeyTooLongError", Key=key)
        data, checksums = read_payload(request)
        metadata = tuple(
            (name.lower(), value)
            for name, value in request.headers
            if (name.lower().startswith("x-amz-meta-") or name.lower() in _STORED_HEADERS)
            # aws-chunked is how the body travelled, not how the object is encoded.
            and not (name.lower() == "content-encoding" and value.strip().lower() == "aws-chunked")
        )
        stored = StoredObject(
            data=data,
            last_modified=now(),
            content_type=request.header("content-type") or "binary/octet-stream",
            metadata=metadata,
            checksums=tuple(checksums.items()),
        )
        self.store.put(bucket, key, stored)
        headers = {"ETag": stored.etag}
        headers.update({checksum_header(algorithm): value for algorithm, value in checksums.items()})
        return Response(200, headers)

    def _get_object(self, bucket: str, key: str, request: Request) -> Response:
        version = request.query.get("versionId")
        if version not in (None, NULL_VERSION):
            raise S3Error("NoSuchVersion", Key=key, VersionId=version)
        stored = self.store.get(bucket, key)
        checksum_mode = (request.header("x-amz-checksum-mode") or "").upper() == "ENABLED"
        headers = _object_headers(stored, checksum_mode)
        if request.method == "HEAD":
            return Response(200, headers, content_length=stored.size)
        return Response.of(200, stored.data, headers)
