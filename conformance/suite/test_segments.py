"""GetSegmentDetection's own rules against finished jobs on the short fixture: the selected types and their
order, the confidence filters and their default, timecodes and frame numbers at the video's real frame
rate, shots, the VideoMetadata and AudioMetadata lists; and the same token with other segment types refused.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals) are in ``test_video_gets`` and ``test_video_starts``.
"""

from __future__ import annotations

import av
import pytest

from rekognition_conformance.catalogue import job
from rekognition_conformance.checks import metadata, segments
from rekognition_conformance.fixtures.videos import ensure
from rekognition_conformance.suite.common import (
    items_or_inconclusive,
    judge_mismatch,
)

START = "StartSegmentDetection"
GET = "GetSegmentDetection"
MAIN = "segments.shots_and_cues"
JOBS = (MAIN, "segments.shots_first", "segments.shots", "segments.min50", "segments.filtered")
# Page sizes small enough to cut the short fixture's few segments into several pages.
PAGE_SIZES = (1, 3, 4)

pytestmark = [pytest.mark.family("segments"), pytest.mark.jobs(*JOBS)]


def _segment_types(key: str) -> list[str]:
    return job(key).params["SegmentTypes"]


def _audio_streams(video_key: str) -> int:
    """How many audio streams the fixture file holds, read with PyAV."""
    with av.open(str(ensure(video_key))) as container:
        return len(container.streams.audio)


# --- Start ---------------------------------------------------------------------------------------


def test_same_token_with_other_parameters_is_rejected(finished, clients, verdict):
    run = finished(MAIN)
    answer = clients.rekognition.call(START, {**run.request, "SegmentTypes": ["SHOT"]})
    judge_mismatch(verdict, answer)


# --- Get: form, pagination and metadata ----------------------------------------------------------


def test_metadata_lists_on_every_page(listing, fixture_videos, verdict):
    chain = listing(MAIN, MaxResults=PAGE_SIZES[1])
    expected = fixture_videos["short"].metadata
    verdict.check(metadata.check_metadata_every_page, chain.pages)
    verdict.check(segments.check_single_video_metadata, chain.pages)
    verdict.check(segments.check_audio_every_page, chain.pages)
    verdict.check(segments.check_audio_streams, chain.pages, _audio_streams(job(MAIN).video))
    for page in chain.pages:
        verdict.check(metadata.check_dimensions, page, expected)
        verdict.check(metadata.check_duration, page, expected)
        verdict.check(metadata.check_frame_rate, page, expected)
        verdict.check(metadata.check_codec, page)


@pytest.mark.parametrize("key", JOBS)
def test_selected_segment_types_are_echoed(key, listing, verdict):
    verdict.check(segments.check_types_echo, listing(key, MaxResults=PAGE_SIZES[1]).pages, _segment_types(key))


# --- Get: types and order ------------------------------------------------------------------------


@pytest.mark.parametrize("key", JOBS)
def test_segments_are_of_the_selected_types_in_order(key, listing, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key, "segments")
    verdict.check(segments.check_types_selected, GET, items, _segment_types(key), chain.params)
    verdict.check(segments.check_type_grouping, GET, items, chain.params)
    verdict.check(segments.check_type_order, GET, items, _segment_types(key), chain.params)


# --- Get: confidence -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", JOBS)
def test_no_segment_below_its_min_confidence(key, listing, verdict):
    chain = listing(key)
    verdict.check(segments.check_confidence_floor, GET, chain.items, job(key).params.get("Filters"), chain.params)


def test_default_min_segment_confidence_is_50(listing, verdict):
    default, at_50 = listing(MAIN), listing("segments.min50")
    verdict.check(segments.check_default_min_confidence, GET, default.items, at_50.items, default.params)


# --- Get: segment content ------------------------------------------------------------------------


@pytest.mark.parametrize("key", JOBS)
def test_segments_are_consistent_with_the_video(key, listing, fixture_videos, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key, "segments")
    expected = fixture_videos[job(key).video].metadata
    verdict.check(segments.check_detail, GET, items, chain.params)
    verdict.check(segments.check_timecode_format, GET, items, chain.params)
    verdict.check(segments.check_interval, GET, items, expected["DurationMillis"], expected["FrameRate"], chain.params)
    verdict.check(segments.check_timecode_frames, GET, items, expected["FrameRate"], chain.params)
    verdict.check(segments.check_shot_sequence, GET, items, chain.params)


# --- lifecycle -----------------------------------------------------------------------------------


# --- Get: rejections -----------------------------------------------------------------------------
