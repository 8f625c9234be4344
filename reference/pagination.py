"""NextToken pagination shared by every Get* operation of a video analysis job.

A token says "continue at this offset of this job's results, in this order". It is opaque to the
client and at most a few dozen characters (PaginationToken allows 255): the offset followed by an
HMAC over the job id, the request parameters that define the order (for labels SortBy and
AggregateBy, defaults filled in) and the offset, keyed with a secret that each server draws at
start. So a token the server never issued, a token of another job, or a token replayed with a
different order fails verification and is answered InvalidPaginationTokenException. MaxResults is
deliberately not bound: a client may change the page size while paging.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
from collections.abc import Mapping, Sequence
from typing import TypeVar

from rekognition_conformance.reference.protocol import ServiceError

DEFAULT_MAX_RESULTS = 1000
MAX_RESULTS_CAP = 1000

_VERSION = b"page-token-v1"
_OFFSET = struct.Struct(">I")
_MAC_BYTES = 16

T = TypeVar("T")


def _invalid() -> ServiceError:
    return ServiceError("InvalidPaginationTokenException", "Invalid Token")


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


class PageTokens:
    """Issues and redeems NextTokens signed with this server's secret."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret if secret is not None else secrets.token_bytes(32)

    def _mac(self, job_id: str, order: Mapping[str, str], offset: int) -> bytes:
        message = b"\0".join(
            [_VERSION, job_id.encode(), *(f"{k}={v}".encode() for k, v in sorted(order.items())), _OFFSET.pack(offset)]
        )
        return hmac.new(self._secret, message, hashlib.sha256).digest()[:_MAC_BYTES]

    def issue(self, job_id: str, order: Mapping[str, str], offset: int) -> str:
        return _encode(_OFFSET.pack(offset) + self._mac(job_id, order, offset))

    def redeem(self, token: str, job_id: str, order: Mapping[str, str]) -> int:
        """The offset ``token`` continues at; InvalidPaginationTokenException unless this server issued it
        for ``job_id`` and ``order``."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise _invalid() from None
        # The decoder skips characters outside the alphabet, so only the exact issued spelling is accepted.
        if len(raw) != _OFFSET.size + _MAC_BYTES or _encode(raw) != token:
            raise _invalid()
        (offset,) = _OFFSET.unpack(raw[: _OFFSET.size])
        if not hmac.compare_digest(raw[_OFFSET.size :], self._mac(job_id, order, offset)):
            raise _invalid()
        return offset


def page_size(max_results: int | None) -> int:
    """MaxResults as applied: 1000 when absent, and never more than 1000."""
    if max_results is None:
        return DEFAULT_MAX_RESULTS
    return min(int(max_results), MAX_RESULTS_CAP)


def paginate(
    items: Sequence[T],
    *,
    tokens: PageTokens,
    job_id: str,
    order: Mapping[str, str],
    max_results: int | None,
    next_token: str | None,
) -> tuple[Sequence[T], str | None]:
    """One page of ``items`` and the token for the next page (None when this page is the last)."""
    # An empty NextToken is how several SDKs spell "no token", so it starts from the beginning.
    start = tokens.redeem(next_token, job_id, order) if next_token else 0
    end = start + page_size(max_results)
    following = tokens.issue(job_id, order, end) if end < len(items) else None
    return items[start:end], following
