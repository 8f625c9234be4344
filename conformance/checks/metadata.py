"""Checks on VideoMetadata: that finished jobs carry it, and that it describes the uploaded video.

Expected values come from probing the fixture video, as a dict with FrameWidth, FrameHeight,
DurationMillis and FrameRate. Only members the response carries are compared: a missing member is
the schema's and EVERY_PAGE's business, and a value that is not a number is the schema's.
GetSegmentDetection returns a list of VideoMetadata (one per stream); each entry is judged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, excerpt, page_pointer
from rekognition_conformance.exchange import Exchange

DURATION_TOLERANCE_MS = 100
DURATION_TOLERANCE_RATIO = 0.02
FRAME_RATE_TOLERANCE_RATIO = 0.01
H264_NAMES = ("h264", "avc")


def _records(ex: Exchange) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each VideoMetadata object of a successful response with its JSON pointer."""
    body = ex.body
    if not ex.ok or not isinstance(body, dict):
        return
    metadata = body.get("VideoMetadata")
    if isinstance(metadata, dict):
        yield "/VideoMetadata", metadata
    elif isinstance(metadata, list):
        for index, entry in enumerate(metadata):
            if isinstance(entry, dict):
                yield f"/VideoMetadata/{index}", entry


def _mismatch(ex: Exchange, rule_id: str, where: str, expected: str, value: Any) -> Violation:
    return Violation(
        rule_id,
        ex.operation,
        f"Expected {where} to be {expected} for the uploaded video; found {excerpt(value, 80)}.",
        ex.request,
        where,
        excerpt(value),
    )


@check("VIDEO_METADATA.EVERY_PAGE")
def check_metadata_every_page(pages: Sequence[Exchange]) -> list[Violation]:
    """Every page of a SUCCEEDED job carries VideoMetadata, not only the first."""
    violations = []
    for index, page in enumerate(pages):
        body = page.body
        if not page.ok or not isinstance(body, dict) or body.get("JobStatus") != "SUCCEEDED":
            continue
        metadata = body.get("VideoMetadata")
        if isinstance(metadata, dict) or (isinstance(metadata, list) and metadata):
            continue
        violations.append(
            Violation(
                "VIDEO_METADATA.EVERY_PAGE",
                page.operation,
                f"Expected VideoMetadata on page {index} of the SUCCEEDED job; found "
                f"{excerpt(metadata, 80) if 'VideoMetadata' in body else 'none'}.",
                page.request,
                page_pointer(index, "VideoMetadata"),
                excerpt(metadata),
            )
        )
    return violations


@check("VIDEO_METADATA.DIMENSIONS")
def check_dimensions(ex: Exchange, expected: Mapping[str, Any]) -> list[Violation]:
    """FrameWidth and FrameHeight equal the uploaded video's."""
    violations = []
    for base, record in _records(ex):
        for name in ("FrameWidth", "FrameHeight"):
            found = as_number(record.get(name))
            if found is not None and found != expected[name]:
                violations.append(
                    _mismatch(ex, "VIDEO_METADATA.DIMENSIONS", f"{base}/{name}", str(expected[name]), record[name])
                )
    return violations


@check("VIDEO_METADATA.DURATION")
def check_duration(ex: Exchange, expected: Mapping[str, Any]) -> list[Violation]:
    """DurationMillis is within max(100 ms, 2 %) of the uploaded video's duration.

    Containers and decoders disagree slightly on where a video ends (last frame's duration, audio
    padding), hence the tolerance.
    """
    target = float(expected["DurationMillis"])
    tolerance = max(DURATION_TOLERANCE_MS, DURATION_TOLERANCE_RATIO * target)
    return _off_target(ex, "VIDEO_METADATA.DURATION", "DurationMillis", target, tolerance, "ms")


@check("VIDEO_METADATA.FRAME_RATE")
def check_frame_rate(ex: Exchange, expected: Mapping[str, Any]) -> list[Violation]:
    """FrameRate is within 1 % of the uploaded video's frame rate."""
    target = float(expected["FrameRate"])
    return _off_target(ex, "VIDEO_METADATA.FRAME_RATE", "FrameRate", target, FRAME_RATE_TOLERANCE_RATIO * target, "fps")


def _off_target(
    ex: Exchange, rule_id: str, member: str, target: float, tolerance: float, unit: str
) -> list[Violation]:
    """A violation for each VideoMetadata record whose numeric ``member`` is outside target ± tolerance."""
    violations = []
    for base, record in _records(ex):
        found = as_number(record.get(member))
        if found is not None and abs(found - target) > tolerance:
            expectation = f"{target:g} ± {tolerance:g} {unit}"
            violations.append(_mismatch(ex, rule_id, f"{base}/{member}", expectation, record[member]))
    return violations


@check("VIDEO_METADATA.CODEC")
def check_codec(ex: Exchange) -> list[Violation]:
    """Codec names H.264, the codec of the fixture videos.

    Spellings vary ("h264", "H.264", "AVC1"), so separators are ignored and case does not matter.
    """
    violations = []
    for base, record in _records(ex):
        codec = record.get("Codec")
        if not isinstance(codec, str):
            continue
        normalised = "".join(ch for ch in codec.lower() if ch.isalnum())
        if not any(name in normalised for name in H264_NAMES):
            violations.append(
                _mismatch(ex, "VIDEO_METADATA.CODEC", f"{base}/Codec", "a name of H.264 (h264, avc)", codec)
            )
    return violations
