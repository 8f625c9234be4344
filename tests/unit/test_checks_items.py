"""Tests of the helpers the checks share: identity, excerpts, pointers, multiset differences."""

from __future__ import annotations

from rekognition_conformance.checks.items import (
    EXCERPT_LIMIT,
    REPORT_LIMIT,
    as_number,
    canonical,
    dig,
    excerpt,
    first_difference,
    listing_diff_violations,
    locate,
    multiset_diff,
    page_pointer,
    pointer,
    runs,
)
from tests.unit.label_factory import chain, label


def test_canonical_ignores_member_order_but_not_values():
    assert canonical({"a": 1, "b": [1, 2]}) == canonical({"b": [1, 2], "a": 1})
    assert canonical({"a": 1}) != canonical({"a": 2})
    assert canonical([1, 2]) != canonical([2, 1])


def test_excerpt_keeps_short_values_and_cuts_long_ones():
    assert excerpt("Car") == '"Car"'
    long = excerpt({"Name": "x" * 1000})
    assert len(long) < EXCERPT_LIMIT + 40
    assert long.endswith("chars)")


def test_pointer_escapes_tilde_and_slash():
    assert pointer("Labels", 3, "Label") == "/Labels/3/Label"
    assert pointer("a/b", "c~d") == "/a~1b/c~0d"
    assert pointer() == ""
    assert page_pointer(2, "NextToken") == "page 2 /NextToken"


def test_dig_and_as_number():
    item = label("Car", 100, boxes=[{"Width": 0.5}])
    assert dig(item, "Label", "Instances", 0, "BoundingBox", "Width") == 0.5
    assert dig(item, "Label", "Missing", "Deeper") is None
    assert dig(item, "Label", "Instances", 5) is None
    assert as_number(True) is None
    assert as_number("1") is None
    assert as_number(float("nan")) is None
    assert as_number(3) == 3.0


def test_multiset_diff_pairs_earlier_occurrences_and_reports_the_rest():
    a, b, c = {"n": 1}, {"n": 2}, {"n": 3}
    diff = multiset_diff([a, b, b, c], [a, b, c, c])
    assert diff.missing == [3]
    assert diff.surplus == [2]
    assert diff.matches == {0: 0, 1: 1, 2: 3}
    assert not diff.equal
    assert multiset_diff([b, a], [a, b]).equal


def test_runs_split_at_breaks():
    assert list(runs([1, 2, 3, 7, 9, 10])) == [[1, 2, 3], [7], [9, 10]]
    assert list(runs([])) == []


def test_first_difference_names_the_pointer_and_both_values():
    assert first_difference({"a": {"b": 1}}, {"a": {"b": 2}}) == ("/a/b", 1, 2)
    assert first_difference({"a": 1}, {"a": 1, "z": 0}) == ("/z", None, 0)
    assert first_difference([1, 2], [1, 2, 3]) == ("", [1, 2], [1, 2, 3])
    assert first_difference({"a": [1.0]}, {"a": [1.0]}) is None


def test_locate_knows_page_position_and_listing_index():
    items = [label("Car", t) for t in range(0, 500, 100)]
    located = locate(chain(items, 2), "Labels")
    assert [(e.page, e.position, e.index) for e in located] == [(0, 0, 0), (0, 1, 1), (1, 0, 2), (1, 1, 3), (2, 0, 4)]
    assert located[3].where("Labels") == "page 1 /Labels/1 (listing[3])"


def test_listing_diff_violations_caps_the_report_with_a_summary():
    actual = [{"n": i} for i in range(30)]
    found = listing_diff_violations(
        actual,
        [],
        rule_id="SORT.DEFAULT",
        operation="GetLabelDetection",
        request={"JobId": "j"},
        actual_label="the listing without SortBy",
        reference_label="the listing with SortBy=TIMESTAMP",
        actual_where=lambda i: f"default[{i}]",
        reference_where=lambda i: f"timestamp[{i}]",
    )
    assert len(found) == REPORT_LIMIT + 1
    assert found[0].pointer == "default[0]"
    assert "20 further differences" in found[-1].message
    assert {v.rule_id for v in found} == {"SORT.DEFAULT"}
