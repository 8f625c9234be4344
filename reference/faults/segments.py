"""Faults in segment detection: the SegmentTypes a job was started with, their echo, and SMPTE timecodes."""

from __future__ import annotations

from typing import Any

from rekognition_conformance.reference.faults.base import (
    Fault,
    metadata_records,
    remember_then_change,
    result_items,
    rewrite_params,
    rewrite_result,
)

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


def _started_without_shot_floor(params: dict[str, Any], result: dict[str, Any]) -> Any:
    shot = (params.get("Filters") or {}).get("ShotFilter") or {}
    return result.get("JobId") if "MinSegmentConfidence" not in shot else None


def _shot_below_default(params: dict[str, Any], result: dict[str, Any], jobs: set[Any]) -> None:
    # The job's default filter let through a shot of confidence 45, below the documented default of 50.
    if params.get("JobId") not in jobs or params.get("NextToken"):
        return
    for item in result_items("GetSegmentDetection", result):
        shot = item.get("ShotSegment")
        if isinstance(shot, dict) and "Confidence" in shot:
            shot["Confidence"] = 45.0
            return


def _audio_on_first_page_only(operation: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    # The first page of a listing that has more reports an audio stream (the video's, or one invented for a
    # video without audio); the pages after it report none.
    if params.get("NextToken"):
        result.pop("AudioMetadata", None)
    elif result.get("NextToken") and not result.get("AudioMetadata"):
        duration = next((m.get("DurationMillis") for m in metadata_records(result)), 0)
        result["AudioMetadata"] = [{"Codec": "aac", "DurationMillis": duration, "SampleRate": 44100,
                                    "NumberOfChannels": 2}]


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
    Fault("segment-default-floor-lets-45-through", "SEGMENTS.MIN_CONFIDENCE.DEFAULT", FAMILY,
          "a job started without a ShotFilter MinSegmentConfidence returns a shot of confidence 45, below the "
          "documented default of 50",
          START + GET, handler=remember_then_change("StartSegmentDetection", _started_without_shot_floor,
                                                    _shot_below_default)),
    Fault("segment-audio-metadata-first-page-only", "SEGMENTS.AUDIO_METADATA.EVERY_PAGE", FAMILY,
          "only the first page of a listing carries AudioMetadata",
          GET, handler=rewrite_result(_audio_on_first_page_only)),
)
