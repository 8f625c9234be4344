"""Faults in content moderation: the MinConfidence default, SortBy NAME and the taxonomy levels."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.reference.faults.base import Fault, relist, result_items, rewrite_params, rewrite_result

FAMILY = "moderation"
START = ("StartContentModeration",)
GET = ("GetContentModeration",)
WRONG_DEFAULT_MIN_CONFIDENCE = 30.0


def _default_min_confidence(operation: str, params: dict[str, Any]) -> None:
    if params.get("MinConfidence") is None:
        params["MinConfidence"] = WRONG_DEFAULT_MIN_CONFIDENCE


def _name(item: dict[str, Any]) -> str:
    return str((item.get("ModerationLabel") or {}).get("Name"))


def _groups_by_first_seen(operation: str, params: dict[str, Any], items: list[Any]) -> list[Any]:
    groups: dict[str, list[Any]] = {}
    for item in sorted(items, key=lambda i: i.get("Timestamp", 0)):
        groups.setdefault(_name(item), []).append(item)
    return [item for group in groups.values() for item in group]


def _levels_from_zero(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in result_items(operation, result):
        label = item.get("ModerationLabel") or {}
        if isinstance(label.get("TaxonomyLevel"), int):
            label["TaxonomyLevel"] -= 1


def _default_aggregate_by_segments(operation: str, params: dict[str, Any]) -> None:
    params.setdefault("AggregateBy", "SEGMENTS")


FAULTS: tuple[Fault, ...] = (
    Fault("moderation-min-confidence-default-30", "MODERATION.MIN_CONFIDENCE.DEFAULT", FAMILY,
          "a moderation job started without MinConfidence uses 30 instead of 50",
          START, handler=rewrite_params(_default_min_confidence)),
    Fault("moderation-name-groups-unordered", "MODERATION.SORT.NAME", FAMILY,
          "SortBy NAME groups the labels but orders the groups by first appearance, not alphabetically",
          GET, handler=relist(_groups_by_first_seen, lambda params: params.get("SortBy") == "NAME")),
    Fault("moderation-taxonomy-level-from-zero", "MODERATION.TAXONOMY.LEVEL", FAMILY,
          "TaxonomyLevel counts from 0 (top-level categories are level 0)",
          GET, handler=rewrite_result(_levels_from_zero)),
    Fault("moderation-default-aggregate-segments", "MODERATION.AGGREGATE.DEFAULT", FAMILY,
          "without AggregateBy, results are aggregated by SEGMENTS instead of the documented default TIMESTAMPS",
          GET, handler=rewrite_params(_default_aggregate_by_segments)),
)
