"""Request generators built from the derived input schemas.

``mutations(op, base)`` lists, for a valid base request, one request per constraint of the operation's
input (required members, JSON types, lengths, patterns, enums, numeric ranges, list sizes), each violating
exactly that constraint; ``invalid_requests(op, base)`` is the hypothesis strategy drawing the violating
values freely. Nothing here is hand-copied from AWS: every constraint comes from the schema that
``rekognition_conformance.spec.deriver`` derives from botocore, so a model change changes what is generated.
"""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from rekognition_conformance.spec.schemas import input_schema

MISSING = object()
_WRONG_TYPE = {
    "string": 12345,
    "integer": "12",
    "number": "fifty",
    "boolean": "true",
    "object": "not-an-object",
    "array": "not-an-array",
}
_FILLERS = ("a", "A", "1", "x-y", "_")
_NON_MATCHING = ("!", "bad value!", " ", "ü", "#", "../..", "a b")


@dataclass(frozen=True)
class Site:
    """A member of the request and its schema; ``path`` holds keys and list indexes."""

    path: tuple[str | int, ...]
    schema: dict[str, Any]
    required: bool
    present: bool
    value: Any = None


@dataclass(frozen=True)
class Mutation:
    path: tuple[str | int, ...]
    constraint: str
    value: Any

    @property
    def member(self) -> str:
        return ".".join(str(p) for p in self.path)

    def describe(self) -> str:
        if self.value is MISSING:
            return f"{self.member} omitted (required)"
        shown = repr(self.value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return f"{self.member}={shown} violates {self.constraint}"

    def apply(self, request: dict[str, Any]) -> dict[str, Any]:
        mutated = copy.deepcopy(request)
        parent: Any = mutated
        for key in self.path[:-1]:
            parent = parent[key]
        if self.value is MISSING:
            del parent[self.path[-1]]
        else:
            parent[self.path[-1]] = self.value
        return mutated


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = {**defs[schema["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def sites(schema: dict[str, Any], base: Any, path: tuple[str | int, ...] = ()) -> Iterator[Site]:
    """Every member whose constraints can be violated from ``base`` without touching anything else.

    Members inside an optional structure that ``base`` lacks are skipped: violating them would need
    other members of that structure too.
    """
    defs = schema.get("$defs", {})
    node = _resolve(schema, defs)
    if node.get("type") == "object" and isinstance(base, dict):
        required = set(node.get("required", ()))
        for name, sub in node.get("properties", {}).items():
            resolved = _resolve(sub, defs)
            present = name in base
            yield Site((*path, name), resolved, name in required, present, base.get(name))
            if present:
                yield from sites({**resolved, "$defs": defs}, base[name], (*path, name))
    elif node.get("type") == "array" and isinstance(base, list) and base:
        item = _resolve(node.get("items", {}), defs)
        yield Site((*path, 0), item, False, True, base[0])
        yield from sites({**item, "$defs": defs}, base[0], (*path, 0))


def _matches(pattern: str, value: str) -> bool:
    return re.search(pattern, value) is not None


def _filler(schema: dict[str, Any]) -> str | None:
    pattern = schema.get("pattern")
    for candidate in _FILLERS:
        if pattern is None or _matches(pattern, candidate * 3):
            return candidate
    return None


def _in_length(schema: dict[str, Any], value: str) -> bool:
    return schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10**9)


def _representatives(site: Site) -> Iterator[tuple[str, Any]]:
    s = site.schema
    kind = s.get("type")
    if site.required and site.present:
        yield "required", MISSING
    if kind in _WRONG_TYPE:
        yield "type", _WRONG_TYPE[kind]
    if kind == "string":
        if "enum" in s:
            yield "enum", "NOT_A_VALID_VALUE"
        if s.get("minLength", 0) > 0:
            yield "minLength", "a" * (s["minLength"] - 1)
        filler = _filler(s)
        if "maxLength" in s and filler is not None:
            yield "maxLength", (filler * (s["maxLength"] + 1))[: s["maxLength"] + 1]
        if "pattern" in s:
            for candidate in _NON_MATCHING:
                if _in_length(s, candidate) and not _matches(s["pattern"], candidate):
                    yield "pattern", candidate
                    break
    if kind in ("integer", "number"):
        step = 1 if kind == "integer" else 0.5
        if "minimum" in s:
            yield "minimum", s["minimum"] - step
        if "maximum" in s:
            yield "maximum", s["maximum"] + step
    if kind == "array":
        if s.get("minItems", 0) > 0:
            yield "minItems", []
        if "maxItems" in s:
            sample = site.value[0] if isinstance(site.value, list) and site.value else "Item"
            yield "maxItems", [sample] * (s["maxItems"] + 1)


def mutations(operation: str, base: dict[str, Any]) -> list[Mutation]:
    """One request per violable constraint of ``operation``'s input, each breaking only that constraint."""
    return [
        Mutation(site.path, constraint, value)
        for site in sites(input_schema(operation), base)
        for constraint, value in _representatives(site)
    ]


def _values(constraint: str, schema: dict[str, Any], representative: Any) -> st.SearchStrategy[Any]:
    """Free draws of values that break ``constraint`` (and, as far as possible, nothing else)."""
    if constraint == "minimum":
        low = schema["minimum"]
        if schema.get("type") == "integer":
            return st.integers(min_value=low - 10**6, max_value=low - 1)
        return st.floats(min_value=low - 10**6, max_value=low, exclude_max=True, allow_nan=False)
    if constraint == "maximum":
        high = schema["maximum"]
        if schema.get("type") == "integer":
            return st.integers(min_value=high + 1, max_value=high + 10**6)
        return st.floats(min_value=high, max_value=high + 10**6, exclude_min=True, allow_nan=False)
    if constraint == "maxLength":
        filler = _filler(schema) or "a"
        return st.integers(schema["maxLength"] + 1, schema["maxLength"] + 64).map(lambda n: (filler * n)[:n])
    if constraint == "enum":
        return st.text(string.ascii_uppercase + "_", min_size=1, max_size=24).filter(
            lambda v: v not in schema["enum"]
        )
    if constraint == "pattern":
        pattern = schema["pattern"]
        drawn = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
        return st.one_of(
            st.just(representative),
            drawn.filter(lambda v: _in_length(schema, v) and not _matches(pattern, v)),
        )
    return st.just(representative)


def invalid_requests(operation: str, base: dict[str, Any]) -> st.SearchStrategy[Mutation]:
    """Hypothesis strategy: a mutation of ``base`` violating one input constraint, with a drawn value."""
    by_site = [
        (site, constraint, value)
        for site in sites(input_schema(operation), base)
        for constraint, value in _representatives(site)
    ]
    if not by_site:
        raise ValueError(f"{operation}: no constraint to violate from {base}")
    return st.sampled_from(by_site).flatmap(
        lambda entry: _values(entry[1], entry[0].schema, entry[2]).map(
            lambda value, entry=entry: Mutation(entry[0].path, entry[1], value)
        )
    )


def get_parameters(*, sort_by: tuple[str, ...], aggregate_by: tuple[str, ...] = ()) -> st.SearchStrategy[dict]:
    """Valid Get-side parameter combinations: SortBy and AggregateBy drawn from the model, each also omitted."""
    params: dict[str, st.SearchStrategy[Any]] = {"SortBy": st.sampled_from((None, *sort_by))}
    if aggregate_by:
        params["AggregateBy"] = st.sampled_from((None, *aggregate_by))
    return st.fixed_dictionaries(params)
