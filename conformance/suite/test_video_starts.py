"""The Start-side tests every video family shares, written once and run for each family of the table.

Every Start answer of the run conforms; the same token and parameters return the same job; the same token
with another video, a missing S3 object, each constraint violation of the Start request and an unsigned or
wrongly signed request are refused. Each test's id names its family and carries the family's marker. What
a family's Start takes beyond the shared members (its threshold, filters, attributes) is judged in its own
module.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekognition_conformance.catalogue import MAIN_JOBS, START_TEMPLATES, family_jobs
from rekognition_conformance.checks import bind, errors, idempotency
from rekognition_conformance.spec.families import VideoFamily, video_families
from rekognition_conformance.strategies import Mutation, invalid_requests, mutations
from rekognition_conformance.suite.common import (
    fresh_token,
    judge_invalid_parameter,
    judge_mismatch,
    judge_missing_object,
    judge_response,
)

FAMILIES = tuple(video_families().values())
# Each way of failing to authenticate, and the rule that refuses it.
UNAUTHENTICATED = {"none": "ERRORS.UNSIGNED", "wrong-secret": "ERRORS.BAD_SIGNATURE"}
# The fixture every refused Start names: the shortest, so that a backend wrongly starting a job spends little.
VIDEO = "short"


def _param(family: VideoFamily, *values: Any, id: str, jobs: tuple[str, ...] = ()) -> Any:
    return pytest.param(family, *values, id=id, marks=[
        pytest.mark.family(family.name), pytest.mark.jobs(*(jobs or (MAIN_JOBS[family.name],)))])


def _families() -> list[Any]:
    return [_param(family, id=family.name) for family in FAMILIES]


def _mutations() -> list[Any]:
    return [
        _param(family, mutation, id=f"{family.name}-{mutation.member}-{mutation.constraint}")
        for family in FAMILIES
        for mutation in mutations(family.start, START_TEMPLATES[family.name])
    ]


def _required(family: VideoFamily, job_pool) -> dict[str, Any]:
    """The members a Start request must have besides the Video, as the family's main job sent them (the
    run's face collection, the segment types)."""
    sent = job_pool.runs[MAIN_JOBS[family.name]].request
    return {name: sent[name] for name in family.start_required if name != "Video" and name in sent}


def _request(family: VideoFamily, job_pool, pytestconfig, video: dict[str, Any], salt: str) -> dict[str, Any]:
    token = fresh_token(pytestconfig.getoption("run_id"), f"{family.start}:{salt}")
    return {**_required(family, job_pool), "Video": video, "ClientRequestToken": token}


def _invalid(family: VideoFamily, mutation: Mutation, job_pool, pytestconfig, fixture_videos) -> dict[str, Any]:
    base = _request(family, job_pool, pytestconfig, fixture_videos[VIDEO].video, mutation.describe())
    return mutation.apply({**START_TEMPLATES[family.name], **base})


@pytest.mark.parametrize("family", [
    _param(family, id=family.name, jobs=family_jobs(family.name)) for family in FAMILIES
])
def test_start_responses_conform(family: VideoFamily, job_pool, verdict):
    for key in family_jobs(family.name):
        judge_response(verdict, job_pool.runs[key].start)


@pytest.mark.parametrize("family", _families())
def test_same_token_and_parameters_return_the_same_job(family: VideoFamily, finished, clients, verdict):
    run = finished(MAIN_JOBS[family.name])
    verdict.check(idempotency.check_same_job, run.start, clients.rekognition.call(family.start, run.request))


@pytest.mark.parametrize("family", _families())
def test_same_token_with_another_video_is_rejected(family: VideoFamily, finished, fixture_videos, clients, verdict):
    # The other object is not a video, so a backend that wrongly starts a job spends nothing on it.
    run = finished(MAIN_JOBS[family.name])
    changed = {**run.request, "Video": fixture_videos["not_a_video"].video}
    judge_mismatch(verdict, clients.rekognition.call(family.start, changed))


@pytest.mark.parametrize("family", _families())
def test_missing_s3_object_is_rejected(family: VideoFamily, job_pool, fixture_videos, clients, pytestconfig, verdict):
    video = fixture_videos[VIDEO].video
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    request = _request(family, job_pool, pytestconfig, missing, "missing")
    judge_missing_object(verdict, clients.rekognition.call(family.start, request))


@pytest.mark.parametrize(("family", "mutation"), _mutations())
def test_each_start_constraint_violation_is_rejected(
    family: VideoFamily, mutation: Mutation, job_pool, fixture_videos, clients, pytestconfig, verdict
):
    request = _invalid(family, mutation, job_pool, pytestconfig, fixture_videos)
    judge_invalid_parameter(verdict, clients.raw.send(family.start, request))


@pytest.mark.parametrize("family", _families())
@given(data=st.data())
def test_drawn_start_constraint_violations_are_rejected(
    family: VideoFamily, data, job_pool, fixture_videos, clients, pytestconfig, verdict
):
    mutation = data.draw(invalid_requests(family.start, START_TEMPLATES[family.name]), label="mutation")
    request = _invalid(family, mutation, job_pool, pytestconfig, fixture_videos)
    judge_invalid_parameter(verdict, clients.raw.send(family.start, request))
    verdict.assert_clean()


@pytest.mark.parametrize(("family", "signing", "rule_id"), [
    _param(family, signing, rule_id, id=f"{family.name}-{signing}")
    for family in FAMILIES for signing, rule_id in UNAUTHENTICATED.items()
])
def test_unauthenticated_start_is_rejected(
    family: VideoFamily, signing: str, rule_id: str, job_pool, fixture_videos, clients, pytestconfig, verdict
):
    request = _request(family, job_pool, pytestconfig, fixture_videos[VIDEO].video, signing)
    verdict.check(bind(errors.check_rejected, rule_id), clients.raw.send(family.start, request, signing=signing))
