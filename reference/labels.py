"""Label detection: StartLabelDetection and GetLabelDetection.

Start fixes everything that decides *which* detections a job returns: MinConfidence (default 50)
and the GENERAL_LABELS filters. The job's frozen results are the detections that pass them, plus
the same detections merged into segments. Get only decides *how* they are presented: SortBy
(TIMESTAMP, default, or NAME) and AggregateBy (TIMESTAMPS, default, or SEGMENTS), then pages.

Filters act on each detection's own label: an inclusion filter returns only the named labels
(their ``Parents`` still name the full ancestry), an exclusion filter removes the named labels, a
category inclusion filter keeps labels with at least one named category and a category exclusion
filter removes labels with any named category. All given filters apply together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.labelmodel import SAMPLE_INTERVAL_MS, Detection, Instance, detect
from rekognition_conformance.reference.results import get_results
from rekognition_conformance.reference.taxonomy import MODEL_VERSION, TAXONOMY

START = "StartLabelDetection"
GET = "GetLabelDetection"

DEFAULT_MIN_CONFIDENCE = 50.0
DEFAULT_SORT_BY = "TIMESTAMP"
DEFAULT_AGGREGATE_BY = "TIMESTAMPS"


@dataclass(frozen=True)
class Segment:
    """A label seen at consecutive sampled timestamps, from ``start`` up to (not including) ``end``."""

    name: str
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class LabelResults:
    detections: tuple[Detection, ...]
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class LabelSelection:
    """What a StartLabelDetection request asks to be returned."""

    min_confidence: float
    include: frozenset[str]
    exclude: frozenset[str]
    include_categories: frozenset[str]
    exclude_categories: frozenset[str]

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> LabelSelection:
        general = (params.get("Settings") or {}).get("GeneralLabels") or {}

        def names(member: str) -> frozenset[str]:
            return frozenset(general.get(member) or ())

        min_confidence = params.get("MinConfidence")
        return cls(
            min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else float(min_confidence),
            include=names("LabelInclusionFilters"),
            exclude=names("LabelExclusionFilters"),
            include_categories=names("LabelCategoryInclusionFilters"),
            exclude_categories=names("LabelCategoryExclusionFilters"),
        )

    def admits(self, name: str) -> bool:
        categories = set(TAXONOMY[name].categories)
        return (
            (not self.include or name in self.include)
            and name not in self.exclude
            and (not self.include_categories or bool(categories & self.include_categories))
            and not categories & self.exclude_categories
        )

    def select(self, detection: Detection) -> Detection | None:
        """``detection`` as returned, without instances below MinConfidence; None if it is not returned."""
        if detection.confidence < self.min_confidence or not self.admits(detection.name):
            return None
        instances = tuple(inst for inst in detection.instances if inst.confidence >= self.min_confidence)
        return Detection(detection.timestamp, detection.name, detection.confidence, instances)


def _segments(detections: Sequence[Detection], duration_millis: int) -> tuple[Segment, ...]:
    by_name: dict[str, list[Detection]] = {}
    for detection in detections:
        by_name.setdefault(detection.name, []).append(detection)
    segments: list[Segment] = []
    for name, seen in by_name.items():
        run: list[Detection] = []
        for detection in sorted(seen, key=lambda d: d.timestamp):
            if run and detection.timestamp - run[-1].timestamp != SAMPLE_INTERVAL_MS:
                segments.append(_segment(name, run, duration_millis))
                run = []
            run.append(detection)
        segments.append(_segment(name, run, duration_millis))
    return tuple(segments)


def _segment(name: str, run: Sequence[Detection], duration_millis: int) -> Segment:
    # A sample stands for the interval up to the next one, clipped to the end of the video.
    end = min(run[-1].timestamp + SAMPLE_INTERVAL_MS, duration_millis)
    return Segment(name, run[0].timestamp, end, max(d.confidence for d in run))


def analyze(video: bytes, metadata: Mapping[str, Any], params: Mapping[str, Any]) -> LabelResults:
    """The frozen results of a label detection job."""
    selection = LabelSelection.from_params(params)
    duration = int(metadata["DurationMillis"])
    kept = tuple(
        selected for selected in (selection.select(d) for d in detect(video, duration)) if selected is not None
    )
    return LabelResults(kept, _segments(kept, duration))


def _label(name: str, confidence: float, instances: tuple[Instance, ...] | None) -> dict[str, Any]:
    label = TAXONOMY[name]
    body: dict[str, Any] = {"Name": name, "Confidence": confidence}
    if instances is not None:
        body["Instances"] = [
            {
                "BoundingBox": {
                    "Width": inst.box.width,
                    "Height": inst.box.height,
                    "Left": inst.box.left,
                    "Top": inst.box.top,
                },
                "Confidence": inst.confidence,
            }
            for inst in instances
        ]
    body["Parents"] = [{"Name": parent} for parent in label.parents]
    body["Aliases"] = [{"Name": alias} for alias in label.aliases]
    body["Categories"] = [{"Name": category} for category in label.categories]
    return body


def _timestamp_items(results: LabelResults, sort_by: str) -> list[dict[str, Any]]:
    if sort_by == "NAME":
        ordered = sorted(results.detections, key=lambda d: (d.name, -d.confidence, d.timestamp))
    else:
        ordered = sorted(results.detections, key=lambda d: (d.timestamp, d.name))
    return [{"Timestamp": d.timestamp, "Label": _label(d.name, d.confidence, d.instances)} for d in ordered]


def _segment_items(results: LabelResults, sort_by: str) -> list[dict[str, Any]]:
    if sort_by == "NAME":
        ordered = sorted(results.segments, key=lambda s: (s.name, -s.confidence, s.start))
    else:
        ordered = sorted(results.segments, key=lambda s: (s.start, s.name))
    return [
        {
            "Timestamp": s.start,
            "Label": _label(s.name, s.confidence, None),
            "StartTimestampMillis": s.start,
            "EndTimestampMillis": s.end,
            "DurationMillis": s.end - s.start,
        }
        for s in ordered
    ]


class LabelView:
    """How GetLabelDetection presents a job's :class:`LabelResults`."""

    items_member = "Labels"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {
            "SortBy": params.get("SortBy") or DEFAULT_SORT_BY,
            "AggregateBy": params.get("AggregateBy") or DEFAULT_AGGREGATE_BY,
        }

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        return {"GetRequestMetadata": {"SortBy": order["SortBy"], "AggregateBy": order["AggregateBy"]}}

    def items(self, results: LabelResults, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        if order["AggregateBy"] == "SEGMENTS":
            return _segment_items(results, order["SortBy"])
        return _timestamp_items(results, order["SortBy"])

    def result_members(self, results: LabelResults) -> dict[str, Any]:
        return {"LabelModelVersion": MODEL_VERSION}


VIEW = LabelView()


def start_label_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    # Features can only be GENERAL_LABELS (the schema's enum), which is also what an empty list means.
    return {"JobId": context.jobs.start(START, params, analyze)}


def get_label_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


OPERATIONS: Mapping[str, Handler] = {START: start_label_detection, GET: get_label_detection}
