"""The check the job pool applies to the answers it acts on: a Start carries a JobId, a Get a valid JobStatus.

The pool follows a job by its JobId and decides from JobStatus whether it has finished. A successful
answer without them (or with a JobStatus that is not one of the documented ``VideoJobStatus`` values)
leaves a job that can never be seen to finish: the pool stops at the first such answer, and the tests
that need the job report this violation instead of waiting out the job timeout.
"""

from __future__ import annotations

from typing import Any

from conformance.checks import Violation, check
from conformance.checks.items import excerpt
from conformance.exchange import Exchange

# The VideoJobStatus enum of every video Get operation's output shape.
JOB_STATUSES = ("IN_PROGRESS", "SUCCEEDED", "FAILED")


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
