"""Turns check results into test outcomes, and keeps the run's per-rule tally.

A MUST violation fails the test; a SHOULD violation warns (and fails under ``--strict``). ``--lenient``
reports undeclared response members as SHOULD, for backends that are newer than the installed model.
Every message names the operation, the rule and its level, the request, the offending part of the
response and the documented source.
"""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from conformance.checks import Inconclusive, Violation, applies_to, rule_ids_of
from conformance.malformed import malformed
from spec.operations import ALL_OPERATIONS
from spec.rules import Rule, rule

LENIENT_RULES = ("SCHEMA.UNDECLARED",)


class ConformanceWarning(UserWarning):
    """A SHOULD rule was violated: observed AWS behaviour the backend does not share."""


@dataclass
class RuleTally:
    checks: int = 0
    violations: int = 0
    failed_tests: set[str] = field(default_factory=set)


class Ledger:
    """The run's record: how often each rule was checked and what violated it."""

    def __init__(self, *, strict: bool = False, lenient: bool = False) -> None:
        self.strict = strict
        self.lenient = lenient
        self.tallies: dict[str, RuleTally] = {}
        self.violations: list[tuple[str, Violation]] = []
        # Which operations each rule was checked on (the report's matrix); the tests whose checks named no
        # operation are kept apart, and the report attributes them through the test's family.
        self.coverage: dict[str, dict[str, int]] = {}
        self.unattributed: dict[str, set[str]] = {}
        # Rules that a test meant to judge but had nothing to judge: rule id -> (test, operation or None, why).
        self.inconclusive: dict[str, list[tuple[str, str | None, str]]] = {}
        self._lock = threading.Lock()

    def level(self, rule_id: str) -> str:
        if self.lenient and rule_id in LENIENT_RULES:
            return "SHOULD"
        return rule(rule_id).level

    def fails(self, violation: Violation) -> bool:
        return self.strict or self.level(violation.rule_id) == "MUST"

    def record(
        self, nodeid: str, rule_ids: tuple[str, ...], violations: list[Violation], operations: tuple[str, ...] = ()
    ) -> None:
        with self._lock:
            for rid in rule_ids:
                scope = rule(rid).operations  # an unknown rule id is a harness bug: fail loudly
                self.tallies.setdefault(rid, RuleTally()).checks += 1
                named = [op for op in operations if op in scope]
                for op in named:
                    per_op = self.coverage.setdefault(rid, {})
                    per_op[op] = per_op.get(op, 0) + 1
                if not named:
                    self.unattributed.setdefault(rid, set()).add(nodeid)
            for v in violations:
                tally = self.tallies.setdefault(v.rule_id, RuleTally())
                tally.violations += 1
                if self.fails(v):
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


def operations_in(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, ...]:
    """The operations a check's arguments name: exchanges (alone or in lists) and operation names."""
    found: dict[str, None] = {}

    def visit(value: Any, depth: int) -> None:
        if isinstance(value, str):
            if value in ALL_OPERATIONS:
                found[value] = None
        elif isinstance(operation := getattr(value, "operation", None), str) and operation in ALL_OPERATIONS:
            found[operation] = None
        elif isinstance(value, (list, tuple)) and depth < 2:
            for item in value:
                visit(item, depth + 1)

    for value in (*args, *kwargs.values()):
        visit(value, 0)
    return tuple(found)


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
    lines.append(f"  rule:      {source.statement}")
    lines.append(f"  source:    {source.cite()}")
    return "\n".join(lines)


class Verdict:
    """The checks of one test: run them, tally them, and decide the outcome."""

    def __init__(self, ledger: Ledger, nodeid: str) -> None:
        self.ledger = ledger
        self.nodeid = nodeid
        self.failing: list[Violation] = []

    def check(self, fn: Callable[..., list[Violation]], *args: Any, **kwargs: Any) -> list[Violation]:
        rule_ids = (kwargs["rule_id"],) if "rule_id" in kwargs else rule_ids_of(fn)
        if not rule_ids:
            raise TypeError(f"{fn.__name__} declares no rule ids")
        try:
            violations = fn(*args, **kwargs)
        except Inconclusive as exc:
            self.inconclusive(rule_ids, exc.reason, operations_in(args, kwargs))
            return []
        except pytest.exit.Exception:
            raise  # pytest's own exit is an Exception; it ends the session, whatever the answers
        except Exception as exc:
            # A check that trips over an answer breaking its schema has nothing to judge (SCHEMA.RESPONSE
            # judges the answer); over a schema-valid answer, the exception is a harness bug and stays loud.
            reason = malformed(args, kwargs)
            if reason is None:
                raise
            self.inconclusive(rule_ids, f"{reason}; {fn.__name__} raised {exc!r:.200}", operations_in(args, kwargs))
            return []
        if not violations and not applies_to(fn, *args, **kwargs):
            return violations
        self.ledger.record(self.nodeid, rule_ids, violations, operations_in(args, kwargs))
        for v in violations:
            text = explain(v, self.ledger.level(v.rule_id), rule(v.rule_id))
            if self.ledger.fails(v):
                self.failing.append(v)
            else:
                warnings.warn(ConformanceWarning(text), stacklevel=2)
        return violations

    def inconclusive(self, rule_ids: tuple[str, ...], reason: str, operations: tuple[str, ...] = ()) -> None:
        """Record that this test had nothing to judge for ``rule_ids`` (for example an empty listing)."""
        self.ledger.record_inconclusive(self.nodeid, rule_ids, reason, operations)

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
