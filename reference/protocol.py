"""The AWS JSON 1.1 wire protocol of the Rekognition endpoint: targets, bodies and errors.

A request is ``POST /`` with ``X-Amz-Target: RekognitionService.<Operation>`` and a JSON object body.
A success is HTTP 200 with the result object as JSON; an error is a JSON body
``{"__type": "<ErrorName>", "Message": "<text>"}`` whose HTTP status depends only on the error name,
per :data:`ERROR_STATUS`. Every response, success or error, carries an ``x-amzn-RequestId``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from rekognition_conformance.reference.wire import Response

CONTENT_TYPE = "application/x-amz-json-1.1"
TARGET_PREFIX = "RekognitionService."

# The HTTP status of every error the endpoint can send. Rekognition's own errors follow the
# "Error handling" page of the Rekognition developer guide: client faults are 400 (Rekognition
# does not use 403/404/409 the way REST services do), InternalServerError and ThrottlingException
# are 500. The last group are errors of the AWS JSON protocol and of request authentication that
# every JSON service answers before the operation itself runs; they are client faults too.
ERROR_STATUS: Mapping[str, int] = MappingProxyType(
    {
        "AccessDeniedException": 400,
        "ConflictException": 400,
        "HumanLoopQuotaExceededException": 400,
        "IdempotentParameterMismatchException": 400,
        "ImageTooLargeException": 400,
        "InvalidImageFormatException": 400,
        "InvalidManifestException": 400,
        "InvalidPaginationTokenException": 400,
        "InvalidParameterException": 400,
        "InvalidPolicyRevisionIdException": 400,
        "InvalidS3ObjectException": 400,
        "LimitExceededException": 400,
        "MalformedPolicyDocumentException": 400,
        "ProvisionedThroughputExceededException": 400,
        "ResourceAlreadyExistsException": 400,
        "ResourceInUseException": 400,
        "ResourceNotFoundException": 400,
        "ResourceNotReadyException": 400,
        "ServiceQuotaExceededException": 400,
        "SessionNotFoundException": 400,
        "VideoTooLargeException": 400,
        "InternalServerError": 500,
        "ThrottlingException": 500,
        "UnknownOperationException": 400,
        "SerializationException": 400,
        "MissingAuthenticationTokenException": 400,
        "IncompleteSignatureException": 400,
        "UnrecognizedClientException": 400,
        "InvalidSignatureException": 400,
    }
)

INTERNAL_ERROR_MESSAGE = "Amazon Rekognition experienced a service issue. Try your call again."


class ServiceError(Exception):
    """An error the endpoint reports to the client as ``__type`` ``code`` with ``message``."""

    def __init__(self, code: str, message: str) -> None:
        if code not in ERROR_STATUS:
            raise ValueError(f"{code!r} has no HTTP status in ERROR_STATUS")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return ERROR_STATUS[self.code]


def new_request_id() -> str:
    return str(uuid.uuid4())


def operation_from_target(target: str | None, known: Mapping[str, Any]) -> str:
    """The operation named by an ``X-Amz-Target`` header, if it is one of ``known``."""
    prefix, dot, operation = (target or "").partition(".")
    if not dot or f"{prefix}." != TARGET_PREFIX or operation not in known:
        raise ServiceError("UnknownOperationException", f"The operation {target or '(none)'!r} is not supported.")
    return operation


def decode_body(body: bytes) -> dict[str, Any]:
    """The request parameters: the body must be one JSON object (an empty body means no parameters)."""
    if not body.strip():
        return {}
    try:
        params = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ServiceError("SerializationException", f"The request body is not valid JSON: {exc}") from None
    if not isinstance(params, dict):
        raise ServiceError("SerializationException", "The request body must be a JSON object.")
    return params


def _json_response(status: int, document: Mapping[str, Any], request_id: str) -> Response:
    body = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response.of(status, body, {"Content-Type": CONTENT_TYPE, "x-amzn-RequestId": request_id})


def success(result: Mapping[str, Any], request_id: str) -> Response:
    return _json_response(200, result, request_id)


def failure(error: ServiceError, request_id: str) -> Response:
    return _json_response(error.status, {"__type": error.code, "Message": error.message}, request_id)
