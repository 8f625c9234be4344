"""Checks on the life of an asynchronous video job: its status sequence, and its results once done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import (
    concatenate,
    excerpt,
    first_difference,
    listing_diff_violations,
    listing_pointer,
)
from rekognition_conformance.exchange import Exchange

IN_PROGRESS = "IN_PROGRESS"
TERMINAL = ("SUCCEEDED", "FAILED")


@check("LIFECYCLE.STATUS")
def check_status_sequence(operation: str, statuses: Sequence[str], request: Any) -> list[Violation]:
    """Statuses observed by polling are IN_PROGRESS*, then one terminal status that never changes.

    A sequence that has not reached a terminal status yet is fine: how long to wait is the suite's call.
    The first deviation is reported, with its index in ``statuses``.
    """
    terminal: str | None = None
    for index, status in enumerate(statuses):
        if terminal is None and status == IN_PROGRESS:
            continue
        if terminal is None and status in TERMINAL:
            terminal = status
            continue
        if status == terminal:
            continue
        expected = f"{terminal} again, as it is terminal" if terminal else f"{IN_PROGRESS} or {'/'.join(TERMINAL)}"
        return [
            Violation(
                "LIFECYCLE.STATUS",
                operation,
                f"Expected JobStatus {expected}; poll {index} found {status!r} "
                f"(sequence {excerpt(list(statuses), 200)}).",
                request,
                f"statuses[{index}] /JobStatus",
                excerpt(status),
            )
        ]
    return []


@check("LIFECYCLE.STABLE")
def check_stable(first: Sequence[Exchange], second: Sequence[Exchange], member: str) -> list[Violation]:
    """Two complete readings of a SUCCEEDED job hold the same items and the same VideoMetadata.

    Items are compared as multisets: the order of items with equal sort keys is not documented, and
    order is what the sorting and pagination rules judge.
    """
    if not first or not second:
        return []
    operation, request = second[0].operation, second[0].request
    violations = listing_diff_violations(
        concatenate(second, member),
        concatenate(first, member),
        rule_id="LIFECYCLE.STABLE",
        operation=operation,
        request=request,
        actual_label="the second reading",
        reference_label="the first reading",
        actual_where=lambda i: listing_pointer(i, name="second"),
        reference_where=lambda i: listing_pointer(i, name="first"),
    )
    before, after = _metadata(first), _metadata(second)
    difference = first_difference(before, after, ("VideoMetadata",))
    if difference:
        where, old, new = difference
        violations.append(
            Violation(
                "LIFECYCLE.STABLE",
                operation,
                f"VideoMetadata changed between two readings of the finished job at {where}: first "
                f"{excerpt(old, 100)}, then {excerpt(new, 100)}.",
                request,
                f"page 0 {where}",
                excerpt(new),
            )
        )
    return violations


def _metadata(pages: Sequence[Exchange]) -> Any:
    body = pages[0].body
    return body.get("VideoMetadata") if isinstance(body, dict) else None


@check("LIFECYCLE.FAILED_MESSAGE")
def check_failed_message(ex: Exchange) -> list[Violation]:
    """A FAILED job explains itself in a non-empty StatusMessage."""
    body = ex.body
    if not ex.ok or not isinstance(body, dict) or body.get("JobStatus") != "FAILED":
        return []
    message = body.get("StatusMessage")
    if isinstance(message, str) and message.strip():
        return []
    return [
        Violation(
            "LIFECYCLE.FAILED_MESSAGE",
            ex.operation,
            f"Expected a non-empty StatusMessage on a FAILED job; found {excerpt(message, 80)}.",
            ex.request,
            "/StatusMessage",
            excerpt(message),
        )
    ]
