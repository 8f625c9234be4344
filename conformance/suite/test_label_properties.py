"""Property-based Get-side tests: drawn MaxResults, SortBy and AggregateBy against the finished long job.

For any combination, following the NextToken chain yields exactly the listing read in pages of 1000
with the same SortBy and AggregateBy, pages respect MaxResults, and the order and aggregation are the
requested ones. MaxResults is drawn so that a chain stays within a bounded number of pages.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekognition_conformance.checks import aggregation, labels, pagination, sorting
from rekognition_conformance.listing import read_listing
from rekognition_conformance.strategies import get_parameters
from rekognition_conformance.suite.common import GET_LABELS

MEMBER = "Labels"
LONG = "labels.long"
MAX_PAGES_PER_EXAMPLE = 25

pytestmark = [pytest.mark.family("labels"), pytest.mark.jobs(LONG)]


@given(data=st.data(), params=get_parameters(sort_by=("NAME", "TIMESTAMP"), aggregate_by=("TIMESTAMPS", "SEGMENTS")))
def test_any_page_size_sort_and_aggregation(data, params, finished, listing, clients, verdict):
    run = finished(LONG)
    given_params = {k: v for k, v in params.items() if v is not None}
    reference = listing(LONG, MaxResults=1000, **given_params)
    total = len(reference.items)
    smallest = max(1, math.ceil(total / MAX_PAGES_PER_EXAMPLE))
    max_results = data.draw(st.integers(min_value=smallest, max_value=1500), label="MaxResults")
    chain = read_listing(clients.rekognition, GET_LABELS, MEMBER, run.job_id, MaxResults=max_results, **given_params)

    verdict.check(pagination.check_page_size, chain.pages, MEMBER, max_results)
    verdict.check(pagination.check_clamp, chain.pages, MEMBER, max_results)
    verdict.check(pagination.check_token_chain, chain.pages, MEMBER, expected_total=total)
    verdict.check(pagination.check_complete, chain.pages, MEMBER, reference.items)

    items = chain.items
    if given_params.get("SortBy") == "NAME":
        verdict.check(labels.check_name_sort, GET_LABELS, items, chain.params)
    else:
        verdict.check(sorting.check_timestamp_order, GET_LABELS, items, chain.params)
    if given_params.get("AggregateBy") == "SEGMENTS":
        verdict.check(aggregation.check_segment_items, GET_LABELS, items, chain.params)
    verdict.assert_clean()
