"""Content moderation: StartContentModeration and GetContentModeration.

Start fixes which detections a job returns: those of :mod:`rekognition_conformance.reference.moderationmodel` at or
above MinConfidence (default 50). The job's frozen results are those detections plus the same detections merged into
segments (consecutive samples of one label). Get decides how they are presented: SortBy (TIMESTAMP, default, or NAME,
which groups labels alphabetically and orders each group by descending confidence) and AggregateBy (TIMESTAMPS, default,
or SEGMENTS), then pages. Every item carries the label's ParentName and TaxonomyLevel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.moderationmodel import (
    MODEL_VERSION,
    SAMPLE_INTERVAL_MS,
    TAXONOMY,
    Detection,
    detect,
)
from rekognition_conformance.reference.results import get_results

START = "StartContentModeration"
GET = "GetContentModeration"

DEFAULT_MIN_CONFIDENCE = 50.0
DEFAULT_SORT_BY = "TIMESTAMP"
DEFAULT_AGGREGATE_BY = "TIMESTAMPS"


@dataclass(frozen=True)
class Segment:
    """A label seen at consecutive samples, from ``start`` up to (not including) ``end``."""

    name: str
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class ModerationResults:
    detections: tuple[Detection, ...]
    segments: tuple[Segment, ...]


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


def analyze(video: bytes, metadata: Mapping[str, Any], params: Mapping[str, Any]) -> ModerationResults:
    """The frozen results of a content moderation job."""
    requested = params.get("MinConfidence")
    floor = DEFAULT_MIN_CONFIDENCE if requested is None else float(requested)
    duration = int(metadata["DurationMillis"])
    kept = tuple(d for d in detect(video, duration) if d.confidence >= floor)
    return ModerationResults(kept, _segments(kept, duration))


def _label(name: str, confidence: float) -> dict[str, Any]:
    definition = TAXONOMY[name]
    return {
        "Confidence": confidence,
        "Name": name,
        "ParentName": definition.parent,
        "TaxonomyLevel": definition.level,
    }


def _timestamp_items(results: ModerationResults, sort_by: str) -> list[dict[str, Any]]:
    if sort_by == "NAME":
        ordered = sorted(results.detections, key=lambda d: (d.name, -d.confidence, d.timestamp))
    else:
        ordered = sorted(results.detections, key=lambda d: (d.timestamp, d.name))
    return [{"Timestamp": d.timestamp, "ModerationLabel": _label(d.name, d.confidence)} for d in ordered]


def _segment_items(results: ModerationResults, sort_by: str) -> list[dict[str, Any]]:
    if sort_by == "NAME":
        ordered = sorted(results.segments, key=lambda s: (s.name, -s.confidence, s.start))
    else:
        ordered = sorted(results.segments, key=lambda s: (s.start, s.name))
    return [
        {
            "Timestamp": s.start,
            "ModerationLabel": _label(s.name, s.confidence),
            "StartTimestampMillis": s.start,
            "EndTimestampMillis": s.end,
            "DurationMillis": s.end - s.start,
        }
        for s in ordered
    ]


class ModerationView:
    """How GetContentModeration presents a job's :class:`ModerationResults`."""

    items_member = "ModerationLabels"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {
            "SortBy": params.get("SortBy") or DEFAULT_SORT_BY,
            "AggregateBy": params.get("AggregateBy") or DEFAULT_AGGREGATE_BY,
        }

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        return {"GetRequestMetadata": {"SortBy": order["SortBy"], "AggregateBy": order["AggregateBy"]}}

    def items(self, results: ModerationResults, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        if order["AggregateBy"] == "SEGMENTS":
            return _segment_items(results, order["SortBy"])
        return _timestamp_items(results, order["SortBy"])

    def result_members(self, results: ModerationResults) -> dict[str, Any]:
        return {"ModerationModelVersion": MODEL_VERSION}


VIEW = ModerationView()


def start_content_moderation(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"JobId": context.jobs.start(START, params, analyze)}


def get_content_moderation(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


OPERATIONS: Mapping[str, Handler] = {START: start_content_moderation, GET: get_content_moderation}
