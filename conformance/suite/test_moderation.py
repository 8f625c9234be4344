"""StartContentModeration and GetContentModeration against finished jobs on the short fixture.

Start side: responses, idempotency, a missing S3 object, constraint violations and unsigned requests.
Get side: the schema of every page, pagination across pages, both sort orders, both aggregations and
their defaults, MinConfidence, the moderation taxonomy, echoes, video metadata, lifecycle, and the
rejection of unknown jobs, foreign tokens and bad parameters. Listings are read once per distinct set
of Get parameters and shared between tests.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from conformance.checks import bind, errors, idempotency, moderation
from conformance.strategies import Mutation, mutations
from conformance.suite.common import (
    items_or_inconclusive,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)

START = "StartContentModeration"
GET = "GetContentModeration"
MEMBER = "ModerationLabels"
DEFAULTS = {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}
MAIN = "moderation.default"
JOBS = (MAIN, "moderation.min50", "moderation.lower", "moderation.higher")
# The Get parameter sets whose listings the suite reads from the main job.
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "max1000": {"MaxResults": 1000},
    "timestamp": {"SortBy": "TIMESTAMP"},
    "name": {"SortBy": "NAME"},
    "timestamps": {"AggregateBy": "TIMESTAMPS"},
    "segments": {"AggregateBy": "SEGMENTS"},
    "segments-by-name": {"AggregateBy": "SEGMENTS", "SortBy": "NAME"},
}
# Small page sizes cut the short fixture's listing into several pages; 5000 is above the documented largest value.
PAGE_SIZES = (7, 40, 5000)

pytestmark = [pytest.mark.family("moderation"), pytest.mark.jobs(*JOBS)]

START_TEMPLATE: dict[str, Any] = {
    "Video": {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}},
    "ClientRequestToken": "placeholder-token",
    "MinConfidence": 50.0,
    "JobTag": "rc-invalid-request",
}
START_MUTATIONS = mutations(START, START_TEMPLATE)
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]


def _fresh_token(run_id: str, salt: str) -> str:
    return hashlib.sha256(f"{run_id}:moderation:{salt}".encode()).hexdigest()[:40]


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
    answer = clients.rekognition.call(START, {**run.request, "MinConfidence": 77.0})
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
    start = clients.raw.send(
        START, {"Video": fixture_videos["short"].video, "ClientRequestToken": token}, signing=signing
    )
    verdict.check(bind(errors.check_rejected, rule_id), start)


# --- Get: form and pagination --------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["default", "name", "segments"])
def test_model_version_on_every_page(variant, listing, verdict):
    verdict.check(moderation.check_model_version, listing(MAIN, MaxResults=PAGE_SIZES[0], **VARIANTS[variant]).pages)


# --- Get: order and aggregation ------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["name", "segments-by-name"])
def test_name_sort_groups_labels_alphabetically(variant, listing, verdict):
    chain = listing(MAIN, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture", "moderation labels")
    verdict.check(moderation.check_name_sort, GET, items, chain.params)
    verdict.check(moderation.check_name_confidence, GET, items, chain.params)


def test_default_aggregation_is_timestamps(listing, verdict):
    default, by_timestamps = listing(MAIN), listing(MAIN, AggregateBy="TIMESTAMPS")
    items_or_inconclusive(verdict, default, "the short fixture", "moderation labels")
    verdict.check(moderation.check_default_aggregation, GET, default.items, by_timestamps.items, default.params)
    verdict.check(moderation.check_timestamp_items, GET, by_timestamps.items, by_timestamps.params)


@pytest.mark.parametrize("variant", ["segments", "segments-by-name"])
def test_segments_carry_consistent_segment_members(variant, listing, verdict):
    chain = listing(MAIN, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture with AggregateBy SEGMENTS", "moderation labels")
    verdict.check(moderation.check_segment_items, GET, items, chain.params)


# --- Get: confidence and taxonomy ----------------------------------------------------------------


@pytest.mark.parametrize("key", JOBS)
def test_taxonomy_levels_and_parents(key, listing, verdict):
    chain = listing(key)
    items = items_or_inconclusive(verdict, chain, key, "moderation labels")
    verdict.check(moderation.check_taxonomy_levels, GET, items, chain.params)
    verdict.check(moderation.check_top_level_parents, GET, items, chain.params)
    verdict.check(moderation.check_ancestors, GET, items, chain.params)


# --- lifecycle -----------------------------------------------------------------------------------


# --- Get: rejections -----------------------------------------------------------------------------
