"""StartLabelDetection's own rule: the same token with another MinConfidence is refused.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals) are in ``test_video_gets`` and ``test_video_starts``.
"""

from __future__ import annotations

import pytest

from rekognition_conformance.catalogue.labels import LONG, SHORT
from rekognition_conformance.suite.common import (
    START_LABELS,
    judge_mismatch,
)

pytestmark = [pytest.mark.family("labels"), pytest.mark.jobs(LONG, *SHORT)]


def test_same_token_with_other_parameters_is_rejected(job_pool, finished, clients, verdict):
    run = finished("labels.default")
    changed = {**run.request, "MinConfidence": 77.0}
    answer = clients.rekognition.call(START_LABELS, changed)
    judge_mismatch(verdict, answer)
