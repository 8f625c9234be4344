"""Generic checks for requests a backend must refuse: that it refuses them, and with which error.

The rule id is a parameter because the same judgement serves many rules (invalid parameters, unknown
jobs, bad tokens, unsigned requests, idempotency mismatches...). A rule pair such as
ERRORS.INVALID_PARAMETER (refused at all) and ERRORS.INVALID_PARAMETER.TYPE (refused with the right
type) uses both functions; a single rule naming the type uses both with the same id, and the two
never report the same defect twice.
"""

from __future__ import annotations

from collections.abc import Collection

from conformance.checks import Violation, check
from conformance.checks.errors import type_member
from conformance.checks.items import excerpt
from conformance.exchange import Exchange

REJECTION_RULES = (
    "ERRORS.INVALID_PARAMETER",
    "ERRORS.UNKNOWN_JOB",
    "ERRORS.BAD_TOKEN",
    "ERRORS.S3_OBJECT",
    "ERRORS.UNSIGNED",
    "ERRORS.BAD_SIGNATURE",
    "IDEMPOTENCY.MISMATCH",
)
ERROR_TYPE_RULES = (
    "ERRORS.INVALID_PARAMETER.TYPE",
    "ERRORS.UNKNOWN_JOB.TYPE",
    "ERRORS.BAD_TOKEN.TYPE",
    "ERRORS.S3_OBJECT",
    "ERRORS.UNSIGNED",
    "ERRORS.BAD_SIGNATURE",
    "IDEMPOTENCY.MISMATCH",
)


@check(*REJECTION_RULES)
def check_rejected(ex: Exchange, *, rule_id: str) -> list[Violation]:
    """The request was refused with a client error (4xx) carrying an AWS error body."""
    if 400 <= ex.status < 500:
        if type_member(ex.body) is not None:
            return []
        found = f"HTTP {ex.status} whose body names no error type in __type or code"
    elif ex.ok:
        found = f"HTTP {ex.status}: the request was accepted"
    elif ex.status >= 500:
        found = f"HTTP {ex.status} ({ex.error_code or 'no error type'}), a server error instead"
    else:
        found = f"HTTP {ex.status}, which is not an error status"
    return [
        Violation(
            rule_id,
            ex.operation,
            f"Expected the request to be rejected with a client error (HTTP 4xx and an AWS error "
            f"body); found {found}.",
            ex.request,
            "",
            excerpt(ex.body if ex.body is not None else ex.raw.decode("utf-8", "replace")),
        )
    ]


@check(*ERROR_TYPE_RULES)
def check_error_type(ex: Exchange, expected: Collection[str], *, rule_id: str) -> list[Violation]:
    """The error type is one of ``expected``.

    Only error responses that name a type are judged: an accepted request, or an error without a type,
    is what :func:`check_rejected` reports.
    """
    name = ex.error_code
    if ex.ok or not name or name in expected:
        return []
    member = type_member(ex.body) or "Code"
    return [
        Violation(
            rule_id,
            ex.operation,
            f"Expected error type {' or '.join(sorted(expected))}; found {name!r} (HTTP {ex.status}).",
            ex.request,
            "/" + member,
            excerpt(name),
        )
    ]
