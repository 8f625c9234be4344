"""Editing a recorded listing: where its items are, and a page's body replaced by an edited copy.

A mutation never edits what it was given: :func:`edited` hands it a deep copy of each page's body and
builds the mutated chain from the copies, so the clean recording stays as it was recorded.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from rekognition_conformance.exchange import Exchange
from rekognition_conformance.judge.plan import MEMBERS
from rekognition_conformance.judge.sources import Chain


@dataclass(frozen=True)
class Place:
    """One item of a listing: the page it is on, its index on that page, and the item (in the edited copy)."""

    page: int
    index: int
    item: Any


class Pages:
    """Edited copies of a chain's page bodies; :meth:`chain` builds the mutated chain from them."""

    def __init__(self, chain: Chain) -> None:
        self.original = chain
        self.bodies: list[Any] = [copy.deepcopy(page.body) for page in chain.pages]
        self.statuses = [page.status for page in chain.pages]

    @property
    def member(self) -> str | None:
        return MEMBERS.get(self.original.operation)

    def places(self) -> list[Place]:
        """Every item of the listing, page by page, in the edited copies."""
        member = self.member
        found = []
        for number, body in enumerate(self.bodies):
            items = body.get(member) if isinstance(body, dict) and member else None
            for index, item in enumerate(items if isinstance(items, list) else []):
                found.append(Place(number, index, item))
        return found

    def items_of(self, page: int) -> list[Any]:
        body = self.bodies[page]
        return body.setdefault(self.member, []) if isinstance(body, dict) and self.member else []

    def chain(self) -> Chain:
        pages = []
        for page, body, status in zip(self.original.pages, self.bodies, self.statuses, strict=True):
            raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            pages.append(Exchange(page.operation, page.request, status, raw, dict(page.headers)))
        return replace(self.original, pages=pages, files=list(self.original.files))


# A mutation's edit: change the copies in ``Pages`` and say whether there was anything to change.
Edit = Callable[[Pages], bool]


def successful(chain: Chain) -> bool:
    return bool(chain.pages) and all(page.ok for page in chain.pages) and all(
        isinstance(page.body, dict) for page in chain.pages
    )


def job_succeeded(chain: Chain) -> bool:
    return successful(chain) and chain.pages[0].body.get("JobStatus") == "SUCCEEDED"


def timestamp(item: Any) -> Any:
    return item.get("Timestamp") if isinstance(item, dict) else None


def first_after(places: list[Place], key: Callable[[Any], Any]) -> tuple[Place, Place] | None:
    """The first item and a later one whose ``key`` is greater: swapping them breaks a non-decreasing order."""
    for i, early in enumerate(places):
        a = key(early.item)
        if not isinstance(a, int | float):
            continue
        for late in places[i + 1:]:
            b = key(late.item)
            if isinstance(b, int | float) and b > a:
                return early, late
    return None


def swap(pages: Pages, a: Place, b: Place) -> None:
    first, second = pages.items_of(a.page), pages.items_of(b.page)
    first[a.index], second[b.index] = second[b.index], first[a.index]


def nested(item: Any, *path: str) -> Any:
    """``item[path[0]][path[1]]...``, or None where a step is missing."""
    for key in path:
        if not isinstance(item, dict):
            return None
        item = item.get(key)
    return item


def matching(pages: Pages, test: Callable[[Any], bool]) -> Iterator[Place]:
    return (place for place in pages.places() if test(place.item))
