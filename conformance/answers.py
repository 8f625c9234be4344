"""The checks every answer gets, whoever made the request: the suite's tests and the fuzz layer alike.

A success is judged by its Content-Type and its output schema; an error by its Content-Type, its body, its
type and its HTTP status.
"""

from __future__ import annotations

from rekognition_conformance.checks import errors, schema
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.spec.rules import error_statuses
from rekognition_conformance.verdict import Verdict


def judge_error(verdict: Verdict, exchange: Exchange) -> None:
    """The checks every error answer gets: its body, its type, its HTTP status, its content type."""
    if exchange.ok:
        return
    verdict.check(schema.check_error_body, exchange)
    verdict.check(errors.check_error_documented, exchange)
    verdict.check(errors.check_error_status, exchange, statuses=error_statuses())


def judge_response(verdict: Verdict, exchange: Exchange) -> None:
    """The checks every answer gets: the schema of a success, or the error checks."""
    verdict.check(schema.check_content_type, exchange)
    if exchange.ok:
        verdict.check(schema.check_response_schema, exchange)
    else:
        judge_error(verdict, exchange)
