"""The checks of the answers the job pool acts on: a Start carries a JobId, a Get a valid JobStatus, and the
listings read once a job has SUCCEEDED still say so.

The pool follows a job by its JobId and decides from JobStatus whether it has finished. A successful
answer without them (or with a JobStatus that is not one of the documented ``VideoJobStatus`` values)
leaves a job that can never be seen to finish: the pool stops at the first such answer, and the tests
that need the job report this violation instead of waiting out the job timeout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import excerpt
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.spec.schemas import output_schema

# The VideoJobStatus enum that every video Get operation's output shape uses, as the model declares it.
JOB_STATUSES: tuple[str, ...] = tuple(output_schema("GetLabelDetection")["$defs"]["VideoJobStatus"]["enum"])


def _valid(member: str, value: Any) -> bool:
    if member == "JobId":
        return isinstance(value, str) and bool(value)
    return isinstance(value, str) and value in JOB_STATUSES


@check("SCHEMA.RESPONSE")
def check_job_answer(ex: Exchange) -> list[Violation]:
    """A 2xx Start answer is a JSON object with a non-empty string JobId; a 2xx Get answer one whose
    JobStatus is IN_PROGRESS, SUCCEEDED or FAILED."""
    if not ex.ok:
        return []
    starts = ex.operation.startswith("Start")
    member = "JobId" if starts else "JobStatus"
    expected = "a non-empty string JobId" if starts else f"JobStatus one of {', '.join(JOB_STATUSES)}"
    body = ex.body
    if not isinstance(body, dict):
        found, where, value = "a body that is not a JSON object", "", ex.raw.decode("utf-8", "replace")
    elif member not in body:
        found, where, value = f"no {member} member", f"/{member}", None
    elif not _valid(member, body[member]):
        found, where, value = f"{member} {excerpt(body[member], 80)}", f"/{member}", body[member]
    else:
        return []
    return [
        Violation(
            "SCHEMA.RESPONSE",
            ex.operation,
            f"Expected a JSON object with {expected}; found {found}. Without it the job can never be "
            "seen to finish.",
            ex.request,
            where,
            excerpt(value),
        )
    ]


def _succeeded(terminal: str | None, pages: Sequence[Exchange]) -> bool:
    return terminal == "SUCCEEDED"


@check("LIFECYCLE.STABLE", applies=_succeeded)
def check_listing_status(terminal: str | None, pages: Sequence[Exchange]) -> list[Violation]:
    """Every page of a listing read after the job was seen to reach ``terminal`` (SUCCEEDED) still says so.

    A page that falls back to IN_PROGRESS (or says anything else) returns other results than the finished
    job had: reading the results of a SUCCEEDED job again must return the same results.
    """
    for index, page in enumerate(pages):
        body = page.body
        if not page.ok or not isinstance(body, dict) or body.get("JobStatus") == terminal:
            continue
        status = body.get("JobStatus")
        return [
            Violation(
                "LIFECYCLE.STABLE",
                page.operation,
                f"The job had already answered JobStatus {terminal}; page {index} of this later reading of its "
                f"results answers JobStatus {excerpt(status, 80)}.",
                page.request,
                f"page {index} /JobStatus",
                excerpt(status),
            )
        ]
    return []
