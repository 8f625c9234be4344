"""The Start threshold of every family that has one (MinConfidence, FaceMatchThreshold), judged once.

For each family the catalogue names four jobs on one video: without the threshold, at its documented
default, below it and above it. No result is scored below its job's threshold; the job without one
behaves as the one at the default; the job below returns what the default job does, and more. The checks
are the family's, bound to its rules by the family table.
"""

from __future__ import annotations

from typing import Any

import pytest

from rekognition_conformance.catalogue import JOBS, THRESHOLD_JOBS, ThresholdJobs
from rekognition_conformance.checks import face_search, label_confidence, moderation
from rekognition_conformance.checks.thresholds import ThresholdChecks
from rekognition_conformance.spec.families import VideoFamily, video_family
from rekognition_conformance.suite.common import items_or_inconclusive

CHECKS: dict[str, ThresholdChecks] = {
    "labels": label_confidence.CHECKS,
    "moderation": moderation.CHECKS,
    "face_search": face_search.CHECKS,
}
ROLES = ("default", "lower", "higher")


def _param(family: str, *values: Any, id: str, keys: tuple[str, ...]) -> Any:
    return pytest.param(video_family(family), *values, id=id,
                        marks=[pytest.mark.family(family), pytest.mark.jobs(*keys)])


def _families() -> list[Any]:
    return [_param(name, jobs, id=name, keys=(jobs.omitted, jobs.default, jobs.lower))
            for name, jobs in THRESHOLD_JOBS.items()]


def _floors() -> list[Any]:
    return [_param(name, getattr(jobs, role), id=f"{name}-{role}", keys=(getattr(jobs, role),))
            for name, jobs in THRESHOLD_JOBS.items() for role in ROLES]


def _threshold(family: VideoFamily, key: str) -> float:
    assert family.threshold is not None
    return float(JOBS[key].params[family.threshold.member])


@pytest.mark.parametrize(("family", "key"), _floors())
def test_no_result_below_the_threshold(family: VideoFamily, key: str, listing, verdict):
    chain = listing(key)
    verdict.check(CHECKS[family.name].floor, family.get, chain.items, _threshold(family, key), chain.params)


@pytest.mark.parametrize(("family", "jobs"), _families())
def test_an_omitted_threshold_is_the_documented_default(family: VideoFamily, jobs: ThresholdJobs, listing, verdict):
    assert family.threshold is not None
    omitted, explicit = listing(jobs.omitted), listing(jobs.default)
    checks = CHECKS[family.name]
    verdict.check(checks.floor, family.get, omitted.items, float(family.threshold.default.value), omitted.params)
    verdict.check(checks.default, family.get, omitted.items, explicit.items, omitted.params)


@pytest.mark.parametrize(("family", "jobs"), _families())
def test_a_lower_threshold_returns_more(family: VideoFamily, jobs: ThresholdJobs, listing, verdict):
    lower, omitted = listing(jobs.lower), listing(jobs.omitted)
    items_or_inconclusive(verdict, lower, jobs.lower, family.items)
    verdict.check(CHECKS[family.name].lower, family.get, lower.items, omitted.items, _threshold(family, jobs.lower),
                  lower.params)
