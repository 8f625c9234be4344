"""Checks on GetFaceSearch listings: the FaceMatchThreshold floor and default, sorting by person index, and
the facial attributes a matched person carries.

Items are PersonMatch objects of a whole NextToken chain (``listing[i]``). Matches of two jobs are
compared by (Timestamp, FaceId): two jobs over the same video need not number persons alike nor report
identical boxes and similarities.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from conformance.checks import Violation, check
from conformance.checks.collections import TOLERANCE
from conformance.checks.items import as_number, dig, excerpt, listing_diff_violations, listing_pointer
from conformance.checks.sorting import check_grouped, groups
from spec.face_attributes import DEFAULT_ATTRIBUTES

DEFAULT_FACE_MATCH_THRESHOLD = 80.0


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


def match_keys(items: Sequence[Any]) -> list[tuple[Hashable, str, int]]:
    """((Timestamp, FaceId), pointer, item index) for every match of a listing."""
    keys = []
    for index, item in enumerate(items):
        matches = dig(item, "FaceMatches")
        for position, match in enumerate(matches if isinstance(matches, list) else []):
            key = (as_number(dig(item, "Timestamp")), dig(match, "Face", "FaceId"))
            keys.append((key, listing_pointer(index, "FaceMatches", position), index))
    return keys


def _below(
    operation: str, items: Sequence[Any], floor: float, request: Any, rule_id: str, why: str, name: str
) -> list[Violation]:
    violations = []
    for where, match in face_matches(items):
        similarity = as_number(dig(match, "Similarity"))
        if similarity is not None and similarity < floor - TOLERANCE:
            violations.append(
                Violation(
                    rule_id,
                    operation,
                    f"Expected every FaceMatch Similarity >= {floor:g} ({why}); {where.replace('listing', name)} has "
                    f"{similarity:g}.",
                    request,
                    where.replace("listing", name) + "/Similarity",
                    excerpt(match),
                )
            )
    return violations


def _lacking(
    operation: str, have: Sequence[Any], have_name: str, lack: Sequence[Any], lack_label: str, request: Any,
    rule_id: str,
) -> list[Violation]:
    """A violation for each match of ``have`` without a counterpart in ``lack``, multiset-wise."""
    available = Counter(key for key, _, _ in match_keys(lack))
    violations = []
    for key, where, _ in match_keys(have):
        if available[key] > 0:
            available[key] -= 1
            continue
        timestamp, face_id = key
        violations.append(
            Violation(
                rule_id,
                operation,
                f"{where.replace('listing', have_name)} (face {excerpt(face_id)} at Timestamp {excerpt(timestamp)}) "
                f"has no match of the same face at the same Timestamp in {lack_label}.",
                request,
                where.replace("listing", have_name),
                excerpt(key),
            )
        )
    return violations


@check("FACE_SEARCH.THRESHOLD.FLOOR")
def check_threshold_floor(operation: str, items: Sequence[Any], threshold: float, request: Any) -> list[Violation]:
    """Every FaceMatch Similarity of the job's listing is at least the job's FaceMatchThreshold."""
    return _below(operation, items, threshold, request, "FACE_SEARCH.THRESHOLD.FLOOR",
                  "the job's FaceMatchThreshold", "listing")


@check("FACE_SEARCH.THRESHOLD.DEFAULT", "FACE_SEARCH.THRESHOLD.DEFAULT.EQUIVALENT")
def check_default_threshold(
    operation: str, default_items: Sequence[Any], explicit_items: Sequence[Any], request: Any
) -> list[Violation]:
    """A job started without FaceMatchThreshold behaves as FaceMatchThreshold=80.

    Its similarities are all >= 80 (FACE_SEARCH.THRESHOLD.DEFAULT, what AWS documents) and its matches are
    those of the job started with 80 (``explicit_items``; the SHOULD rule
    FACE_SEARCH.THRESHOLD.DEFAULT.EQUIVALENT). Pointers name the two listings ``default[i]`` and ``explicit[i]``.
    """
    rule_id = "FACE_SEARCH.THRESHOLD.DEFAULT"
    violations = _below(operation, default_items, DEFAULT_FACE_MATCH_THRESHOLD, request, rule_id,
                        "FaceMatchThreshold omitted, default 80", "default")
    same = f"{rule_id}.EQUIVALENT"
    violations += _lacking(operation, default_items, "default", explicit_items, "the FaceMatchThreshold=80 job",
                           request, same)
    violations += _lacking(operation, explicit_items, "explicit", default_items, "the job without FaceMatchThreshold",
                           request, same)
    return violations


@check("FACE_SEARCH.THRESHOLD.LOWER")
def check_lower_threshold(
    operation: str, lower_items: Sequence[Any], default_items: Sequence[Any], lower: float, request: Any
) -> list[Violation]:
    """A job at a FaceMatchThreshold below 80 returns every match of the default job, and some below 80."""
    rule_id = "FACE_SEARCH.THRESHOLD.LOWER"
    violations = _lacking(operation, default_items, "default", lower_items, f"the FaceMatchThreshold={lower:g} job",
                          request, rule_id)
    if lower >= DEFAULT_FACE_MATCH_THRESHOLD:
        return violations
    similarities = [as_number(dig(match, "Similarity")) for _, match in face_matches(lower_items)]
    gained = [s for s in similarities if s is not None and lower - TOLERANCE <= s < DEFAULT_FACE_MATCH_THRESHOLD]
    if not gained:
        violations.append(
            Violation(rule_id, operation,
                      f"Expected the FaceMatchThreshold={lower:g} job to return at least one match with a Similarity "
                      f"in [{lower:g}, {DEFAULT_FACE_MATCH_THRESHOLD:g}); none of its matches is.", request, "lower",
                      None)
        )
    return violations


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
