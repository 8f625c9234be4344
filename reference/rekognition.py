"""The Rekognition endpoint: one request in, one JSON 1.1 response out.

The steps run in the order AWS's front end applies them, each able to end the request with its
own error: authenticate (SigV4, service ``rekognition``), resolve the operation from
``X-Amz-Target``, decode the JSON body, validate it against the operation's input schema, and
only then run the handler. A handler raising anything but a :class:`ServiceError` is a bug in the
backend: the client gets a generic InternalServerError and the traceback goes to stderr.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Mapping, MutableMapping

from rekognition_conformance.reference import protocol, sigv4
from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.reference.sigv4 import AuthFailure, AuthFailureReason
from rekognition_conformance.reference.validation import validate
from rekognition_conformance.reference.wire import Request, Response

SERVICE = "rekognition"

BAD_SIGNATURE_MESSAGE = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method."
)


def _auth_error(failure: AuthFailure) -> ServiceError:
    match failure.reason:
        case AuthFailureReason.MISSING:
            return ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token")
        case AuthFailureReason.MALFORMED:
            return ServiceError("IncompleteSignatureException", failure.detail)
        case AuthFailureReason.UNKNOWN_KEY:
            return ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.")
        case AuthFailureReason.BAD_SIGNATURE:
            return ServiceError("InvalidSignatureException", BAD_SIGNATURE_MESSAGE)
        case AuthFailureReason.EXPIRED | AuthFailureReason.WRONG_SCOPE:
            return ServiceError("InvalidSignatureException", failure.detail)
    raise AssertionError(f"unhandled authentication failure {failure.reason}")


class RekognitionEndpoint:
    """Serves the operations in ``operations``; the mapping may be changed while the server runs."""

    def __init__(
        self,
        context: ServiceContext,
        operations: MutableMapping[str, Handler],
        *,
        region: str,
        credentials: Mapping[str, str],
    ) -> None:
        self.context = context
        self.operations = operations
        self.region = region
        self.credentials = credentials

    def handle(self, request: Request) -> Response:
        request_id = protocol.new_request_id()
        try:
            result = self._run(request)
        except ServiceError as error:
            return protocol.failure(error, request_id)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            return protocol.failure(ServiceError("InternalServerError", protocol.INTERNAL_ERROR_MESSAGE), request_id)
        return protocol.success(result, request_id)

    def _run(self, request: Request) -> Mapping[str, object]:
        try:
            sigv4.verify(request, service=SERVICE, region=self.region, credentials=self.credentials)
        except AuthFailure as failure:
            raise _auth_error(failure) from None
        operation = protocol.operation_from_target(request.header("x-amz-target"), self.operations)
        if request.method != "POST":
            raise ServiceError("UnknownOperationException", f"{request.method} is not supported; use POST.")
        params = protocol.decode_body(request.body)
        validate(operation, params)
        return self.operations[operation](self.context, params)
