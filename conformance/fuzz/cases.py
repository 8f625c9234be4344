"""What is fuzzed, and how: the case strategies per operation and mode.

Every operation is fuzzed in both modes. ``X-Amz-Target`` and ``Content-Type`` are fixed, never
drawn: a mutated target names another operation (or none), which is a different test, and a mutated
media type tests the protocol layer rather than the operation's input constraints.

Positive requests are steered towards answers worth judging: a Get request names a job of this run
(a random JobId can only be answered ResourceNotFoundException, which the behavioural suite already
judges), and GetCelebrityInfo names a celebrity this run's job recognised. Requests that change
server-side state never name a resource the run does not own: a Create names a resource under the
run's prefix (the runner deletes it at once, and the session's clean-up catches any leftover), and a
Delete, Stop, Start, Update or IndexFaces names one under the run's prefix that does not exist, so a
fuzzed request can never touch anyone else's collections or stream processors on a real account.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jsonschema
from hypothesis import strategies as st
from schemathesis import GenerationMode

from rekognition_conformance.fuzz.api import api_operation
from rekognition_conformance.spec.openapi import MEDIA_TYPE, TARGET_HEADER, target_value
from rekognition_conformance.spec.schemas import member_schema

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)

# The member naming the resource each state-changing operation acts on.
CREATES: Mapping[str, str] = {"CreateCollection": "CollectionId", "CreateStreamProcessor": "Name"}
ACTS_ON: Mapping[str, str] = {
    "DeleteCollection": "CollectionId",
    "DeleteFaces": "CollectionId",
    "IndexFaces": "CollectionId",
    "DeleteStreamProcessor": "Name",
    "StartStreamProcessor": "Name",
    "StopStreamProcessor": "Name",
    "UpdateStreamProcessor": "Name",
}
# How each Create's resource is removed again.
DELETES: Mapping[str, str] = {"CreateCollection": "DeleteCollection", "CreateStreamProcessor": "DeleteStreamProcessor"}

_serial = itertools.count(1)


@dataclass(frozen=True)
class Known:
    """Values of this run that positive requests use: ``{operation: {member: values}}``."""

    values: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    prefix: str = "rc-fuzz-"

    def for_operation(self, operation: str) -> Mapping[str, Sequence[str]]:
        return {member: tuple(v) for member, v in self.values.get(operation, {}).items() if v}


def headers(operation: str) -> dict[str, str]:
    return {TARGET_HEADER: target_value(operation), "Content-Type": MEDIA_TYPE}


@cache
def _member_validator(operation: str, member: str) -> Any:
    return jsonschema.Draft202012Validator(member_schema(operation, "input", (member,)))


def valid_member(operation: str, member: str, value: Any) -> bool:
    return _member_validator(operation, member).is_valid(value)


def body_of(case: Any) -> Any:
    """The case's body, or None when it has none (schemathesis's NOT_SET)."""
    body = case.body
    return body if isinstance(body, dict | list | str | int | float | bool) or body is None else None


def own_name(prefix: str, operation: str) -> str:
    return f"{prefix}fuzz-{operation[:12].lower()}-{next(_serial)}"


def _steer(operation: str, mode: GenerationMode, known: Known, case: Any, choices: tuple[bool, ...]) -> Any:
    body = case.body
    if not isinstance(body, dict):
        return case
    member = CREATES.get(operation) or ACTS_ON.get(operation)
    # A name the draw made valid is replaced by one of the run's own (still valid); an invalid one is kept,
    # as it is what a negative case is about.
    drawn_valid = member is not None and (member not in body or valid_member(operation, member, body[member]))
    if drawn_valid and (member in body or mode is GenerationMode.POSITIVE):
        body[member] = own_name(known.prefix, operation)
    if mode is GenerationMode.POSITIVE:
        for (name, values), use in zip(sorted(known.for_operation(operation).items()), choices, strict=False):
            body[name] = values[0] if use else values[-1]
            # A random token can only be refused; mostly leave it out so the page itself is judged.
            if name == "JobId" and "NextToken" in body and use:
                del body["NextToken"]
    return case


def cases(operation: str, mode: GenerationMode, known: Known) -> st.SearchStrategy[Any]:
    """Schemathesis cases of ``operation`` drawn in ``mode``, with fixed headers, steered as described above."""
    drawn = api_operation(operation).as_strategy(generation_mode=mode, headers=headers(operation))
    choices = st.tuples(*(st.booleans() for _ in known.for_operation(operation)))
    return st.tuples(drawn, choices).map(lambda pair: _steer(operation, mode, known, pair[0], pair[1]))
