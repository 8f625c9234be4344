"""GetContentModeration's own rules against finished jobs on the short fixture: the moderation taxonomy, the
model version; and the same token with another MinConfidence refused.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals, name sort and aggregation) are in ``test_video_gets``, ``test_video_starts`` and
``test_video_aggregation``; the MinConfidence tests in ``test_video_thresholds``.
"""

from __future__ import annotations

from typing import Any

import pytest

from rekognition_conformance.checks import moderation
from rekognition_conformance.suite.common import (
    items_or_inconclusive,
    judge_mismatch,
)

START = "StartContentModeration"
GET = "GetContentModeration"
MAIN = "moderation.default"
JOBS = (MAIN, "moderation.min50", "moderation.lower", "moderation.higher")
# The main job's listings in each mode, whose every page names the model version.
VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "name": {"SortBy": "NAME"},
    "segments": {"AggregateBy": "SEGMENTS"},
}
# Small page sizes cut the short fixture's listing into several pages; 5000 is above the documented largest value.
PAGE_SIZES = (7, 40, 5000)

pytestmark = [pytest.mark.family("moderation"), pytest.mark.jobs(*JOBS)]


# --- Start ---------------------------------------------------------------------------------------


def test_same_token_with_other_parameters_is_rejected(finished, clients, verdict):
    run = finished(MAIN)
    answer = clients.rekognition.call(START, {**run.request, "MinConfidence": 77.0})
    judge_mismatch(verdict, answer)


# --- Get: form and pagination --------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["default", "name", "segments"])
def test_model_version_on_every_page(variant, listing, verdict):
    verdict.check(moderation.check_model_version, listing(MAIN, MaxResults=PAGE_SIZES[0], **VARIANTS[variant]).pages)


# --- Get: order and aggregation ------------------------------------------------------------------








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
