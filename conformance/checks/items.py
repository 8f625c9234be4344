"""Helpers the checks share: item identity, multiset differences, locations and excerpts.

Locations in violations take one of three forms, and every message says which one it uses:

* ``/Labels/17`` — a JSON pointer (RFC 6901) into a single response body;
* ``page 2 /Labels/17`` — the same, into the page at index 2 (counting from 0) of a NextToken chain;
* ``listing[1017]/Label/Name`` — index 1017 of the items of a whole chain concatenated in page order,
  followed by a JSON pointer inside that item. ``reference[...]`` indexes a reference listing.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.checks import Violation
from rekognition_conformance.exchange import Exchange

EXCERPT_LIMIT = 300

# A difference between two listings of thousands of items would otherwise drown the report; the
# first few differences explain the defect and the count says how large it is.
REPORT_LIMIT = 10


def success_body(ex: Exchange) -> dict[str, Any]:
    """A successful answer's JSON object without its null members (null means absent, as for every SDK), or {}."""
    body = ex.body
    if not ex.ok or not isinstance(body, dict):
        return {}
    return {name: value for name, value in body.items() if value is not None}


def canonical(item: Any) -> str:
    """The identity of an item: its JSON with sorted keys, so member order never matters."""
    return json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def excerpt(value: Any, limit: int = EXCERPT_LIMIT) -> str:
    """The value as compact JSON, cut to ``limit`` characters so one item cannot flood a report."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} chars)"


def pointer(*parts: str | int) -> str:
    """A JSON pointer built from unescaped reference tokens; the empty pointer is the whole document."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def page_pointer(page: int, *parts: str | int) -> str:
    return f"page {page} {pointer(*parts) or '/'}"


def listing_pointer(index: int, *parts: str | int, name: str = "listing") -> str:
    return f"{name}[{index}]{pointer(*parts)}"


def dig(value: Any, *path: str | int) -> Any:
    """The value at ``path`` inside nested dicts and lists, or None where the path does not exist."""
    for part in path:
        if isinstance(part, str) and isinstance(value, dict):
            value = value.get(part)
        elif isinstance(part, int) and isinstance(value, list) and -len(value) <= part < len(value):
            value = value[part]
        else:
            return None
    return value


def as_number(value: Any) -> float | None:
    """The value as a finite number, or None; JSON true/false are not numbers even though bool is int."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


@dataclass(frozen=True)
class Located:
    """One item of a NextToken chain with where it came from."""

    page: int
    position: int
    index: int
    item: Any

    def where(self, member: str) -> str:
        return f"{page_pointer(self.page, member, self.position)} (listing[{self.index}])"


def locate(pages: Sequence[Exchange], member: str) -> list[Located]:
    located: list[Located] = []
    for page_index, page in enumerate(pages):
        for position, item in enumerate(page.items(member)):
            located.append(Located(page_index, position, len(located), item))
    return located


def concatenate(pages: Sequence[Exchange], member: str) -> list[Any]:
    return [item for page in pages for item in page.items(member)]


@dataclass(frozen=True)
class ListingDiff:
    """How a listing differs from a reference when both are taken as multisets.

    ``matches`` pairs reference indices with the actual indices holding an equal item; earlier
    occurrences pair first, so a repeated item shows up as surplus at its later occurrence.
    """

    missing: list[int]
    surplus: list[int]
    matches: dict[int, int]

    @property
    def equal(self) -> bool:
        return not self.missing and not self.surplus


def multiset_diff(
    actual: Sequence[Any], reference: Sequence[Any], key: Callable[[Any], Hashable] = canonical
) -> ListingDiff:
    waiting: defaultdict[Hashable, deque[int]] = defaultdict(deque)
    for index, item in enumerate(actual):
        waiting[key(item)].append(index)
    matches: dict[int, int] = {}
    missing: list[int] = []
    for ref_index, item in enumerate(reference):
        queue = waiting.get(key(item))
        if queue:
            matches[ref_index] = queue.popleft()
        else:
            missing.append(ref_index)
    matched = set(matches.values())
    surplus = [index for index in range(len(actual)) if index not in matched]
    return ListingDiff(missing, surplus, matches)


def runs(indices: Sequence[int]) -> Iterator[list[int]]:
    """Split sorted indices into runs of consecutive values."""
    run: list[int] = []
    for index in indices:
        if run and index != run[-1] + 1:
            yield run
            run = []
        run.append(index)
    if run:
        yield run


def first_difference(left: Any, right: Any, path: tuple[str | int, ...] = ()) -> tuple[str, Any, Any] | None:
    """The JSON pointer and both values at the first place two JSON values differ, or None."""
    if isinstance(left, dict) and isinstance(right, dict):
        for name in [*left, *(k for k in right if k not in left)]:
            if name not in left or name not in right:
                return pointer(*path, name), left.get(name), right.get(name)
            found = first_difference(left[name], right[name], (*path, name))
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found = first_difference(a, b, (*path, index))
            if found:
                return found
        return None
    # Equal values of one type serialise alike; only the rest (1 against 1.0, NaN) need their JSON compared.
    if (type(left) is not type(right) or left != right) and canonical(left) != canonical(right):
        return pointer(*path), left, right
    return None


def listing_diff_violations(
    actual: Sequence[Any],
    reference: Sequence[Any],
    *,
    rule_id: str,
    operation: str,
    request: Any,
    actual_label: str,
    reference_label: str,
    actual_where: Callable[[int], str],
    reference_where: Callable[[int], str],
    key: Callable[[Any], Hashable] = canonical,
) -> list[Violation]:
    """Violations for each item one listing has and the other lacks, taking both as multisets.

    The labels describe each listing in messages ("the listing without SortBy"); the ``where``
    functions turn an index into the pointer reported for it (``default[3]``, ``/Labels/3``).
    """
    diff = multiset_diff(actual, reference, key)
    found = [(reference_where(i), reference[i], reference_label, actual_label) for i in diff.missing]
    found += [(actual_where(i), actual[i], actual_label, reference_label) for i in diff.surplus]
    violations = [
        Violation(
            rule_id,
            operation,
            f"The item at {where} in {owner} has no equal item in {other}; the two should hold the same items.",
            request,
            where,
            excerpt(item),
        )
        for where, item, owner, other in found[:REPORT_LIMIT]
    ]
    if len(found) > REPORT_LIMIT:
        where, item, _, _ = found[REPORT_LIMIT]
        violations.append(
            Violation(
                rule_id,
                operation,
                f"{len(found) - REPORT_LIMIT} further differences between {actual_label} "
                f"({len(actual)} items) and {reference_label} ({len(reference)} items) are not listed "
                f"separately; the next is at {where}.",
                request,
                where,
                excerpt(item),
            )
        )
    return violations
