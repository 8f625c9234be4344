"""Segment detection: StartSegmentDetection and GetSegmentDetection.

Start fixes which segments a job returns: the requested SegmentTypes (each once, in the request's
order), the shots and technical cues of :mod:`rekognition_conformance.reference.segmentmodel` at or above each type's
MinSegmentConfidence (default 50), and, for black-frame cues, the BlackFrame thresholds (defaults
MaxPixelThreshold 0.2 and MinCoveragePercentage 99). Shots keep their Index in the whole video, so a
filtered job may skip numbers.

Get has no sort or aggregation options: segments come grouped by type in the order of the request's
SegmentTypes, each group by start time, then pages. Unlike the other families, VideoMetadata is a list
(one object) and every page also carries AudioMetadata (one entry per audio stream, read with PyAV) and
SelectedSegmentTypes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import av

from rekognition_conformance.reference.context import Handler, ServiceContext
from rekognition_conformance.reference.results import get_results
from rekognition_conformance.reference.segmentmodel import SHOT, TECHNICAL_CUE, FrameGrid, Span, shots, technical_cues

START = "StartSegmentDetection"
GET = "GetSegmentDetection"

MODEL_VERSION = "1.0"
DEFAULT_MIN_SEGMENT_CONFIDENCE = 50.0
DEFAULT_MAX_PIXEL_THRESHOLD = 0.2
DEFAULT_MIN_COVERAGE_PERCENTAGE = 99.0


@dataclass(frozen=True)
class SegmentSelection:
    """What a StartSegmentDetection request asks to be returned."""

    types: tuple[str, ...]
    min_shot: float
    min_cue: float
    max_pixel_threshold: float
    min_coverage: float

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> SegmentSelection:
        filters = params.get("Filters") or {}
        shot = filters.get("ShotFilter") or {}
        cue = filters.get("TechnicalCueFilter") or {}
        black = cue.get("BlackFrame") or {}

        def given(member: Mapping[str, Any], name: str, default: float) -> float:
            value = member.get(name)
            return default if value is None else float(value)

        return cls(
            types=tuple(dict.fromkeys(params["SegmentTypes"])),
            min_shot=given(shot, "MinSegmentConfidence", DEFAULT_MIN_SEGMENT_CONFIDENCE),
            min_cue=given(cue, "MinSegmentConfidence", DEFAULT_MIN_SEGMENT_CONFIDENCE),
            max_pixel_threshold=given(black, "MaxPixelThreshold", DEFAULT_MAX_PIXEL_THRESHOLD),
            min_coverage=given(black, "MinCoveragePercentage", DEFAULT_MIN_COVERAGE_PERCENTAGE),
        )

    def keeps(self, span: Span) -> bool:
        if span.kind == SHOT:
            return span.confidence >= self.min_shot
        if span.cue == "BlackFrames" and (
            span.black_level > self.max_pixel_threshold or span.coverage < self.min_coverage
        ):
            return False
        return span.confidence >= self.min_cue


@dataclass(frozen=True)
class SegmentResults:
    grid: FrameGrid
    spans: tuple[Span, ...]  # grouped by type in the requested order, each group by start frame
    types: tuple[str, ...]
    video_metadata: Mapping[str, Any]
    audio_metadata: tuple[Mapping[str, Any], ...]


def audio_metadata(video: bytes) -> tuple[dict[str, Any], ...]:
    """One AudioMetadata object per audio stream of ``video``."""
    with av.open(io.BytesIO(video), mode="r") as container:
        found = []
        for stream in container.streams.audio:
            duration = stream.duration * stream.time_base if stream.duration and stream.time_base else 0
            found.append(
                {
                    "Codec": stream.codec_context.name,
                    "DurationMillis": round(float(duration) * 1000),
                    "SampleRate": stream.codec_context.sample_rate or 0,
                    "NumberOfChannels": stream.codec_context.channels or 0,
                }
            )
        return tuple(found)


def analyze(video: bytes, metadata: Mapping[str, Any], params: Mapping[str, Any]) -> SegmentResults:
    """The frozen results of a segment detection job."""
    selection = SegmentSelection.from_params(params)
    grid = FrameGrid.of(float(metadata["FrameRate"]), int(metadata["DurationMillis"]))
    detected = {SHOT: shots(video, grid), TECHNICAL_CUE: technical_cues(video, grid)}
    spans = tuple(span for kind in selection.types for span in detected[kind] if selection.keeps(span))
    return SegmentResults(grid, spans, selection.types, dict(metadata), audio_metadata(video))


def _item(span: Span, grid: FrameGrid) -> dict[str, Any]:
    start, end = grid.millis(span.start), grid.millis(span.end)
    item: dict[str, Any] = {
        "Type": span.kind,
        "StartTimestampMillis": start,
        "EndTimestampMillis": end,
        "DurationMillis": end - start,
        "StartTimecodeSMPTE": grid.timecode(span.start),
        "EndTimecodeSMPTE": grid.timecode(span.end),
        "DurationSMPTE": grid.timecode(span.end - span.start),
    }
    if span.kind == SHOT:
        item["ShotSegment"] = {"Index": span.index, "Confidence": span.confidence}
    else:
        item["TechnicalCueSegment"] = {"Type": span.cue, "Confidence": span.confidence}
    item.update(StartFrameNumber=span.start, EndFrameNumber=span.end, DurationFrames=span.end - span.start)
    return item


class SegmentView:
    """How GetSegmentDetection presents a job's :class:`SegmentResults`."""

    items_member = "Segments"

    def order(self, params: Mapping[str, Any]) -> dict[str, str]:
        return {}

    def request_members(self, order: Mapping[str, str]) -> dict[str, Any]:
        return {}

    def items(self, results: SegmentResults, order: Mapping[str, str]) -> Sequence[dict[str, Any]]:
        return [_item(span, results.grid) for span in results.spans]

    def result_members(self, results: SegmentResults) -> dict[str, Any]:
        # Replaces the single VideoMetadata object the shared Get handler sends: here it is a list.
        return {
            "VideoMetadata": [dict(results.video_metadata)],
            "AudioMetadata": [dict(entry) for entry in results.audio_metadata],
            "SelectedSegmentTypes": [{"Type": kind, "ModelVersion": MODEL_VERSION} for kind in results.types],
        }


VIEW = SegmentView()


def start_segment_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return {"JobId": context.jobs.start(START, params, analyze)}


def get_segment_detection(context: ServiceContext, params: dict[str, Any]) -> dict[str, Any]:
    return get_results(context, params, start_operation=START, view=VIEW)


OPERATIONS: Mapping[str, Handler] = {START: start_segment_detection, GET: get_segment_detection}
