"""Faults in label detection (StartLabelDetection / GetLabelDetection): defaults, sorting, aggregation,
MinConfidence, the GENERAL_LABELS filters and label content.
"""

from __future__ import annotations

import copy
from typing import Any

from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.faults.base import (
    Fault,
    ParamsChange,
    metadata_records,
    relist,
    result_items,
    rewrite_params,
    rewrite_result,
)
from rekognition_conformance.reference.pagination import MAX_RESULTS_CAP, page_size

FAMILY = "labels"
START = ("StartLabelDetection",)
GET = ("GetLabelDetection",)


def _by_timestamp(params: dict[str, Any]) -> bool:
    return (params.get("SortBy") or "TIMESTAMP") == "TIMESTAMP"


def _by_name(params: dict[str, Any]) -> bool:
    return params.get("SortBy") == "NAME"


def _name(item: dict[str, Any]) -> str:
    return str((item.get("Label") or {}).get("Name"))


def _default(member: str, value: Any) -> ParamsChange:
    def change(operation: str, params: dict[str, Any]) -> None:
        if params.get(member) is None:
            params[member] = value

    return change


# --- pagination ---------------------------------------------------------------------------------------


def _unclamped(operation: str, inner: Handler) -> Handler:
    # A MaxResults above 1000 is honoured by reading ahead: the page holds as many items as asked for.
    def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        wanted = params.get("MaxResults")
        if wanted is None or wanted <= MAX_RESULTS_CAP:
            return inner(context, params)
        result = copy.deepcopy(inner(context, params))
        items = result_items(operation, result)
        while result.get("NextToken") and len(items) < wanted:
            more = inner(context, {**params, "MaxResults": MAX_RESULTS_CAP, "NextToken": result.pop("NextToken")})
            items += result_items(operation, more)
            if more.get("NextToken"):
                result["NextToken"] = more["NextToken"]
        return result

    return handler


def _ties_reversed(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    # Only pages of another size than 1000 reverse the items that share a Timestamp.
    if not _by_timestamp(params) or page_size(params.get("MaxResults")) == MAX_RESULTS_CAP:
        return
    items = result_items(operation, result)
    reordered: list[Any] = []
    run: list[Any] = []
    for item in items:
        if run and item.get("Timestamp") != run[-1].get("Timestamp"):
            reordered += reversed(run)
            run = []
        run.append(item)
    items[:] = reordered + list(reversed(run))


# --- sorting ------------------------------------------------------------------------------------------


def _sorted_per_page(operation: str, inner: Handler) -> Handler:
    # Pages are cut from the NAME order and only then sorted by Timestamp, each on its own.
    def handler(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
        if not _by_timestamp(params):
            return inner(context, params)
        result = dict(inner(context, {**params, "SortBy": "NAME"}))
        member = "Labels"
        if isinstance(result.get(member), list):
            result[member] = sorted(result[member], key=lambda item: item.get("Timestamp", 0))
        if isinstance(result.get("GetRequestMetadata"), dict):
            requested = params.get("SortBy") or "TIMESTAMP"
            result["GetRequestMetadata"] = {**result["GetRequestMetadata"], "SortBy": requested}
        return result

    return handler


def _groups(items: list[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for item in items:
        grouped.setdefault(_name(item), []).append(item)
    return grouped


def _groups_by_first_seen(operation: str, params: dict[str, Any], items: list[Any]) -> list[Any]:
    groups = sorted(_groups(items).items(), key=lambda entry: (min(i.get("Timestamp", 0) for i in entry[1]), entry[0]))
    return [item for _, group in groups for item in group]


def _groups_latest_first(operation: str, params: dict[str, Any], items: list[Any]) -> list[Any]:
    return [
        item for group in _groups(items).values()
        for item in sorted(group, key=lambda i: i.get("Timestamp", 0), reverse=True)
    ]


# --- aggregation --------------------------------------------------------------------------------------


def _segment_items(operation: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in result_items(operation, result) if "StartTimestampMillis" in item]


def _segment_midpoint(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in _segment_items(operation, result):
        item["Timestamp"] = (item["StartTimestampMillis"] + item["EndTimestampMillis"]) // 2


def _segment_duration_seconds(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in _segment_items(operation, result):
        item["DurationMillis"] = (item["EndTimestampMillis"] - item["StartTimestampMillis"]) // 1000


def _segment_instances(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in _segment_items(operation, result):
        label = item["Label"]
        whole_frame = {"Width": 1.0, "Height": 1.0, "Left": 0.0, "Top": 0.0}
        label["Instances"] = [{"BoundingBox": whole_frame, "Confidence": label["Confidence"]}]


def _timestamps_with_segment_members(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in result_items(operation, result):
        if "StartTimestampMillis" not in item and isinstance(item.get("Timestamp"), int):
            item.update(StartTimestampMillis=item["Timestamp"], EndTimestampMillis=item["Timestamp"], DurationMillis=0)


# --- MinConfidence and filters -----------------------------------------------------------------------


def _confidence_as_fraction(operation: str, params: dict[str, Any]) -> None:
    if params.get("MinConfidence") is not None:
        params["MinConfidence"] = params["MinConfidence"] / 100


def _confidence_at_least_50(operation: str, params: dict[str, Any]) -> None:
    if params.get("MinConfidence") is not None:
        params["MinConfidence"] = max(params["MinConfidence"], 50.0)


def _ignore_filter(member: str) -> ParamsChange:
    def change(operation: str, params: dict[str, Any]) -> None:
        general = (params.get("Settings") or {}).get("GeneralLabels")
        if isinstance(general, dict):
            general.pop(member, None)

    return change


# --- label content ------------------------------------------------------------------------------------


def _leaves_only(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    items = result_items(operation, result)
    named = {
        (item.get("Timestamp"), parent.get("Name"))
        for item in items
        for parent in (item.get("Label") or {}).get("Parents") or []
    }
    items[:] = [item for item in items if (item.get("Timestamp"), _name(item)) not in named]


def _boxes_in_pixels(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    frame = next(metadata_records(result), {})
    width, height = frame.get("FrameWidth", 1), frame.get("FrameHeight", 1)
    for item in result_items(operation, result):
        for instance in (item.get("Label") or {}).get("Instances") or []:
            box = instance["BoundingBox"]
            box.update(
                Width=round(box["Width"] * width),
                Left=round(box["Left"] * width),
                Height=round(box["Height"] * height),
                Top=round(box["Top"] * height),
            )


def _confidence_as_string(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    for item in result_items(operation, result):
        label = item.get("Label") or {}
        if isinstance(label.get("Confidence"), float):
            label["Confidence"] = repr(label["Confidence"])


def _default_floor_lowered(operation: str, params: dict[str, Any]) -> None:
    params.setdefault("MinConfidence", 40.0)


FAULTS: tuple[Fault, ...] = (
    # defaults
    Fault("min-confidence-default-55", "LABELS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT", FAMILY,
          "a job started without MinConfidence uses 55 instead of 50",
          START, handler=rewrite_params(_default("MinConfidence", 55.0))),
    Fault("max-results-default-100", "PAGINATION.DEFAULT", FAMILY,
          "a Get without MaxResults returns pages of 100 instead of 1000",
          GET, handler=rewrite_params(_default("MaxResults", 100))),
    Fault("max-results-not-clamped", "PAGINATION.CLAMP", FAMILY,
          "a MaxResults above 1000 is honoured: pages hold more than 1000 items",
          GET, handler=_unclamped),
    Fault("default-sort-name", "SORT.DEFAULT", FAMILY,
          "a Get without SortBy sorts by NAME",
          GET, handler=rewrite_params(_default("SortBy", "NAME"))),
    Fault("default-aggregation-segments", "LABELS.AGGREGATE.DEFAULT", FAMILY,
          "a Get without AggregateBy aggregates by SEGMENTS",
          GET, handler=rewrite_params(_default("AggregateBy", "SEGMENTS"))),
    # sorting and pagination order
    Fault("timestamp-descending", "SORT.TIMESTAMP", FAMILY,
          "SortBy TIMESTAMP (and the default) lists the latest detections first",
          GET, handler=relist(lambda op, params, items: items[::-1], _by_timestamp)),
    Fault("pages-sorted-separately", "SORT.TIMESTAMP", FAMILY,
          "SortBy TIMESTAMP sorts each page on its own, cut from the NAME order",
          GET, handler=_sorted_per_page),
    Fault("name-groups-unordered", "LABELS.SORT.NAME", FAMILY,
          "SortBy NAME groups the labels but orders the groups by first appearance, not alphabetically",
          GET, handler=relist(_groups_by_first_seen, _by_name)),
    Fault("name-group-latest-first", "LABELS.SORT.NAME_CONFIDENCE", FAMILY,
          "SortBy NAME orders the items of a label group latest first: neither in Timestamp order nor by confidence",
          GET, handler=relist(_groups_latest_first, _by_name)),
    Fault("tie-order-depends-on-page-size", "PAGINATION.ORDER", FAMILY,
          "with MaxResults other than 1000, items sharing a Timestamp come in reverse order",
          GET, handler=rewrite_result(_ties_reversed)),
    # aggregation
    Fault("segment-timestamp-midpoint", "LABELS.AGGREGATE.SEGMENTS", FAMILY,
          "SEGMENTS items carry the segment's midpoint as Timestamp instead of StartTimestampMillis",
          GET, handler=rewrite_result(_segment_midpoint)),
    Fault("segment-duration-seconds", "LABELS.AGGREGATE.SEGMENTS", FAMILY,
          "SEGMENTS items give DurationMillis in seconds",
          GET, handler=rewrite_result(_segment_duration_seconds)),
    Fault("segments-with-instances", "LABELS.AGGREGATE.SEGMENTS", FAMILY,
          "SEGMENTS items carry label instances (a whole-frame box)",
          GET, handler=rewrite_result(_segment_instances)),
    Fault("timestamps-with-segment-members", "LABELS.AGGREGATE.TIMESTAMPS", FAMILY,
          "TIMESTAMPS items carry StartTimestampMillis, EndTimestampMillis and DurationMillis",
          GET, handler=rewrite_result(_timestamps_with_segment_members)),
    # MinConfidence
    Fault("min-confidence-as-fraction", "LABELS.MIN_CONFIDENCE.FLOOR", FAMILY,
          "a given MinConfidence is read as a fraction (80 means 0.8 %)",
          START, handler=rewrite_params(_confidence_as_fraction)),
    Fault("min-confidence-lower-ignored", "LABELS.MIN_CONFIDENCE.LOWER", FAMILY,
          "a MinConfidence below 50 is raised to 50",
          START, handler=rewrite_params(_confidence_at_least_50)),
    # filters
    Fault("inclusion-filter-ignored", "LABELS.FILTER.INCLUSION", FAMILY,
          "LabelInclusionFilters is ignored",
          START, handler=rewrite_params(_ignore_filter("LabelInclusionFilters"))),
    Fault("exclusion-filter-ignored", "LABELS.FILTER.EXCLUSION", FAMILY,
          "LabelExclusionFilters is ignored",
          START, handler=rewrite_params(_ignore_filter("LabelExclusionFilters"))),
    Fault("category-inclusion-ignored", "LABELS.FILTER.CATEGORY_INCLUSION", FAMILY,
          "LabelCategoryInclusionFilters is ignored",
          START, handler=rewrite_params(_ignore_filter("LabelCategoryInclusionFilters"))),
    Fault("category-exclusion-ignored", "LABELS.FILTER.CATEGORY_EXCLUSION", FAMILY,
          "LabelCategoryExclusionFilters is ignored",
          START, handler=rewrite_params(_ignore_filter("LabelCategoryExclusionFilters"))),
    # content and schema
    Fault("parents-not-labels", "LABELS.PARENTS", FAMILY,
          "ancestors are named in Parents but not returned as labels of their own",
          GET, handler=rewrite_result(_leaves_only)),
    Fault("bounding-boxes-in-pixels", "LABELS.BOUNDING_BOX", FAMILY,
          "instance bounding boxes are given in pixels instead of ratios of the frame",
          GET, handler=rewrite_result(_boxes_in_pixels)),
    Fault("confidence-as-string", "SCHEMA.RESPONSE", FAMILY,
          "Label.Confidence, a float, is sent as a JSON string",
          GET, handler=rewrite_result(_confidence_as_string)),
    Fault("label-default-confidence-40", "LABELS.MIN_CONFIDENCE.DEFAULT", FAMILY,
          "a job started without MinConfidence returns labels down to 40, not the documented default 50",
          START, handler=rewrite_params(_default_floor_lowered)),
)
