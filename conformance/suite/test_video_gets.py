"""The Get-side tests every video family shares, written once and run for each family of the table.

Every page of every listing conforms and echoes its job; VideoMetadata is on every page; NextToken chains
at odd page sizes add up to the complete listing; the default page size is the page cap; the timestamp
order is the default; every job reaches a final status and its results do not change; an unknown job, a
garbage NextToken, an unsigned or wrongly signed request and each constraint violation of the Get request
are refused. Family modules keep only their own rules. Each test's id names its family (``[labels]``,
``[faces-small-pages]``) and carries the family's markers, so ``--only``/``--skip``, the job pool and the
report attribute it as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekognition_conformance.catalogue import JOBS, MAIN_JOBS, family_jobs
from rekognition_conformance.checks import (
    bind,
    celebrities,
    echoes,
    errors,
    lifecycle,
    metadata,
    pagination,
    persons,
    sorting,
)
from rekognition_conformance.listing import read_listing
from rekognition_conformance.spec.families import VideoFamily, page_cap, video_families
from rekognition_conformance.spec.rules import rule
from rekognition_conformance.strategies import Mutation, invalid_requests, mutations
from rekognition_conformance.suite.common import (
    WELL_FORMED_UNKNOWN_JOB_ID,
    items_or_inconclusive,
    judge_bad_token,
    judge_invalid_parameter,
    judge_response,
    judge_unknown_job,
)

FAMILIES = tuple(video_families().values())
# The timestamp-order and default-sort checks of each sortable family: the generic ones, or the family's own
# where its items nest what they are ordered by (a Celebrity, a Person) under rules of its own.
GENERIC_SORT = (sorting.check_timestamp_order, sorting.check_default_sort)
SORT_CHECKS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "celebrities": (celebrities.check_celebrity_timestamp_order, celebrities.check_celebrity_default_sort),
    "persons": (persons.check_person_timestamp_order, persons.check_person_default_sort),
}
# Each way of failing to authenticate, and the rule that refuses it.
UNAUTHENTICATED = {"none": "ERRORS.UNSIGNED", "wrong-secret": "ERRORS.BAD_SIGNATURE"}
GARBAGE_TOKENS = {"word": "not-a-token", "base64": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="}
# The video a job of this name reads is not a video: it may end FAILED, which its own test judges.
NOT_A_VIDEO = "not_a_video"
# A page size that cuts a short-fixture listing into several pages; the long fixture's listing has several
# pages at the default page size already.
SMALL_PAGES = {"short": {"MaxResults": 7}, "long": {}}
# Page sizes that cut each family's main listing at odd places (several pages, a few pages, one item a page
# where the listing is short), and one above the page cap where the listing is long enough to show a clamp.
PAGE_SIZES: dict[str, tuple[int, ...]] = {
    "labels": (97, 250, 999, 5000),
    "faces": (7, 33, 5000),
    "celebrities": (7, 33, 5000),
    "moderation": (7, 40, 5000),
    "persons": (7, 33, 5000),
    "face_search": (1, 7, 5000),
    "segments": (1, 3, 4),
    "text": (6, 25),
}


def get_template(family: VideoFamily) -> dict[str, Any]:
    """A valid Get request of the family (its JobId is filled in by each test) for mutations to break."""
    return {"JobId": "placeholder", "MaxResults": 5, **family.mode_defaults}


def _marks(family: VideoFamily, *jobs: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.family(family.name), pytest.mark.jobs(*(jobs or (MAIN_JOBS[family.name],)))]


def _families() -> list[Any]:
    return [pytest.param(family, id=family.name, marks=_marks(family)) for family in FAMILIES]


def _with(values: dict[str, Any]) -> list[Any]:
    """Each family crossed with each of ``values``, ids ``family-name``: the test gets the name and the value."""
    return [
        pytest.param(family, label, value, id=f"{family.name}-{label}", marks=_marks(family))
        for family in FAMILIES
        for label, value in values.items()
    ]


def _variants(family: VideoFamily) -> dict[str, dict[str, Any]]:
    """The main job's listings these tests read: the default one, one of small pages, and each other mode."""
    small = SMALL_PAGES[JOBS[MAIN_JOBS[family.name]].video]
    return {
        "default": {},
        **({"small-pages": small} if small else {}),
        **{name: {**small, **params} for name, params in family.modes.items()},
    }


def _family_variants(*, metadata_object: bool = False) -> list[Any]:
    return [
        pytest.param(family, params, id=f"{family.name}-{name}", marks=_marks(family))
        for family in FAMILIES
        if not (metadata_object and family.metadata_list)
        for name, params in _variants(family).items()
    ]


def _listings() -> list[Any]:
    """The main job's listings of :func:`_variants`, and every other job's at the default page size."""
    return [
        pytest.param(family, MAIN_JOBS[family.name], params, id=f"{family.name}-{name}", marks=_marks(family))
        for family in FAMILIES
        for name, params in _variants(family).items()
    ] + [
        pytest.param(family, key, {}, id=key, marks=_marks(family, key))
        for family in FAMILIES
        for key in family_jobs(family.name)
        if key != MAIN_JOBS[family.name] and JOBS[key].video != NOT_A_VIDEO
    ]


def _chains() -> list[Any]:
    """Each family's page sizes in the default mode and, on the short fixture, in each other mode too (every
    page of a long listing is a request: the long fixture is read in the default mode only)."""
    cases = []
    for family in FAMILIES:
        short = JOBS[MAIN_JOBS[family.name]].video == "short"
        modes = {"default": {}, **(family.modes if short else {})}
        cases += [
            pytest.param(family, size, params, id=f"{family.name}-{size}-{name}", marks=_marks(family))
            for name, params in modes.items()
            for size in PAGE_SIZES[family.name]
        ]
    return cases


def _under(rule_id: str) -> list[Any]:
    """The families whose Get the rule ``rule_id`` covers (others judge the same question under rules of
    their own, in their own modules)."""
    return [param for param in _families() if param.values[0].get in rule(rule_id).operations]


def _mutations() -> list[Any]:
    return [
        pytest.param(family, m, id=f"{family.name}-{m.member}-{m.constraint}", marks=_marks(family))
        for family in FAMILIES
        for m in mutations(family.get, get_template(family))
    ]


def _jobs() -> list[Any]:
    return [
        pytest.param(key, id=key, marks=_marks(family, key))
        for family in FAMILIES
        for key in family_jobs(family.name)
        if JOBS[key].video != NOT_A_VIDEO
    ]


@pytest.mark.parametrize("family", _families())
def test_unknown_job_is_rejected(family: VideoFamily, clients, verdict):
    judge_unknown_job(verdict, clients.rekognition.call(family.get, {"JobId": WELL_FORMED_UNKNOWN_JOB_ID}))


@pytest.mark.parametrize(("family", "kind", "token"), _with(GARBAGE_TOKENS))
def test_garbage_next_token_is_rejected(family: VideoFamily, kind: str, token: str, finished, clients, verdict):
    request = {"JobId": finished(MAIN_JOBS[family.name]).job_id, "NextToken": token}
    judge_bad_token(verdict, clients.rekognition.call(family.get, request))


@pytest.mark.parametrize(("family", "mutation"), _mutations())
def test_each_get_constraint_violation_is_rejected(family: VideoFamily, mutation: Mutation, finished, clients, verdict):
    request = mutation.apply({**get_template(family), "JobId": finished(MAIN_JOBS[family.name]).job_id})
    judge_invalid_parameter(verdict, clients.raw.send(family.get, request))


@pytest.mark.parametrize("family", _families())
@given(data=st.data())
def test_drawn_get_constraint_violations_are_rejected(family: VideoFamily, data, finished, clients, verdict):
    mutation = data.draw(invalid_requests(family.get, get_template(family)), label="mutation")
    request = mutation.apply({**get_template(family), "JobId": finished(MAIN_JOBS[family.name]).job_id})
    judge_invalid_parameter(verdict, clients.raw.send(family.get, request))
    verdict.assert_clean()


@pytest.mark.parametrize("key", _jobs())
def test_job_status_progresses_to_a_final_state(key: str, finished, verdict):
    run = finished(key)
    verdict.check(lifecycle.check_status_sequence, run.spec.get_operation, run.statuses, {"JobId": run.job_id})
    if run.status == "FAILED":
        verdict.check(lifecycle.check_failed_message, run.last)


@pytest.mark.parametrize("family", _families())
def test_results_are_stable_once_succeeded(family: VideoFamily, finished, listing, clients, verdict):
    key = MAIN_JOBS[family.name]
    first = listing(key)
    again = read_listing(clients.rekognition, family.get, family.items, finished(key).job_id)
    verdict.check(lifecycle.check_stable, first.pages, again.pages, family.items)


@pytest.mark.parametrize(("family", "signing", "rule_id"), _with(UNAUTHENTICATED))
def test_unauthenticated_get_is_rejected(family: VideoFamily, signing: str, rule_id: str, finished, clients, verdict):
    answer = clients.raw.send(family.get, {"JobId": finished(MAIN_JOBS[family.name]).job_id}, signing=signing)
    verdict.check(bind(errors.check_rejected, rule_id), answer)


def _explicit_defaults() -> list[Any]:
    """The main job's listings that ask for the defaults explicitly: the page cap, and each default mode."""
    return [
        pytest.param(family, MAIN_JOBS[family.name], params, id=f"{family.name}-{name}", marks=_marks(family))
        for family in FAMILIES
        for name, params in {
            "page-cap": {"MaxResults": page_cap()},
            **{f"{member.removesuffix('By').lower()}-{mode.lower()}": {member: mode}
               for member, mode in family.mode_defaults.items()},
        }.items()
    ]


@pytest.mark.parametrize(("family", "key", "params"), _listings() + _explicit_defaults())
def test_every_page_conforms(family: VideoFamily, key: str, params: dict[str, Any], listing, verdict):
    for page in listing(key, **params).pages:
        judge_response(verdict, page)


@pytest.mark.parametrize(("family", "key", "params"), _listings())
def test_get_responses_echo_the_job(family: VideoFamily, key: str, params: dict[str, Any], finished, listing, verdict):
    start = finished(key).request
    for page in listing(key, **params).pages:
        verdict.check(echoes.check_job_id_echo, page)
        verdict.check(echoes.check_job_tag_echo, page, start)
        verdict.check(echoes.check_video_echo, page, start)
        if "GetRequestMetadata" in family.echoes:
            verdict.check(echoes.check_request_metadata_echo, page, family.mode_defaults)
        verdict.check(echoes.check_echo_present, page, start, family.echoes)


# Segment detection's VideoMetadata is a list, one entry per stream: its own module judges it.
@pytest.mark.parametrize(("family", "params"), _family_variants(metadata_object=True))
def test_video_metadata_on_every_page(family: VideoFamily, params: dict[str, Any], listing, fixture_videos, verdict):
    key = MAIN_JOBS[family.name]
    pages = listing(key, **params).pages
    expected = fixture_videos[JOBS[key].video].metadata
    verdict.check(metadata.check_metadata_every_page, pages)
    for page in pages:
        verdict.check(metadata.check_dimensions, page, expected)
        verdict.check(metadata.check_duration, page, expected)
        verdict.check(metadata.check_frame_rate, page, expected)
        verdict.check(metadata.check_codec, page)


@pytest.mark.parametrize("family", _under("PAGINATION.DEFAULT"))
def test_default_page_size_is_1000(family: VideoFamily, listing, verdict):
    key = MAIN_JOBS[family.name]
    default, explicit = listing(key), listing(key, MaxResults=page_cap())
    verdict.check(pagination.check_default_page_size, default.pages, family.items)
    verdict.check(pagination.check_default_page, default.first, explicit.first, family.items,
                  tie_key=sorting.timestamp_of)
    verdict.check(pagination.check_token_chain, default.pages, family.items, expected_total=len(explicit.items))


@pytest.mark.parametrize(("family", "max_results", "params"), _chains())
def test_pages_chain_to_the_complete_results(family: VideoFamily, max_results: int, params: dict[str, Any], listing,
                                             verdict):
    key, member = MAIN_JOBS[family.name], family.items
    reference = listing(key, MaxResults=page_cap(), **params)
    items_or_inconclusive(verdict, reference, key, member)
    pages = listing(key, MaxResults=max_results, **params).pages
    verdict.check(pagination.check_page_size, pages, member, max_results)
    if family.get in rule("PAGINATION.CLAMP").operations:  # segments and text document no clamp
        verdict.check(pagination.check_clamp, pages, member, max_results)
    verdict.check(pagination.check_token_chain, pages, member, expected_total=len(reference.items))
    verdict.check(pagination.check_trailing_token, pages, member)
    verdict.check(pagination.check_empty_token, pages)
    verdict.check(pagination.check_complete, pages, member, reference.items)
    verdict.check(pagination.check_order, pages, member, reference.items)
    verdict.check(pagination.check_full_pages, pages, member, max_results)


def _sortable() -> list[Any]:
    return [param for param in _families() if param.values[0].sort_modes]


@pytest.mark.parametrize("family", _sortable())
def test_timestamp_sort(family: VideoFamily, listing, verdict):
    key = MAIN_JOBS[family.name]
    chain = listing(key, SortBy="TIMESTAMP")
    items = items_or_inconclusive(verdict, chain, key, family.items)
    verdict.check(SORT_CHECKS.get(family.name, GENERIC_SORT)[0], family.get, items, chain.params)


@pytest.mark.parametrize("family", _sortable())
def test_default_sort_is_timestamp(family: VideoFamily, listing, verdict):
    key = MAIN_JOBS[family.name]
    default, by_timestamp = listing(key), listing(key, SortBy=family.default_sort)
    items_or_inconclusive(verdict, default, key, family.items)
    default_sort = SORT_CHECKS.get(family.name, GENERIC_SORT)[1]
    verdict.check(default_sort, family.get, default.items, by_timestamp.items, default.params)
