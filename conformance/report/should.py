"""SHOULD violations summarised per rule: one terminal line each (count and first example), not one per item.

Every instance stays in the run's document, so the JSON and HTML reports list them all; the terminal only
needs to say which observed-AWS behaviours the backend does not share, how often, and one example.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EXAMPLE_CHARS = 160


@dataclass(frozen=True)
class ShouldRule:
    rule_id: str
    count: int
    example: str  # the first violation: operation, message and the test that found it


def should_summary(document: dict[str, Any]) -> list[ShouldRule]:
    """The violated rules whose violations do not fail the run, in the order first seen."""
    found: dict[str, list[dict[str, Any]]] = {}
    for v in document.get("violations", []):
        if not v.get("fails"):
            found.setdefault(v["rule_id"], []).append(v)
    summary = []
    for rule_id, violations in found.items():
        first = violations[0]
        message = " ".join(str(first.get("message", "")).split())
        if len(message) > EXAMPLE_CHARS:
            message = message[:EXAMPLE_CHARS] + "..."
        summary.append(ShouldRule(rule_id, len(violations), f"{first['operation']}: {message} ({first['test']})"))
    return summary


def should_lines(document: dict[str, Any]) -> list[str]:
    return [f"SHOULD {s.rule_id}: {s.count} violation(s), e.g. {s.example}" for s in should_summary(document)]
