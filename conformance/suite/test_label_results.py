"""GetLabelDetection's own rules against finished jobs: the label filters, parents and bounding boxes, and
a file that is not a video.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals, name sort and aggregation) are in ``test_video_gets``, ``test_video_starts`` and
``test_video_aggregation``; the MinConfidence tests in ``test_video_thresholds``.
"""

from __future__ import annotations

import pytest

from rekognition_conformance.catalogue.labels import (
    FILTERED,
    LONG,
    NOT_A_VIDEO,
    SHORT,
)
from rekognition_conformance.checks import (
    labels,
    lifecycle,
)
from rekognition_conformance.jobs import JobUnavailable
from rekognition_conformance.suite.common import GET_LABELS, items_or_inconclusive, judge_error, judge_response

MEMBER = "Labels"
# Page sizes that cut the long listing at odd places, and one above the documented largest value.

pytestmark = [pytest.mark.family("labels"), pytest.mark.jobs(LONG, *SHORT, NOT_A_VIDEO)]


@pytest.mark.parametrize("key", FILTERED)
def test_label_filters(key, finished, listing, verdict):
    run, chain = finished(key), listing(key)
    verdict.check(labels.check_label_filters, GET_LABELS, chain.items, run.request["Settings"], chain.params)


def test_parents_are_labels_of_their_own(listing, verdict):
    chain = listing(LONG)
    items = items_or_inconclusive(verdict, chain, "the long fixture", "labels")
    verdict.check(labels.check_parents, GET_LABELS, items, chain.params)
    verdict.check(labels.check_bounding_boxes, GET_LABELS, items, chain.params)


def test_a_file_that_is_not_a_video_does_not_fail_silently(job_pool, verdict):
    """Either the Start is rejected with a documented error, or the job ends FAILED with a StatusMessage."""
    try:
        run = job_pool.wait(NOT_A_VIDEO)
    except JobUnavailable as exc:
        run = job_pool.runs[NOT_A_VIDEO]
        if run.start is None or run.start.ok:
            pytest.fail(str(exc), pytrace=False)  # accepted but never finished
        judge_error(verdict, run.start)
        return
    verdict.check(lifecycle.check_status_sequence, run.spec.get_operation, run.statuses, {"JobId": run.job_id})
    judge_response(verdict, run.last)
    if run.status == "FAILED":
        verdict.check(lifecycle.check_failed_message, run.last)
