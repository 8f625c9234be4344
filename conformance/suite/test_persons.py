"""GetPersonTracking's own rules: the TIMESTAMP and INDEX orders and the default sort, the faces person
tracking returns, drawn page sizes and orders.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals) are in ``test_video_gets`` and ``test_video_starts``.

AWS ended support for people pathing on 2025-10-31 (the GetPersonTracking documentation: "On October 31, 2025,
AWS will discontinue support for Amazon Rekognition People Pathing."). The suite still judges backends that
serve it; one that does not shows as not implemented.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekognition_conformance.catalogue.persons import DEFAULT, KEYS
from rekognition_conformance.checks import faces, persons
from rekognition_conformance.strategies import get_parameters
from rekognition_conformance.suite import face_families as shared
from rekognition_conformance.suite.common import (
    items_or_inconclusive,
)

START = "StartPersonTracking"
GET = "GetPersonTracking"
MEMBER = "Persons"
SORTS = ("TIMESTAMP", "INDEX")
# The Get parameter sets whose listings the suite reads.
VARIANTS = {
    "default": {},
    "timestamp": {"SortBy": "TIMESTAMP"},
    "index": {"SortBy": "INDEX"},
    "index-small-pages": {"SortBy": "INDEX", "MaxResults": shared.SMALL_PAGE},
}

pytestmark = [pytest.mark.family("persons"), pytest.mark.jobs(*KEYS)]


# --- StartPersonTracking ------------------------------------------------------------------------------




# --- GetPersonTracking results -------------------------------------------------------------------------






@pytest.mark.parametrize("variant", ["index", "index-small-pages"])
def test_index_sort_groups_each_person(variant, listing, verdict):
    chain = listing(DEFAULT, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture")
    verdict.check(persons.check_index_groups, GET, items, chain.params)
    verdict.check(persons.check_index_order, GET, items, chain.params)
    verdict.check(persons.check_index_confidence, GET, items, chain.params)


@pytest.mark.parametrize("variant", ["default", "index"])
def test_persons_carry_an_index_and_default_face_attributes(variant, listing, verdict):
    chain = listing(DEFAULT, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture")
    verdict.check(persons.check_index_present, GET, items, chain.params)
    verdict.check(persons.check_person_faces, GET, items, chain.params)
    verdict.check(faces.check_quality_range, GET, items, chain.params, path=persons.FACE_PATH)


@given(data=st.data(), params=get_parameters(sort_by=SORTS))
def test_any_page_size_and_sort(data, params, finished, listing, clients, verdict):
    chain = shared.judge_drawn_pages(verdict, data, clients, listing, finished(DEFAULT), params)
    if params.get("SortBy") == "INDEX":
        verdict.check(persons.check_index_groups, GET, chain.items, chain.params)
    else:
        verdict.check(persons.check_person_timestamp_order, GET, chain.items, chain.params)
    verdict.assert_clean()


# --- GetPersonTracking rejections ----------------------------------------------------------------------
