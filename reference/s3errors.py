"""S3 errors: the error codes the S3 subset sends, with their HTTP statuses and standard messages.

S3 reports errors as an XML ``<Error>`` document whose ``<Code>`` names the error; unlike
Rekognition it uses the full range of HTTP statuses. The table is the single place where a code's
status and default wording live.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# code -> (HTTP status, default message), as S3 documents them in its error-code list.
S3_ERRORS: Mapping[str, tuple[int, str]] = MappingProxyType(
    {
        "AccessDenied": (403, "Access Denied"),
        "AuthorizationHeaderMalformed": (400, "The authorization header is malformed."),
        "BadDigest": (
            400,
            "The Content-MD5 or checksum value that you specified did not match what the server received.",
        ),
        "BucketAlreadyOwnedByYou": (
            409,
            "Your previous request to create the named bucket succeeded and you already own it.",
        ),
        "BucketNotEmpty": (409, "The bucket you tried to delete is not empty"),
        "IllegalLocationConstraintException": (
            400,
            "The specified location-constraint is not valid for the region this request was sent to.",
        ),
        "IncompleteBody": (400, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
        "InternalError": (500, "We encountered an internal error. Please try again."),
        "InvalidAccessKeyId": (403, "The AWS Access Key Id you provided does not exist in our records."),
        "InvalidArgument": (400, "Invalid Argument"),
        "InvalidBucketName": (400, "The specified bucket is not valid."),
        "InvalidDigest": (400, "The Content-MD5 or checksum value that you specified is not valid."),
        "InvalidRequest": (400, "Invalid Request"),
        "KeyTooLongError": (400, "Your key is too long."),
        "MalformedXML": (
            400,
            "The XML you provided was not well-formed or did not validate against our published schema",
        ),
        "MethodNotAllowed": (405, "The specified method is not allowed against this resource."),
        "NoSuchBucket": (404, "The specified bucket does not exist"),
        "NoSuchKey": (404, "The specified key does not exist."),
        "NoSuchVersion": (404, "The specified version does not exist."),
        "NotImplemented": (501, "A header you provided implies functionality that is not implemented."),
        "RequestTimeTooSkewed": (403, "The difference between the request time and the current time is too large."),
        "SignatureDoesNotMatch": (
            403,
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
        ),
        "XAmzContentSHA256Mismatch": (
            400,
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
        ),
    }
)


class S3Error(Exception):
    """An S3 error response; ``details`` become extra elements of the ``<Error>`` document."""

    def __init__(self, code: str, message: str | None = None, **details: str) -> None:
        if code not in S3_ERRORS:
            raise ValueError(f"{code!r} is not in S3_ERRORS")
        self.code = code
        self.status = S3_ERRORS[code][0]
        self.message = message or S3_ERRORS[code][1]
        self.details = details
        super().__init__(f"{code}: {self.message}")
