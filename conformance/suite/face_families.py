"""What the faces, persons and celebrities suites share on the Start side: fresh client tokens, drawn page
sizes, and the requests that must be refused (the Get-side tests of every family are in
``test_video_gets``)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from rekognition_conformance.checks import idempotency
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.jobs import JobRun
from rekognition_conformance.verdict import Verdict

# A page size that cuts a short-fixture listing (about a hundred items) into many pages.
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


def judge_same_job(verdict: Verdict, run: JobRun, repeat: Exchange) -> None:
    verdict.check(idempotency.check_same_job, run.start, repeat)


def missing_object_request(video: dict[str, Any], run_id: str, operation: str) -> dict[str, Any]:
    """A Start request naming an object beside the fixture that does not exist."""
    missing = {"S3Object": {**video["S3Object"], "Name": video["S3Object"]["Name"] + ".does-not-exist"}}
    return {"Video": missing, "ClientRequestToken": fresh_token(run_id, f"{operation}:missing")}


def mutation_ids(mutations: Sequence[Any]) -> list[str]:
    return [f"{m.member}-{m.constraint}" for m in mutations]
