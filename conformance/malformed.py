"""Whether the answers a check was given are malformed: the test of a check that raised instead of judging.

A check reads the members it judges as the output schema declares them. When a backend's answer breaks
that schema (an object where a list belongs, a string where an object belongs), the check can trip over
it; that is not a fault of the harness but a SCHEMA.RESPONSE failure of the backend (which the schema
check reports on every page), and the rules of the check that tripped are *inconclusive* for the answer.
When every answer in the arguments is schema-valid, the exception is a harness bug and must stay loud.

Two kinds of argument carry answers: exchanges (alone, in lists, or as a listing's ``pages``) and lists
of result items taken from an answer, which a check receives beside the operation they came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema.exceptions import ValidationError

from rekognition_conformance.checks.schema import rule_of, without_nulls
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.spec.operations import ALL_OPERATIONS
from rekognition_conformance.spec.schemas import validator

MAX_DEPTH = 3


def malformed(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """What makes an answer among a check's arguments break its output schema, or None if none does."""
    values = (*args, *kwargs.values())
    operations = [v for v in values if isinstance(v, str) and v in ALL_OPERATIONS]
    for value in values:
        for exchange in _exchanges(value, 0):
            if (reason := _exchange_breaks(exchange)) is not None:
                return reason
        if operations and _is_item_list(value) and (reason := _items_break(operations[0], value)) is not None:
            return reason
    return None


def _exchanges(value: Any, depth: int) -> Iterator[Exchange]:
    if isinstance(value, Exchange):
        yield value
    elif isinstance(pages := getattr(value, "pages", None), (list, tuple)):
        yield from _exchanges(pages, depth + 1)
    elif isinstance(value, (list, tuple)) and depth < MAX_DEPTH:
        for item in value:
            yield from _exchanges(item, depth + 1)


def _is_item_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and not any(isinstance(v, Exchange) for v in value)


def _where(error: ValidationError) -> str:
    return "".join(f"/{part}" for part in error.absolute_path) or "/"


def _schema_errors(operation: str, body: Any) -> list[ValidationError]:
    """The errors of ``body`` the schema check reports as SCHEMA.RESPONSE, classified as it classifies them.

    A null member is absent, as for the schema check and every AWS SDK: a check must read it as absent, so
    tripping over one is the check's fault. An undeclared member (SCHEMA.UNDECLARED) or a value outside the
    model's constraints (SCHEMA.VALUES) leaves the answer's shape intact: neither is what a check trips over.
    """
    try:
        check = validator(operation, "output")
    except KeyError:  # an operation without a committed schema cannot be judged malformed
        return []
    body = without_nulls(body)
    if check.is_valid(body):
        return []
    return [e for e in check.iter_errors(body) if rule_of(e) == "SCHEMA.RESPONSE"]


def _exchange_breaks(exchange: Exchange) -> str | None:
    if not exchange.ok:
        return None
    if exchange.body is None:
        return f"the {exchange.operation} answer is not JSON (SCHEMA.RESPONSE)"
    errors = _schema_errors(exchange.operation, exchange.body)
    if not errors:
        return None
    first = errors[0]
    return f"the {exchange.operation} answer breaks its schema at {_where(first)} (SCHEMA.RESPONSE): {first.message}"


def _items_break(operation: str, items: list[Any] | tuple[Any, ...]) -> str | None:
    """Why ``items`` are no valid list member of ``operation``'s answer, or None if some list member takes them."""
    try:
        properties = validator(operation, "output").schema.get("properties", {})
    except KeyError:
        return None
    best: ValidationError | None = None
    for member, schema in properties.items():
        if not isinstance(schema, dict) or schema.get("type") != "array":
            continue
        errors = _schema_errors(operation, {member: list(items)})
        if not errors:
            return None
        if best is None:
            best = errors[0]
    if best is None:
        return None
    return (
        f"the {operation} result items break its schema at {_where(best)} "
        f"(SCHEMA.RESPONSE): {best.message}"
    )
