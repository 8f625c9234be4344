"""Checks on the form of a response: its body against the output schema, an error body's shape, and
its Content-Type.

A schema error is one of three rules. A wrong type, a missing required member or a body that is not JSON
breaks SCHEMA.RESPONSE (a MUST: an SDK cannot parse it). A value outside the model's enum, pattern, range
or length constraints is SCHEMA.VALUES, and a member the model does not declare is SCHEMA.UNDECLARED, one
violation per member: both SHOULD, because AWS itself answers with them (models lag the service: AWS
sent ``VideoMetadata.FileExtension`` for years without a model declaring it, and enum lists such as
TechnicalCueType grew after answers used the new values). A member whose value is ``null`` counts as
absent, as it does for every AWS SDK.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from rekognition_conformance.checks import Violation, check
from rekognition_conformance.checks.errors import type_member
from rekognition_conformance.checks.items import excerpt, pointer
from rekognition_conformance.exchange import Exchange

if TYPE_CHECKING:
    from rekognition_conformance.spec.schemas import CompiledValidator

MESSAGE_LIMIT = 200
JSON_1_1 = "application/x-amz-json-1.1"


# The JSON Schema keywords that carry the model's value constraints (enum, pattern, min/max); a breach of
# one of these is SCHEMA.VALUES, every other keyword (type, required, ...) SCHEMA.RESPONSE.
VALUE_KEYWORDS = frozenset({
    "enum", "const", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
})


def without_nulls(value: Any) -> Any:
    """``value`` with every object member whose value is null removed, at any depth (null means absent)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


@check("SCHEMA.RESPONSE", "SCHEMA.VALUES", "SCHEMA.UNDECLARED")
def check_response_schema(ex: Exchange, *, validator: Validator | CompiledValidator | None = None) -> list[Violation]:
    """A 2xx body validates against the operation's output schema, a null member counting as absent.

    Each undeclared member is one SCHEMA.UNDECLARED violation; a breach of an enum, pattern, range or
    length constraint is SCHEMA.VALUES; every other schema error is SCHEMA.RESPONSE. ``validator``
    defaults to ``rekognition_conformance.spec.schemas.validator(op, "output")``.
    """
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
        from rekognition_conformance.spec.schemas import validator as output_validator

        validator = output_validator(ex.operation, "output")
    # The schemas admit no null, so a body valid as it is has none that matters: only a rejected one is copied
    # without its nulls and walked for errors.
    if validator.is_valid(body):
        return []
    violations: list[Violation] = []
    for error in validator.iter_errors(without_nulls(body)):
        if _is_undeclared(error):
            violations += _undeclared(ex, error)
        else:
            violations.append(_schema_error(ex, error))
    return violations


def is_undeclared(error: ValidationError) -> bool:
    """Whether ``error`` is a member the schema does not declare (``additionalProperties: false``)."""
    return _is_undeclared(error)


def rule_of(error: ValidationError) -> str:
    """The rule a schema error of a null-free body breaks: SCHEMA.UNDECLARED, SCHEMA.VALUES or SCHEMA.RESPONSE."""
    if _is_undeclared(error):
        return "SCHEMA.UNDECLARED"
    return "SCHEMA.VALUES" if error.validator in VALUE_KEYWORDS else "SCHEMA.RESPONSE"


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
        rule_of(error),
        ex.operation,
        f"The response breaks the {ex.operation} output schema at {where or '/'} "
        f"(keyword {error.validator} {excerpt(error.validator_value, 80)}): {text}",
        ex.request,
        where,
        excerpt(error.instance),
    )


@check("SCHEMA.ERROR_BODY")
def check_error_body(ex: Exchange) -> list[Violation]:
    """A non-2xx body is a JSON object naming the error in ``__type`` (or ``code``), with a message.

    Further members, such as the ``Code`` and ``Logref`` Rekognition adds, are allowed.
    """
    if ex.ok:
        return []
    body = ex.body
    if not isinstance(body, dict):
        found, where, value = "a body that is not a JSON object", "", ex.raw.decode("utf-8", "replace")
    elif type_member(body) is None:
        found, where, value = "no non-empty string __type or code", "/__type", body
    elif not isinstance(body.get("Message", body.get("message")), str):
        found, where, value = "no string Message or message", "/Message", body
    else:
        return []
    return [
        Violation(
            "SCHEMA.ERROR_BODY",
            ex.operation,
            f"Expected the HTTP {ex.status} body to be a JSON object with a string __type (or code) naming "
            f"the error and a message; found {found}.",
            ex.request,
            where,
            excerpt(value),
        )
    ]


@check("PROTOCOL.CONTENT_TYPE")
def check_content_type(ex: Exchange) -> list[Violation]:
    """Every response, success or error, is labelled with the awsJson1_1 media type."""
    # Parameters such as "; charset=utf-8" and letter case do not change the media type.
    media_type = ex.content_type.split(";", 1)[0].strip().lower()
    if media_type == JSON_1_1:
        return []
    found = repr(ex.content_type) if ex.content_type else "no Content-Type header"
    return [
        Violation(
            "PROTOCOL.CONTENT_TYPE",
            ex.operation,
            f"Expected Content-Type {JSON_1_1} on the HTTP {ex.status} response; found {found}.",
            ex.request,
            "",
            excerpt(ex.content_type) if ex.content_type else None,
        )
    ]
