"""Order checks on a whole listing (the items of a NextToken chain concatenated in page order).

Pointers take the form ``listing[17]/Timestamp``. Keys are passed in, so the same checks serve labels
(Label.Name), celebrities (Celebrity.Id), persons (Person.Index) and any operation sorted by
Timestamp. Items whose key is missing or of the wrong type are skipped here; the schema reports them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, excerpt, listing_diff_violations, listing_pointer

Key = Callable[[Any], Any]


def timestamp_of(item: Any) -> float | None:
    return as_number(item.get("Timestamp")) if isinstance(item, dict) else None


def code_point(key: Any) -> Any:
    return key


def case_insensitive(key: Any) -> Any:
    return key.casefold() if isinstance(key, str) else key


# Which collation AWS uses for names is not documented; either is accepted.
NAME_ORDERINGS: tuple[Key, ...] = (code_point, case_insensitive)


@dataclass(frozen=True)
class Group:
    """A run of consecutive items (ignoring keyless ones) sharing one key."""

    key: Hashable
    indices: list[int]


def groups(items: Sequence[Any], key: Callable[[Any], Hashable | None]) -> list[Group]:
    found: list[Group] = []
    for index, item in enumerate(items):
        value = key(item)
        if value is None:
            continue
        if found and found[-1].key == value:
            found[-1].indices.append(index)
        else:
            found.append(Group(value, [index]))
    return found


def first_inversion(items: Sequence[Any], key: Key) -> tuple[int, int] | None:
    """Indices of the first adjacent pair (skipping keyless items) whose keys decrease, or None."""
    previous: int | None = None
    for index, item in enumerate(items):
        value = key(item)
        if value is None:
            continue
        if previous is not None and value < key(items[previous]):
            return previous, index
        previous = index
    return None


def _inversion_violation(
    rule_id: str, operation: str, items: Sequence[Any], request: Any, pair: tuple[int, int], key: Key
) -> Violation:
    before, after = pair
    return Violation(
        rule_id,
        operation,
        f"Expected Timestamp to be non-decreasing across the listing; listing[{before}] has "
        f"{excerpt(key(items[before]))} but the later listing[{after}] has {excerpt(key(items[after]))}.",
        request,
        listing_pointer(after),
        excerpt(items[after]),
    )


@check("SORT.TIMESTAMP")
def check_timestamp_order(
    operation: str, items: Sequence[Any], request: Any, *, key: Key = timestamp_of
) -> list[Violation]:
    """Timestamps never decrease across the whole listing; ties may come in any order."""
    pair = first_inversion(items, key)
    if pair is None:
        return []
    return [_inversion_violation("SORT.TIMESTAMP", operation, items, request, pair, key)]


@check("SORT.DEFAULT")
def check_default_sort(
    operation: str,
    default_items: Sequence[Any],
    timestamp_items: Sequence[Any],
    request: Any,
    *,
    key: Key = timestamp_of,
) -> list[Violation]:
    """A listing without SortBy holds the SortBy=TIMESTAMP listing's items and is timestamp-ordered.

    Pointers name the listing without SortBy ``default[i]`` and the other ``timestamp[i]``.
    """
    violations = listing_diff_violations(
        default_items,
        timestamp_items,
        rule_id="SORT.DEFAULT",
        operation=operation,
        request=request,
        actual_label="the listing without SortBy",
        reference_label="the listing with SortBy=TIMESTAMP",
        actual_where=lambda i: listing_pointer(i, name="default"),
        reference_where=lambda i: listing_pointer(i, name="timestamp"),
    )
    pair = first_inversion(default_items, key)
    if pair is not None:
        violations.append(_inversion_violation("SORT.DEFAULT", operation, default_items, request, pair, key))
    return violations


@check("LABELS.SORT.NAME")
def check_grouped(
    operation: str,
    items: Sequence[Any],
    request: Any,
    *,
    key: Callable[[Any], Hashable | None],
    rule_id: str,
    orderings: Sequence[Key] = NAME_ORDERINGS,
) -> list[Violation]:
    """Items with equal keys form one contiguous group, and groups come in ascending key order.

    The order is accepted if it is ascending under any of ``orderings`` (by default code-point or
    case-insensitive, because which one AWS uses is not documented). Reports the first group that
    splits and the first pair of groups out of order.
    """
    violations = []
    first_group: dict[Hashable, Group] = {}
    for group in groups(items, key):
        if group.key not in first_group:
            first_group[group.key] = group
            continue
        earlier = first_group[group.key]
        at = group.indices[0]
        violations.append(
            Violation(
                rule_id,
                operation,
                f"Expected all items with key {excerpt(group.key, 80)} to form one contiguous group; a "
                f"second group starts at listing[{at}], after the first at "
                f"listing[{earlier.indices[0]}..{earlier.indices[-1]}].",
                request,
                listing_pointer(at),
                excerpt(items[at]),
            )
        )
        break
    ordered = list(first_group.values())
    inversions = [_first_group_inversion(ordered, order) for order in orderings]
    found = [(order, pair) for order, pair in zip(orderings, inversions, strict=True) if pair]
    if orderings and len(found) == len(orderings):
        accounts = "; ".join(
            f"under {order.__name__.replace('_', '-')} order, {excerpt(ordered[a].key, 60)} "
            f"(listing[{ordered[a].indices[0]}]) precedes {excerpt(ordered[b].key, 60)} "
            f"(listing[{ordered[b].indices[0]}])"
            for order, (a, b) in found
        )
        at = ordered[found[0][1][1]].indices[0]
        violations.append(
            Violation(
                rule_id,
                operation,
                f"Expected groups in ascending key order under one of the accepted orderings; {accounts}.",
                request,
                listing_pointer(at),
                excerpt(items[at]),
            )
        )
    return violations


def _first_group_inversion(ordered: list[Group], order: Key) -> tuple[int, int] | None:
    for position in range(1, len(ordered)):
        if order(ordered[position].key) < order(ordered[position - 1].key):
            return position - 1, position
    return None


@check("LABELS.SORT.NAME_CONFIDENCE")
def check_monotonic_within_groups(
    operation: str,
    items: Sequence[Any],
    request: Any,
    *,
    group_key: Callable[[Any], Hashable | None],
    value_key: Callable[[Any], float | None],
    rule_id: str,
    or_ascending: Key | None = None,
) -> list[Violation]:
    """Within each contiguous group the values are monotonic, in whichever direction the group starts.

    Either direction is accepted because the documentation does not say which. A group whose items
    never decrease under ``or_ascending`` (for example their Timestamp) is accepted as well. One
    violation per group, at the first item that turns back.
    """
    violations = []
    for group in groups(items, group_key):
        turn = _turn(items, group.indices, value_key)
        if turn is None:
            continue
        if or_ascending is not None and _ascending([items[i] for i in group.indices], or_ascending):
            continue
        before, at = turn
        violations.append(
            Violation(
                rule_id,
                operation,
                f"Expected the values within group {excerpt(group.key, 80)} "
                f"(listing[{group.indices[0]}..{group.indices[-1]}]) to be monotonic; after moving one "
                f"way they turn back between listing[{before}] ({excerpt(value_key(items[before]))}) and "
                f"listing[{at}] ({excerpt(value_key(items[at]))})"
                + (", and they are not in ascending order either." if or_ascending is not None else "."),
                request,
                listing_pointer(at),
                excerpt(items[at]),
            )
        )
    return violations


def _ascending(items: Sequence[Any], key: Key) -> bool:
    """Every item has a ``key`` and the keys never decrease."""
    return all(key(item) is not None for item in items) and first_inversion(items, key) is None


def _turn(items: Sequence[Any], indices: list[int], value_key: Callable[[Any], float | None]) -> tuple[int, int] | None:
    direction = 0
    previous: tuple[int, float] | None = None
    for index in indices:
        value = value_key(items[index])
        if value is None:
            continue
        if previous is not None and value != previous[1]:
            step = 1 if value > previous[1] else -1
            if direction and step != direction:
                return previous[0], index
            direction = step
        previous = (index, value)
    return None


@dataclass(frozen=True)
class NameSortChecks:
    """A family's two SortBy=NAME checks, each declaring the family's rule."""

    groups: Callable[..., list[Violation]]
    confidence: Callable[..., list[Violation]]


def name_sort_checks(
    member: str, name: Callable[[Any], Hashable | None], confidence: Callable[[Any], float | None],
    rules: tuple[str, str], module: str,
) -> NameSortChecks:
    """The SortBy=NAME checks of a family whose items hold ``member`` (``Label``, ``ModerationLabel``): each
    name forms one contiguous group, groups in alphabetical order (``rules[0]``); within a group, items are in
    Timestamp order or their Confidence is monotonic (``rules[1]``). AWS's own NAME-sorted page keeps each
    group in Timestamp order (fixtures/aws/GetLabelDetection/devguide-2019-sort-name.json), whatever the API
    reference sentence about confidence says. ``module`` is where the checks are published."""
    groups_rule, confidence_rule = rules

    @check(groups_rule)
    def check_name_sort(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
        return check_grouped(operation, items, request, key=name, rule_id=groups_rule)

    @check(confidence_rule)
    def check_name_confidence(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
        return check_monotonic_within_groups(operation, items, request, group_key=name, value_key=confidence,
                                             rule_id=confidence_rule, or_ascending=timestamp_of)

    check_name_sort.__doc__ = f"SortBy=NAME: each {member}.Name forms one contiguous group, groups in name order."
    check_name_confidence.__doc__ = (f"SortBy=NAME: within a name group, items are in Timestamp order or "
                                     f"{member}.Confidence is monotonic.")
    for fn in (check_name_sort, check_name_confidence):
        fn.__module__ = module
        fn.__qualname__ = fn.__name__
    return NameSortChecks(check_name_sort, check_name_confidence)
