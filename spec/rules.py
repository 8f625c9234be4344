"""Loads the behavioural contract (``spec/rules/*.yaml``) into typed, validated rule objects.

The rules are data so that reviewers can read the contract without reading code, and so that reports,
the README's coverage table and the checks all draw on one source. ``common.yaml`` holds the rules every
family shares; each family adds a file of its own. ``spec/errors.yaml`` holds the documented HTTP status
of each error type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from rekognition_conformance.spec.operations import GROUPS, expand

SPEC_DIR = Path(__file__).resolve().parent
RULES_DIR = SPEC_DIR / "rules"
ERRORS_FILE = SPEC_DIR / "errors.yaml"

Level = Literal["MUST", "SHOULD"]
LEVELS: tuple[Level, ...] = ("MUST", "SHOULD")
CATEGORIES = (
    "schema",
    "defaults",
    "sorting",
    "aggregation",
    "pagination",
    "errors",
    "idempotency",
    "lifecycle",
    "echoes",
    "filters",
    "metadata",
    "content",
)


class RulesError(ValueError):
    """The rules file is malformed."""


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    category: str
    operations: tuple[str, ...]
    statement: str
    source_url: str
    source_quote: str
    # The operations as the rules file names them (groups such as @video-get unexpanded).
    scope: tuple[str, ...] = ()

    def cite(self) -> str:
        return f'{self.source_url} - "{self.source_quote}"'


def _parse_rule(raw: dict) -> Rule:
    try:
        rule = Rule(
            id=raw["id"],
            level=raw["level"],
            category=raw["category"],
            operations=expand(raw["operations"]),
            statement=" ".join(str(raw["statement"]).split()),
            source_url=raw["source"]["url"],
            source_quote=" ".join(str(raw["source"]["quote"]).split()),
            scope=tuple(raw["operations"]),
        )
    except (KeyError, TypeError) as exc:
        raise RulesError(f"rule {raw.get('id', '?')!r} lacks {exc}") from exc
    if rule.level not in LEVELS:
        raise RulesError(f"rule {rule.id}: level {rule.level!r} is not one of {LEVELS}")
    if rule.category not in CATEGORIES:
        raise RulesError(f"rule {rule.id}: category {rule.category!r} is not one of {CATEGORIES}")
    if not rule.operations:
        raise RulesError(f"rule {rule.id}: names no operation")
    unknown_groups = [op for op in rule.operations if op.startswith("@")]
    if unknown_groups:
        raise RulesError(f"rule {rule.id}: unknown operation groups {unknown_groups}; known: {sorted(GROUPS)}")
    return rule


def _document(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def rule_files(directory: Path = RULES_DIR) -> list[Path]:
    """The rule files, ``common.yaml`` first and then the families in name order."""
    files = sorted(directory.glob("*.yaml"))
    return sorted(files, key=lambda p: (p.name != "common.yaml", p.name))


def load_rules(*paths: Path) -> dict[str, Rule]:
    """All rules by id, in file order. Raises RulesError on a malformed file or a repeated id."""
    rules: dict[str, Rule] = {}
    for path in paths or rule_files():
        for raw in _document(path).get("rules", []):
            rule = _parse_rule(raw)
            if rule.id in rules:
                raise RulesError(f"rule id {rule.id} appears twice ({path.name})")
            rules[rule.id] = rule
    return rules


@cache
def rules() -> dict[str, Rule]:
    return load_rules()


def rule(rule_id: str) -> Rule:
    try:
        return rules()[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id!r} in {RULES_DIR}") from None


@cache
def error_statuses() -> dict[str, tuple[int, ...]]:
    """The HTTP statuses AWS documents for each error type (more than one where its pages disagree)."""
    table = _document(ERRORS_FILE)["errors"]["statuses"]
    return {name: tuple(int(s) for s in statuses) for name, statuses in table.items()}


def rules_for(operation: str) -> list[Rule]:
    return [r for r in rules().values() if operation in r.operations]
