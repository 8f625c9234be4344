"""Checks specific to GetSegmentDetection: segment types, their order, confidence filters, timecodes and
frame numbers, shots, and the audio and video metadata lists.

``items`` is a whole listing (a chain's Segments concatenated in page order); pointers take the form
``listing[3]/StartTimecodeSMPTE``. ``segment_types`` is the Start request's SegmentTypes and
``filters`` its Filters. Frame arithmetic uses the frame rate of the uploaded video (passed in), with
NTSC rates such as 29.97 read as the fractions 30000/1001 they stand for; timecodes written with ``;``
are read as drop-frame timecodes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import pairwise
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import as_number, canonical, dig, excerpt, listing_pointer, page_pointer
from rekognition_conformance.exchange import Exchange

SHOT = "SHOT"
TECHNICAL_CUE = "TECHNICAL_CUE"
DETAIL = {SHOT: "ShotSegment", TECHNICAL_CUE: "TechnicalCueSegment"}
FILTER = {SHOT: "ShotFilter", TECHNICAL_CUE: "TechnicalCueFilter"}
DEFAULT_MIN_SEGMENT_CONFIDENCE = 50.0
CONFIDENCE_TOLERANCE = 1e-3
TIMECODES = ("StartTimecodeSMPTE", "EndTimecodeSMPTE", "DurationSMPTE")
TIMECODE = re.compile(r"^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2,3})$")
# How far a segment may end past the video's duration: the tolerance VIDEO_METADATA.DURATION allows.
DURATION_TOLERANCE_MS = 100
DURATION_TOLERANCE_RATIO = 0.02
# Timestamps are rounded down from a frame's time; 1 ms covers rounding the other way.
MILLIS_TOLERANCE = 1


def segment_type(item: Any) -> str | None:
    kind = dig(item, "Type")
    return kind if isinstance(kind, str) else None


def integer(item: Any, name: str) -> int | None:
    number = as_number(dig(item, name))
    return int(number) if number is not None and number.is_integer() else None


def start_millis(item: Any) -> int | None:
    return integer(item, "StartTimestampMillis")


def segment_confidence(item: Any) -> float | None:
    detail = DETAIL.get(segment_type(item) or "")
    return as_number(dig(item, detail, "Confidence")) if detail else None


def frame_rate_fraction(frame_rate: float) -> Fraction:
    """The frame rate as the fraction it stands for (29.97002997 -> 30000/1001)."""
    return Fraction(frame_rate).limit_denominator(1001)


def parse_timecode(text: Any) -> tuple[int, int, int, str, int] | None:
    """(hours, minutes, seconds, separator, frames) of a well-formed SMPTE timecode, else None."""
    if not isinstance(text, str):
        return None
    match = TIMECODE.match(text)
    if match is None:
        return None
    hours, minutes, seconds, separator, frames = match.groups()
    if int(minutes) >= 60 or int(seconds) >= 60:
        return None
    return int(hours), int(minutes), int(seconds), separator, int(frames)


def timecode_frame(text: Any, rate: Fraction) -> int | None:
    """The frame number a timecode names at ``rate``: drop-frame after ``;``, non-drop after ``:``."""
    parsed = parse_timecode(text)
    if parsed is None:
        return None
    hours, minutes, seconds, separator, frames = parsed
    nominal = round(rate)
    frame = (hours * 3600 + minutes * 60 + seconds) * nominal + frames
    if separator == ";":
        total_minutes = hours * 60 + minutes
        frame -= (nominal // 15) * (total_minutes - total_minutes // 10)
    return frame


def frame_millis(frame: int, rate: Fraction) -> int:
    return math.floor(Fraction(frame * 1000) / rate)


def _violation(
    rule_id: str, operation: str, request: Any, index: int, member: str, message: str, value: Any
) -> Violation:
    path = tuple(member.split("/")) if member else ()
    return Violation(rule_id, operation, message, request, listing_pointer(index, *path), excerpt(value))


def _succeeded(pages: Sequence[Exchange]) -> list[tuple[int, Exchange, dict[str, Any]]]:
    return [
        (index, page, page.body)
        for index, page in enumerate(pages)
        if page.ok and isinstance(page.body, dict) and page.body.get("JobStatus") == "SUCCEEDED"
    ]


def _requested(segment_types: Sequence[Any]) -> list[str]:
    return [t for t in dict.fromkeys(segment_types) if isinstance(t, str)]


# --- segment types -------------------------------------------------------------------------------


@check("SEGMENTS.TYPES.SELECTED")
def check_types_selected(
    operation: str, items: Sequence[Any], segment_types: Sequence[str], request: Any
) -> list[Violation]:
    """Every segment's Type is one of the SegmentTypes the job was started with."""
    requested = _requested(segment_types)
    return [
        _violation(
            "SEGMENTS.TYPES.SELECTED",
            operation,
            request,
            index,
            "Type",
            f"Expected only segments of the requested types {requested}; listing[{index}] is a {kind!r}.",
            kind,
        )
        for index, item in enumerate(items)
        if (kind := segment_type(item)) is not None and kind not in requested
    ]


@check("SEGMENTS.TYPES.ECHO")
def check_types_echo(pages: Sequence[Exchange], segment_types: Sequence[str]) -> list[Violation]:
    """SelectedSegmentTypes names exactly the requested types, each once, on every page that carries it.

    The first SUCCEEDED page must carry it; whether later pages repeat it is not documented, so a later
    page without it is not judged.
    """
    expected = Counter(_requested(segment_types))
    violations = []
    for position, (index, page, body) in enumerate(_succeeded(pages)):
        selected = body.get("SelectedSegmentTypes")
        if selected is None and position > 0:
            continue
        found = Counter(dig(entry, "Type") for entry in selected) if isinstance(selected, list) else None
        if found == expected:
            continue
        shown = "no SelectedSegmentTypes" if selected is None else f"types {sorted(map(str, found or {}))}"
        violations.append(
            Violation(
                "SEGMENTS.TYPES.ECHO",
                page.operation,
                f"Expected page {index} of the SUCCEEDED job to carry SelectedSegmentTypes naming each of "
                f"{sorted(expected)} once; found {shown}.",
                page.request,
                page_pointer(index, "SelectedSegmentTypes"),
                excerpt(selected),
            )
        )
    return violations


# --- order ---------------------------------------------------------------------------------------


@check("SEGMENTS.SORT.TYPE")
def check_type_grouping(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Each Type forms one contiguous group, and within a group StartTimestampMillis never decreases.

    Reports the first group that splits and, per type, the first pair out of time order.
    """
    rule_id = "SEGMENTS.SORT.TYPE"
    violations: list[Violation] = []
    closed: dict[str, int] = {}
    current: str | None = None
    last_start: dict[str, tuple[int, int]] = {}
    reported: set[str] = set()
    split_reported = False
    for index, item in enumerate(items):
        kind = segment_type(item)
        if kind is None:
            continue
        if kind != current:
            if current is not None:
                closed[current] = index - 1
            if kind in closed and not split_reported:
                split_reported = True
                violations.append(
                    _violation(
                        rule_id,
                        operation,
                        request,
                        index,
                        "Type",
                        f"Expected the {kind} segments to form one contiguous group; a second group starts at "
                        f"listing[{index}], after the first ended at listing[{closed[kind]}].",
                        item,
                    )
                )
            current = kind
        start = start_millis(item)
        if start is None:
            continue
        previous = last_start.get(kind)
        if previous is not None and start < previous[1] and kind not in reported:
            reported.add(kind)
            violations.append(
                _violation(
                    rule_id,
                    operation,
                    request,
                    index,
                    "StartTimestampMillis",
                    f"Expected the {kind} segments in non-decreasing StartTimestampMillis order; "
                    f"listing[{previous[0]}] starts at {previous[1]} but the later listing[{index}] at {start}.",
                    item,
                )
            )
        last_start[kind] = (index, start)
    return violations


@check("SEGMENTS.SORT.TYPE_ORDER")
def check_type_order(
    operation: str, items: Sequence[Any], segment_types: Sequence[str], request: Any
) -> list[Violation]:
    """The Type groups come in the order the Start request's SegmentTypes lists them."""
    requested = _requested(segment_types)
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        kind = segment_type(item)
        if kind in requested and kind not in first_seen:
            first_seen[kind] = index
    seen = sorted(first_seen, key=first_seen.__getitem__)
    expected = [kind for kind in requested if kind in first_seen]
    if seen == expected:
        return []
    at = first_seen[next(a for a, b in zip(seen, expected, strict=True) if a != b)]
    return [
        _violation(
            "SEGMENTS.SORT.TYPE_ORDER",
            operation,
            request,
            at,
            "Type",
            f"Expected the segment types in the order of the request's SegmentTypes {requested}; the listing "
            f"has them in the order {seen}.",
            items[at],
        )
    ]


# --- confidence ----------------------------------------------------------------------------------


def _floors(filters: Mapping[str, Any] | None) -> dict[str, float]:
    floors = {}
    for kind, name in FILTER.items():
        given = as_number(dig(filters or {}, name, "MinSegmentConfidence"))
        floors[kind] = DEFAULT_MIN_SEGMENT_CONFIDENCE if given is None else given
    return floors


def _below(
    operation: str, items: Sequence[Any], floors: Mapping[str, float], request: Any, rule_id: str, name: str
) -> list[Violation]:
    violations = []
    for index, item in enumerate(items):
        kind, confidence = segment_type(item), segment_confidence(item)
        if kind not in floors or confidence is None or confidence >= floors[kind] - CONFIDENCE_TOLERANCE:
            continue
        violations.append(
            Violation(
                rule_id,
                operation,
                f"Expected every {kind} to have {DETAIL[kind]}.Confidence >= {floors[kind]:g} "
                f"({FILTER[kind]} MinSegmentConfidence); {name}[{index}] has {confidence:g}.",
                request,
                listing_pointer(index, DETAIL[kind], "Confidence", name=name),
                excerpt(item),
            )
        )
    return violations


@check("SEGMENTS.MIN_CONFIDENCE.FLOOR")
def check_confidence_floor(
    operation: str, items: Sequence[Any], filters: Mapping[str, Any] | None, request: Any
) -> list[Violation]:
    """No segment is below its type's MinSegmentConfidence in the Start request's Filters (default 50)."""
    return _below(operation, items, _floors(filters), request, "SEGMENTS.MIN_CONFIDENCE.FLOOR", "listing")


def segment_key(item: Any) -> tuple[Any, ...]:
    """What identifies a segment across two jobs over the same video: its type and its extent."""
    return (segment_type(item), dig(item, "StartTimestampMillis"), dig(item, "EndTimestampMillis"))


@check("SEGMENTS.MIN_CONFIDENCE.DEFAULT", "SEGMENTS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT")
def check_default_min_confidence(
    operation: str, default_items: Sequence[Any], explicit_items: Sequence[Any], request: Any
) -> list[Violation]:
    """A job without MinSegmentConfidence behaves as one with MinSegmentConfidence 50 for both types.

    Its confidences are all >= 50 (SEGMENTS.MIN_CONFIDENCE.DEFAULT, what AWS documents), and it returns
    the segments (Type, StartTimestampMillis, EndTimestampMillis) of the job started with 50
    (``explicit_items``), each once (the SHOULD rule SEGMENTS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT). Pointers
    name the listings ``default[i]`` and ``explicit[i]``.
    """
    rule_id = "SEGMENTS.MIN_CONFIDENCE.DEFAULT"
    violations = _below(operation, default_items, _floors(None), request, rule_id, "default")
    for have, have_name, lack, lack_label in (
        (default_items, "default", explicit_items, "the job started with MinSegmentConfidence 50"),
        (explicit_items, "explicit", default_items, "the job started without MinSegmentConfidence"),
    ):
        available = Counter(canonical(segment_key(item)) for item in lack)
        for index, item in enumerate(have):
            key = canonical(segment_key(item))
            if available[key] > 0:
                available[key] -= 1
                continue
            violations.append(
                Violation(
                    f"{rule_id}.EQUIVALENT",
                    operation,
                    f"{have_name}[{index}] (a {segment_type(item)} from {dig(item, 'StartTimestampMillis')} to "
                    f"{dig(item, 'EndTimestampMillis')} ms) has no segment of the same type and extent in "
                    f"{lack_label}.",
                    request,
                    listing_pointer(index, name=have_name),
                    excerpt(item),
                )
            )
    return violations


# --- segment content -----------------------------------------------------------------------------


@check("SEGMENTS.DETAIL")
def check_detail(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Each segment carries the detail member of its own Type and not the other type's."""
    violations = []
    for index, item in enumerate(items):
        kind = segment_type(item)
        if kind not in DETAIL or not isinstance(item, dict):
            continue
        own, other = DETAIL[kind], DETAIL[SHOT if kind == TECHNICAL_CUE else TECHNICAL_CUE]
        if not isinstance(item.get(own), dict):
            violations.append(
                _violation(
                    "SEGMENTS.DETAIL",
                    operation,
                    request,
                    index,
                    own,
                    f"Expected the {kind} segment listing[{index}] to carry {own}; found {excerpt(item.get(own))}.",
                    item.get(own),
                )
            )
        if item.get(other) is not None:
            violations.append(
                _violation(
                    "SEGMENTS.DETAIL",
                    operation,
                    request,
                    index,
                    other,
                    f"Expected the {kind} segment listing[{index}] to carry no {other}.",
                    item[other],
                )
            )
    return violations


@check("SEGMENTS.TIMECODE.FORMAT")
def check_timecode_format(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Every SMPTE member that is returned reads HH:MM:SS:fr (or ;fr), minutes and seconds below 60."""
    return [
        _violation(
            "SEGMENTS.TIMECODE.FORMAT",
            operation,
            request,
            index,
            member,
            f"Expected {member} of listing[{index}] to be an SMPTE timecode HH:MM:SS:fr (or HH:MM:SS;fr); "
            f"found {excerpt(value)}.",
            value,
        )
        for index, item in enumerate(items)
        if isinstance(item, dict)
        for member in TIMECODES
        if (value := item.get(member)) is not None and parse_timecode(value) is None
    ]


@check("SEGMENTS.INTERVAL")
def check_interval(
    operation: str, items: Sequence[Any], duration_millis: float, frame_rate: float, request: Any
) -> list[Violation]:
    """Each segment starts no later than it ends and ends within the video (duration plus tolerance)."""
    rate = frame_rate_fraction(frame_rate)
    limit = duration_millis + max(DURATION_TOLERANCE_MS, DURATION_TOLERANCE_RATIO * duration_millis)
    last_frame = math.ceil(limit * rate / 1000)
    violations = []
    for index, item in enumerate(items):
        problems = []
        for first, second in (("StartTimestampMillis", "EndTimestampMillis"), ("StartFrameNumber", "EndFrameNumber")):
            a, b = integer(item, first), integer(item, second)
            if a is not None and b is not None and a > b:
                problems.append((second, f"{second} {b} is before {first} {a}"))
        end = integer(item, "EndTimestampMillis")
        if end is not None and end > limit:
            problems.append(("EndTimestampMillis", f"it ends at {end} ms, past the video's {duration_millis:g} ms"))
        end_frame = integer(item, "EndFrameNumber")
        if end_frame is not None and end_frame > last_frame:
            problems.append(
                ("EndFrameNumber", f"it ends on frame {end_frame}, past the video's last frame (about {last_frame})")
            )
        violations += [
            _violation(
                "SEGMENTS.INTERVAL",
                operation,
                request,
                index,
                member,
                f"Expected listing[{index}] to lie within the video, starting no later than it ends; {problem}.",
                dig(item, member),
            )
            for member, problem in problems
        ]
    return violations


def _frame_problems(item: Any, rate: Fraction) -> list[tuple[str, str]]:
    """(member, what is wrong) for each way a segment's timecodes, frames and timestamps disagree."""
    nominal = round(rate)
    problems: list[tuple[str, str]] = []
    for member in TIMECODES:
        parsed = parse_timecode(dig(item, member))
        if parsed is not None and parsed[4] >= nominal:
            problems.append((member, f"has frame {parsed[4]}, not below the nominal rate {nominal}"))
    frames: dict[str, int | None] = {}
    for end in ("Start", "End"):
        number = integer(item, f"{end}FrameNumber")
        coded = timecode_frame(dig(item, f"{end}TimecodeSMPTE"), rate)
        if number is not None and coded is not None and number != coded:
            problems.append((f"{end}TimecodeSMPTE", f"names frame {coded}, but {end}FrameNumber is {number}"))
        frame = number if number is not None else coded
        frames[end] = frame
        millis = integer(item, f"{end}TimestampMillis")
        if frame is not None and millis is not None and abs(millis - frame_millis(frame, rate)) > MILLIS_TOLERANCE:
            problems.append(
                (
                    f"{end}TimestampMillis",
                    f"is {millis}, but frame {frame} is at {frame_millis(frame, rate)} ms (rounded down) at "
                    f"{float(rate):g} fps",
                )
            )
    start, end = frames["Start"], frames["End"]
    span = end - start if start is not None and end is not None else None
    duration_frames = integer(item, "DurationFrames")
    if span is not None and duration_frames is not None and duration_frames not in (span, span + 1):
        problems.append(("DurationFrames", f"is {duration_frames}, but the segment spans frames {start} to {end}"))
    counted = duration_frames if duration_frames is not None else span
    coded = timecode_frame(dig(item, "DurationSMPTE"), rate)
    if (
        coded is not None
        and counted is not None
        and coded not in ((counted,) if duration_frames is not None else (counted, counted + 1))
    ):
        problems.append(("DurationSMPTE", f"names {coded} frames, but the segment lasts {counted}"))
    start_ms, end_ms = integer(item, "StartTimestampMillis"), integer(item, "EndTimestampMillis")
    duration_ms = integer(item, "DurationMillis")
    if start_ms is not None and end_ms is not None and duration_ms is not None:
        candidates = [end_ms - start_ms] + ([frame_millis(counted, rate)] if counted is not None else [])
        if all(abs(duration_ms - c) > MILLIS_TOLERANCE for c in candidates):
            problems.append(
                ("DurationMillis", f"is {duration_ms}, but the segment runs from {start_ms} to {end_ms} ms")
            )
    return problems


@check("SEGMENTS.TIMECODE.FRAMES")
def check_timecode_frames(operation: str, items: Sequence[Any], frame_rate: float, request: Any) -> list[Violation]:
    """Timecodes, frame numbers and millisecond timestamps of each segment name the same frames.

    At ``frame_rate`` (the uploaded video's), each timecode's frame is the frame number beside it and
    each timestamp that frame's time rounded down (to 1 ms); durations are End minus Start (frames may
    count the last frame too). Members a segment lacks are not judged.
    """
    rate = frame_rate_fraction(frame_rate)
    return [
        _violation(
            "SEGMENTS.TIMECODE.FRAMES",
            operation,
            request,
            index,
            member,
            f"listing[{index}] {member} {problem}.",
            dig(item, member),
        )
        for index, item in enumerate(items)
        for member, problem in _frame_problems(item, rate)
    ]


@check("SEGMENTS.SHOTS.SEQUENCE")
def check_shot_sequence(operation: str, items: Sequence[Any], request: Any) -> list[Violation]:
    """Shots, taken in start order, do not overlap, and their Index is unique and increasing."""
    shots = sorted(
        (
            (index, item)
            for index, item in enumerate(items)
            if segment_type(item) == SHOT and start_millis(item) is not None
        ),
        key=lambda pair: (start_millis(pair[1]), pair[0]),
    )
    violations = []
    for (before, earlier), (at, later) in pairwise(shots):
        end, start = integer(earlier, "EndTimestampMillis"), start_millis(later)
        if end is not None and start is not None and start < end:
            violations.append(
                _violation(
                    "SEGMENTS.SHOTS.SEQUENCE",
                    operation,
                    request,
                    at,
                    "StartTimestampMillis",
                    f"Expected shots not to overlap; listing[{at}] starts at {start} ms, before the shot "
                    f"listing[{before}] ends at {end} ms.",
                    later,
                )
            )
        first, second = as_number(dig(earlier, "ShotSegment", "Index")), as_number(dig(later, "ShotSegment", "Index"))
        if first is not None and second is not None and second <= first:
            violations.append(
                _violation(
                    "SEGMENTS.SHOTS.SEQUENCE",
                    operation,
                    request,
                    at,
                    "ShotSegment/Index",
                    f"Expected ShotSegment.Index to increase with the shots' start times; listing[{at}] has "
                    f"Index {second:g}, not above the {first:g} of the earlier shot listing[{before}].",
                    later,
                )
            )
    return violations


# --- metadata lists ------------------------------------------------------------------------------


@check("SEGMENTS.AUDIO_METADATA.EVERY_PAGE")
def check_audio_every_page(pages: Sequence[Exchange]) -> list[Violation]:
    """When any SUCCEEDED page carries AudioMetadata entries, every page carries the same list."""
    succeeded = _succeeded(pages)
    reference = next(
        (
            (index, body["AudioMetadata"])
            for index, _, body in succeeded
            if isinstance(body.get("AudioMetadata"), list) and body["AudioMetadata"]
        ),
        None,
    )
    if reference is None:
        return []
    first, expected = reference
    return [
        Violation(
            "SEGMENTS.AUDIO_METADATA.EVERY_PAGE",
            page.operation,
            f"Expected page {index} to carry the AudioMetadata of page {first} ({excerpt(expected, 120)}); "
            f"found {excerpt(body.get('AudioMetadata'), 120)}.",
            page.request,
            page_pointer(index, "AudioMetadata"),
            excerpt(body.get("AudioMetadata")),
        )
        for index, page, body in succeeded
        if canonical(body.get("AudioMetadata")) != canonical(expected)
    ]


@check("SEGMENTS.AUDIO_METADATA.STREAMS")
def check_audio_streams(pages: Sequence[Exchange], streams: int) -> list[Violation]:
    """Each SUCCEEDED page's AudioMetadata has one entry per audio stream of the video (absent counts as none)."""
    violations = []
    for index, page, body in _succeeded(pages):
        entries = body.get("AudioMetadata")
        count = len(entries) if isinstance(entries, list) else 0
        if count != streams:
            violations.append(
                Violation(
                    "SEGMENTS.AUDIO_METADATA.STREAMS",
                    page.operation,
                    f"Expected {streams} AudioMetadata entries (the video's audio streams) on page {index}; "
                    f"found {count}.",
                    page.request,
                    page_pointer(index, "AudioMetadata"),
                    excerpt(entries),
                )
            )
    return violations


@check("SEGMENTS.VIDEO_METADATA.SINGLE")
def check_single_video_metadata(pages: Sequence[Exchange]) -> list[Violation]:
    """Each SUCCEEDED page's VideoMetadata array holds exactly one object (a non-list is the schema's)."""
    return [
        Violation(
            "SEGMENTS.VIDEO_METADATA.SINGLE",
            page.operation,
            f"Expected one object in the VideoMetadata array on page {index}; found {len(metadata)}.",
            page.request,
            page_pointer(index, "VideoMetadata"),
            excerpt(metadata),
        )
        for index, page, body in _succeeded(pages)
        if isinstance(metadata := body.get("VideoMetadata"), list) and len(metadata) != 1
    ]
