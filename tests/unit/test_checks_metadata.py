"""Tests of the VideoMetadata checks."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks.metadata import (
    check_codec,
    check_dimensions,
    check_duration,
    check_frame_rate,
    check_metadata_every_page,
)
from tests.unit.label_factory import EXPECTED_METADATA, chain, error, exchange, page, street_labels, video_metadata


def ids(violations):
    return [v.rule_id for v in violations]


def test_every_page_of_a_finished_job_carrying_metadata_passes():
    assert check_metadata_every_page(chain(street_labels(9), 4)) == []


def test_a_later_page_without_metadata_is_reported():
    pages = [page(street_labels(3), next_token="t1"), page(street_labels(2), VideoMetadata=None)]
    found = check_metadata_every_page(pages)
    assert ids(found) == ["VIDEO_METADATA.EVERY_PAGE"]
    assert found[0].pointer == "page 1 /VideoMetadata"


def test_pages_of_unfinished_jobs_and_errors_are_not_judged():
    pages = [page([], status="IN_PROGRESS", VideoMetadata=None), error("ThrottlingException", status=500)]
    assert check_metadata_every_page(pages) == []


def test_metadata_matching_the_video_passes_every_check():
    matching = page([], VideoMetadata=video_metadata(DurationMillis=10080, FrameRate=29.97, Codec="H.264"))
    for fn in (check_dimensions, check_duration, check_frame_rate):
        assert fn(matching, EXPECTED_METADATA) == []
    assert check_codec(matching) == []


@pytest.mark.parametrize(
    ("changes", "where"),
    [({"FrameWidth": 1920}, "/VideoMetadata/FrameWidth"), ({"FrameHeight": 1080}, "/VideoMetadata/FrameHeight")],
)
def test_wrong_dimensions_are_reported(changes, where):
    found = check_dimensions(page([], VideoMetadata=video_metadata(**changes)), EXPECTED_METADATA)
    assert ids(found) == ["VIDEO_METADATA.DIMENSIONS"]
    assert found[0].pointer == where
    assert found[0].offending == str(next(iter(changes.values())))


@pytest.mark.parametrize(("duration", "bad"), [(10199, False), (9800, False), (10201, True), (9000, True)])
def test_duration_tolerance_is_the_larger_of_100ms_and_2_percent(duration, bad):
    found = check_duration(page([], VideoMetadata=video_metadata(DurationMillis=duration)), EXPECTED_METADATA)
    assert ids(found) == (["VIDEO_METADATA.DURATION"] if bad else [])


def test_short_videos_get_the_100ms_floor():
    expected = {**EXPECTED_METADATA, "DurationMillis": 1000}
    assert check_duration(page([], VideoMetadata=video_metadata(DurationMillis=1099)), expected) == []
    assert ids(check_duration(page([], VideoMetadata=video_metadata(DurationMillis=1101)), expected)) == [
        "VIDEO_METADATA.DURATION"
    ]


@pytest.mark.parametrize(("rate", "bad"), [(30.29, False), (29.71, False), (30.4, True), (25.0, True)])
def test_frame_rate_tolerance_is_1_percent(rate, bad):
    found = check_frame_rate(page([], VideoMetadata=video_metadata(FrameRate=rate)), EXPECTED_METADATA)
    assert ids(found) == (["VIDEO_METADATA.FRAME_RATE"] if bad else [])


@pytest.mark.parametrize(
    ("codec", "bad"), [("h264", False), ("AVC1", False), ("H.264", False), ("hevc", True), ("vp9", True)]
)
def test_codec_names_h264(codec, bad):
    found = check_codec(page([], VideoMetadata=video_metadata(Codec=codec)))
    assert ids(found) == (["VIDEO_METADATA.CODEC"] if bad else [])


def test_list_shaped_metadata_of_segment_detection_is_judged_entry_by_entry():
    document = {"JobStatus": "SUCCEEDED", "VideoMetadata": [video_metadata(), video_metadata(FrameWidth=640)]}
    answer = exchange(document, operation="GetSegmentDetection")
    found = check_dimensions(answer, EXPECTED_METADATA)
    assert ids(found) == ["VIDEO_METADATA.DIMENSIONS"]
    assert found[0].pointer == "/VideoMetadata/1/FrameWidth"
    assert check_metadata_every_page([answer]) == []
