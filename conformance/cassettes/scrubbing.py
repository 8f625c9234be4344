"""What never reaches a cassette: credentials, account ids, and (when asked) bucket names.

Scrubbing runs in vcrpy's ``before_record_request`` / ``before_record_response`` hooks, so it happens
in memory, before anything is written, and the same function turns a live request into the form it
is matched in (vcrpy filters incoming requests through the same hook before comparing).

- Requests keep only the headers that identify them (``X-Amz-Target``, ``Content-Type``): the
  signature, the access key inside it, the session token and the SDK's per-attempt headers are
  dropped. Presigning query parameters are dropped too.
- The target's access key, secret key and session token are replaced wherever they appear, in
  request and response bodies and headers (an error message may quote the access key), and so is
  anything shaped like an AWS access key id.
- The account id of every ARN becomes ``000000000000``.
- With ``--scrub-buckets`` every bucket name the run uses becomes ``scrubbed-bucket-<n>``. Names are
  learnt from the S3 requests (the bucket is created or written before any Rekognition request
  names it). A replay learns its own bucket name the same way and :meth:`Scrubber.unscrub_response`
  puts it back into replayed responses, so an echoed ``Video.S3Object.Bucket`` still equals the
  request's.
- S3 upload bodies are stored as their SHA-256 digest and length, not as video bytes.
- Loopback ports (a new one every run) are dropped from recorded URIs, so a re-recording does not
  change every line.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from vcr.request import Request

from rekognition_conformance.cassettes import matching

ACCESS_KEY_PLACEHOLDER = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example key id
SECRET_KEY_PLACEHOLDER = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # AWS's documented example secret
TOKEN_PLACEHOLDER = "SCRUBBED-SESSION-TOKEN"
ACCOUNT_PLACEHOLDER = "000000000000"
BUCKET_PLACEHOLDER = "scrubbed-bucket-{}"

KEPT_REQUEST_HEADERS = ("X-Amz-Target", "Content-Type")
# Per-response bookkeeping that differs on every recording and that no check reads.
DROPPED_RESPONSE_HEADERS = frozenset(
    {"date", "x-amzn-requestid", "x-amz-request-id", "x-amz-id-2", "x-amz-cf-id", "server", "connection",
     "keep-alive"}
)
PRESIGN_QUERY = frozenset(
    {"x-amz-credential", "x-amz-signature", "x-amz-security-token", "x-amz-date", "awsaccesskeyid", "signature"}
)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}(?![A-Z0-9])")
_ARN_ACCOUNT = re.compile(r"(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)(\d{12})(?=[:/])")
_ARN_PLACEHOLDER_ACCOUNT = re.compile(r"(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)(000000000000)(?=[:/])")
_PLACEHOLDER_BUCKET = re.compile(r"^scrubbed-bucket-\d+$")
_BUCKET_CHARS = "a-z0-9.-"


def digest_body(body: bytes) -> str:
    return f"sha256:{hashlib.sha256(body).hexdigest()} ({len(body)} bytes, not stored)"


class Scrubber:
    def __init__(
        self,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        token: str | None = None,
        scrub_buckets: bool = False,
    ) -> None:
        self.known: dict[str, str] = {}
        # Longest first, so a secret that contains another is replaced whole.
        for value, placeholder in sorted(
            ((access_key, ACCESS_KEY_PLACEHOLDER), (secret_key, SECRET_KEY_PLACEHOLDER), (token, TOKEN_PLACEHOLDER)),
            key=lambda pair: -len(pair[0] or ""),
        ):
            if value:
                self.known[value] = placeholder
        self.scrub_buckets = scrub_buckets
        self.buckets: dict[str, str] = {}
        # The account id this run's own requests name in ARNs: a replayed answer that echoes such an ARN
        # gets it back in place of the placeholder, as the live backend would have answered.
        self.account: str | None = None
        self._lock = threading.Lock()

    # -- text --------------------------------------------------------------------------------------

    def text(self, value: str) -> str:
        for secret, placeholder in self.known.items():
            value = value.replace(secret, placeholder)
        value = _ACCESS_KEY_ID.sub(ACCESS_KEY_PLACEHOLDER, value)
        value = _ARN_ACCOUNT.sub(lambda m: m.group(1) + ACCOUNT_PLACEHOLDER, value)
        return self._replace_buckets(value, self.buckets)

    def _replace_buckets(self, value: str, mapping: dict[str, str]) -> str:
        for real, placeholder in mapping.items():
            if real != placeholder and real in value:
                value = re.sub(rf"(?<![{_BUCKET_CHARS}]){re.escape(real)}(?![{_BUCKET_CHARS}])", placeholder, value)
        return value

    def _bytes(self, body: Any) -> Any:
        if isinstance(body, str):
            return self.text(body)
        if isinstance(body, bytes):
            try:
                return self.text(body.decode("utf-8")).encode("utf-8")
            except UnicodeDecodeError:
                return body
        return body

    # -- buckets -----------------------------------------------------------------------------------

    def learn(self, request: Any) -> None:
        """Note the bucket an S3 request names (only when buckets are scrubbed)."""
        if not self.scrub_buckets or matching.is_json_rpc(request):
            return
        self.add_bucket(matching.aws_path(request).lstrip("/").split("/", 1)[0])

    def add_bucket(self, bucket: str) -> None:
        """Scrub ``bucket`` from here on (a placeholder name stands for itself)."""
        if not self.scrub_buckets or not bucket:
            return
        with self._lock:
            if bucket in self.buckets:
                return
            if _PLACEHOLDER_BUCKET.match(bucket):
                self.buckets[bucket] = bucket
                return
            taken = {p for p in self.buckets.values()}
            n = 1
            while BUCKET_PLACEHOLDER.format(n) in taken:
                n += 1
            self.buckets[bucket] = BUCKET_PLACEHOLDER.format(n)

    # -- interactions ------------------------------------------------------------------------------

    def _uri(self, uri: str) -> str:
        parts = urlsplit(uri)
        netloc = parts.hostname if parts.hostname in LOOPBACK else parts.netloc
        query = urlencode(
            [(k, v) for k, v in _parse_query(parts.query) if k.lower() not in PRESIGN_QUERY], doseq=True
        )
        return self.text(urlunsplit((parts.scheme, netloc or "", parts.path, query, parts.fragment)))

    def request(self, request: Any) -> Any:
        """The request as stored and matched (vcrpy hands this hook a copy)."""
        self.learn(request)
        kept = {name: matching.header(request, name) for name in KEPT_REQUEST_HEADERS}
        raw = matching.body_bytes(request)
        if matching.is_json_rpc(request) and raw:
            accounts = _ARN_ACCOUNT.findall(raw.decode("utf-8", "replace"))
            if accounts:
                self.account = accounts[-1][1]
        if not matching.is_json_rpc(request) and request.method.upper() == "PUT":
            # A stored request is filtered again when the cassette is loaded: keep its digest as it is.
            body = digest_body(raw) if raw and not raw.startswith(b"sha256:") else raw
        else:
            body = self._bytes(raw)
        # A new request: the original may hold its body as a stream, which would be stored as one.
        return Request(
            request.method,
            self._uri(request.uri),
            body,
            {name: self.text(value) for name, value in kept.items() if value is not None},
        )

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        """The response as stored (vcrpy hands this hook a copy)."""
        headers = {
            name: [self.text(str(v)) for v in values]
            for name, values in response.get("headers", {}).items()
            if name.lower() not in DROPPED_RESPONSE_HEADERS
        }
        body = response.get("body", {})
        before = body.get("string")
        body["string"] = self._bytes(before)
        _set_length(headers, before, body["string"])
        response["headers"] = headers
        response["body"] = body
        return response

    def unscrub_response(self, response: dict[str, Any]) -> dict[str, Any]:
        """A replayed response with this run's bucket names and account id in place of their placeholders."""
        inverse = {placeholder: real for real, placeholder in self.buckets.items() if real != placeholder}
        account = self.account
        if not inverse and account is None:
            return response

        def restore(value: str) -> str:
            if account is not None and ACCOUNT_PLACEHOLDER in value:
                value = _ARN_PLACEHOLDER_ACCOUNT.sub(lambda m: m.group(1) + account, value)
            return self._replace_buckets(value, inverse)

        body = dict(response.get("body", {}))
        raw = before = body.get("string")
        if isinstance(raw, bytes):
            with contextlib.suppress(UnicodeDecodeError):
                body["string"] = restore(raw.decode("utf-8")).encode("utf-8")
        elif isinstance(raw, str):
            body["string"] = restore(raw)
        headers = {name: [restore(str(v)) for v in values] for name, values in response.get("headers", {}).items()}
        _set_length(headers, before, body.get("string"))
        return {**response, "headers": headers, "body": body}


def _parse_query(query: str) -> Iterable[tuple[str, str]]:
    return parse_qsl(query, keep_blank_values=True)


def _size(body: Any) -> int:
    return len(body.encode("utf-8") if isinstance(body, str) else body or b"")


def _set_length(headers: dict[str, list[str]], before: Any, after: Any) -> None:
    """Keep Content-Length true to a body whose length scrubbing changed (a HEAD's stays as it was)."""
    if after is None or _size(before) == _size(after):
        return
    size = _size(after)
    for name in list(headers):
        if name.lower() == "content-length":
            headers[name] = [str(size)]
