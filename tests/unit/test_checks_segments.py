"""Tests of the GetSegmentDetection checks: each rule passes a good listing and fires alone on a bad one.

The good listings include the response AWS publishes in the Developer Guide (segment-api.html), so the
timecode and frame rules are shown to accept AWS's own output.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from rekognition_conformance.checks import segments
from rekognition_conformance.exchange import Exchange

OPERATION = "GetSegmentDetection"
REQUEST = {"JobId": "job-1"}
FPS = 10.0
DURATION = 10_000
BOTH = ["TECHNICAL_CUE", "SHOT"]


def ids(violations):
    return sorted({v.rule_id for v in violations})


def timecode(frame: int, fps: int = 10) -> str:
    seconds, frames = divmod(frame, fps)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}:{frames:02d}"


def seg(kind: str, start: int, end: int, confidence: float = 80.0, **changes: Any) -> dict[str, Any]:
    """A segment over frames ``start`` to ``end`` (inclusive) of the 10 fps fixture."""
    found: dict[str, Any] = {
        "Type": kind,
        "StartTimestampMillis": start * 100,
        "EndTimestampMillis": end * 100,
        "DurationMillis": (end - start) * 100,
        "StartTimecodeSMPTE": timecode(start),
        "EndTimecodeSMPTE": timecode(end),
        "DurationSMPTE": timecode(end - start),
        "StartFrameNumber": start,
        "EndFrameNumber": end,
        "DurationFrames": end - start,
    }
    if kind == "SHOT":
        found["ShotSegment"] = {"Index": start // 10, "Confidence": confidence}
    else:
        found["TechnicalCueSegment"] = {"Type": "Content", "Confidence": confidence}
    found.update(changes)
    return {k: v for k, v in found.items() if v is not None}


CUES = [seg("TECHNICAL_CUE", 0, 49, 90.0), seg("TECHNICAL_CUE", 50, 99, 60.0)]
SHOTS = [seg("SHOT", 0, 29, 70.0), seg("SHOT", 30, 59, 55.0), seg("SHOT", 60, 99, 95.0)]
LISTING = CUES + SHOTS

# The example response of https://docs.aws.amazon.com/rekognition/latest/dg/segment-api.html (24 fps).
AWS_EXAMPLE = [
    {"Type": "TECHNICAL_CUE", "StartTimestampMillis": 121666, "EndTimestampMillis": 471333, "DurationMillis": 349667,
     "StartTimecodeSMPTE": "00:02:01:16", "EndTimecodeSMPTE": "00:07:51:08", "DurationSMPTE": "00:05:49:16",
     "TechnicalCueSegment": {"Type": "EndCredits", "Confidence": 84.85398864746094}},
    {"Type": "SHOT", "StartTimestampMillis": 0, "EndTimestampMillis": 29041, "DurationMillis": 29041,
     "StartTimecodeSMPTE": "00:00:00:00", "EndTimecodeSMPTE": "00:00:29:01", "DurationSMPTE": "00:00:29:01",
     "ShotSegment": {"Index": 0, "Confidence": 87.50452423095703}},
    {"Type": "SHOT", "StartTimestampMillis": 29083, "EndTimestampMillis": 225041, "DurationMillis": 195958,
     "StartTimecodeSMPTE": "00:00:29:02", "EndTimecodeSMPTE": "00:03:45:01", "DurationSMPTE": "00:03:15:23",
     "ShotSegment": {"Index": 1, "Confidence": 85.09957122802734}},
    {"Type": "SHOT", "StartTimestampMillis": 305416, "EndTimestampMillis": 325708, "DurationMillis": 20292,
     "StartTimecodeSMPTE": "00:05:05:10", "EndTimecodeSMPTE": "00:05:25:17", "DurationSMPTE": "00:00:20:07",
     "ShotSegment": {"Index": 3, "Confidence": 81.68130493164062}},
    {"Type": "SHOT", "StartTimestampMillis": 470375, "EndTimestampMillis": 478125, "DurationMillis": 7750,
     "StartTimecodeSMPTE": "00:07:50:09", "EndTimecodeSMPTE": "00:07:58:03", "DurationSMPTE": "00:00:07:18",
     "ShotSegment": {"Index": 8, "Confidence": 91.79395294189453}},
]  # fmt: skip


def page(body: dict[str, Any]) -> Exchange:
    return Exchange(OPERATION, REQUEST, 200, json.dumps(body).encode(), {"Content-Type": "application/x-amz-json-1.1"})


def succeeded(**members: Any) -> Exchange:
    return page({"JobStatus": "SUCCEEDED", "Segments": [], **members})


CONTENT_CHECKS = (segments.check_detail, segments.check_timecode_format, segments.check_shot_sequence)


def test_a_good_listing_passes_every_check():
    assert segments.check_types_selected(OPERATION, LISTING, BOTH, REQUEST) == []
    assert segments.check_type_grouping(OPERATION, LISTING, REQUEST) == []
    assert segments.check_type_order(OPERATION, LISTING, BOTH, REQUEST) == []
    assert segments.check_confidence_floor(OPERATION, LISTING, None, REQUEST) == []
    assert segments.check_default_min_confidence(OPERATION, LISTING, list(reversed(LISTING)), REQUEST) == []
    assert segments.check_interval(OPERATION, LISTING, DURATION, FPS, REQUEST) == []
    assert segments.check_timecode_frames(OPERATION, LISTING, FPS, REQUEST) == []
    for check in CONTENT_CHECKS:
        assert check(OPERATION, LISTING, REQUEST) == []


def test_aws_published_example_passes_the_content_checks():
    assert segments.check_type_grouping(OPERATION, AWS_EXAMPLE, REQUEST) == []
    assert segments.check_timecode_frames(OPERATION, AWS_EXAMPLE, 24.0, REQUEST) == []
    assert segments.check_interval(OPERATION, AWS_EXAMPLE, 478145, 24.0, REQUEST) == []
    for check in CONTENT_CHECKS:
        assert check(OPERATION, AWS_EXAMPLE, REQUEST) == []


# --- types ---------------------------------------------------------------------------------------


def test_a_segment_of_an_unrequested_type_fires_the_selection_rule():
    found = segments.check_types_selected(OPERATION, LISTING, ["SHOT"], REQUEST)
    assert ids(found) == ["SEGMENTS.TYPES.SELECTED"]
    assert [v.pointer for v in found] == ["listing[0]/Type", "listing[1]/Type"]


GOOD_ECHO = succeeded(SelectedSegmentTypes=[{"Type": "SHOT"}, {"Type": "TECHNICAL_CUE", "ModelVersion": "1.0"}])


@pytest.mark.parametrize(
    "selected",
    [
        [{"Type": "SHOT", "ModelVersion": "1.0"}],
        [{"Type": "SHOT"}, {"Type": "SHOT"}, {"Type": "TECHNICAL_CUE"}],
        "SHOT",
    ],
)
def test_a_wrong_selected_types_echo_fires_its_rule(selected):
    assert segments.check_types_echo([GOOD_ECHO], BOTH) == []
    found = segments.check_types_echo([GOOD_ECHO, succeeded(SelectedSegmentTypes=selected)], BOTH)
    assert ids(found) == ["SEGMENTS.TYPES.ECHO"]
    assert found[0].pointer == "page 1 /SelectedSegmentTypes"


def test_the_echo_must_be_on_the_first_page_only():
    assert segments.check_types_echo([GOOD_ECHO, succeeded()], BOTH) == []
    found = segments.check_types_echo([succeeded(), GOOD_ECHO], BOTH)
    assert ids(found) == ["SEGMENTS.TYPES.ECHO"]
    assert found[0].pointer == "page 0 /SelectedSegmentTypes"


def test_the_echo_is_not_judged_before_the_job_succeeds():
    assert segments.check_types_echo([page({"JobStatus": "IN_PROGRESS"})], BOTH) == []


# --- order ---------------------------------------------------------------------------------------


def test_a_split_type_group_fires_the_grouping_rule():
    listing = [CUES[0], *SHOTS, CUES[1]]
    found = segments.check_type_grouping(OPERATION, listing, REQUEST)
    assert ids(found) == ["SEGMENTS.SORT.TYPE"]
    assert found[0].pointer == "listing[4]/Type"


def test_time_going_back_within_a_type_fires_the_grouping_rule():
    listing = [*CUES, SHOTS[1], SHOTS[0], SHOTS[2]]
    found = segments.check_type_grouping(OPERATION, listing, REQUEST)
    assert ids(found) == ["SEGMENTS.SORT.TYPE"]
    assert found[0].pointer == "listing[3]/StartTimestampMillis"


def test_groups_out_of_the_requested_order_fire_the_order_rule_only():
    listing = SHOTS + CUES
    assert segments.check_type_grouping(OPERATION, listing, REQUEST) == []
    assert segments.check_type_order(OPERATION, listing, ["SHOT", "TECHNICAL_CUE"], REQUEST) == []
    found = segments.check_type_order(OPERATION, listing, BOTH, REQUEST)
    assert ids(found) == ["SEGMENTS.SORT.TYPE_ORDER"]


# --- confidence ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "where"),
    [
        ({"ShotFilter": {"MinSegmentConfidence": 60.0}}, ["listing[3]/ShotSegment/Confidence"]),
        ({"TechnicalCueFilter": {"MinSegmentConfidence": 75.0}}, ["listing[1]/TechnicalCueSegment/Confidence"]),
    ],
)
def test_segments_below_their_filter_fire_the_floor_rule(filters, where):
    found = segments.check_confidence_floor(OPERATION, LISTING, filters, REQUEST)
    assert ids(found) == ["SEGMENTS.MIN_CONFIDENCE.FLOOR"]
    assert [v.pointer for v in found] == where


def test_the_default_floor_is_50():
    listing = [*LISTING, seg("SHOT", 100, 100, 49.0)]
    assert ids(segments.check_confidence_floor(OPERATION, listing, {}, REQUEST)) == ["SEGMENTS.MIN_CONFIDENCE.FLOOR"]


def test_default_confidence_must_match_an_explicit_50():
    low = [*LISTING, seg("SHOT", 100, 100, 49.0)]
    assert ids(segments.check_default_min_confidence(OPERATION, low, low, REQUEST)) == [
        "SEGMENTS.MIN_CONFIDENCE.DEFAULT"
    ]
    found = segments.check_default_min_confidence(OPERATION, LISTING[:-1], LISTING, REQUEST)
    assert ids(found) == ["SEGMENTS.MIN_CONFIDENCE.DEFAULT.EQUIVALENT"]
    assert found[0].pointer == "explicit[4]"


# --- content -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "where"),
    [
        (seg("SHOT", 0, 29, ShotSegment=None), "listing[0]/ShotSegment"),
        (seg("SHOT", 0, 29, TechnicalCueSegment={"Type": "Content", "Confidence": 60.0}),
         "listing[0]/TechnicalCueSegment"),
        (seg("TECHNICAL_CUE", 0, 29, ShotSegment={"Index": 0, "Confidence": 60.0}), "listing[0]/ShotSegment"),
    ],
)  # fmt: skip
def test_a_missing_or_foreign_detail_fires_the_detail_rule(bad, where):
    found = segments.check_detail(OPERATION, [bad], REQUEST)
    assert ids(found) == ["SEGMENTS.DETAIL"]
    assert found[0].pointer == where


@pytest.mark.parametrize("value", ["0:00:01:02", "00:00:01.02", "00:61:00:00", "00:00:60:00", "00-00-01-02", 12])
def test_a_malformed_timecode_fires_the_format_rule(value):
    found = segments.check_timecode_format(OPERATION, [seg("SHOT", 10, 29, StartTimecodeSMPTE=value)], REQUEST)
    assert ids(found) == ["SEGMENTS.TIMECODE.FORMAT"]
    assert found[0].pointer == "listing[0]/StartTimecodeSMPTE"


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"StartTimestampMillis": 3000, "EndTimestampMillis": 2900}, "listing[0]/EndTimestampMillis"),
        ({"StartFrameNumber": 30, "EndFrameNumber": 29}, "listing[0]/EndFrameNumber"),
        ({"EndTimestampMillis": 12_000}, "listing[0]/EndTimestampMillis"),
        ({"EndFrameNumber": 130}, "listing[0]/EndFrameNumber"),
    ],
)
def test_a_segment_outside_the_video_or_reversed_fires_the_interval_rule(changes, where):
    bad = seg("SHOT", 0, 29, **changes)
    found = segments.check_interval(OPERATION, [bad], DURATION, FPS, REQUEST)
    assert ids(found) == ["SEGMENTS.INTERVAL"]
    assert found[0].pointer == where


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"StartTimecodeSMPTE": "00:00:01:01"}, "listing[0]/StartTimecodeSMPTE"),  # frame 11, not 10
        ({"EndTimestampMillis": 2950, "DurationMillis": 1950}, "listing[0]/EndTimestampMillis"),
        ({"EndTimecodeSMPTE": "00:00:01:12"}, "listing[0]/EndTimecodeSMPTE"),  # frame 12 at 10 fps
        ({"DurationFrames": 25}, "listing[0]/DurationFrames"),
        ({"DurationSMPTE": "00:00:03:00"}, "listing[0]/DurationSMPTE"),
        ({"DurationMillis": 1500}, "listing[0]/DurationMillis"),
    ],
)
def test_members_naming_different_frames_fire_the_frames_rule(changes, where):
    found = segments.check_timecode_frames(OPERATION, [seg("SHOT", 10, 29, **changes)], FPS, REQUEST)
    assert ids(found) == ["SEGMENTS.TIMECODE.FRAMES"]
    assert where in [v.pointer for v in found]


def test_a_duration_counting_the_last_frame_is_accepted():
    counted = seg("SHOT", 10, 29, DurationFrames=20, DurationSMPTE="00:00:02:00")
    assert segments.check_timecode_frames(OPERATION, [counted], FPS, REQUEST) == []


def test_drop_frame_timecodes_are_read_as_such():
    ntsc = Fraction(30000, 1001)
    assert segments.timecode_frame("00:01:00;02", ntsc) == 1800
    assert segments.timecode_frame("00:10:00;00", ntsc) == 17982
    item = {
        "Type": "SHOT",
        "StartFrameNumber": 1800,
        "StartTimecodeSMPTE": "00:01:00;02",
        "StartTimestampMillis": 60060,
        "ShotSegment": {"Index": 0, "Confidence": 70.0},
    }
    assert segments.check_timecode_frames(OPERATION, [item], 29.97002997, REQUEST) == []
    assert segments.check_timecode_format(OPERATION, [item], REQUEST) == []


@pytest.mark.parametrize(
    ("listing", "where"),
    [
        ([seg("SHOT", 0, 29), seg("SHOT", 20, 59, ShotSegment={"Index": 9, "Confidence": 60.0})],
         "listing[1]/StartTimestampMillis"),
        ([seg("SHOT", 0, 29, ShotSegment={"Index": 4, "Confidence": 60.0}), seg("SHOT", 30, 59)],
         "listing[1]/ShotSegment/Index"),
    ],
)  # fmt: skip
def test_overlapping_or_misnumbered_shots_fire_the_sequence_rule(listing, where):
    found = segments.check_shot_sequence(OPERATION, listing, REQUEST)
    assert ids(found) == ["SEGMENTS.SHOTS.SEQUENCE"]
    assert found[0].pointer == where


# --- metadata lists ------------------------------------------------------------------------------


AUDIO = [{"Codec": "aac", "DurationMillis": 10010, "SampleRate": 48000, "NumberOfChannels": 2}]


def test_audio_metadata_on_every_page():
    assert segments.check_audio_every_page([succeeded(AudioMetadata=AUDIO), succeeded(AudioMetadata=AUDIO)]) == []
    assert segments.check_audio_every_page([succeeded(), succeeded(AudioMetadata=[])]) == []
    found = segments.check_audio_every_page([succeeded(AudioMetadata=AUDIO), succeeded()])
    assert ids(found) == ["SEGMENTS.AUDIO_METADATA.EVERY_PAGE"]
    assert found[0].pointer == "page 1 /AudioMetadata"


def test_audio_metadata_counts_the_streams():
    assert segments.check_audio_streams([succeeded(AudioMetadata=[]), succeeded()], 0) == []
    assert segments.check_audio_streams([succeeded(AudioMetadata=AUDIO)], 1) == []
    assert ids(segments.check_audio_streams([succeeded(AudioMetadata=AUDIO)], 0)) == ["SEGMENTS.AUDIO_METADATA.STREAMS"]


def test_video_metadata_holds_one_object():
    one = [{"Codec": "h264", "FrameRate": 10.0}]
    assert segments.check_single_video_metadata([succeeded(VideoMetadata=one)]) == []
    assert segments.check_single_video_metadata([succeeded(VideoMetadata=one[0])]) == []  # the schema's business
    for bad in ([], one * 2):
        found = segments.check_single_video_metadata([succeeded(VideoMetadata=bad)])
        assert ids(found) == ["SEGMENTS.VIDEO_METADATA.SINGLE"]
