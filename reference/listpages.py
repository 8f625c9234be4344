"""NextToken paging for the listings of server-side resources: collections, faces, stream processors.

Unlike a finished job's results, these listings change while a client pages through them. Every
resource is numbered when it is made and a listing runs in that order, so a token only has to say
"continue after number n": resources added later come at the end and removed ones simply drop out,
and no page repeats or skips one that existed throughout. Tokens are the server's signed
:class:`~rekognition_conformance.reference.pagination.PageTokens`, bound to the listing's ``scope`` (e.g. one
collection's faces), so a token from another listing is refused with InvalidPaginationTokenException.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from rekognition_conformance.reference.pagination import PageTokens

DEFAULT_PAGE = 1000


class Numbered(Protocol):
    number: int


N = TypeVar("N", bound=Numbered)


def page_limit(max_results: Any, cap: int) -> int:
    """MaxResults as applied: the default when absent (or 0, which would never make progress), at most ``cap``."""
    if not max_results:
        return min(DEFAULT_PAGE, cap)
    return min(int(max_results), cap)


def list_page(
    tokens: PageTokens,
    scope: str,
    params: Mapping[str, Any],
    fetch: Callable[[int, int], tuple[Sequence[N], bool]],
    *,
    cap: int,
) -> tuple[Sequence[N], str | None]:
    """One page of a listing and the token for the next (None on the last page).

    ``fetch(after, limit)`` returns up to ``limit`` resources numbered after ``after`` and whether
    more follow. An empty NextToken, which several SDKs send for "none", starts at the beginning.
    """
    token = params.get("NextToken")
    after = tokens.redeem(token, scope, {}) if token else 0
    items, more = fetch(after, page_limit(params.get("MaxResults"), cap))
    following = tokens.issue(scope, {}, items[-1].number) if more and items else None
    return items, following
