"""Checks specific to GetContentModeration listings: name sort, aggregation, MinConfidence, taxonomy.

``items`` is a whole listing (a chain's ModerationLabels concatenated in page order); pointers take
the form ``listing[17]/ModerationLabel/Name``. The sorting and aggregation judgements are the generic
ones of :mod:`conformance.checks.sorting` and :mod:`conformance.checks.aggregation`, run under this
family's rule ids. The MinConfidence checks generalise :mod:`conformance.checks.label_confidence`
(which reads ``Label``) to ``ModerationLabel``: detections of two jobs are matched by (Timestamp,
ModerationLabel.Name), not by whole item.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

from conformance.checks import Violation, aggregation, check
from conformance.checks.items import as_number, dig, excerpt, listing_pointer, page_pointer
from conformance.checks.sorting import check_grouped, check_monotonic_within_groups, timestamp_of
from conformance.exchange import Exchange

LABEL = "ModerationLabel"
DEFAULT_MIN_CONFIDENCE = 50.0
# Confidences are floats that a backend may round when serialising.
TOLERANCE = 1e-3
TAXONOMY_LEVELS = (1, 2, 3)
TIMESTAMP_RULE = "MODERATION.AGGREGATE.SEGMENT_TIMESTAMP"


def label_name(item: Any) -> str | None:
    name = dig(item, LABEL, "Name")
    return name if isinstance(name, str) else None


def label_confidence(item: Any) -> float | None:
    return as_number(dig(item, LABEL, "Confidence"))


def parent_name(item: Any) -> str | None:
    parent = dig(item, LABEL, "ParentName")
    return parent if isinstance(parent, str) else None


def taxonomy_level(item: Any) -> int | None:
    level = as_number(dig(item, LABEL, "TaxonomyLevel"))
    return int(level) if level is not None and level.is_integer() else None


# --- sorting -------------------------------------------------------------------------------------


@check("MODERATION.SORT.NAME")
def check_name_sort(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=NAME: each ModerationLabel.Name forms one contiguous group, groups in alphabetical order."""
    return check_grouped(operation, items, request, key=label_name, rule_id="MODERATION.SORT.NAME")


@check("MODERATION.SORT.NAME_CONFIDENCE")
def check_name_confidence(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """SortBy=NAME: within a name group, items are in Timestamp order or ModerationLabel.Confidence is monotonic.

    AWS's own NAME-sorted page keeps each group in Timestamp order (fixtures/aws/GetLabelDetection/
    devguide-2019-sort-name.json), whatever the API reference sentence about confidence says.
    """
    return check_monotonic_within_groups(
        operation,
        items,
        request,
        group_key=label_name,
        value_key=label_confidence,
        rule_id="MODERATION.SORT.NAME_CONFIDENCE",
        or_ascending=timestamp_of,
    )


# --- aggregation ---------------------------------------------------------------------------------


@check("MODERATION.AGGREGATE.SEGMENTS", "MODERATION.AGGREGATE.SEGMENT_TIMESTAMP")
def check_segment_items(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Every item of an AggregateBy=SEGMENTS listing is a consistent segment.

    Start, End and Duration are integers, Start <= End and Duration == End - Start (a MUST); a
    Timestamp that differs from Start is reported under the SHOULD rule, as only GetLabelDetection
    documents that equality.
    """
    found = aggregation.check_segment_items(
        operation, items, request, rule_id="MODERATION.AGGREGATE.SEGMENTS", instances=(LABEL, "Instances")
    )
    return [dataclasses.replace(v, rule_id=TIMESTAMP_RULE) if v.pointer.endswith("/Timestamp") else v for v in found]


@check("MODERATION.AGGREGATE.TIMESTAMPS")
def check_timestamp_items(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Items of an AggregateBy=TIMESTAMPS listing carry no segment members."""
    return aggregation.check_timestamp_items(operation, items, request, rule_id="MODERATION.AGGREGATE.TIMESTAMPS")


@check("MODERATION.AGGREGATE.DEFAULT")
def check_default_aggregation(
    operation: str, default_items: Sequence[Any], timestamps_items: Sequence[Any], request: Any
) -> list[Violation]:
    """A listing without AggregateBy holds, as a multiset, the AggregateBy=TIMESTAMPS listing's items."""
    return aggregation.check_default_aggregation(
        operation, default_items, timestamps_items, request, rule_id="MODERATION.AGGREGATE.DEFAULT"
    )


# --- MinConfidence -------------------------------------------------------------------------------


def detection_key(item: Any) -> Hashable:
    return (dig(item, "Timestamp"), label_name(item))


def _below(
    operation: str, items: Sequence[Any], floor: float, request: Any, rule_id: str, why: str, name: str
) -> list[Violation]:
    return [
        Violation(
            rule_id,
            operation,
            f"Expected every ModerationLabel.Confidence >= {floor:g} ({why}); {name}[{index}] "
            f"({label_name(item)!r}) has {confidence:g}.",
            request,
            listing_pointer(index, LABEL, "Confidence", name=name),
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
                f"has no detection with the same Timestamp and ModerationLabel.Name in {lack_label}.",
                request,
                listing_pointer(index, name=have_name),
                excerpt(item),
            )
        )
    return violations


@check("MODERATION.MIN_CONFIDENCE.FLOOR")
def check_confidence_floor(
    operation: str, items: Sequence[Any], min_confidence: float, request: Any
) -> list[Violation]:
    """Every ModerationLabel.Confidence of the job's listing is at least the job's MinConfidence."""
    return _below(
        operation,
        items,
        min_confidence,
        request,
        "MODERATION.MIN_CONFIDENCE.FLOOR",
        "the job's MinConfidence",
        "listing",
    )


@check("MODERATION.MIN_CONFIDENCE.DEFAULT", "MODERATION.MIN_CONFIDENCE.DEFAULT.EQUIVALENT")
def check_default_min_confidence(
    operation: str, default_items: Sequence[Any], explicit_items: Sequence[Any], request: Any
) -> list[Violation]:
    """A job started without MinConfidence behaves as MinConfidence=50.

    Its confidences are all >= 50 (MODERATION.MIN_CONFIDENCE.DEFAULT, what AWS documents) and its
    detections are those of a job started with MinConfidence=50 (``explicit_items``; the SHOULD rule
    MODERATION.MIN_CONFIDENCE.DEFAULT.EQUIVALENT). Pointers name the two listings ``default[i]`` and
    ``explicit[i]``.
    """
    rule_id = "MODERATION.MIN_CONFIDENCE.DEFAULT"
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


@check("MODERATION.MIN_CONFIDENCE.LOWER")
def check_lower_min_confidence(
    operation: str, lower_items: Sequence[Any], default_items: Sequence[Any], lower: float, request: Any
) -> list[Violation]:
    """A job at a MinConfidence below 50 returns every detection of the default job, and more.

    "More" means at least one detection with confidence in [lower, 50). Pointers name the listings
    ``lower[i]`` and ``default[i]``.
    """
    rule_id = "MODERATION.MIN_CONFIDENCE.LOWER"
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


# --- taxonomy ------------------------------------------------------------------------------------


@check("MODERATION.TAXONOMY.LEVEL")
def check_taxonomy_levels(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Every TaxonomyLevel that is returned is 1, 2 or 3 (the schema allows any integer from 0)."""
    violations = []
    for index, item in enumerate(items):
        level = dig(item, LABEL, "TaxonomyLevel")
        if level is None or taxonomy_level(item) in TAXONOMY_LEVELS:
            continue
        violations.append(
            Violation(
                "MODERATION.TAXONOMY.LEVEL",
                operation,
                f"Expected ModerationLabel.TaxonomyLevel to be 1, 2 or 3; listing[{index}] "
                f"({label_name(item)!r}) has {excerpt(level)}.",
                request,
                listing_pointer(index, LABEL, "TaxonomyLevel"),
                excerpt(level),
            )
        )
    return violations


@check("MODERATION.TAXONOMY.TOP_LEVEL")
def check_top_level_parents(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """A label at TaxonomyLevel 1 has the ParentName "" (judged where both members are returned)."""
    return [
        Violation(
            "MODERATION.TAXONOMY.TOP_LEVEL",
            operation,
            f'Expected a top-level label (TaxonomyLevel 1) to have ParentName ""; listing[{index}] '
            f"({label_name(item)!r}) has {excerpt(parent)}.",
            request,
            listing_pointer(index, LABEL, "ParentName"),
            excerpt(parent),
        )
        for index, item in enumerate(items)
        if taxonomy_level(item) == 1 and (parent := parent_name(item)) is not None and parent != ""
    ]


@check("MODERATION.TAXONOMY.ANCESTORS")
def check_ancestors(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """In a TIMESTAMPS listing, each label below the top level names a parent returned at its Timestamp.

    A label at TaxonomyLevel 2 or 3 must name a non-empty ParentName; that parent must be a label of
    the listing at the same Timestamp, and where both carry TaxonomyLevel, the parent's is one less.
    Do not apply to SEGMENTS listings, whose segments of parent and child need not line up.
    """
    levels_at: defaultdict[Any, dict[str, int | None]] = defaultdict(dict)
    for item in items:
        name = label_name(item)
        if name is not None:
            levels_at[dig(item, "Timestamp")][name] = taxonomy_level(item)
    violations = []
    for index, item in enumerate(items):
        level, parent, timestamp = taxonomy_level(item), parent_name(item), dig(item, "Timestamp")
        if level == 1:
            continue  # a top-level label's ParentName is MODERATION.TAXONOMY.TOP_LEVEL's business
        if level in (2, 3) and parent == "":
            problem = f'is at TaxonomyLevel {level} but names no parent (ParentName "")'
        elif parent and parent not in levels_at[timestamp]:
            problem = f"names parent {parent!r}, but no label {parent!r} is returned at that Timestamp"
        elif parent and level is not None and levels_at[timestamp][parent] not in (None, level - 1):
            problem = (
                f"is at TaxonomyLevel {level} but its parent {parent!r} is returned at level "
                f"{levels_at[timestamp][parent]}"
            )
        else:
            continue
        violations.append(
            Violation(
                "MODERATION.TAXONOMY.ANCESTORS",
                operation,
                f"listing[{index}] ({label_name(item)!r} at Timestamp {excerpt(timestamp)}) {problem}.",
                request,
                listing_pointer(index, LABEL, "ParentName"),
                excerpt(item),
            )
        )
    return violations


# --- model version -------------------------------------------------------------------------------


def model_version_violations(pages: Sequence[Exchange], member: str, rule_id: str) -> list[Violation]:
    """Every SUCCEEDED page names the same non-empty ``member`` (a model version string)."""
    violations: list[Violation] = []
    first: tuple[int, str] | None = None
    for index, page in enumerate(pages):
        body = page.body
        if not page.ok or not isinstance(body, dict) or body.get("JobStatus") != "SUCCEEDED":
            continue
        version = body.get(member)
        if not isinstance(version, str) or not version:
            problem = f"Expected a non-empty {member} on page {index} of the SUCCEEDED job; found {excerpt(version)}."
        elif first is not None and version != first[1]:
            problem = f"Expected {member} {first[1]!r} on page {index}, as on page {first[0]}; found {version!r}."
        else:
            first = first or (index, version)
            continue
        violations.append(
            Violation(rule_id, page.operation, problem, page.request, page_pointer(index, member), excerpt(version))
        )
    return violations


@check("MODERATION.MODEL_VERSION")
def check_model_version(pages: Sequence[Exchange]) -> list[Violation]:
    """Every page of a SUCCEEDED job names the same non-empty ModerationModelVersion."""
    return model_version_violations(pages, "ModerationModelVersion", "MODERATION.MODEL_VERSION")
