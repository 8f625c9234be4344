"""What the faces, persons and celebrities suites share on the Start side: fresh client tokens, drawn page
sizes, and the requests that must be refused (the Get-side tests of every family are in
``test_video_gets``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from rekognition_conformance.checks import idempotency, pagination
from rekognition_conformance.clients import Clients
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.jobs import JobRun
from rekognition_conformance.listing import Listing, read_listing
from rekognition_conformance.suite.common import fresh_token
from rekognition_conformance.verdict import Verdict

# A page size that cuts a short-fixture listing (about a hundred items) into many pages.
SMALL_PAGE = 7
# A drawn page size keeps a chain within this many pages.
MAX_PAGES_PER_EXAMPLE = 25
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]
PLACEHOLDER_VIDEO = {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}}


def drawn_page_size(data: st.DataObject, total: int) -> int:
    """A MaxResults from 1 to beyond the clamp, large enough that the chain stays short."""
    smallest = max(1, math.ceil(total / MAX_PAGES_PER_EXAMPLE))
    return data.draw(st.integers(min_value=smallest, max_value=1500), label="MaxResults")


def judge_drawn_pages(
    verdict: Verdict, data: st.DataObject, clients: Clients, listing: Callable[..., Listing], run: JobRun,
    params: dict[str, Any] | None = None,
) -> Listing:
    """Page ``run``'s results at a drawn MaxResults (with the drawn Get ``params``) and judge the chain against
    the same listing read in pages of 1000: page sizes, the token chain, and every item once."""
    given = {k: v for k, v in (params or {}).items() if v is not None}
    reference = listing(run.spec.key, MaxResults=1000, **given)
    max_results = drawn_page_size(data, len(reference.items))
    operation, member = run.spec.get_operation, run.spec.list_member
    chain = read_listing(clients.rekognition, operation, member, run.job_id, MaxResults=max_results, **given)
    verdict.check(pagination.check_page_size, chain.pages, member, max_results)
    verdict.check(pagination.check_token_chain, chain.pages, member, expected_total=len(reference.items))
    verdict.check(pagination.check_complete, chain.pages, member, reference.items)
    return chain


def judge_same_job(verdict: Verdict, run: JobRun, repeat: Exchange) -> None:
    verdict.check(idempotency.check_same_job, run.start, repeat)


def missing_object_request(video: dict[str, Any], run_id: str, operation: str) -> dict[str, Any]:
    """A Start request naming an object beside the fixture that does not exist."""
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    return {"Video": missing, "ClientRequestToken": fresh_token(run_id, f"{operation}:missing")}


def mutation_ids(mutations: Sequence[Any]) -> list[str]:
    return [f"{m.member}-{m.constraint}" for m in mutations]
