"""Checks on AggregateBy: the shape of SEGMENTS and TIMESTAMPS items, and the default aggregation.

Written for GetLabelDetection; GetContentModeration aggregates with the same member names and can
reuse the checks by passing its own rule ids and instance path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, dig, excerpt, listing_diff_violations, listing_pointer

SEGMENT_MEMBERS = ("StartTimestampMillis", "EndTimestampMillis", "DurationMillis")
LABEL_INSTANCES = ("Label", "Instances")


def _integer(value: Any) -> int | None:
    """The value as an int when it is a JSON integer; 1000.0 counts, as JSON does not tell them apart."""
    number = as_number(value)
    return int(number) if number is not None and number.is_integer() else None


def _segment_problems(item: Any, instances: Sequence[str]) -> list[tuple[Sequence[str], str]]:
    """(path inside the item, what is wrong) for each way an item breaks the SEGMENTS shape."""
    if not isinstance(item, dict):
        return [((), "is not an object")]
    values = {name: _integer(item.get(name)) for name in SEGMENT_MEMBERS}
    problems: list[tuple[Sequence[str], str]] = [
        ((name,), "should be an integer number of milliseconds") for name, value in values.items() if value is None
    ]
    start, end, duration = (values[name] for name in SEGMENT_MEMBERS)
    if start is not None and end is not None:
        if start > end:
            problems.append((("EndTimestampMillis",), f"is before StartTimestampMillis {start}"))
        elif duration is not None and duration != end - start:
            expected = f"should be EndTimestampMillis - StartTimestampMillis = {end - start}"
            problems.append((("DurationMillis",), expected))
    timestamp = as_number(item.get("Timestamp"))
    if start is not None and timestamp is not None and timestamp != start:
        problems.append((("Timestamp",), f"should equal StartTimestampMillis {start}"))
    if dig(item, *instances):
        problems.append((tuple(instances), "should be absent or empty: segments carry no instances"))
    return problems


@check("LABELS.AGGREGATE.SEGMENTS")
def check_segment_items(
    operation: str,
    items: Sequence[Any],
    request: Any,
    *,
    rule_id: str = "LABELS.AGGREGATE.SEGMENTS",
    instances: Sequence[str] = LABEL_INSTANCES,
) -> list[Violation]:
    """Every item of an AggregateBy=SEGMENTS listing is a consistent segment without instances.

    Start, End and Duration are integers with Start <= End and Duration == End - Start; a Timestamp,
    when present, equals Start. One violation per problem, pointing into the item.
    """
    return [
        Violation(
            rule_id,
            operation,
            f"In an AggregateBy=SEGMENTS listing, listing[{index}] member {'/'.join(path) or 'item'} "
            f"{problem}; found {excerpt(dig(item, *path), 80)}.",
            request,
            listing_pointer(index, *path),
            excerpt(dig(item, *path)),
        )
        for index, item in enumerate(items)
        for path, problem in _segment_problems(item, instances)
    ]


@check("LABELS.AGGREGATE.TIMESTAMPS")
def check_timestamp_items(
    operation: str, items: Sequence[Any], request: Any, *, rule_id: str = "LABELS.AGGREGATE.TIMESTAMPS"
) -> list[Violation]:
    """Items of an AggregateBy=TIMESTAMPS listing carry no segment members."""
    return [
        Violation(
            rule_id,
            operation,
            f"Expected no {name} in an AggregateBy=TIMESTAMPS listing; listing[{index}] carries one.",
            request,
            listing_pointer(index, name),
            excerpt(item[name]),
        )
        for index, item in enumerate(items)
        if isinstance(item, dict)
        for name in SEGMENT_MEMBERS
        if item.get(name) is not None
    ]


@check("LABELS.AGGREGATE.DEFAULT")
def check_default_aggregation(
    operation: str,
    default_items: Sequence[Any],
    timestamps_items: Sequence[Any],
    request: Any,
    *,
    rule_id: str = "LABELS.AGGREGATE.DEFAULT",
) -> list[Violation]:
    """A listing without AggregateBy holds, as a multiset, the AggregateBy=TIMESTAMPS listing's items.

    Pointers name the listing without AggregateBy ``default[i]`` and the other ``timestamps[i]``.
    """
    return listing_diff_violations(
        default_items,
        timestamps_items,
        rule_id=rule_id,
        operation=operation,
        request=request,
        actual_label="the listing without AggregateBy",
        reference_label="the listing with AggregateBy=TIMESTAMPS",
        actual_where=lambda i: listing_pointer(i, name="default"),
        reference_where=lambda i: listing_pointer(i, name="timestamps"),
    )
