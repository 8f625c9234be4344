"""The HTTP request and response as the reference backend's endpoints see them.

The HTTP server reads a request off the socket into a :class:`Request` and writes back whatever
:class:`Response` an endpoint returns, so the Rekognition and S3 endpoints are plain functions of
their input that know nothing about sockets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Request:
    """One HTTP request. ``target`` is the request-target exactly as sent (path plus query string)."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""

    @classmethod
    def build(cls, method: str, target: str, headers: Iterable[tuple[str, str]], body: bytes = b"") -> Request:
        return cls(method.upper(), target, tuple(headers), body)

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive); repeated headers are joined with commas."""
        wanted = name.lower()
        values = [value for key, value in self.headers if key.lower() == wanted]
        return ",".join(values) if values else None

    def header_values(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    @property
    def path(self) -> str:
        """The path of the request-target, still percent-encoded."""
        return urlsplit(self.target).path or "/"

    @property
    def raw_query(self) -> str:
        return urlsplit(self.target).query

    @property
    def query(self) -> dict[str, str]:
        """Decoded query parameters; a bare ``?delete`` is present with an empty value."""
        return dict(parse_qsl(self.raw_query, keep_blank_values=True))


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # HEAD responses announce the length of the body a GET would have sent without sending it.
    content_length: int | None = None

    @classmethod
    def of(cls, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> Response:
        return cls(status, dict(headers or {}), body)
