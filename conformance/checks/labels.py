"""Checks specific to GetLabelDetection listings: name sorting, label filters, parents, bounding boxes.

``items`` is a whole listing (a chain's Labels concatenated in page order); pointers take the form
``listing[17]/Label/Name``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, dig, excerpt, listing_pointer
from rekognition_conformance.checks.sorting import name_sort_checks


def label_name(item: Any) -> str | None:
    name = dig(item, "Label", "Name")
    return name if isinstance(name, str) else None


def label_confidence(item: Any) -> float | None:
    return as_number(dig(item, "Label", "Confidence"))


def parent_names(item: Any) -> list[str]:
    parents = dig(item, "Label", "Parents")
    if not isinstance(parents, list):
        return []
    return [p["Name"] for p in parents if isinstance(p, dict) and isinstance(p.get("Name"), str)]


def category_names(item: Any) -> list[str]:
    categories = dig(item, "Label", "Categories")
    if not isinstance(categories, list):
        return []
    return [c["Name"] for c in categories if isinstance(c, dict) and isinstance(c.get("Name"), str)]


NAME_SORT = name_sort_checks("Label", label_name, label_confidence, ("LABELS.SORT.NAME", "LABELS.SORT.NAME_CONFIDENCE"),
                             __name__)
check_name_sort = NAME_SORT.groups
check_name_confidence = NAME_SORT.confidence




FILTER_RULES = {
    "LabelInclusionFilters": "LABELS.FILTER.INCLUSION",
    "LabelExclusionFilters": "LABELS.FILTER.EXCLUSION",
    "LabelCategoryInclusionFilters": "LABELS.FILTER.CATEGORY_INCLUSION",
    "LabelCategoryExclusionFilters": "LABELS.FILTER.CATEGORY_EXCLUSION",
}


def _filters(settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """The non-empty filter lists, from either StartLabelDetection's Settings or its GeneralLabels."""
    general = settings.get("GeneralLabels", settings)
    if not isinstance(general, Mapping):
        return {}
    return {
        name: [v for v in values if isinstance(v, str)]
        for name in FILTER_RULES
        if isinstance(values := general.get(name), list) and values
    }


@check(*FILTER_RULES.values())
def check_label_filters(
    operation: str, items: Sequence[Any], settings: Mapping[str, Any], request: Any
) -> list[Violation]:
    """The listing of a job started with label filters keeps to each filter the settings carry.

    ``settings`` is StartLabelDetection's Settings or its GeneralLabels member. Where the
    documentation is silent, a label AWS might return is accepted:

    * case: inclusion matches ignore case and exclusion matches respect it;
    * ancestors: a label named as a parent of an included label counts as included;
    * label and category inclusion together: a label passing either satisfies both rules.
    """
    filters = _filters(settings)
    if not filters:
        return []
    names_in = {n.casefold() for n in filters.get("LabelInclusionFilters", [])}
    categories_in = {n.casefold() for n in filters.get("LabelCategoryInclusionFilters", [])}
    names_out = set(filters.get("LabelExclusionFilters", []))
    categories_out = set(filters.get("LabelCategoryExclusionFilters", []))
    directly = [_passes_inclusion(item, names_in, categories_in) for item in items]
    ancestors = {p.casefold() for item, ok in zip(items, directly, strict=True) if ok for p in parent_names(item)}
    violations = []
    for index, item in enumerate(items):
        name = label_name(item)
        categories = category_names(item)
        included = directly[index] or (name is not None and name.casefold() in ancestors)
        breaches: list[tuple[str, tuple[str | int, ...], Any, str]] = []
        if names_in and not included and name is not None:
            breaches.append(("LabelInclusionFilters", ("Label", "Name"), name, "is not in"))
        if categories_in and not included:
            breaches.append(
                ("LabelCategoryInclusionFilters", ("Label", "Categories"), categories, "has no category in")
            )
        if name in names_out:
            breaches.append(("LabelExclusionFilters", ("Label", "Name"), name, "is in"))
        breaches += [
            ("LabelCategoryExclusionFilters", ("Label", "Categories", position, "Name"), category, "is in")
            for position, category in enumerate(categories)
            if category in categories_out
        ]
        violations += [
            Violation(
                FILTER_RULES[filter_name],
                operation,
                f"Expected the job's {filter_name} to hold; listing[{index}] {'/'.join(map(str, path))} "
                f"{excerpt(value, 80)} {why} {excerpt(filters[filter_name], 120)}.",
                request,
                listing_pointer(index, *path),
                excerpt(value),
            )
            for filter_name, path, value, why in breaches
        ]
    return violations


def _passes_inclusion(item: Any, names_in: set[str], categories_in: set[str]) -> bool:
    name = label_name(item)
    if names_in and name is not None and name.casefold() in names_in:
        return True
    return bool(categories_in) and any(c.casefold() in categories_in for c in category_names(item))


@check("LABELS.PARENTS")
def check_parents(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """In a TIMESTAMPS listing, each parent a label names is returned as a label at the same Timestamp.

    Do not apply to listings of jobs started with label filters or a MinConfidence above the
    parents', which may legitimately remove the parents.
    """
    names_at: defaultdict[Any, set[str]] = defaultdict(set)
    for item in items:
        name = label_name(item)
        if name is not None:
            names_at[dig(item, "Timestamp")].add(name)
    violations = []
    for index, item in enumerate(items):
        parents = dig(item, "Label", "Parents")
        if not isinstance(parents, list):
            continue
        timestamp = dig(item, "Timestamp")
        for position, parent in enumerate(parents):
            parent_name = dig(parent, "Name")
            if isinstance(parent_name, str) and parent_name not in names_at[timestamp]:
                violations.append(
                    Violation(
                        "LABELS.PARENTS",
                        operation,
                        f"listing[{index}] ({label_name(item)!r} at Timestamp {excerpt(timestamp)}) names "
                        f"parent {parent_name!r}, but no label {parent_name!r} is returned at that Timestamp.",
                        request,
                        listing_pointer(index, "Label", "Parents", position, "Name"),
                        excerpt(parent_name),
                    )
                )
    return violations


@check("LABELS.BOUNDING_BOX")
def check_bounding_boxes(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Instance bounding boxes are ratios of the frame: Width and Height in [0, 1], box inside the frame.

    AWS documents that Left and Top may fall below 0 or above 1 for an object partly outside the
    frame, so those are held only to the box overlapping the frame (Left <= 1 and Left + Width >= 0,
    likewise Top and Height).
    """
    violations = []
    for index, item in enumerate(items):
        instances = dig(item, "Label", "Instances")
        if not isinstance(instances, list):
            continue
        for position, instance in enumerate(instances):
            box = dig(instance, "BoundingBox")
            if not isinstance(box, dict):
                continue
            base = ("Label", "Instances", position, "BoundingBox")
            for member, problem in _box_problems(box):
                violations.append(
                    Violation(
                        "LABELS.BOUNDING_BOX",
                        operation,
                        f"listing[{index}] instance {position} has BoundingBox {member} {problem}.",
                        request,
                        listing_pointer(index, *base, member),
                        excerpt(box),
                    )
                )
    return violations


def _box_problems(box: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems = []
    for size, offset in (("Width", "Left"), ("Height", "Top")):
        extent, start = as_number(box.get(size)), as_number(box.get(offset))
        if extent is not None and not 0 <= extent <= 1:
            problems.append((size, f"{extent:g}, outside [0, 1]"))
        if start is not None and start > 1:
            problems.append((offset, f"{start:g}, beyond the frame's far edge"))
        if start is not None and extent is not None and start + extent < 0:
            problems.append((offset, f"{start:g} with {size} {extent:g}, ending before the frame starts"))
    return problems
