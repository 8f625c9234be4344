"""Turns check results into test outcomes, and keeps the run's per-rule tally.

A MUST violation fails the test; a SHOULD violation warns (and fails under ``--strict``): it is kept in the
ledger, and the terminal summary shows one line per SHOULD rule, not one warning per item.
Every message names the operation, the rule and its level, the request, the offending part of the
response and the documented source.
"""

from __future__ import annotations

import functools
import inspect
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn

import pytest

from rekognition_conformance.checks import Inconclusive, Violation, applies_to, rule_ids_of
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.malformed import malformed
from rekognition_conformance.report.reproduce import reproduce
from rekognition_conformance.spec.operations import ALL_OPERATIONS, VIDEO_GET, VIDEO_START, family_of
from rekognition_conformance.spec.rules import Rule, rule


class NothingToJudge(pytest.skip.Exception):
    """A test found nothing to judge (an empty listing where the fixture must yield items): *inconclusive*.

    pytest shows the test as skipped ("inconclusive: ..."); the plugin records it in the ledger, and the rules
    it would have checked are reported inconclusive and fail the CI gate unless ``--allow-inconclusive``.
    """

    def __init__(self, reason: str, operation: str | None = None) -> None:
        super().__init__(f"inconclusive: {reason}")
        self.reason = reason
        self.operation = operation


def nothing_to_judge(reason: str, operation: str | None = None) -> NoReturn:
    """Stop the test (or the fixture) as inconclusive: the backend gave nothing to judge, which is never a pass."""
    raise NothingToJudge(reason, operation)


@dataclass
class RuleTally:
    checks: int = 0
    violations: int = 0
    failed_tests: set[str] = field(default_factory=set)


class Ledger:
    """The run's record: how often each rule was checked and what violated it."""

    def __init__(self, *, strict: bool = False, accepted: Callable[[str, str], bool] | None = None) -> None:
        self.strict = strict
        # The baseline's test: a violation of an accepted (rule, operation) pair is recorded but fails nothing.
        self.accepted = accepted or (lambda rule_id, operation: False)
        self.tallies: dict[str, RuleTally] = {}
        self.violations: list[tuple[str, Violation]] = []
        # Which operations each rule was checked on (the report's matrix); the tests whose checks named no
        # operation are kept apart, and the report attributes them through the test's family.
        self.coverage: dict[str, dict[str, int]] = {}
        self.unattributed: dict[str, set[str]] = {}
        # Rules that a test meant to judge but had nothing to judge: rule id -> (test, operation or None, why).
        self.inconclusive: dict[str, list[tuple[str, str | None, str]]] = {}
        # Tests that stopped because there was nothing to judge: test -> (operation or None, why). The rules
        # such a test would have checked stay unchecked, and the report calls them inconclusive.
        self.inconclusive_tests: dict[str, tuple[str | None, str]] = {}
        self._lock = threading.Lock()

    def level(self, rule_id: str) -> str:
        return rule(rule_id).level

    def fails(self, violation: Violation) -> bool:
        return self.strict or self.level(violation.rule_id) == "MUST"

    def fails_test(self, violation: Violation) -> bool:
        """Whether the violation fails its test: a failing one that the baseline does not accept."""
        return self.fails(violation) and not self.accepted(violation.rule_id, violation.operation)

    def record(
        self, nodeid: str, rule_ids: tuple[str, ...], violations: list[Violation], operations: tuple[str, ...] = ()
    ) -> None:
        with self._lock:
            for rid in rule_ids:
                source = rule(rid)  # an unknown rule id is a harness bug: fail loudly
                scope = source.operations
                self.tallies.setdefault(rid, RuleTally()).checks += 1
                named = [op for op in (*operations, *_starts_judged(source, operations)) if op in scope]
                for op in named:
                    per_op = self.coverage.setdefault(rid, {})
                    per_op[op] = per_op.get(op, 0) + 1
                if not named:
                    self.unattributed.setdefault(rid, set()).add(nodeid)
            for v in violations:
                tally = self.tallies.setdefault(v.rule_id, RuleTally())
                tally.violations += 1
                if self.fails_test(v):
                    tally.failed_tests.add(nodeid)
                self.violations.append((nodeid, v))


    def record_inconclusive(
        self, nodeid: str, rule_ids: tuple[str, ...], reason: str, operations: tuple[str, ...] = ()
    ) -> None:
        with self._lock:
            for rid in rule_ids:
                scope = rule(rid).operations
                named = [op for op in operations if op in scope] or [None]
                for op in named:
                    self.inconclusive.setdefault(rid, []).append((nodeid, op, reason))

    def record_nothing_to_judge(self, nodeid: str, operation: str | None, reason: str) -> None:
        with self._lock:
            self.inconclusive_tests[nodeid] = (operation, reason)


# Rules of these categories are about a Start request's parameters (MinConfidence, filters, face attributes,
# thresholds) as the Get's results show them: a check of the Get's answer judges the Start that asked.
START_SIDE_CATEGORIES = frozenset({"defaults", "filters"})
START_OF = {get: start for get in VIDEO_GET for start in VIDEO_START if family_of(get) == family_of(start)}


def _starts_judged(source: Rule, operations: tuple[str, ...]) -> tuple[str, ...]:
    if source.category not in START_SIDE_CATEGORIES:
        return ()
    return tuple(START_OF[op] for op in operations if op in START_OF)


def _exchange_operation(value: Any) -> str | None:
    operation = getattr(value, "operation", None)
    return operation if isinstance(operation, str) and operation in ALL_OPERATIONS else None


def operations_in(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, ...]:
    """The operations a check judges, from what it is given: its ``operation`` parameter, and the exchanges
    (alone or as a sequence of pages) among its arguments."""
    found: dict[str, None] = {}
    try:
        bound = _signature(fn).bind_partial(*args, **kwargs).arguments
    except TypeError:
        bound = dict(enumerate((*args, *kwargs.values())))
    named = bound.get("operation")
    if isinstance(named, str) and named in ALL_OPERATIONS:
        found[named] = None
    for value in bound.values():
        values = value if isinstance(value, (list, tuple)) else (value,)
        for item in values:
            if operation := _exchange_operation(item):
                found[operation] = None
    return tuple(found)


@functools.cache
def _signature(fn: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(fn)


def judged_no_items(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether a check over result ``items`` was handed none: an empty result proves nothing about the
    order, grouping or content of items, so the check's rules are not counted as checked (never a pass)."""
    try:
        items = _signature(fn).bind_partial(*args, **kwargs).arguments.get("items")
    except TypeError:
        return False
    return isinstance(items, Sequence) and not isinstance(items, str) and len(items) == 0


def _with_signing(violations: list[Violation], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Violation]:
    """Violations of an answer to a request sent unsigned or wrongly signed on purpose say so, so that their
    reproduction is sent the same way."""
    signings = {
        exchange.operation: exchange.signing
        for exchange in (*args, *kwargs.values())
        if isinstance(exchange, Exchange) and exchange.signing != "valid"
    }
    if not signings:
        return violations
    return [replace(v, signing=signings[v.operation]) if v.operation in signings else v for v in violations]


def _excerpt(value: Any, limit: int = 400) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[:limit] + "..."


def explain(violation: Violation, level: str, source: Rule) -> str:
    lines = [f"[{level} {violation.rule_id}] {violation.operation}: {violation.message}"]
    if violation.request is not None:
        lines.append(f"  request:   {_excerpt(violation.request)}")
    if violation.pointer or violation.offending is not None:
        where = violation.pointer or "response"
        lines.append(f"  offending: {where} = {_excerpt(violation.offending)}")
    if command := reproduce(violation.operation, violation.request, violation.signing):
        lines.append(f"  reproduce: {command}")
    lines.append(f"  rule:      {source.statement}")
    lines.append(f"  source:    {source.cite()}")
    return "\n".join(lines)


class Verdict:
    """The checks of one test: run them, tally them, and decide the outcome."""

    def __init__(self, ledger: Ledger, nodeid: str) -> None:
        self.ledger = ledger
        self.nodeid = nodeid
        self.failing: list[Violation] = []

    def check(
        self, fn: Callable[..., list[Violation]], *args: Any, also: tuple[str, ...] = (), **kwargs: Any
    ) -> list[Violation]:
        """Run check ``fn``; ``also`` names operations it judges through data its arguments do not name
        (e.g. the DescribeCollection answer a version is compared with)."""
        rule_ids = rule_ids_of(fn)
        if not rule_ids:
            raise TypeError(f"{fn.__name__} declares no rule ids; bind a generic check to its rule")
        operations = operations_in(fn, args, kwargs) + also
        try:
            violations = fn(*args, **kwargs)
        except Inconclusive as exc:
            self.inconclusive(rule_ids, exc.reason, operations)
            return []
        except pytest.exit.Exception:
            raise  # pytest's own exit is an Exception; it ends the session, whatever the answers
        except Exception as exc:
            # A check that trips over an answer breaking its schema has nothing to judge (SCHEMA.RESPONSE
            # judges the answer); over a schema-valid answer, the exception is a harness bug and stays loud.
            reason = malformed(args, kwargs)
            if reason is None:
                raise
            self.inconclusive(rule_ids, f"{reason}; {fn.__name__} raised {exc!r:.200}", operations)
            return []
        if stray := [v.rule_id for v in violations if v.rule_id not in rule_ids]:
            # The rules a check declares (or is bound to) are the ones it is counted for: a violation of any
            # other is a harness bug, never a verdict on the backend.
            raise TypeError(f"{fn.__name__} reported {sorted(set(stray))}, which it does not declare: {rule_ids}")
        if not violations and (not applies_to(fn, *args, **kwargs) or judged_no_items(fn, args, kwargs)):
            return violations
        violations = _with_signing(violations, args, kwargs)
        self.ledger.record(self.nodeid, rule_ids, violations, operations)
        # A SHOULD violation stays in the ledger (every instance reaches the JSON and HTML reports); the
        # terminal summarises them per rule.
        self.failing += [v for v in violations if self.ledger.fails_test(v)]
        return violations

    def inconclusive(self, rule_ids: tuple[str, ...], reason: str, operations: tuple[str, ...] = ()) -> None:
        """Record that this test had nothing to judge for ``rule_ids`` (for example an empty listing)."""
        self.ledger.record_inconclusive(self.nodeid, rule_ids, reason, operations)

    def nothing_to_judge(self, reason: str, operation: str | None = None) -> NoReturn:
        """Stop the test as *inconclusive* (see :func:`nothing_to_judge`)."""
        nothing_to_judge(reason, operation)

    def report(self) -> str:
        parts = [explain(v, self.ledger.level(v.rule_id), rule(v.rule_id)) for v in self.failing]
        head = f"{len(self.failing)} contract violation(s)"
        return head + ":\n" + "\n".join(parts)

    def assert_clean(self) -> None:
        """Fail now if any failing violation has been found (used inside hypothesis examples)."""
        if self.failing:
            message = self.report()
            self.failing = []
            pytest.fail(message, pytrace=False)
