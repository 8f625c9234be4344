"""Verification of AWS Signature Version 4 on incoming requests.

The signature is recomputed with botocore's own signer classes rather than with a second
implementation of the algorithm: a reference backend that accepted what some other SigV4 variant
produces, or rejected what botocore produces, would be wrong in a way no test here could notice.
The request is rebuilt as a ``botocore.awsrequest.AWSRequest`` holding only the headers the client
says it signed, and botocore's ``canonical_request`` / ``string_to_sign`` / ``signature`` steps run
over it with the secret key registered for the access key in the credential scope.

Failures carry a :class:`AuthFailureReason`; each endpoint turns that into its own wire error
(JSON for Rekognition, XML for S3), because the two services word the same failure differently.
Only header authentication is supported; presigned (query-string) requests count as unsigned.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from botocore.auth import SIGV4_TIMESTAMP, S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from rekognition_conformance.reference.wire import Request

ALGORITHM = "AWS4-HMAC-SHA256"
# AWS rejects requests whose X-Amz-Date is further than this from its own clock, in either direction.
MAX_CLOCK_SKEW = dt.timedelta(minutes=15)

_AUTH_PARAM = re.compile(r"(Credential|SignedHeaders|Signature)=([^,\s]*)")


class AuthFailureReason(enum.Enum):
    MISSING = "missing"
    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown-key"
    WRONG_SCOPE = "wrong-scope"
    EXPIRED = "expired"
    BAD_SIGNATURE = "bad-signature"


class AuthFailure(Exception):
    def __init__(self, reason: AuthFailureReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Authorization:
    """The parts of a SigV4 ``Authorization`` header."""

    access_key: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str


def parse_authorization(value: str) -> Authorization:
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise AuthFailure(AuthFailureReason.MALFORMED, f"Unsupported authorization type: {algorithm or value!r}")
    params = dict(_AUTH_PARAM.findall(rest))
    for name in ("Credential", "SignedHeaders", "Signature"):
        if not params.get(name):
            raise AuthFailure(
                AuthFailureReason.MALFORMED,
                f"Authorization header requires '{name}' parameter. Authorization={value}",
            )
    scope = params["Credential"].split("/")
    if len(scope) != 5 or scope[4] != "aws4_request" or not all(scope):
        raise AuthFailure(
            AuthFailureReason.MALFORMED,
            f"Credential must have exactly 5 slash-delimited elements, e.g. "
            f"keyid/date/region/service/aws4_request, got '{params['Credential']}'",
        )
    access_key, date, region, service, _ = scope
    signed_headers = tuple(params["SignedHeaders"].split(";"))
    # Signing the host is what ties a signature to the endpoint it was meant for.
    if "host" not in signed_headers:
        raise AuthFailure(AuthFailureReason.MALFORMED, "'Host' must be a 'SignedHeader' in the AWS Authorization.")
    return Authorization(
        access_key=access_key,
        date=date,
        region=region,
        service=service,
        signed_headers=signed_headers,
        signature=params["Signature"],
    )


def _request_time(request: Request) -> tuple[str, dt.datetime]:
    stamp = request.header("x-amz-date")
    if stamp is None:
        raise AuthFailure(
            AuthFailureReason.MALFORMED,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        )
    try:
        when = dt.datetime.strptime(stamp, SIGV4_TIMESTAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        raise AuthFailure(AuthFailureReason.MALFORMED, f"Invalid X-Amz-Date: {stamp!r}") from None
    return stamp, when


def _check_scope(auth: Authorization, stamp: str, *, service: str, region: str) -> None:
    if auth.service != service:
        raise AuthFailure(
            AuthFailureReason.WRONG_SCOPE, f"Credential should be scoped to correct service: '{service}'."
        )
    if auth.region != region:
        raise AuthFailure(
            AuthFailureReason.WRONG_SCOPE,
            f"Credential should be scoped to a valid region, not '{auth.region}'. Expected '{region}'.",
        )
    if auth.date != stamp[:8]:
        raise AuthFailure(
            AuthFailureReason.WRONG_SCOPE,
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            f"'{auth.date}' != '{stamp[:8]}', from '{stamp}'.",
        )


def _check_clock(when: dt.datetime, now: dt.datetime) -> None:
    def fmt(moment: dt.datetime) -> str:
        return moment.strftime(SIGV4_TIMESTAMP)

    if when < now - MAX_CLOCK_SKEW:
        raise AuthFailure(
            AuthFailureReason.EXPIRED,
            f"Signature expired: {fmt(when)} is now earlier than {fmt(now - MAX_CLOCK_SKEW)} ({fmt(now)} - 15 min.)",
        )
    if when > now + MAX_CLOCK_SKEW:
        raise AuthFailure(
            AuthFailureReason.EXPIRED,
            f"Signature not yet current: {fmt(when)} is still later than {fmt(now + MAX_CLOCK_SKEW)} "
            f"({fmt(now)} + 15 min.)",
        )


def expected_signature(request: Request, auth: Authorization, secret_key: str, stamp: str) -> str:
    """The signature botocore computes for ``request`` as signed over ``auth.signed_headers``."""
    host = request.header("host") or ""
    signed = set(auth.signed_headers)
    aws_request = AWSRequest(method=request.method, url=f"http://{host}{request.target}", data=request.body)
    # Assigning to botocore's HTTPHeaders appends, so a header sent several times keeps every value,
    # as the client's canonical request did.
    for name, value in request.headers:
        if name.lower() in signed:
            aws_request.headers[name] = value
    aws_request.context["timestamp"] = stamp
    signer_class = S3SigV4Auth if auth.service == "s3" else SigV4Auth
    signer = signer_class(Credentials(auth.access_key, secret_key), auth.service, auth.region)
    canonical = signer.canonical_request(aws_request)
    return signer.signature(signer.string_to_sign(aws_request, canonical), aws_request)


def verify(
    request: Request,
    *,
    service: str,
    region: str,
    credentials: Mapping[str, str],
    now: dt.datetime | None = None,
) -> str:
    """Check the SigV4 signature of ``request``; return the access key, or raise :class:`AuthFailure`."""
    header = request.header("authorization")
    if header is None:
        raise AuthFailure(AuthFailureReason.MISSING, "Missing Authentication Token")
    auth = parse_authorization(header)
    secret = credentials.get(auth.access_key)
    if secret is None:
        raise AuthFailure(AuthFailureReason.UNKNOWN_KEY, f"Unknown access key {auth.access_key!r}")
    stamp, when = _request_time(request)
    _check_scope(auth, stamp, service=service, region=region)
    _check_clock(when, now or dt.datetime.now(dt.UTC))
    missing = [name for name in auth.signed_headers if request.header(name) is None]
    if missing:
        raise AuthFailure(AuthFailureReason.BAD_SIGNATURE, f"Signed headers missing from the request: {missing}")
    expected = expected_signature(request, auth, secret, stamp)
    if not hmac.compare_digest(expected.encode(), auth.signature.encode()):
        raise AuthFailure(AuthFailureReason.BAD_SIGNATURE, "Signature mismatch")
    return auth.access_key
