"""Reading a finished job's results: follow a NextToken chain and keep every page.

A listing is read once per distinct (job, MaxResults, SortBy, AggregateBy) and shared by every test
that needs it, which keeps a run against a billed or rate-limited backend to the calls it needs.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.clients import Caller
from rekognition_conformance.exchange import Exchange

MAX_PAGES = 500


@dataclass(frozen=True)
class Listing:
    operation: str
    member: str
    params: dict[str, Any]
    pages: tuple[Exchange, ...]
    # Why reading stopped early (an error page, a repeated token, the page cap), or None.
    stopped: str | None = None

    @property
    def items(self) -> list[Any]:
        return [item for page in self.pages for item in page.items(self.member)]

    @property
    def first(self) -> Exchange:
        return self.pages[0]


def read_listing(
    caller: Caller,
    operation: str,
    member: str,
    job_id: str,
    *,
    max_pages: int = MAX_PAGES,
    **params: Any,
) -> Listing:
    """Read every page of ``operation`` for ``job_id`` with the given Get parameters (None ones omitted)."""
    request = {"JobId": job_id, **{k: v for k, v in params.items() if v is not None}}
    pages: list[Exchange] = []
    seen: set[str] = set()
    token: str | None = None
    while True:
        page = caller.call(operation, {**request, "NextToken": token} if token else dict(request))
        pages.append(page)
        token, stopped = next_token(page, len(pages), seen, max_pages)
        if token is None:
            break
    return Listing(operation, member, request, tuple(pages), stopped)


def next_token(page: Exchange, number: int, seen: set[str], max_pages: int) -> tuple[str | None, str | None]:
    """The NextToken to follow after page ``number`` (counting from 1), or None and why reading stops early
    (None again when the page is simply the last one). Adds the token to ``seen``.

    A NextToken that is not a string is malformed (SCHEMA.RESPONSE judges the page): reading stops there
    instead of sending it back.
    """
    if not page.ok:
        return None, f"page {number} was an error: HTTP {page.status} {page.error_code}"
    body = page.body if isinstance(page.body, dict) else {}
    token = body.get("NextToken")
    if token is None or token == "":
        return None, None
    if not isinstance(token, str):
        return None, f"page {number} answered a NextToken that is not a string: {json.dumps(token)[:80]}"
    if token in seen:
        return None, f"page {number} repeated an earlier NextToken"
    seen.add(token)
    if number >= max_pages:
        return None, f"stopped after {max_pages} pages"
    return token, None


class ListingCache:
    """Listings memoised per job and Get parameters, safe to share between threads."""

    def __init__(self, caller: Caller) -> None:
        self.caller = caller
        self._cache: dict[tuple, Listing] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[tuple, threading.Lock] = {}

    def get(self, operation: str, member: str, job_id: str, **params: Any) -> Listing:
        key = (operation, job_id, tuple(sorted((k, v) for k, v in params.items() if v is not None)))
        with self._lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = read_listing(self.caller, operation, member, job_id, **params)
            return self._cache[key]
