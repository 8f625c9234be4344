"""What the faces, persons and celebrities suites share: judging NextToken chains, echoes, video metadata,
and the rejection of bad, foreign or unauthenticated Start requests, for any Start/Get pair (the Get-side
tests of every family are in ``test_video_gets``).

The three families differ only in what their items are and how they sort, so each test module keeps its
tests explicit and delegates the shared judgements to the functions here.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from conformance.checks import echoes, idempotency, metadata, pagination
from conformance.exchange import Exchange
from conformance.jobs import JobRun
from conformance.listing import Listing
from conformance.verdict import Verdict

# None of the three Get responses has GetRequestMetadata; these are the members they echo.
ECHO_MEMBERS = ("JobId", "Video", "JobTag")
# Page sizes that cut a short-fixture listing (about a hundred items) into many pages, a few pages, and
# one value above the documented largest, which must be clamped.
PAGE_SIZES = (7, 33, 5000)
SMALL_PAGE = 7
# A drawn page size keeps a chain within this many pages.
MAX_PAGES_PER_EXAMPLE = 25
UNAUTHENTICATED = [("none", "ERRORS.UNSIGNED"), ("wrong-secret", "ERRORS.BAD_SIGNATURE")]
PLACEHOLDER_VIDEO = {"S3Object": {"Bucket": "placeholder-bucket", "Name": "placeholder.mp4"}}


def fresh_token(run_id: str, salt: str) -> str:
    """A ClientRequestToken no other request of this run uses."""
    return hashlib.sha256(f"{run_id}:invalid:{salt}".encode()).hexdigest()[:40]


def drawn_page_size(data: st.DataObject, total: int) -> int:
    """A MaxResults from 1 to beyond the clamp, large enough that the chain stays short."""
    smallest = max(1, math.ceil(total / MAX_PAGES_PER_EXAMPLE))
    return data.draw(st.integers(min_value=smallest, max_value=1500), label="MaxResults")


def judge_chain(
    verdict: Verdict, pages: Sequence[Exchange], member: str, max_results: int | None, reference: Sequence[Any]
) -> None:
    """A NextToken chain read with ``max_results`` against a complete listing of the same job and order."""
    verdict.check(pagination.check_page_size, pages, member, max_results)
    verdict.check(pagination.check_clamp, pages, member, max_results)
    verdict.check(pagination.check_token_chain, pages, member, expected_total=len(reference))
    verdict.check(pagination.check_trailing_token, pages, member)
    verdict.check(pagination.check_empty_token, pages)
    verdict.check(pagination.check_complete, pages, member, reference)
    verdict.check(pagination.check_order, pages, member, reference)
    verdict.check(pagination.check_full_pages, pages, member, max_results)


def judge_default_page_size(
    verdict: Verdict, default: Listing, explicit: Listing, member: str, tie_key: Callable[[Any], Any]
) -> None:
    """The listing without MaxResults against the one with MaxResults=1000."""
    verdict.check(pagination.check_default_page_size, default.pages, member)
    verdict.check(pagination.check_default_page, default.first, explicit.first, member, tie_key=tie_key)
    verdict.check(pagination.check_token_chain, default.pages, member, expected_total=len(explicit.items))


def judge_video_metadata(verdict: Verdict, pages: Sequence[Exchange], expected: dict[str, Any]) -> None:
    verdict.check(metadata.check_metadata_every_page, pages)
    for page in pages:
        verdict.check(metadata.check_dimensions, page, expected)
        verdict.check(metadata.check_duration, page, expected)
        verdict.check(metadata.check_frame_rate, page, expected)
        verdict.check(metadata.check_codec, page)


def judge_echoes(verdict: Verdict, pages: Sequence[Exchange], start_request: dict[str, Any]) -> None:
    for page in pages:
        verdict.check(echoes.check_job_id_echo, page)
        verdict.check(echoes.check_job_tag_echo, page, start_request)
        verdict.check(echoes.check_video_echo, page, start_request)
        verdict.check(echoes.check_echo_present, page, start_request, ECHO_MEMBERS)


def judge_same_job(verdict: Verdict, run: JobRun, repeat: Exchange) -> None:
    verdict.check(idempotency.check_same_job, run.start, repeat)


def missing_object_request(video: dict[str, Any], run_id: str, operation: str) -> dict[str, Any]:
    """A Start request naming an object beside the fixture that does not exist."""
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    return {"Video": missing, "ClientRequestToken": fresh_token(run_id, f"{operation}:missing")}


def mutation_ids(mutations: Sequence[Any]) -> list[str]:
    return [f"{m.member}-{m.constraint}" for m in mutations]
