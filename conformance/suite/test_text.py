"""GetTextDetection's own rules against finished jobs on the short fixture: the timestamp order, the word
limit per frame, the word and region filters and the default word confidence, LINE/WORD identifiers,
geometry, the model version; and the same token with other filters refused.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals) are in ``test_video_gets`` and ``test_video_starts``.
"""

from __future__ import annotations

from typing import Any

import pytest

from rekognition_conformance.catalogue import job
from rekognition_conformance.checks import text
from rekognition_conformance.suite.common import (
    items_or_inconclusive,
    judge_mismatch,
)

START = "StartTextDetection"
GET = "GetTextDetection"
MAIN = "text.default"
JOBS = (MAIN, "text.filtered", "text.word_size", "text.region")
# Small page sizes cut the short fixture's listing into several pages.
PAGE_SIZES = (6, 25)

pytestmark = [pytest.mark.family("text"), pytest.mark.jobs(*JOBS)]


def _filters(key: str) -> dict[str, Any] | None:
    return job(key).params.get("Filters")


# --- Start ---------------------------------------------------------------------------------------


def test_same_token_with_other_parameters_is_rejected(finished, clients, verdict):
    run = finished(MAIN)
    changed = {**run.request, "Filters": {"WordFilter": {"MinConfidence": 95.0}}}
    answer = clients.rekognition.call(START, changed)
    judge_mismatch(verdict, answer)


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
