"""The generic order checks of ``sorting.py``, run under another family's rule ids.

``sorting.py`` declares its checks with the label family's rules (SORT.TIMESTAMP, SORT.DEFAULT,
LABELS.SORT.NAME) and judges grouping and group order as one rule. Person tracking and celebrity
recognition document their orders on their own pages, so their rules carry their own ids and sources,
and they split grouping (documented: MUST) from the direction of the group order (not documented:
SHOULD). These helpers reuse the generic checks unchanged and report under the rule given:

* :func:`retagged` re-labels violations of a generic check with the family's rule id;
* :func:`contiguity_violations` is ``check_grouped`` without any group order;
* :func:`group_order_violations` is only the group-order half of ``check_grouped``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import Any

from rekognition_conformance.checks import Violation
from rekognition_conformance.checks.sorting import Key, check_grouped


def retagged(violations: list[Violation], rule_id: str) -> list[Violation]:
    return [replace(violation, rule_id=rule_id) for violation in violations]


def contiguity_violations(
    operation: str, items: Sequence[Any], request: Any, *, key: Callable[[Any], Hashable | None], rule_id: str
) -> list[Violation]:
    """Items with equal keys form one contiguous group; the first group that splits is reported."""
    return check_grouped(operation, items, request, key=key, rule_id=rule_id, orderings=())


def group_order_violations(
    operation: str,
    items: Sequence[Any],
    request: Any,
    *,
    key: Callable[[Any], Hashable | None],
    rule_id: str,
    orderings: Sequence[Key],
) -> list[Violation]:
    """Groups (in order of first appearance) ascend under one of ``orderings``; splits are not judged here."""
    both = check_grouped(operation, items, request, key=key, rule_id=rule_id, orderings=orderings)
    splits = contiguity_violations(operation, items, request, key=key, rule_id=rule_id)
    return [violation for violation in both if violation not in splits]
