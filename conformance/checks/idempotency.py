"""The idempotency contract of Start operations: a retried request must not start a second job."""

from __future__ import annotations

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import excerpt
from rekognition_conformance.exchange import Exchange


@check("IDEMPOTENCY.SAME_JOB")
def check_same_job(first: Exchange, repeat: Exchange) -> list[Violation]:
    """A Start repeated with the same ClientRequestToken and parameters returns the first JobId.

    When the first Start itself failed there is no job to compare with, so nothing is judged.
    """
    if not first.ok:
        return []
    first_id = first.body.get("JobId") if isinstance(first.body, dict) else None
    if not repeat.ok:
        found = f"the repeat was refused with HTTP {repeat.status} {repeat.error_code or ''}".rstrip()
        where, value = "", repeat.body
    else:
        repeat_id = repeat.body.get("JobId") if isinstance(repeat.body, dict) else None
        if repeat_id == first_id:
            return []
        found = f"JobId {repeat_id!r}" if repeat_id is not None else "no JobId"
        where, value = "/JobId", repeat_id
    return [
        Violation(
            "IDEMPOTENCY.SAME_JOB",
            repeat.operation,
            f"Expected the repeated {repeat.operation} (same ClientRequestToken, same parameters) to "
            f"return the first call's JobId {first_id!r}; found {found}.",
            repeat.request,
            where,
            excerpt(value),
        )
    ]
