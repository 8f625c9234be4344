"""Checks specific to GetPersonTracking listings: the TIMESTAMP and INDEX orders, the default sort, faces.

``items`` is a whole listing (a chain's Persons concatenated in page order); pointers take the form
``listing[17]/Person/Index``. The generic order checks of ``sorting.py`` do the work, reported under the
person-tracking rules (see ``grouping.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.faces import extra_attribute_violations
from rekognition_conformance.checks.grouping import contiguity_violations, group_order_violations, retagged
from rekognition_conformance.checks.items import as_number, dig, excerpt, listing_pointer
from rekognition_conformance.checks.sorting import (
    check_default_sort,
    check_monotonic_within_groups,
    check_timestamp_order,
    code_point,
)

FACE_PATH = ("Person", "Face")


def person_index(item: Any) -> int | None:
    index = dig(item, "Person", "Index")
    return index if isinstance(index, int) and not isinstance(index, bool) else None


def face_confidence(item: Any) -> float | None:
    return as_number(dig(item, *FACE_PATH, "Confidence"))


@check("PERSONS.SORT.TIMESTAMP")
def check_person_timestamp_order(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=TIMESTAMP: Timestamps never decrease across the listing; ties may come in any order."""
    return retagged(check_timestamp_order(operation, items, request), "PERSONS.SORT.TIMESTAMP")


@check("PERSONS.SORT.DEFAULT")
def check_person_default_sort(
    operation: str, default_items: Sequence[Any], timestamp_items: Sequence[Any], request: Any
) -> list[Violation]:
    """Without SortBy the listing holds the SortBy=TIMESTAMP listing's items, in Timestamp order."""
    return retagged(check_default_sort(operation, default_items, timestamp_items, request), "PERSONS.SORT.DEFAULT")


@check("PERSONS.SORT.INDEX")
def check_index_groups(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=INDEX: each Person.Index forms one contiguous group."""
    return contiguity_violations(operation, items, request, key=person_index, rule_id="PERSONS.SORT.INDEX")


@check("PERSONS.SORT.INDEX_ORDER")
def check_index_order(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=INDEX: the groups come in ascending Index order."""
    return group_order_violations(
        operation, items, request, key=person_index, rule_id="PERSONS.SORT.INDEX_ORDER", orderings=(code_point,)
    )


@check("PERSONS.SORT.INDEX_CONFIDENCE")
def check_index_confidence(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=INDEX: within a person's group, Face.Confidence is monotonic (either direction)."""
    return check_monotonic_within_groups(
        operation,
        items,
        request,
        group_key=person_index,
        value_key=face_confidence,
        rule_id="PERSONS.SORT.INDEX_CONFIDENCE",
    )


@check("PERSONS.FACE.DEFAULT_ATTRIBUTES")
def check_person_faces(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Each Person.Face carries only default facial attributes."""
    return extra_attribute_violations(
        operation, items, request, rule_id="PERSONS.FACE.DEFAULT_ATTRIBUTES", path=FACE_PATH
    )


@check("PERSONS.INDEX.PRESENT")
def check_index_present(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Every item's Person carries an integer Index; one violation counts the items without one."""
    missing = [index for index, item in enumerate(items) if person_index(item) is None]
    if not missing:
        return []
    first = missing[0]
    return [
        Violation(
            "PERSONS.INDEX.PRESENT",
            operation,
            f"Expected every Person to carry an integer Index; {len(missing)} of {len(items)} items have none, "
            f"the first at listing[{first}].",
            request,
            listing_pointer(first, "Person", "Index"),
            excerpt(items[first]),
        )
    ]
