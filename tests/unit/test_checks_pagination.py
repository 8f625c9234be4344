"""Tests of the pagination checks over NextToken chains of GetLabelDetection pages."""

from __future__ import annotations

import pytest

from rekognition_conformance.checks.items import REPORT_LIMIT
from rekognition_conformance.checks.pagination import (
    check_clamp,
    check_complete,
    check_default_page,
    check_default_page_size,
    check_empty_token,
    check_full_pages,
    check_order,
    check_page_size,
    check_token_chain,
    check_trailing_token,
)
from rekognition_conformance.checks.sorting import timestamp_of
from tests.unit.label_factory import chain, get_request, label, page, street_labels


def ids(violations):
    return [v.rule_id for v in violations]


def pages_of(*groups, tokens=None):
    """A chain with the given item groups; tokens default to distinct ones on all but the last page."""
    tokens = tokens or [f"t{i}" for i in range(1, len(groups))] + [None]
    return [page(items, next_token=token) for items, token in zip(groups, tokens, strict=True)]


ITEMS = street_labels(12)


# --- page sizes ---------------------------------------------------------------------------------


def test_pages_within_max_results_pass():
    assert check_page_size(chain(ITEMS, 5), "Labels", 5) == []
    assert check_page_size(chain(ITEMS, 50), "Labels", None) == []


def test_a_page_over_max_results_is_reported_at_the_first_surplus_item():
    found = check_page_size(pages_of(ITEMS[:6], ITEMS[6:]), "Labels", 5)
    assert ids(found) == ["PAGINATION.PAGE_SIZE", "PAGINATION.PAGE_SIZE"]
    assert found[0].pointer == "page 0 /Labels/5"
    assert "has 6" in found[0].message


def test_clamp_applies_only_above_1000():
    big = [label("Car", i) for i in range(1001)]
    assert check_clamp(pages_of(big[:1000], big[1000:]), "Labels", 5000) == []
    assert check_clamp(pages_of(big), "Labels", 1000) == []
    found = check_clamp(pages_of(big), "Labels", 5000)
    assert ids(found) == ["PAGINATION.CLAMP"]
    assert found[0].pointer == "page 0 /Labels/1000"


def test_default_page_size_is_1000():
    big = [label("Car", i) for i in range(1001)]
    assert check_default_page_size(pages_of(big[:1000], big[1000:]), "Labels") == []
    assert ids(check_default_page_size(pages_of(big), "Labels")) == ["PAGINATION.DEFAULT"]


# --- the default first page ---------------------------------------------------------------------


def test_equal_first_pages_pass_in_any_order():
    default = page(ITEMS[:6], next_token="a", request=get_request())
    explicit = page(list(reversed(ITEMS[:6])), next_token="b", request=get_request(MaxResults=1000))
    assert check_default_page(default, explicit, "Labels") == []


def test_a_different_item_on_the_default_first_page_is_reported():
    default = page([*ITEMS[:5], ITEMS[7]], next_token="a")
    explicit = page(ITEMS[:6], next_token="b")
    found = check_default_page(default, explicit, "Labels")
    assert ids(found) == ["PAGINATION.DEFAULT", "PAGINATION.DEFAULT"]
    assert {v.pointer for v in found} == {"explicit /Labels/5", "default /Labels/5"}


def test_token_presence_must_agree():
    found = check_default_page(page(ITEMS[:6]), page(ITEMS[:6], next_token="b"), "Labels")
    assert ids(found) == ["PAGINATION.DEFAULT"]
    assert found[0].pointer == "/NextToken"


def test_ties_cut_differently_at_the_page_end_pass_with_a_tie_key():
    # ITEMS[3..5] share Timestamp 200; each page ends after two of them.
    default = page([*ITEMS[:3], ITEMS[3], ITEMS[5]], next_token="a")
    explicit = page(ITEMS[:5], next_token="b")
    assert check_default_page(default, explicit, "Labels", tie_key=timestamp_of) == []
    assert ids(check_default_page(default, explicit, "Labels")) == ["PAGINATION.DEFAULT"] * 2


def test_a_different_number_of_tied_items_is_still_reported():
    default = page([*ITEMS[:3], ITEMS[3]], next_token="a")
    explicit = page(ITEMS[:5], next_token="b")
    found = check_default_page(default, explicit, "Labels", tie_key=timestamp_of)
    assert ids(found) == ["PAGINATION.DEFAULT"]
    assert "tied" in found[0].message


# --- tokens ---------------------------------------------------------------------------------------


def test_a_clean_chain_passes_the_token_checks():
    pages = chain(ITEMS, 5)
    assert check_token_chain(pages, "Labels", expected_total=12) == []
    assert check_trailing_token(pages, "Labels") == []
    assert check_empty_token(pages) == []


def test_a_repeated_token_is_reported_at_the_repeating_page():
    found = check_token_chain(pages_of(ITEMS[:4], ITEMS[4:8], ITEMS[8:], tokens=["t1", "t1", None]), "Labels")
    assert ids(found) == ["PAGINATION.TOKEN"]
    assert found[0].pointer == "page 1 /NextToken"
    assert "page 0" in found[0].message


def test_a_chain_that_stops_before_the_known_total_is_reported():
    found = check_token_chain(pages_of(ITEMS[:4], ITEMS[4:8]), "Labels", expected_total=12)
    assert ids(found) == ["PAGINATION.TOKEN"]
    assert found[0].pointer == "page 1 /NextToken"
    assert "after 8 items" in found[0].message


def test_an_empty_final_page_behind_a_token_is_reported_at_the_token():
    found = check_trailing_token(pages_of(ITEMS[:6], ITEMS[6:], []), "Labels")
    assert ids(found) == ["PAGINATION.TRAILING_TOKEN"]
    assert found[0].pointer == "page 1 /NextToken"
    assert check_trailing_token(pages_of([]), "Labels") == []


def test_an_empty_string_token_is_reported_and_is_not_a_loop():
    pages = pages_of(ITEMS[:6], ITEMS[6:], tokens=["", ""])
    found = check_empty_token(pages)
    assert ids(found) == ["PAGINATION.EMPTY_TOKEN", "PAGINATION.EMPTY_TOKEN"]
    assert found[1].pointer == "page 1 /NextToken"
    assert check_token_chain(pages, "Labels") == []


# --- completeness and order -----------------------------------------------------------------------


def test_ties_ordered_differently_between_page_sizes_are_complete_but_out_of_order():
    reference = ITEMS
    reordered = [ITEMS[1], ITEMS[0], *ITEMS[2:]]
    pages = chain(reordered, 5)
    assert check_complete(pages, "Labels", reference) == []
    found = check_order(pages, "Labels", reference)
    assert ids(found) == ["PAGINATION.ORDER"]
    assert found[0].pointer == "page 0 /Labels/0 (listing[0])"


def test_an_empty_listing_is_complete_and_ordered():
    pages = pages_of([])
    assert check_complete(pages, "Labels", []) == []
    assert check_order(pages, "Labels", []) == []


def test_a_gap_at_a_page_boundary_is_placed_between_its_neighbours():
    pages = pages_of(ITEMS[:5], ITEMS[7:])
    found = check_complete(pages, "Labels", ITEMS)
    assert ids(found) == ["PAGINATION.COMPLETE"]
    assert "2 item(s)" in found[0].message
    assert "reference[5..6]" in found[0].message
    assert "between page 0 /Labels/4 (listing[4]) and page 1 /Labels/0 (listing[5])" in found[0].message
    assert found[0].offending.startswith('{"Label"')


def test_duplicates_at_a_page_boundary_are_reported_where_they_occur():
    pages = pages_of(ITEMS[:6], ITEMS[4:])
    found = check_complete(pages, "Labels", ITEMS)
    assert ids(found) == ["PAGINATION.COMPLETE"]
    assert found[0].pointer == "page 1 /Labels/0 (listing[6])"
    assert "first returned at page 0 /Labels/4" in found[0].message


def test_an_item_foreign_to_the_reference_is_reported():
    stranger = label("Unicorn", 400)
    found = check_complete(pages_of([*ITEMS[:6], stranger], ITEMS[6:]), "Labels", ITEMS)
    assert ids(found) == ["PAGINATION.COMPLETE"]
    assert "not in the reference" in found[0].message
    assert found[0].pointer == "page 0 /Labels/6 (listing[6])"


def test_many_gaps_are_summarised():
    items = [label("Car", t) for t in range(60)]
    every_other = items[::2]
    found = check_complete(chain(every_other, 10), "Labels", items)
    assert len(found) == REPORT_LIMIT + 1
    assert "20 further gaps or repeats (20 items)" in found[-1].message


def test_order_is_not_judged_when_the_items_differ():
    assert check_order(pages_of(ITEMS[:5]), "Labels", ITEMS) == []


# --- full pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("max_results", "size"), [(5, 5), (None, 1000), (5000, 1000)])
def test_full_pages_pass(max_results, size):
    items = [label("Car", t) for t in range(size * 2 + 1)]
    assert check_full_pages(chain(items, size), "Labels", max_results) == []


def test_a_short_page_before_the_last_is_reported():
    found = check_full_pages(pages_of(ITEMS[:5], ITEMS[5:8], ITEMS[8:]), "Labels", 5)
    assert ids(found) == ["PAGINATION.FULL_PAGES"]
    assert found[0].pointer == "page 1 /Labels"
    assert "found 3" in found[0].message
