"""GetCelebrityRecognition's and GetCelebrityInfo's own rules: the TIMESTAMP and ID orders and the default
sort, what each recognition carries, drawn page sizes and orders; GetCelebrityInfo for the recognised Ids,
for an unknown one and for bad requests.

The tests every video family shares (answers, pagination, echoes, video metadata, status, rejections,
Start-side refusals) are in ``test_video_gets`` and ``test_video_starts``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekognition_conformance.catalogue.celebrities import DEFAULT, KEYS
from rekognition_conformance.checks import bind, celebrities, errors, faces
from rekognition_conformance.strategies import get_parameters, invalid_requests, mutations
from rekognition_conformance.suite import face_families as shared
from rekognition_conformance.suite.common import (
    items_or_inconclusive,
    judge_error,
    judge_invalid_parameter,
    judge_response,
)
from rekognition_conformance.verdict import nothing_to_judge

START = "StartCelebrityRecognition"
GET = "GetCelebrityRecognition"
INFO = "GetCelebrityInfo"
MEMBER = "Celebrities"
SORTS = ("TIMESTAMP", "ID")
VARIANTS = {
    "default": {},
    "timestamp": {"SortBy": "TIMESTAMP"},
    "id": {"SortBy": "ID"},
    "id-small-pages": {"SortBy": "ID", "MaxResults": shared.SMALL_PAGE},
}
# GetCelebrityInfo is asked about this many of the recognised celebrities, to bound the calls.
INFO_LOOKUPS = 10
# Matches the Id pattern [0-9A-Za-z]* and names no celebrity.
UNKNOWN_CELEBRITY_ID = "rcNoSuchCelebrity0000000000"

pytestmark = [pytest.mark.family("celebrities"), pytest.mark.jobs(*KEYS)]

INFO_TEMPLATE: dict[str, Any] = {"Id": "placeholder"}
INFO_MUTATIONS = mutations(INFO, INFO_TEMPLATE)


# --- StartCelebrityRecognition -------------------------------------------------------------------------




# --- GetCelebrityRecognition results -------------------------------------------------------------------






@pytest.mark.parametrize("variant", ["id", "id-small-pages"])
def test_id_sort_groups_each_celebrity(variant, listing, verdict):
    chain = listing(DEFAULT, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture")
    verdict.check(celebrities.check_id_groups, GET, items, chain.params)
    verdict.check(celebrities.check_id_order, GET, items, chain.params)


@pytest.mark.parametrize("variant", ["default", "id"])
def test_recognitions_carry_id_name_and_default_face_attributes(variant, listing, verdict):
    chain = listing(DEFAULT, **VARIANTS[variant])
    items = items_or_inconclusive(verdict, chain, "the short fixture")
    verdict.check(celebrities.check_detail_present, GET, items, chain.params)
    verdict.check(celebrities.check_celebrity_faces, GET, items, chain.params)
    verdict.check(faces.check_quality_range, GET, items, chain.params, path=celebrities.FACE_PATH)


@given(data=st.data(), params=get_parameters(sort_by=SORTS))
def test_any_page_size_and_sort(data, params, finished, listing, clients, verdict):
    chain = shared.judge_drawn_pages(verdict, data, clients, listing, finished(DEFAULT), params)
    if params.get("SortBy") == "ID":
        verdict.check(celebrities.check_id_groups, GET, chain.items, chain.params)
    else:
        verdict.check(celebrities.check_celebrity_timestamp_order, GET, chain.items, chain.params)
    verdict.assert_clean()


# --- GetCelebrityInfo ----------------------------------------------------------------------------------


def test_celebrity_info_describes_each_recognised_celebrity(listing, clients, verdict):
    items = items_or_inconclusive(verdict, listing(DEFAULT), "the short fixture")
    first_by_id: dict[str, int] = {}
    for index, item in enumerate(items):
        celebrity_id = celebrities.celebrity_id(item)
        if celebrity_id is not None and len(first_by_id) < INFO_LOOKUPS:
            first_by_id.setdefault(celebrity_id, index)
    if not first_by_id:
        nothing_to_judge("no recognition carries a celebrity Id; CELEBRITIES.DETAIL.PRESENT reports it")
    for celebrity_id, index in first_by_id.items():
        info = clients.rekognition.call(INFO, {"Id": celebrity_id})
        judge_response(verdict, info)
        verdict.check(celebrities.check_info_matches, info, items[index], f"listing[{index}]", also=(GET,))


def test_celebrity_info_for_an_unknown_id_is_rejected(clients, verdict):
    answer = clients.rekognition.call(INFO, {"Id": UNKNOWN_CELEBRITY_ID})
    verdict.check(celebrities.check_unknown_id_rejected, answer)
    verdict.check(celebrities.check_unknown_id_type, answer)
    judge_error(verdict, answer)


@pytest.mark.parametrize("mutation", INFO_MUTATIONS, ids=shared.mutation_ids(INFO_MUTATIONS))
def test_each_celebrity_info_constraint_violation_is_rejected(mutation, clients, verdict):
    judge_invalid_parameter(verdict, clients.raw.send(INFO, mutation.apply(INFO_TEMPLATE)))


@given(mutation=invalid_requests(INFO, INFO_TEMPLATE))
def test_drawn_celebrity_info_constraint_violations_are_rejected(mutation, clients, verdict):
    judge_invalid_parameter(verdict, clients.raw.send(INFO, mutation.apply(INFO_TEMPLATE)))
    verdict.assert_clean()


@pytest.mark.parametrize(("signing", "rule_id"), shared.UNAUTHENTICATED)
def test_unauthenticated_celebrity_info_is_rejected(signing, rule_id, clients, verdict):
    answer = clients.raw.send(INFO, {"Id": UNKNOWN_CELEBRITY_ID}, signing=signing)
    verdict.check(bind(errors.check_rejected, rule_id), answer)


# --- GetCelebrityRecognition rejections ----------------------------------------------------------------
