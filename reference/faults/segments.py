"""Faults in segment detection: the SegmentTypes a job was started with, their echo, and SMPTE timecodes."""

from __future__ import annotations

from typing import Any

from reference.faults.base import Fault, result_items, rewrite_params, rewrite_result

FAMILY = "segments"
START = ("StartSegmentDetection",)
GET = ("GetSegmentDetection",)
SEGMENT_TYPES = ("TECHNICAL_CUE", "SHOT")
TIMECODES = ("StartTimecodeSMPTE", "EndTimecodeSMPTE", "DurationSMPTE")


def _every_type(operation: str, params: dict[str, Any]) -> None:
    # The requested types keep their order; the ones not asked for are detected as well.
    given = list(params.get("SegmentTypes") or [])
    params["SegmentTypes"] = given + [kind for kind in SEGMENT_TYPES if kind not in given]


def _no_selected_types(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    result.pop("SelectedSegmentTypes", None)


def _frames_after_a_dot(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    # HH:MM:SS.fr, the notation of some editors, instead of SMPTE's HH:MM:SS:fr.
    for item in result_items(operation, result):
        for member in TIMECODES:
            value = item.get(member)
            if isinstance(value, str) and len(value) > 3:
                item[member] = f"{value[:-3]}.{value[-2:]}"


def _default_floor_lowered(operation: str, params: dict[str, Any]) -> None:
    # A filter that names no MinSegmentConfidence gets 40, not the documented default 50.
    filters = params.setdefault("Filters", {})
    for name in ("ShotFilter", "TechnicalCueFilter"):
        chosen = filters.setdefault(name, {})
        if isinstance(chosen, dict):
            chosen.setdefault("MinSegmentConfidence", 40.0)


def _audio_on_first_page_only(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    if params.get("NextToken") and result.get("AudioMetadata"):
        del result["AudioMetadata"]


FAULTS: tuple[Fault, ...] = (
    Fault("segment-types-ignored", "SEGMENTS.TYPES.SELECTED", FAMILY,
          "a job detects every segment type, whatever SegmentTypes it was started with",
          START, handler=rewrite_params(_every_type)),
    Fault("selected-segment-types-missing", "SEGMENTS.TYPES.ECHO", FAMILY,
          "GetSegmentDetection never returns SelectedSegmentTypes",
          GET, handler=rewrite_result(_no_selected_types)),
    Fault("smpte-frames-after-dot", "SEGMENTS.TIMECODE.FORMAT", FAMILY,
          "SMPTE timecodes separate the frames with a dot (HH:MM:SS.fr)",
          GET, handler=rewrite_result(_frames_after_a_dot)),
    Fault("segment-default-confidence-40", "SEGMENTS.MIN_CONFIDENCE.DEFAULT", FAMILY,
          "a job started without MinSegmentConfidence returns segments down to 40, not the documented 50",
          START, handler=rewrite_params(_default_floor_lowered)),
    Fault("segment-audio-metadata-first-page-only", "SEGMENTS.AUDIO_METADATA.EVERY_PAGE", FAMILY,
          "only the first page of a listing carries the job's AudioMetadata",
          GET, handler=rewrite_result(_audio_on_first_page_only)),
)
