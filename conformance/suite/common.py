"""What every suite module shares: the label operations, the judging of answers and of requests that must be
refused, and the *inconclusive* outcome of a test that the backend gave nothing to judge."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from typing import Any

from rekognition_conformance.answers import judge_error, judge_response
from rekognition_conformance.checks import bind, errors
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.listing import Listing
from rekognition_conformance.verdict import Verdict

START_LABELS = "StartLabelDetection"
GET_LABELS = "GetLabelDetection"
WELL_FORMED_UNKNOWN_JOB_ID = "0" * 64
# judge_error and judge_response, the checks every answer gets, live in a library module (the fuzz layer uses
# them too); suite modules take them from here, beside the refusal helpers.
__all__ = [
    "WELL_FORMED_UNKNOWN_JOB_ID",
    "fill_placeholders",
    "fresh_token",
    "items_or_inconclusive",
    "judge_bad_token",
    "judge_error",
    "judge_invalid_parameter",
    "judge_mismatch",
    "judge_missing_object",
    "judge_refused",
    "judge_response",
    "judge_unknown_job",
]


def fresh_token(run_id: str, salt: str) -> str:
    """A ClientRequestToken no other request of this run uses."""
    return hashlib.sha256(f"{run_id}:invalid:{salt}".encode()).hexdigest()[:40]


def fill_placeholders(template: Any, names: dict[str, str]) -> Any:
    """``template`` with every string that is a key of ``names`` (a placeholder such as ``{scratch}``) replaced
    by its value, at any depth."""
    if isinstance(template, dict):
        return {k: fill_placeholders(v, names) for k, v in template.items()}
    if isinstance(template, list):
        return [fill_placeholders(v, names) for v in template]
    return names.get(template, template) if isinstance(template, str) else template


def judge_refused(
    verdict: Verdict, answer: Exchange, types: Collection[str], rule_id: str, type_rule: str | None = None
) -> None:
    """A request that must be refused: refused at all (``rule_id``), with one of ``types`` (``type_rule``, or
    the same rule where one rule names both), and with a well-formed error answer."""
    verdict.check(bind(errors.check_rejected, rule_id), answer)
    verdict.check(bind(errors.check_error_type, type_rule or rule_id), answer, types)
    judge_error(verdict, answer)


def judge_invalid_parameter(verdict: Verdict, answer: Exchange) -> None:
    judge_refused(verdict, answer, {"InvalidParameterException"}, "ERRORS.INVALID_PARAMETER",
                  type_rule="ERRORS.INVALID_PARAMETER.TYPE")


def judge_unknown_job(verdict: Verdict, answer: Exchange) -> None:
    judge_refused(verdict, answer, {"ResourceNotFoundException"}, "ERRORS.UNKNOWN_JOB",
                  type_rule="ERRORS.UNKNOWN_JOB.TYPE")


def judge_bad_token(verdict: Verdict, answer: Exchange) -> None:
    judge_refused(verdict, answer, {"InvalidPaginationTokenException"}, "ERRORS.BAD_TOKEN",
                  type_rule="ERRORS.BAD_TOKEN.TYPE")


def judge_mismatch(verdict: Verdict, answer: Exchange) -> None:
    judge_refused(verdict, answer, {"IdempotentParameterMismatchException"}, "IDEMPOTENCY.MISMATCH")


def judge_missing_object(verdict: Verdict, answer: Exchange) -> None:
    judge_refused(verdict, answer, {"InvalidS3ObjectException"}, "ERRORS.S3_OBJECT")


def items_or_inconclusive(verdict: Verdict, listing: Listing, what: str, noun: str = "items") -> list[Any]:
    """The listing's items; none, where the fixture must yield some, is inconclusive (never a pass)."""
    items = listing.items
    if not items:
        verdict.nothing_to_judge(f"{listing.operation} returned no {noun} for {what}; there is nothing to judge",
                                 listing.operation)
    return items
