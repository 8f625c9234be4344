"""Checks on GetFaceSearch listings: the FaceMatchThreshold floor and default, sorting by person index, and
the facial attributes a matched person carries.

Items are PersonMatch objects of a whole NextToken chain (``listing[i]``). Matches of two jobs are
compared by (Timestamp, FaceId): two jobs over the same video need not number persons alike nor report
identical boxes and similarities.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, dig, excerpt, listing_diff_violations, listing_pointer
from rekognition_conformance.checks.sorting import check_grouped, groups
from rekognition_conformance.checks.thresholds import Scored, Scores, threshold_checks
from rekognition_conformance.spec.face_attributes import DEFAULT_ATTRIBUTES


def person_index(item: Any) -> int | None:
    value = dig(item, "Person", "Index")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def face_matches(items: Sequence[Any]) -> list[tuple[str, Any]]:
    """(pointer, FaceMatch) for every match of a listing, e.g. ``listing[3]/FaceMatches/0``."""
    found = []
    for index, item in enumerate(items):
        matches = dig(item, "FaceMatches")
        for position, match in enumerate(matches if isinstance(matches, list) else []):
            found.append((listing_pointer(index, "FaceMatches", position), match))
    return found


def _matches(items: Sequence[Any], name: str) -> list[Scored]:
    """Every FaceMatch of a listing, scored by its Similarity and keyed by (Timestamp, FaceId)."""
    found = []
    for index, item in enumerate(items):
        matches = dig(item, "FaceMatches")
        for position, match in enumerate(matches if isinstance(matches, list) else []):
            key = (as_number(dig(item, "Timestamp")), dig(match, "Face", "FaceId"))
            where = listing_pointer(index, "FaceMatches", position, name=name)
            found.append(Scored(where, f"{where}/Similarity", key, as_number(dig(match, "Similarity")),
                                f"(face {excerpt(key[1])} at Timestamp {excerpt(key[0])})", match))
    return found


SCORES = Scores("FaceMatch Similarity", "matches", "the same face at the same Timestamp", _matches)
CHECKS = threshold_checks("face_search", SCORES, __name__)
check_threshold_floor = CHECKS.floor
check_default_threshold = CHECKS.default
check_lower_threshold = CHECKS.lower











@check("FACE_SEARCH.SORT.INDEX")
def check_index_sort(
    operation: str, index_items: Sequence[Any], timestamp_items: Sequence[Any], request: Any
) -> list[Violation]:
    """With SortBy INDEX each person's items are contiguous, and the listing holds the TIMESTAMP listing's items.

    Pointers name the INDEX listing ``listing[i]`` (``index[i]`` for a surplus item) and the TIMESTAMP
    listing ``timestamp[i]``.
    """
    rule_id = "FACE_SEARCH.SORT.INDEX"
    violations = check_grouped(operation, index_items, request, key=person_index, rule_id=rule_id, orderings=())
    violations += listing_diff_violations(
        index_items,
        timestamp_items,
        rule_id=rule_id,
        operation=operation,
        request=request,
        actual_label="the listing with SortBy=INDEX",
        reference_label="the listing with SortBy=TIMESTAMP",
        actual_where=lambda i: listing_pointer(i, name="index"),
        reference_where=lambda i: listing_pointer(i, name="timestamp"),
    )
    return violations


@check("FACE_SEARCH.SORT.INDEX_ORDER")
def check_index_order(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """With SortBy INDEX the person groups come in ascending Person.Index order."""
    found = groups(items, person_index)
    for before, after in itertools.pairwise(found):
        if after.key < before.key:
            at = after.indices[0]
            return [
                Violation(
                    "FACE_SEARCH.SORT.INDEX_ORDER",
                    operation,
                    f"Expected person groups in ascending Person.Index order; the group of person {after.key} at "
                    f"listing[{at}] follows that of person {before.key} at listing[{before.indices[0]}].",
                    request,
                    listing_pointer(at, "Person", "Index"),
                    excerpt(items[at]),
                )
            ]
    return []


@check("FACE_SEARCH.DEFAULT_ATTRIBUTES")
def check_default_attributes(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """A matched person's Face carries no facial attribute beyond the five defaults (one violation per item)."""
    violations = []
    for index, item in enumerate(items):
        face = dig(item, "Person", "Face")
        if not isinstance(face, dict):
            continue
        extra = sorted(name for name in face if name not in DEFAULT_ATTRIBUTES)
        if extra:
            violations.append(
                Violation(
                    "FACE_SEARCH.DEFAULT_ATTRIBUTES",
                    operation,
                    f"Expected only the default facial attributes ({', '.join(sorted(DEFAULT_ATTRIBUTES))}) in "
                    f"listing[{index}]/Person/Face; found also {', '.join(extra)}.",
                    request,
                    listing_pointer(index, "Person", "Face", extra[0]),
                    excerpt(face[extra[0]]),
                )
            )
    return violations
