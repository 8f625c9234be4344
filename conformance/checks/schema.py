"""Validation of a successful response body against the operation's output schema.

Members the model does not declare get their own rule (SCHEMA.UNDECLARED), one violation per member,
because an extra member is a different defect from a wrong type or a missing required member: SDKs
drop it silently, so a backend's consumers never see it.
"""

from __future__ import annotations

import re
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from conformance.checks import Violation, check
from conformance.checks.items import excerpt, pointer
from conformance.exchange import Exchange

MESSAGE_LIMIT = 200


@check("SCHEMA.RESPONSE", "SCHEMA.UNDECLARED")
def check_response_schema(ex: Exchange, *, validator: Validator | None = None) -> list[Violation]:
    """Validate a 2xx body; ``validator`` defaults to ``spec.schemas.validator(op, "output")``."""
    if not ex.ok:
        return []
    body = ex.body
    if body is None:
        return [
            Violation(
                "SCHEMA.RESPONSE",
                ex.operation,
                f"Expected a JSON object body for HTTP {ex.status}; found a body that is not JSON.",
                ex.request,
                "",
                excerpt(ex.raw.decode("utf-8", "replace")),
            )
        ]
    if validator is None:
        from spec.schemas import validator as output_validator

        validator = output_validator(ex.operation, "output")
    violations: list[Violation] = []
    for error in validator.iter_errors(body):
        if _is_undeclared(error):
            violations += _undeclared(ex, error)
        else:
            violations.append(_schema_error(ex, error))
    return violations


def _is_undeclared(error: ValidationError) -> bool:
    return (
        error.validator == "additionalProperties"
        and error.validator_value is False
        and isinstance(error.instance, dict)
    )


def _undeclared(ex: Exchange, error: ValidationError) -> list[Violation]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    declared = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    base = list(error.absolute_path)
    return [
        Violation(
            "SCHEMA.UNDECLARED",
            ex.operation,
            f"The response carries member {name!r} at {pointer(*base, name)}, which the {ex.operation} "
            "output model does not declare there.",
            ex.request,
            pointer(*base, name),
            excerpt(value),
        )
        for name, value in error.instance.items()
        if name not in declared and not any(re.search(p, name) for p in patterns)
    ]


def _schema_error(ex: Exchange, error: ValidationError) -> Violation:
    where = pointer(*error.absolute_path)
    text = error.message
    if len(text) > MESSAGE_LIMIT:
        text = text[:MESSAGE_LIMIT] + "..."
    return Violation(
        "SCHEMA.RESPONSE",
        ex.operation,
        f"The response breaks the {ex.operation} output schema at {where or '/'} "
        f"(keyword {error.validator} {excerpt(error.validator_value, 80)}): {text}",
        ex.request,
        where,
        excerpt(error.instance),
    )
