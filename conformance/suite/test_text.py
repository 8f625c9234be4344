"""StartTextDetection and GetTextDetection against finished jobs on the short fixture.

Start side: responses, idempotency, a missing S3 object, constraint violations and unsigned requests.
Get side: the schema of every page, pagination across pages, the timestamp order, the word limit per
frame, the word and region filters and the default word confidence, LINE/WORD identifiers, geometry,
echoes, video metadata, lifecycle, and the rejection of unknown jobs, foreign tokens and bad
parameters. GetTextDetection has no sort parameter and documents no default or clamp for MaxResults,
so none is judged.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from conformance.catalogue import job
from conformance.checks import bind, errors, idempotency, text
from conformance.strategies import Mutation, mutations
from conformance.suite.common import (
    items_or_inconclusive,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)

START = "StartTextDetection"
GET = "GetTextDetection"
MEMBER = "TextDetections"
MAIN = "text.default"
JOBS = (MAIN, "text.filtered", "text.word_size", "text.region")
# Small page sizes cut the short fixture's listing into several pages.
PAGE_SIZES = (6, 25)

pytestmark = [pytest.mark.family("text"), pytest.mark.jobs(*JOBS)]

START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "JobTag": "rc-invalid-request",
    "Filters": {
        "WordFilter": {"MinConfidence": 80.0, "MinBoundingBoxHeight": 0.01, "MinBoundingBoxWidth": 0.01},
        "RegionsOfInterest": [{"BoundingBox": {"Width": 1.0, "Height": 1.0, "Left": 0.0, "Top": 0.0}}],
    },
}
START_MUTATIONS = mutations(START, START_TEMPLATE)
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]


def _fresh_token(run_id: str, salt: str) -> str:
    return hashlib.sha256(f"{run_id}:text:{salt}".encode()).hexdigest()[:40]


def _filters(key: str) -> dict[str, Any] | None:
    return job(key).params.get("Filters")


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
    changed = {**run.request, "Filters": {"WordFilter": {"MinConfidence": 95.0}}}
    answer = clients.rekognition.call(START, changed)
    judge_mismatch(verdict, answer)


def test_missing_s3_object_is_rejected(fixture_videos, clients, pytestconfig, verdict):
    video = fixture_videos["short"].video
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    request = {"Video": missing, "ClientRequestToken": _fresh_token(pytestconfig.getoption("run_id"), "missing")}
    answer = clients.rekognition.call(START, request)
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
    request = {"Video": fixture_videos["short"].video, "ClientRequestToken": token}
    verdict.check(bind(errors.check_rejected, rule_id), clients.raw.send(START, request, signing=signing))


# --- Get: form, pagination and metadata ----------------------------------------------------------


def test_model_version_on_every_page(listing, verdict):
    verdict.check(text.check_model_version, listing(MAIN, MaxResults=PAGE_SIZES[1]).pages)


# --- Get: order, filters and content -------------------------------------------------------------


@pytest.mark.parametrize("key", JOBS)
def test_text_is_in_timestamp_order_with_at_most_100_words_per_frame(key, listing, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key, "text detections")
    verdict.check(text.check_timestamp_order, GET, items, chain.params)
    verdict.check(text.check_words_per_frame, GET, items, chain.params)


@pytest.mark.parametrize("key", JOBS)
def test_word_filters_hold(key, listing, verdict):
    chain = listing(key)
    filters = _filters(key)
    verdict.check(text.check_word_confidence, GET, chain.items, filters, chain.params)
    verdict.check(text.check_word_size, GET, chain.items, filters, chain.params)
    verdict.check(text.check_regions, GET, chain.items, filters, chain.params)
    verdict.check(text.check_default_min_confidence, GET, chain.items, filters, chain.params)
    verdict.check(text.check_no_filter_min_confidence, GET, chain.items, filters, chain.params)


@pytest.mark.parametrize("key", JOBS)
def test_lines_and_words_are_identified_and_placed(key, listing, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key, "text detections")
    verdict.check(text.check_line_parents, GET, items, chain.params)
    verdict.check(text.check_identifiers, GET, items, chain.params)
    verdict.check(text.check_unique_ids, GET, items, chain.params)
    verdict.check(text.check_geometry, GET, items, chain.params)
    if not _filters(key):
        verdict.check(text.check_parent_lines, GET, items, chain.params)


# --- lifecycle -----------------------------------------------------------------------------------


# --- Get: rejections -----------------------------------------------------------------------------
