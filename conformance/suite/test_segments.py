"""StartSegmentDetection and GetSegmentDetection against finished jobs on the short fixture.

Start side: responses, idempotency, a missing S3 object, constraint violations and unsigned requests.
Get side: the schema of every page, pagination across pages, the selected types and their order, the
confidence filters and their default, timecodes and frame numbers at the video's real frame rate, shots,
the VideoMetadata and AudioMetadata lists, echoes, lifecycle, and the rejection of unknown jobs, foreign
tokens and bad parameters. GetSegmentDetection has no sort or aggregation parameters and documents no
default or clamp for MaxResults, so none is judged.
"""

from __future__ import annotations

import hashlib
from typing import Any

import av
import pytest

from conformance.catalogue import job
from conformance.checks import bind, errors, idempotency, metadata, segments
from conformance.strategies import Mutation, mutations
from conformance.suite.common import (
    items_or_inconclusive,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)
from fixtures.videos import ensure

START = "StartSegmentDetection"
GET = "GetSegmentDetection"
MEMBER = "Segments"
MAIN = "segments.shots_and_cues"
JOBS = (MAIN, "segments.shots_first", "segments.shots", "segments.min50", "segments.filtered")
# Page sizes small enough to cut the short fixture's few segments into several pages.
PAGE_SIZES = (1, 3, 4)

pytestmark = [pytest.mark.family("segments"), pytest.mark.jobs(*JOBS)]

START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "JobTag": "rc-invalid-request",
    "SegmentTypes": ["TECHNICAL_CUE", "SHOT"],
    "Filters": {
        "TechnicalCueFilter": {
            "MinSegmentConfidence": 60.0,
            "BlackFrame": {"MaxPixelThreshold": 0.2, "MinCoveragePercentage": 99.0},
        },
        "ShotFilter": {"MinSegmentConfidence": 60.0},
    },
}
START_MUTATIONS = mutations(START, START_TEMPLATE)
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]


def _fresh_token(run_id: str, salt: str) -> str:
    return hashlib.sha256(f"{run_id}:segments:{salt}".encode()).hexdigest()[:40]


def _segment_types(key: str) -> list[str]:
    return job(key).params["SegmentTypes"]


def _audio_streams(video_key: str) -> int:
    """How many audio streams the fixture file holds, read with PyAV."""
    with av.open(str(ensure(video_key))) as container:
        return len(container.streams.audio)


# --- Start ---------------------------------------------------------------------------------------


def test_start_responses_conform(job_pool, verdict):
    for key in JOBS:
        judge_response(verdict, job_pool.runs[key].start)


def test_same_token_and_parameters_return_the_same_job(finished, clients, verdict):
    run = finished(MAIN)
    repeat = clients.rekognition.call(START, run.request)
    verdict.check(idempotency.check_same_job, run.start, repeat)


def test_same_token_with_other_parameters_is_rejected(finished, clients, verdict):
    run = finished(MAIN)
    answer = clients.rekognition.call(START, {**run.request, "SegmentTypes": ["SHOT"]})
    judge_mismatch(verdict, answer)


def test_missing_s3_object_is_rejected(fixture_videos, clients, pytestconfig, verdict):
    video = fixture_videos["short"].video
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    token = _fresh_token(pytestconfig.getoption("run_id"), "missing")
    answer = clients.rekognition.call(START, {"Video": missing, "SegmentTypes": ["SHOT"], "ClientRequestToken": token})
    judge_missing_object(verdict, answer)


@pytest.mark.parametrize("mutation", START_MUTATIONS, ids=[f"{m.member}-{m.constraint}" for m in START_MUTATIONS])
def test_each_start_constraint_violation_is_rejected(
    mutation: Mutation, fixture_videos, clients, pytestconfig, verdict
):
    token = _fresh_token(pytestconfig.getoption("run_id"), mutation.describe())
    request = mutation.apply({**START_TEMPLATE, "Video": fixture_videos["short"].video, "ClientRequestToken": token})
    judge_invalid_parameter(verdict, clients.raw.send(START, request))


@pytest.mark.parametrize(("signing", "rule_id"), UNAUTHENTICATED)
def test_unauthenticated_start_is_rejected(
    signing, rule_id, fixture_videos, clients, pytestconfig, verdict
):
    token = _fresh_token(pytestconfig.getoption("run_id"), signing)
    request = {"Video": fixture_videos["short"].video, "SegmentTypes": ["SHOT"], "ClientRequestToken": token}
    verdict.check(bind(errors.check_rejected, rule_id), clients.raw.send(START, request, signing=signing))


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
