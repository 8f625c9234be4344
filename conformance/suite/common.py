"""What every suite module shares: the label operations, their documented defaults, error judging, and the
*inconclusive* outcome of a test that the backend gave nothing to judge."""

from __future__ import annotations

from typing import Any

from conformance.answers import judge_error, judge_response
from conformance.listing import Listing
from conformance.verdict import Verdict

START_LABELS = "StartLabelDetection"
GET_LABELS = "GetLabelDetection"
LABEL_DEFAULTS = {"SortBy": "TIMESTAMP", "AggregateBy": "TIMESTAMPS"}
WELL_FORMED_UNKNOWN_JOB_ID = "0" * 64
# The checks every answer gets live in a library module, which the fuzz layer uses too.
__all__ = ["judge_error", "judge_response"]


def items_or_inconclusive(verdict: Verdict, listing: Listing, what: str, noun: str = "items") -> list[Any]:
    """The listing's items; none, where the fixture must yield some, is inconclusive (never a pass)."""
    items = listing.items
    if not items:
        verdict.nothing_to_judge(f"{listing.operation} returned no {noun} for {what}; there is nothing to judge",
                                 listing.operation)
    return items
