"""Validation of Rekognition request bodies against the operation's input schema.

The schemas are the committed contract in ``spec/schemas`` (derived from the botocore service
model), so the endpoint enforces exactly the constraints the model declares: required members,
types, ranges, lengths, patterns, enums and no undeclared members. Every violation becomes one
InvalidParameterException listing each offending member in AWS's validation-message style.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import ValidationError

from rekognition_conformance.reference.protocol import ServiceError
from rekognition_conformance.spec.schemas import validator

_JSON_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "object": "structure",
    "array": "list",
}


def _member_path(path: list[Any]) -> str:
    # List positions read as AWS writes them: the 1-based index followed by ".member".
    parts = [f"{step + 1}.member" if isinstance(step, int) else str(step) for step in path]
    return ".".join(parts)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"'{value}'"
    return f"'{json.dumps(value, separators=(',', ':'))}'"


def _constraint(error: ValidationError) -> str:
    limit = error.validator_value
    keyword = error.validator
    match keyword:
        case "minimum":
            return f"Member must have value greater than or equal to {limit}"
        case "maximum":
            return f"Member must have value less than or equal to {limit}"
        case "exclusiveMinimum":
            return f"Member must have value greater than {limit}"
        case "exclusiveMaximum":
            return f"Member must have value less than {limit}"
        case "minLength" | "minItems" | "minProperties":
            return f"Member must have length greater than or equal to {limit}"
        case "maxLength" | "maxItems" | "maxProperties":
            return f"Member must have length less than or equal to {limit}"
        case "pattern":
            return f"Member must satisfy regular expression pattern: {limit}"
        case "enum":
            return f"Member must satisfy enum value set: [{', '.join(map(str, limit))}]"
        case "type":
            expected = limit if isinstance(limit, list) else [limit]
            return f"Member must be of type {' or '.join(_JSON_TYPES.get(t, t) for t in expected)}"
        case _:
            return f"Member must satisfy constraint {keyword}: {error.message}"


def _violations(error: ValidationError) -> list[tuple[str, str]]:
    """(path, "Value ... at '...' failed to satisfy constraint: ...") pairs for one schema error."""
    path = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return [
            (
                _member_path([*path, name]),
                f"Value null at '{_member_path([*path, name])}' failed to satisfy constraint: Member must not be null",
            )
            for name in missing
        ]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        declared = error.schema.get("properties", {})
        extra = [name for name in error.instance if name not in declared]
        return [
            (
                _member_path([*path, name]),
                f"Value {_show(error.instance[name])} at '{_member_path([*path, name])}' "
                "failed to satisfy constraint: Member is not declared in the request shape",
            )
            for name in extra
        ]
    where = _member_path(path)
    return [(where, f"Value {_show(error.instance)} at '{where}' failed to satisfy constraint: {_constraint(error)}")]


def validate(operation: str, params: dict[str, Any]) -> None:
    """Raise InvalidParameterException unless ``params`` satisfies ``operation``'s input schema."""
    found: dict[str, str] = {}
    for error in validator(operation, "input").iter_errors(params):
        for where, text in _violations(error):
            found.setdefault(f"{where}\0{text}", text)
    if not found:
        return
    # Sorted so the same request always yields the same message.
    texts = [found[key] for key in sorted(found)]
    noun = "error" if len(texts) == 1 else "errors"
    raise ServiceError("InvalidParameterException", f"{len(texts)} validation {noun} detected: {'; '.join(texts)}")
