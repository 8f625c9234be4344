"""Checks on one NextToken chain of a Get operation: page sizes, tokens, and what the chain returns.

``pages`` is the chain in request order; ``member`` names the result list ("Labels", "Faces",
"Persons"...). Pointers take the form ``page 2 /Labels/17`` (page index counted from 0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.items import (
    REPORT_LIMIT,
    Located,
    canonical,
    excerpt,
    first_difference,
    listing_diff_violations,
    locate,
    multiset_diff,
    page_pointer,
    pointer,
    runs,
)
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.spec.families import page_cap

PAGE_LIMIT = page_cap()


def next_token(page: Exchange) -> Any:
    body = page.body
    return body.get("NextToken") if isinstance(body, dict) else None


def has_token(page: Exchange) -> bool:
    """Whether an SDK would request another page: an empty string ends pagination in the SDKs."""
    return next_token(page) not in (None, "")


def _oversized(pages: Sequence[Exchange], member: str, limit: int, rule_id: str, why: str) -> list[Violation]:
    return [
        Violation(
            rule_id,
            page.operation,
            f"Expected at most {limit} items per page ({why}); page {index} has {len(items)}.",
            page.request,
            page_pointer(index, member, limit),
            excerpt(items[limit]),
        )
        for index, page in enumerate(pages)
        if len(items := page.items(member)) > limit
    ]


@check("PAGINATION.PAGE_SIZE")
def check_page_size(pages: Sequence[Exchange], member: str, max_results: int | None) -> list[Violation]:
    """No page holds more than MaxResults items; the pointer is the first item over the limit."""
    if max_results is None or max_results < 1:
        return []
    return _oversized(pages, member, max_results, "PAGINATION.PAGE_SIZE", f"MaxResults={max_results}")


@check("PAGINATION.CLAMP")
def check_clamp(pages: Sequence[Exchange], member: str, max_results: int | None) -> list[Violation]:
    """A MaxResults above 1000 is clamped: no page holds more than 1000 items."""
    if max_results is None or max_results <= PAGE_LIMIT:
        return []
    return _oversized(
        pages, member, PAGE_LIMIT, "PAGINATION.CLAMP", f"MaxResults={max_results} is clamped to {PAGE_LIMIT}"
    )


@check("PAGINATION.DEFAULT")
def check_default_page_size(pages: Sequence[Exchange], member: str) -> list[Violation]:
    """Without MaxResults no page holds more than the default of 1000 items."""
    return _oversized(pages, member, PAGE_LIMIT, "PAGINATION.DEFAULT", "MaxResults omitted, default 1000")


@check("PAGINATION.DEFAULT")
def check_default_page(
    default_first: Exchange,
    explicit_first: Exchange,
    member: str,
    *,
    tie_key: Callable[[Any], Hashable] | None = None,
) -> list[Violation]:
    """The first page without MaxResults equals the first page with MaxResults=1000.

    Items are compared as multisets, and so is the presence of NextToken. When both pages are full and
    end inside a run of items with equal sort key (``tie_key``, e.g. the Timestamp when sorted by
    timestamp), which of those tied items made the cut is not documented: only their number must agree.
    Pointers name the page without MaxResults ``default /Labels/i`` and the other ``explicit /Labels/i``.
    """
    operation, request = default_first.operation, default_first.request
    violations: list[Violation] = []
    if has_token(default_first) != has_token(explicit_first):
        violations.append(
            Violation(
                "PAGINATION.DEFAULT",
                operation,
                f"Expected NextToken on the first page without MaxResults to be {_presence(explicit_first)} "
                f"as on the first page with MaxResults={PAGE_LIMIT}; found it {_presence(default_first)}.",
                request,
                "/NextToken",
                excerpt(next_token(default_first)),
            )
        )
    default_items, explicit_items = default_first.items(member), explicit_first.items(member)
    default_kept, explicit_kept = list(range(len(default_items))), list(range(len(explicit_items)))
    if tie_key and default_items and explicit_items and has_token(default_first) and has_token(explicit_first):
        boundary = tie_key(default_items[-1])
        if boundary == tie_key(explicit_items[-1]):
            default_kept = [i for i in default_kept if tie_key(default_items[i]) != boundary]
            explicit_kept = [i for i in explicit_kept if tie_key(explicit_items[i]) != boundary]
    violations += listing_diff_violations(
        [default_items[i] for i in default_kept],
        [explicit_items[i] for i in explicit_kept],
        rule_id="PAGINATION.DEFAULT",
        operation=operation,
        request=request,
        actual_label="the first page without MaxResults",
        reference_label=f"the first page with MaxResults={PAGE_LIMIT}",
        actual_where=lambda i: f"default {pointer(member, default_kept[i])}",
        reference_where=lambda i: f"explicit {pointer(member, explicit_kept[i])}",
    )
    if len(default_items) - len(default_kept) != len(explicit_items) - len(explicit_kept):
        violations.append(
            Violation(
                "PAGINATION.DEFAULT",
                operation,
                f"Expected the first page without MaxResults to end with as many items tied on the last "
                f"sort key as the first page with MaxResults={PAGE_LIMIT} "
                f"({len(explicit_items) - len(explicit_kept)}); found {len(default_items) - len(default_kept)}.",
                request,
                f"default {pointer(member, len(default_items) - 1)}",
                excerpt(default_items[-1]),
            )
        )
    return violations


def _presence(page: Exchange) -> str:
    return "present" if has_token(page) else "absent"


@check("PAGINATION.TOKEN")
def check_token_chain(pages: Sequence[Exchange], member: str, *, expected_total: int | None = None) -> list[Violation]:
    """The chain neither loops nor stops early.

    A token that an earlier page already carried would make a client request the same page again.
    ``expected_total`` (the size of a complete listing, when known) shows a chain that ended without
    a token while items were still owed.
    """
    violations: list[Violation] = []
    seen: dict[str, int] = {}
    for index, page in enumerate(pages):
        token = next_token(page)
        # The empty string is PAGINATION.EMPTY_TOKEN's concern, not a loop.
        if not isinstance(token, str) or not token:
            continue
        if token in seen:
            violations.append(
                Violation(
                    "PAGINATION.TOKEN",
                    page.operation,
                    f"Expected every NextToken of a chain to be new; page {index} repeats the token of "
                    f"page {seen[token]}, so following it loops.",
                    page.request,
                    page_pointer(index, "NextToken"),
                    excerpt(token),
                )
            )
        seen.setdefault(token, index)
    if pages and expected_total is not None and not has_token(pages[-1]):
        total = sum(len(page.items(member)) for page in pages)
        if total < expected_total:
            last = pages[-1]
            violations.append(
                Violation(
                    "PAGINATION.TOKEN",
                    last.operation,
                    f"Expected a NextToken on page {len(pages) - 1}: the chain ends there after {total} "
                    f"items, but a complete listing of the job has {expected_total}.",
                    last.request,
                    page_pointer(len(pages) - 1, "NextToken"),
                    excerpt(next_token(last)),
                )
            )
    return violations


@check("PAGINATION.TRAILING_TOKEN")
def check_trailing_token(pages: Sequence[Exchange], member: str) -> list[Violation]:
    """No token leads to an empty final page: the page before it should have been the last."""
    if len(pages) < 2 or has_token(pages[-1]) or pages[-1].items(member):
        return []
    before = pages[-2]
    return [
        Violation(
            "PAGINATION.TRAILING_TOKEN",
            before.operation,
            f"Expected page {len(pages) - 2} to carry no NextToken, as no items follow; its token leads "
            f"to page {len(pages) - 1}, which is empty.",
            before.request,
            page_pointer(len(pages) - 2, "NextToken"),
            excerpt(next_token(before)),
        )
    ]


@check("PAGINATION.EMPTY_TOKEN")
def check_empty_token(pages: Sequence[Exchange]) -> list[Violation]:
    """NextToken is never the empty string, which SDKs take as the end of the listing."""
    return [
        Violation(
            "PAGINATION.EMPTY_TOKEN",
            page.operation,
            f"Expected NextToken to be absent or non-empty; page {index} carries an empty string, on "
            "which SDK paginators stop.",
            page.request,
            page_pointer(index, "NextToken"),
            excerpt(""),
        )
        for index, page in enumerate(pages)
        if next_token(page) == ""
    ]


@check("PAGINATION.COMPLETE")
def check_complete(pages: Sequence[Exchange], member: str, reference: Sequence[Any]) -> list[Violation]:
    """The chain returns, as a multiset, exactly the items of a reference listing of the same job.

    ``reference`` must come from the same job, SortBy and AggregateBy (typically one complete chain at
    another page size). Gaps are reported as runs of consecutive reference items, placed between the
    chain items around them; repeated or foreign items as runs of consecutive chain items.
    """
    if not pages:
        return []
    located = locate(pages, member)
    diff = multiset_diff([entry.item for entry in located], reference)
    counts = Counter(canonical(item) for item in reference)
    groups = [(run, _gap(pages, member, located, reference, diff.matches, run)) for run in runs(diff.missing)]
    groups += [
        (run, _surplus(pages, member, located, counts, diff.matches, run))
        for run in _surplus_runs(diff.surplus, located, counts)
    ]
    if len(groups) <= REPORT_LIMIT:
        return [violation for _, violation in groups]
    rest = groups[REPORT_LIMIT:]
    first = rest[0][1]
    summary = Violation(
        "PAGINATION.COMPLETE",
        first.operation,
        f"{len(rest)} further gaps or repeats ({sum(len(run) for run, _ in rest)} items) are not listed "
        f"separately; the next is at {first.pointer}.",
        first.request,
        first.pointer,
        first.offending,
    )
    return [violation for _, violation in groups[:REPORT_LIMIT]] + [summary]


def _is_known(entry: Located, counts: Counter[str]) -> bool:
    """Whether the item occurs in the reference at all, i.e. a surplus of it is a repeat."""
    return counts[canonical(entry.item)] > 0


def _surplus_runs(surplus: list[int], located: list[Located], counts: Counter[str]) -> list[list[int]]:
    """Consecutive surplus chain indices, split where repeats and foreign items alternate."""
    grouped: list[list[int]] = []
    for index in surplus:
        last = grouped[-1] if grouped else None
        if last and last[-1] == index - 1 and _is_known(located[last[0]], counts) == _is_known(located[index], counts):
            last.append(index)
        else:
            grouped.append([index])
    return grouped


def _gap(
    pages: Sequence[Exchange],
    member: str,
    located: list[Located],
    reference: Sequence[Any],
    matches: dict[int, int],
    run: list[int],
) -> Violation:
    before = matches.get(run[0] - 1)
    after = matches.get(run[-1] + 1)
    if before is not None and after is not None:
        place = f"between {located[before].where(member)} and {located[after].where(member)}"
    elif before is not None:
        place = f"after {located[before].where(member)}"
    elif after is not None:
        place = f"before {located[after].where(member)}"
    else:
        place = "in the chain"
    anchor = after if after is not None else before
    where = located[anchor].where(member) if anchor is not None else page_pointer(0, member)
    page = pages[located[anchor].page] if anchor is not None else pages[0]
    span = f"reference[{run[0]}]" if len(run) == 1 else f"reference[{run[0]}..{run[-1]}]"
    return Violation(
        "PAGINATION.COMPLETE",
        page.operation,
        f"{len(run)} item(s) of the reference listing ({span}) are missing from the chain; they belong "
        f"{place}. The first missing item is shown.",
        page.request,
        where,
        excerpt(reference[run[0]]),
    )


def _surplus(
    pages: Sequence[Exchange],
    member: str,
    located: list[Located],
    counts: Counter[str],
    matches: dict[int, int],
    run: list[int],
) -> Violation:
    first = located[run[0]]
    page = pages[first.page]
    span = "" if len(run) == 1 else f" through listing[{run[-1]}]"
    if _is_known(first, counts):
        key = canonical(first.item)
        earlier = [located[i] for i in matches.values() if canonical(located[i].item) == key]
        seen = f", first returned at {min(earlier, key=lambda e: e.index).where(member)}" if earlier else ""
        what = f"repeat item(s) the chain already returned{seen}"
    else:
        what = "are not in the reference listing at all"
    return Violation(
        "PAGINATION.COMPLETE",
        page.operation,
        f"{len(run)} item(s) of the chain at {first.where(member)}{span} {what}. The first is shown.",
        page.request,
        first.where(member),
        excerpt(first.item),
    )


@check("PAGINATION.ORDER")
def check_order(pages: Sequence[Exchange], member: str, reference: Sequence[Any]) -> list[Violation]:
    """The chain returns the reference listing's items in the same sequence.

    Judged only when both hold the same items (PAGINATION.COMPLETE reports otherwise). Items with
    equal sort keys may legitimately come in another order, which is why this rule is a SHOULD.
    """
    located = locate(pages, member)
    if not multiset_diff([entry.item for entry in located], reference).equal:
        return []
    for entry, expected in zip(located, reference, strict=True):
        difference = first_difference(expected, entry.item)
        if difference is None:
            continue
        inner, wanted, held = difference
        page = pages[entry.page]
        return [
            Violation(
                "PAGINATION.ORDER",
                page.operation,
                f"Expected the chain to follow the reference order; the item at {entry.where(member)} "
                f"differs from reference[{entry.index}] at {inner or '/'}: {excerpt(held, 100)} where the "
                f"reference has {excerpt(wanted, 100)}.",
                page.request,
                entry.where(member),
                excerpt(entry.item),
            )
        ]
    return []


@check("PAGINATION.FULL_PAGES")
def check_full_pages(pages: Sequence[Exchange], member: str, max_results: int | None) -> list[Violation]:
    """Every page but the last is full: MaxResults items, clamped to 1000 (1000 when omitted)."""
    size = PAGE_LIMIT if max_results is None else min(max_results, PAGE_LIMIT)
    return [
        Violation(
            "PAGINATION.FULL_PAGES",
            page.operation,
            f"Expected {size} items on page {index}, which is not the last; found {len(items)}.",
            page.request,
            page_pointer(index, member),
            f"{len(items)} items",
        )
        for index, page in enumerate(pages[:-1])
        if len(items := page.items(member)) != size
    ]
