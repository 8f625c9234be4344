"""The check library: pure functions from exchanges to violations of named contract rules.

A check never performs I/O and never asserts. It returns a list of :class:`Violation`; the suite
decides, from each rule's level, whether a violation fails the test or warns. Every check is
declared with the rule ids it evaluates so that the run can report how often each rule was checked.

A generic judgement that serves many rules (a request refused, an error type) declares none itself: it is
:func:`bind`-ed to one rule where it is used, and that binding is the only place the rule id is written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rekognition_conformance.spec.rules import rule

F = TypeVar("F", bound=Callable[..., list["Violation"]])


class Inconclusive(Exception):
    """Raised by a check that had nothing to judge: the answer lacks, or mangles, what its rules are about.

    The rules of that check are then *inconclusive* for the operation in this test (never passed): the
    verdict records the reason, and the run reports it. A mangled answer is judged by SCHEMA.RESPONSE;
    the checks that depend on the mangled part raise this instead of crashing.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Violation:
    """One breach of one rule, with what is needed to understand it without a debugger."""

    rule_id: str
    operation: str
    message: str
    request: Any = None
    pointer: str = ""
    offending: Any = None
    # How the request was signed: "valid", or "none" / "wrong-secret" for a request sent so on purpose (its
    # reproduction must be sent the same way).
    signing: str = "valid"


def check(*rule_ids: str, applies: Callable[..., bool] | None = None) -> Callable[[F], F]:
    """Declare the rule ids a check function evaluates.

    ``applies``, called with the check's own arguments, says whether the answer gives the rule anything
    to judge; when it does not, the rule is not counted as checked (a rule about error types is not
    passed by a backend that never answered with an error).
    """

    def mark(fn: F) -> F:
        fn.rule_ids = tuple(rule_ids)  # type: ignore[attr-defined]
        fn.applies = applies  # type: ignore[attr-defined]
        return fn

    return mark


def generic(applies: Callable[..., bool] | None = None) -> Callable[[F], F]:
    """Declare a generic check: a judgement that serves many rules, taking the rule as ``rule_id``.

    It declares no rule of its own; :func:`bind` binds it to one where it is used.
    """

    def mark(fn: F) -> F:
        fn = check(applies=applies)(fn)
        fn.generic = True  # type: ignore[attr-defined]
        return fn

    return mark


def is_generic(fn: Callable[..., Any]) -> bool:
    return bool(getattr(fn, "generic", False))


def bind(fn: Callable[..., list[Violation]], rule_id: str) -> Callable[..., list[Violation]]:
    """``fn``, a :func:`generic` check, bound to one rule: the verdict counts that rule, and every violation
    ``fn`` builds names it, so the rule id is written once, here."""
    if not is_generic(fn):
        raise TypeError(f"{fn.__name__} is not a generic check; it judges the rules it declares")
    rule(rule_id)  # an unknown rule id is a harness bug: fail where it is bound

    @functools.wraps(fn)
    def bound(*args: Any, **kwargs: Any) -> list[Violation]:
        return fn(*args, rule_id=rule_id, **kwargs)

    bound.rule_ids = (rule_id,)  # type: ignore[attr-defined]
    bound.applies = getattr(fn, "applies", None)  # type: ignore[attr-defined]
    return bound


def rule_ids_of(fn: Callable[..., Any]) -> tuple[str, ...]:
    return tuple(getattr(fn, "rule_ids", ()))


def applies_to(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Whether ``fn``'s arguments give its rule anything to judge (see :func:`check`)."""
    applies = getattr(fn, "applies", None)
    return applies is None or bool(applies(*args, **kwargs))
