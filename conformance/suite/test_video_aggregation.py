"""Name sort and aggregation, judged once for every family whose Get takes both (labels, moderation).

SortBy=NAME groups items by name in alphabetical order; a listing without AggregateBy is the TIMESTAMPS
one, whose items carry no segment members; AggregateBy=SEGMENTS items are consistent segments. The
checks are each family's, under its own rules; the tests, the listings they read and their ids
(``[labels-sort-name]``) are shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from rekognition_conformance.catalogue import MAIN_JOBS
from rekognition_conformance.checks import aggregation, labels, moderation
from rekognition_conformance.spec.families import VideoFamily, video_families
from rekognition_conformance.suite.common import items_or_inconclusive

Check = Callable[..., Any]


@dataclass(frozen=True)
class Grouping:
    """A family's checks of name sort and aggregation."""

    name_sort: tuple[Check, ...]
    default_aggregation: Check
    timestamps: Check
    segments: Check


GROUPING: dict[str, Grouping] = {
    "labels": Grouping((labels.check_name_sort, labels.check_name_confidence), aggregation.check_default_aggregation,
                       aggregation.check_timestamp_items, aggregation.check_segment_items),
    "moderation": Grouping((moderation.check_name_sort, moderation.check_name_confidence),
                           moderation.check_default_aggregation, moderation.check_timestamp_items,
                           moderation.check_segment_items),
}
FAMILIES = tuple(family for family in video_families().values() if family.aggregate_modes)
BY_NAME = {"SortBy": "NAME"}
BY_SEGMENTS = {"AggregateBy": "SEGMENTS"}
BOTH = BY_SEGMENTS | BY_NAME


def _cases(variants: dict[str, dict[str, str]]) -> list[Any]:
    return [
        pytest.param(family, params, id=f"{family.name}-{name}",
                     marks=[pytest.mark.family(family.name), pytest.mark.jobs(MAIN_JOBS[family.name])])
        for family in FAMILIES
        for name, params in variants.items()
    ]


@pytest.mark.parametrize(("family", "params"), _cases({"sort-name": BY_NAME, "segments-by-name": BOTH}))
def test_name_sort_groups_items_alphabetically(family: VideoFamily, params: dict[str, str], listing, verdict):
    key = MAIN_JOBS[family.name]
    chain = listing(key, **params)
    items = items_or_inconclusive(verdict, chain, key, family.items)
    for check in GROUPING[family.name].name_sort:
        verdict.check(check, family.get, items, chain.params)


@pytest.mark.parametrize(("family", "params"), _cases({"default": {}}))
def test_default_aggregation_is_timestamps(family: VideoFamily, params: dict[str, str], listing, verdict):
    key, grouping = MAIN_JOBS[family.name], GROUPING[family.name]
    default, by_timestamps = listing(key, **params), listing(key, AggregateBy="TIMESTAMPS")
    items_or_inconclusive(verdict, default, key, family.items)
    verdict.check(grouping.default_aggregation, family.get, default.items, by_timestamps.items, default.params)
    verdict.check(grouping.timestamps, family.get, by_timestamps.items, by_timestamps.params)


@pytest.mark.parametrize(("family", "params"), _cases({"segments": BY_SEGMENTS, "segments-by-name": BOTH}))
def test_segments_carry_consistent_segment_members(family: VideoFamily, params: dict[str, str], listing, verdict):
    key = MAIN_JOBS[family.name]
    chain = listing(key, **params)
    items = items_or_inconclusive(verdict, chain, key, family.items)
    verdict.check(GROUPING[family.name].segments, family.get, items, chain.params)
