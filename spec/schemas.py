"""Read-only access to the committed per-operation JSON Schemas in ``spec/schemas/``.

This is the API the rest of the project validates against. It never consults
the installed botocore: the committed documents are the contract under test,
and ``rekognition_conformance.spec.deriver --check`` is what notices when botocore moves on.

Documents and schemas returned here are fresh copies, so callers may modify
them; validators are shared and cached.

A validator decides with a compiled validator (jsonschema-rs: Draft 2020-12, a fraction of a millisecond for
a page of a thousand items where jsonschema's pure-Python validation takes over a hundred) and explains with
jsonschema: only a document the compiled validator rejects is walked again for jsonschema's errors, whose
keyword, schema and path the checks classify and report.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, Literal

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from rekognition_conformance.spec.deriver import DIALECT, INDEX, ref_target

Schema = dict[str, Any]
Direction = Literal["input", "output"]

_DIRECTIONS: tuple[Direction, ...] = ("input", "output")


@cache
def _read(name: str) -> Schema:
    document = resources.files("rekognition_conformance.spec").joinpath("schemas", f"{name}.json")
    text = document.read_text(encoding="utf-8")
    return json.loads(text)


def _index() -> Schema:
    return _read(INDEX)


@cache
def _document(op: str) -> Schema:
    # Only names listed in the index are read, so an arbitrary string can never
    # select some other file and the KeyError names what was asked for.
    if op not in _index()["operations"]:
        raise KeyError(f"no committed schema for operation {op!r}")
    return _read(op)


def operation_document(op: str) -> Schema:
    """The whole committed document for ``op``; KeyError naming ``op`` if there is none."""
    return copy.deepcopy(_document(op))


def _root_ref(op: str, which: Direction) -> Schema:
    if which not in _DIRECTIONS:
        raise ValueError(f"which must be 'input' or 'output', not {which!r}")
    return _document(op)[which]


def _error_ref(op: str, error_name: str) -> Schema:
    errors = _document(op)["errors"]
    if error_name not in errors:
        raise KeyError(f"{error_name!r} is not a documented error of {op}")
    return errors[error_name]


def _standalone(op: str, root: Schema) -> Schema:
    return {"$schema": DIALECT, **copy.deepcopy(root), "$defs": copy.deepcopy(_document(op)["$defs"])}


def input_schema(op: str) -> Schema:
    """Self-contained schema for the request body of ``op``."""
    return _standalone(op, _root_ref(op, "input"))


def output_schema(op: str) -> Schema:
    """Self-contained schema for the successful response body of ``op``."""
    return _standalone(op, _root_ref(op, "output"))


def error_schema(op: str, error_name: str) -> Schema:
    """Self-contained schema for the body of error ``error_name`` returned by ``op``."""
    reference = {"$ref": _error_ref(op, error_name)["$ref"]}
    return _standalone(op, reference)


def documented_errors(op: str) -> tuple[str, ...]:
    """Names of the errors the model documents for ``op``, sorted."""
    return tuple(sorted(_document(op)["errors"]))


def is_server_fault(op: str, error_name: str) -> bool:
    """Whether the model marks ``error_name`` as a server-side fault (5xx) rather than a client error."""
    return _error_ref(op, error_name)["x-aws-fault"] == "server"


def _uses_format(schema: Any) -> bool:
    if isinstance(schema, dict):
        return "format" in schema or any(_uses_format(value) for value in schema.values())
    if isinstance(schema, list):
        return any(_uses_format(value) for value in schema)
    return False


ANNOTATIONS = frozenset({"description", "title", "$comment", "examples", "deprecated"})


def _inlined(schema: Schema) -> Schema:
    """``schema`` with every ``$ref`` into its ``$defs`` replaced by the definition itself.

    The same constraints, checked without jsonschema's reference resolution, which costs more than the
    checking itself on a page of a thousand items. A definition that refers back to itself (none in the
    Rekognition model today) keeps its ``$ref`` and the ``$defs`` stay for it.
    """
    defs = schema.get("$defs", {})
    kept: set[str] = set()

    def walk(node: Any, chain: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, chain) for item in node]
        if not isinstance(node, dict):
            return node
        target = ref_target(node)
        rest = {key: walk(value, chain) for key, value in node.items() if key not in ("$ref", "$defs")}
        if target is None or target not in defs:
            return {**rest, **({"$ref": node["$ref"]} if "$ref" in node else {})}
        if target in chain:
            kept.add(target)
            return {**rest, "$ref": node["$ref"]}
        body = walk(defs[target], (*chain, target))
        if not rest:
            return body
        # In 2020-12 a $ref's siblings apply alongside it: merged where the two share no validating keyword
        # (annotations such as a description only describe), else side by side through allOf.
        shared = body.keys() & rest.keys()
        return {**body, **rest} if shared <= ANNOTATIONS else {"allOf": [body, rest]}

    flat = walk({key: value for key, value in schema.items() if key not in ("$defs", "$schema")}, ())
    if kept:
        flat["$defs"] = {name: walk(defs[name], (name,)) for name in kept}
    return {"$schema": schema.get("$schema", DIALECT), **flat}


class CompiledValidator:
    """A Draft 2020-12 validator that decides with jsonschema-rs and explains with jsonschema.

    ``iter_errors`` yields jsonschema's :class:`ValidationError` objects (keyword, schema, absolute path),
    computed only for a document the compiled validator rejects, so a valid page costs the compiled check alone.
    """

    def __init__(self, schema: Schema) -> None:
        explainer_class = jsonschema.Draft202012Validator
        # "format" is only an annotation in 2020-12 unless a checker is attached;
        # attaching one when no schema uses it would just cost time on every call.
        formats = _uses_format(schema)
        self.explainer: Validator = explainer_class(
            schema, format_checker=explainer_class.FORMAT_CHECKER if formats else None
        )
        self.schema: Schema = schema
        self._compiled = jsonschema_rs.Draft202012Validator(schema, validate_formats=formats)

    def is_valid(self, instance: Any) -> bool:
        return bool(self._compiled.is_valid(instance))

    def validate(self, instance: Any) -> None:
        """Raise jsonschema's best :class:`ValidationError` if ``instance`` is invalid."""
        if not self._compiled.is_valid(instance):
            self.explainer.validate(instance)

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self._compiled.is_valid(instance):
            return iter(())
        return self.explainer.iter_errors(instance)


def _build_validator(schema: Schema) -> CompiledValidator:
    # The committed schemas are checked against the 2020-12 metaschema by the deriver's tests (and equal
    # what the deriver makes, by the drift test); checking again here costs more than a run's validations.
    return CompiledValidator(_inlined(schema))


@cache
def validator(op: str, which: Direction) -> CompiledValidator:
    """Cached Draft 2020-12 validator for the request (``"input"``) or response (``"output"``) of ``op``."""
    return _build_validator(_standalone(op, _root_ref(op, which)))


@cache
def error_validator(op: str, error_name: str) -> CompiledValidator:
    """Cached Draft 2020-12 validator for the body of error ``error_name`` of ``op``."""
    return _build_validator(error_schema(op, error_name))


def botocore_version() -> str:
    """The botocore version the committed schemas were generated from."""
    return str(_index()["botocoreVersion"])


def unsupported_patterns() -> list[dict[str, str]]:
    """Model patterns Python's ``re`` cannot compile, kept as annotations instead of ``pattern``."""
    return copy.deepcopy(_index()["unsupportedPatterns"])


def _reachable_defs(schema: Any, defs: Schema, found: dict[str, Schema]) -> dict[str, Schema]:
    if isinstance(schema, dict):
        target = ref_target(schema)
        if target is not None and target not in found:
            found[target] = defs[target]
            _reachable_defs(defs[target], defs, found)
        for value in schema.values():
            _reachable_defs(value, defs, found)
    elif isinstance(schema, list):
        for value in schema:
            _reachable_defs(value, defs, found)
    return found


def member_schema(op: str, which: Direction, path: tuple[str, ...]) -> Schema:
    """Schema of the member at ``path`` inside the request or response of ``op``.

    ``path`` names members from the top-level shape down, e.g.
    ``("Video", "S3Object", "Bucket")``. List items and map values are entered
    implicitly when the next element is a member name, or explicitly with
    ``"[]"`` and ``"{}"``. The result is the referenced shape's schema with the
    member's own annotations (description, idempotency-token flag) laid over it,
    plus the ``$defs`` it needs when it still refers to other shapes, so it can
    be used both to read constraints and to validate a value.
    """
    defs = _document(op)["$defs"]
    current: Schema = _root_ref(op, which)
    walked: list[str] = []

    def resolve(schema: Schema) -> Schema:
        target = ref_target(schema)
        if target is None:
            return schema
        siblings = {key: value for key, value in schema.items() if key != "$ref"}
        return {**defs[target], **siblings}

    current = resolve(current)
    for step in path:
        if step == "[]" and isinstance(current.get("items"), dict):
            current = resolve(current["items"])
        elif step == "{}" and isinstance(current.get("additionalProperties"), dict):
            current = resolve(current["additionalProperties"])
        else:
            # Descend through any list/map wrappers before looking up the member name.
            while "properties" not in current:
                container = current.get("items") or current.get("additionalProperties")
                if not isinstance(container, dict):
                    break
                current = resolve(container)
            properties = current.get("properties", {})
            if step not in properties:
                location = ".".join(walked) or "top level"
                raise KeyError(f"{op} {which}: no member {step!r} at {location}")
            current = resolve(properties[step])
        walked.append(step)
    result = copy.deepcopy(current)
    needed = _reachable_defs(result, defs, {})
    if needed:
        result["$defs"] = copy.deepcopy(needed)
    return result
