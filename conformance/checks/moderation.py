"""Checks specific to GetContentModeration listings: name sort, aggregation, MinConfidence, taxonomy.

``items`` is a whole listing (a chain's ModerationLabels concatenated in page order); pointers take
the form ``listing[17]/ModerationLabel/Name``. The sorting and aggregation judgements are the generic
ones of :mod:`rekognition_conformance.checks.sorting` and :mod:`rekognition_conformance.checks.aggregation`, run under
this family's rule ids. The MinConfidence checks are the generic ones of
:mod:`rekognition_conformance.checks.thresholds`, reading ``ModerationLabel``: detections of two jobs are matched by
(Timestamp, ModerationLabel.Name), not by whole item.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, aggregation, check
from rekognition_conformance.checks.items import as_number, dig, excerpt, listing_pointer, page_pointer
from rekognition_conformance.checks.sorting import name_sort_checks
from rekognition_conformance.checks.thresholds import Scores, per_item, threshold_checks
from rekognition_conformance.exchange import Exchange

LABEL = "ModerationLabel"
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


NAME_SORT = name_sort_checks(LABEL, label_name, label_confidence,
                             ("MODERATION.SORT.NAME", "MODERATION.SORT.NAME_CONFIDENCE"), __name__)
check_name_sort = NAME_SORT.groups
check_name_confidence = NAME_SORT.confidence




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


def _what(item: Any) -> str:
    return f"({label_name(item)!r} at Timestamp {excerpt(dig(item, 'Timestamp'))})"


SCORES = Scores(f"{LABEL}.Confidence", "detections", f"the same Timestamp and {LABEL}.Name",
                per_item((LABEL,), "Confidence", detection_key, _what))
CHECKS = threshold_checks("moderation", SCORES, __name__)
check_confidence_floor = CHECKS.floor
check_default_min_confidence = CHECKS.default
check_lower_min_confidence = CHECKS.lower











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
