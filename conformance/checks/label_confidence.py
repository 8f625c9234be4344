"""Checks on StartLabelDetection's MinConfidence: the floor it sets, its default, and lower settings.

Detections of two jobs are matched by (Timestamp, Label.Name), not by whole item: two jobs over the
same video need not report identical confidences or instance boxes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from conformance.checks import Violation, check
from conformance.checks.items import dig, excerpt, listing_pointer
from conformance.checks.labels import label_confidence, label_name

DEFAULT_MIN_CONFIDENCE = 50.0

# Confidences are floats that a backend may round when serialising; a value this close to the floor
# was above it before rounding.
TOLERANCE = 1e-3


def detection_key(item: Any) -> Hashable:
    return (dig(item, "Timestamp"), label_name(item))


def _below(
    operation: str, items: Sequence[Any], floor: float, request: Any, rule_id: str, why: str, name: str
) -> list[Violation]:
    return [
        Violation(
            rule_id,
            operation,
            f"Expected every Label.Confidence >= {floor:g} ({why}); {name}[{index}] "
            f"({label_name(item)!r}) has {confidence:g}.",
            request,
            listing_pointer(index, "Label", "Confidence", name=name),
            excerpt(item),
        )
        for index, item in enumerate(items)
        if (confidence := label_confidence(item)) is not None and confidence < floor - TOLERANCE
    ]


def _lacking(
    operation: str,
    have: Sequence[Any],
    have_name: str,
    lack: Sequence[Any],
    lack_label: str,
    request: Any,
    rule_id: str,
) -> list[Violation]:
    """A violation for each detection of ``have`` without a counterpart in ``lack``, multiset-wise."""
    available = Counter(detection_key(item) for item in lack)
    violations = []
    for index, item in enumerate(have):
        key = detection_key(item)
        if available[key] > 0:
            available[key] -= 1
            continue
        violations.append(
            Violation(
                rule_id,
                operation,
                f"{have_name}[{index}] ({label_name(item)!r} at Timestamp {excerpt(dig(item, 'Timestamp'))}) "
                f"has no detection with the same Timestamp and Label.Name in {lack_label}.",
                request,
                listing_pointer(index, name=have_name),
                excerpt(item),
            )
        )
    return violations


@check("LABELS.MIN_CONFIDENCE.FLOOR")
def check_confidence_floor(
    operation: str, items: Sequence[Any], min_confidence: float, request: Any
) -> list[Violation]:
    """Every Label.Confidence of the job's listing is at least the MinConfidence it was started with."""
    return _below(
        operation, items, min_confidence, request, "LABELS.MIN_CONFIDENCE.FLOOR", "the job's MinConfidence", "listing"
    )


@check("LABELS.MIN_CONFIDENCE.DEFAULT", "LABELS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT")
def check_default_min_confidence(
    operation: str, default_items: Sequence[Any], explicit_items: Sequence[Any], request: Any
) -> list[Violation]:
    """A job started without MinConfidence behaves as MinConfidence=50.

    Its confidences are all >= 50 (LABELS.MIN_CONFIDENCE.DEFAULT, what AWS documents), and its detections
    are those of a job started with MinConfidence=50 (``explicit_items``; the SHOULD rule
    LABELS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT, as AWS documents the default value, not that two jobs detect
    the same). Pointers name the two listings ``default[i]`` and ``explicit[i]``.
    """
    rule_id = "LABELS.MIN_CONFIDENCE.DEFAULT"
    violations = _below(
        operation,
        default_items,
        DEFAULT_MIN_CONFIDENCE,
        request,
        rule_id,
        "MinConfidence omitted, default 50",
        "default",
    )
    same = f"{rule_id}.EQUIVALENT"
    violations += _lacking(
        operation, default_items, "default", explicit_items, "the MinConfidence=50 job", request, same
    )
    violations += _lacking(
        operation, explicit_items, "explicit", default_items, "the job without MinConfidence", request, same
    )
    return violations


@check("LABELS.MIN_CONFIDENCE.LOWER")
def check_lower_min_confidence(
    operation: str,
    lower_items: Sequence[Any],
    default_items: Sequence[Any],
    lower: float,
    request: Any,
) -> list[Violation]:
    """A job at a MinConfidence below 50 returns every detection of the default job, and more.

    "More" means at least one detection with confidence in [lower, 50), which is what lowering the
    threshold is for. Pointers name the listings ``lower[i]`` and ``default[i]``.
    """
    rule_id = "LABELS.MIN_CONFIDENCE.LOWER"
    violations = _lacking(
        operation, default_items, "default", lower_items, f"the MinConfidence={lower:g} job", request, rule_id
    )
    if lower >= DEFAULT_MIN_CONFIDENCE:
        return violations
    gained = [
        item
        for item in lower_items
        if (c := label_confidence(item)) is not None and lower - TOLERANCE <= c < DEFAULT_MIN_CONFIDENCE
    ]
    if not gained:
        violations.append(
            Violation(
                rule_id,
                operation,
                f"Expected the MinConfidence={lower:g} job to return at least one detection with confidence "
                f"in [{lower:g}, {DEFAULT_MIN_CONFIDENCE:g}); none of its {len(lower_items)} detections is.",
                request,
                "lower",
                None,
            )
        )
    return violations
