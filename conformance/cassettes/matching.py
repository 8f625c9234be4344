"""Which recorded interaction answers a request: request identity for AWS JSON 1.1 and S3.

Every Rekognition call is ``POST /``: vcrpy's default matchers (method, scheme, host, port, path,
query) would answer GetLabelDetection with StartLabelDetection's recorded body. A request is
identified here by

- its method,
- its path, host-independent (a replay may run against another port or host), with a virtual-hosted
  S3 bucket (``bucket.s3.amazonaws.com/key``) folded into the path so both addressing styles agree,
- its query,
- its ``X-Amz-Target`` header (the JSON 1.1 operation),
- for JSON 1.1 requests, its body decoded as JSON and re-encoded canonically (vcrpy's ``body``
  matcher decodes ``application/json`` only, not ``application/x-amz-json-1.1``), with the members
  in :data:`VOLATILE_MEMBERS` normalised. S3 bodies never take part: the harness's S3 requests are
  uploads, identified by bucket and key, and the cassette stores a digest of them only.

Signing headers (``Authorization``, ``X-Amz-Date``, ...) never take part; the scrubber does not even
keep them. The matchers are registered with vcrpy under the names in :data:`MATCH_ON`, and
:func:`request_key` is the same identity as one hashable value, which the cassette uses as an index
so that a replay of thousands of interactions does not compare every request with every other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from typing import Any

TARGET_HEADER = "X-Amz-Target"
# Headers that carry a signature or per-attempt bookkeeping: never matched, never stored.
SIGNING_HEADERS = frozenset(
    {
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
    }
)
# JSON members whose values may differ between a recording and its replay although the request is
# the same. Empty: the harness derives every ClientRequestToken, bucket name and object key from
# --run-id, and a replay runs with the recorded run id (see rekognition_conformance.cassettes.recorder). A test
# that sends a value not derived from the run id (a clock reading, a random name) must add it here.
VOLATILE_MEMBERS: frozenset[str] = frozenset()
VOLATILE = "<volatile>"

_VIRTUAL_HOSTED = re.compile(r"^(?P<bucket>.+)\.s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$")


def header(request: Any, name: str) -> str | None:
    value = request.headers.get(name)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return None if value is None else str(value)


def amz_target(request: Any) -> str | None:
    return header(request, TARGET_HEADER)


def is_json_rpc(request: Any) -> bool:
    return amz_target(request) is not None


def body_bytes(request: Any) -> bytes:
    body = request.body
    if body is None:
        return b""
    if hasattr(body, "read"):
        body = body.read()
    elif not isinstance(body, bytes | str):
        body = b"".join(body)
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def aws_path(request: Any) -> str:
    """The request path, host-independent, with a virtual-hosted bucket moved into it."""
    path = request.path or "/"
    match = _VIRTUAL_HOSTED.match(request.host or "")
    if match and not is_json_rpc(request):
        path = f"/{match['bucket']}{path if path != '/' else ''}"
    # `PUT /bucket` and `PUT /bucket/` name the same bucket.
    if path.count("/") == 2 and path.endswith("/") and len(path) > 1:
        path = path[:-1]
    return path


def _normalise(value: Any, volatile: Collection[str]) -> Any:
    if isinstance(value, dict):
        return {k: VOLATILE if k in volatile else _normalise(v, volatile) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v, volatile) for v in value]
    return value


def json_body(request: Any) -> Any:
    """The body of a JSON 1.1 request as JSON, or None when it does not decode."""
    raw = body_bytes(request)
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def canonical_body(request: Any, volatile: Collection[str] = VOLATILE_MEMBERS) -> str | None:
    """The body as compared: canonical JSON for JSON 1.1 requests, None (not compared) for S3."""
    if not is_json_rpc(request):
        return None
    document = json_body(request)
    if document is None:
        # Deliberately malformed bodies (the raw sender's) are compared byte for byte.
        return "raw:" + body_bytes(request).decode("utf-8", "replace")
    return json.dumps(_normalise(document, volatile), sort_keys=True, separators=(",", ":"))


def query(request: Any) -> tuple[tuple[str, str], ...]:
    return tuple(request.query)


KEYS: dict[str, Callable[[Any], Any]] = {
    "method": lambda r: r.method.upper(),
    "aws_path": aws_path,
    "query": query,
    "x_amz_target": amz_target,
    "amz_json_body": canonical_body,
}
MATCH_ON = tuple(KEYS)


def _matcher(name: str, key: Callable[[Any], Any]) -> Callable[[Any, Any], None]:
    def match(r1: Any, r2: Any) -> None:
        a, b = key(r1), key(r2)
        if a != b:
            raise AssertionError(f"{name}: {a!r} != {b!r}")

    match.__name__ = name
    return match


MATCHERS: dict[str, Callable[[Any, Any], None]] = {name: _matcher(name, key) for name, key in KEYS.items()}


def request_key(request: Any) -> tuple:
    """The request's identity as one hashable value: equal keys exactly when every matcher agrees."""
    return tuple(key(request) for key in KEYS.values())


def operation_of(request: Any) -> str:
    """The operation a request calls, for messages: ``GetLabelDetection`` or ``S3 PUT /bucket/key``."""
    target = amz_target(request)
    if target:
        return target.rsplit(".", 1)[-1]
    return f"S3 {request.method.upper()} {aws_path(request)}"


def describe(request: Any, limit: int = 600) -> str:
    """The request as a failure message shows it: operation and body (or S3 method, path and query)."""
    if is_json_rpc(request):
        document = json_body(request)
        text = body_bytes(request).decode("utf-8", "replace") if document is None else json.dumps(
            document, sort_keys=True
        )
        if len(text) > limit:
            text = text[:limit] + f"... ({len(text)} characters)"
        return f"{operation_of(request)} {text}"
    q = "&".join(f"{k}={v}" for k, v in query(request))
    return operation_of(request) + (f"?{q}" if q else "")
