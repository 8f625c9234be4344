"""Drift: how a live backend's answers differ from the answers recorded in a cassette.

A ``--drift`` run sends every request live and keeps the (scrubbed) interactions in memory; at the
end each live interaction is paired with its recorded twin and the two responses are compared as
data, not as bytes.

Pairing walks the live interactions in the order they happened. What legitimately differs between
two runs is translated before requests are compared: a JobId the live backend returned is replaced
by the JobId its twin returned, and so is a NextToken, so a live ``GetLabelDetection`` of page 3 finds
the recorded page 3. ClientRequestTokens, bucket names and object keys need no translation: a drift
run uses the recorded run id. Get answers that say ``IN_PROGRESS`` are polling noise (how many there
are depends on timing) and are left out on both sides.

Comparison ignores the values that identify a run rather than describe the backend (JobIds,
pagination tokens, ClientRequestTokens, creation and update timestamps); their presence still
counts. It compares the HTTP status, the content type, and the JSON body member by member. The
result is summarised per operation: how many answers were compared, how many changed, and which
members changed how often (list positions folded into ``*``).
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rekognition_conformance.cassettes import matching

# Values that name this run's job or page rather than describe the backend's behaviour.
RUN_VALUES = frozenset(
    {"JobId", "NextToken", "ClientRequestToken", "CreationTimestamp", "LastUpdateTimestamp", "LastUpdatedTimestamp"}
)
TRANSLATED_REQUEST_MEMBERS = ("JobId", "NextToken")
MAX_CHANGES_PER_ANSWER = 20
MAX_EXAMPLES = 3
_INDEX = re.compile(r"/\d+(?=/|$)")


@dataclass
class OperationDrift:
    operation: str
    compared: int = 0
    changed: int = 0
    unrecorded: int = 0  # live requests the recording never made
    unrequested: int = 0  # recorded requests this run never made
    changes: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return bool(self.changed or self.unrecorded or self.unrequested)

    def as_json(self) -> dict[str, Any]:
        return {
            "compared": self.compared,
            "changed": self.changed,
            "unrecorded": self.unrecorded,
            "unrequested": self.unrequested,
            "changes": dict(self.changes.most_common()),
            "examples": self.examples,
        }


@dataclass
class DriftReport:
    cassette: str
    operations: dict[str, OperationDrift] = field(default_factory=dict)
    skipped_polls: int = 0

    def of(self, operation: str) -> OperationDrift:
        return self.operations.setdefault(operation, OperationDrift(operation))

    @property
    def drifted(self) -> list[OperationDrift]:
        return [d for _, d in sorted(self.operations.items()) if d.drifted]

    def lines(self, limit: int = 5) -> list[str]:
        compared = sum(d.compared for d in self.operations.values())
        head = f"compared {compared} live answers with their recorded twins in {self.cassette}"
        if not self.drifted:
            return [head, "no drift: every answer matches its recording"]
        out = [head]
        for d in self.drifted:
            parts = [f"{d.changed} of {d.compared} answers changed"]
            if d.unrecorded:
                parts.append(f"{d.unrecorded} requests not in the recording")
            if d.unrequested:
                parts.append(f"{d.unrequested} recorded requests not made")
            out.append(f"{d.operation}: " + ", ".join(parts))
            for change, count in d.changes.most_common(limit):
                out.append(f"    {change}  (x{count})")
            if len(d.changes) > limit:
                out.append(f"    ... {len(d.changes) - limit} more kinds of change")
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "cassette": self.cassette,
            "skipped_polls": self.skipped_polls,
            "drifted": [d.operation for d in self.drifted],
            "operations": {op: d.as_json() for op, d in sorted(self.operations.items())},
        }


# -- comparison ------------------------------------------------------------------------------------


def _status(response: dict[str, Any]) -> int:
    return int(response.get("status", {}).get("code", 0))


def _header(response: dict[str, Any], name: str) -> str | None:
    for key, values in response.get("headers", {}).items():
        if key.lower() == name.lower():
            return str(values[0]) if isinstance(values, list | tuple) and values else str(values)
    return None


def _text(response: dict[str, Any]) -> str:
    raw = response.get("body", {}).get("string")
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "replace")
    return raw or ""


def _json(response: dict[str, Any]) -> Any:
    text = _text(response)
    if not text:
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return None


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def diff(recorded: Any, live: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, description) for every difference between two JSON values, run values ignored."""
    if isinstance(recorded, dict) and isinstance(live, dict):
        for key in sorted(set(recorded) | set(live)):
            where = f"{path}/{key}"
            if key not in live:
                yield where, f"removed (was {_short(recorded[key])})"
            elif key not in recorded:
                yield where, f"added ({_short(live[key])})"
            elif key not in RUN_VALUES:
                yield from diff(recorded[key], live[key], where)
        return
    if isinstance(recorded, list) and isinstance(live, list):
        if len(recorded) != len(live):
            yield path or "/", f"length {len(recorded)} -> {len(live)}"
        for index, (a, b) in enumerate(zip(recorded, live, strict=False)):
            yield from diff(a, b, f"{path}/{index}")
        return
    if type(recorded) is not type(live) and not (_number(recorded) and _number(live)):
        yield path or "/", f"type {type(recorded).__name__} -> {type(live).__name__}"
    elif recorded != live:
        yield path or "/", f"{_short(recorded)} -> {_short(live)}"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compare(recorded: dict[str, Any], live: dict[str, Any], job_ids: dict[str, str]) -> list[tuple[str, str]]:
    """The differences between a recorded and a live response (pointer, description)."""
    changes: list[tuple[str, str]] = []
    if _status(recorded) != _status(live):
        changes.append(("HTTP status", f"{_status(recorded)} -> {_status(live)}"))
    a, b = _header(recorded, "Content-Type"), _header(live, "Content-Type")
    if a != b:
        changes.append(("Content-Type", f"{a!r} -> {b!r}"))
    rec_body, live_body = _json(recorded), _json(live)
    if rec_body is None or live_body is None:
        # Not JSON (S3's XML, an HTML error page): only a change of kind is reported.
        if (rec_body is None) != (live_body is None):
            changes.append(("body", "JSON" + (" -> not JSON" if live_body is None else " <- not JSON")))
        return changes
    live_body = _translate_strings(live_body, job_ids)
    changes.extend(diff(rec_body, live_body))
    return changes


def _translate_strings(value: Any, job_ids: dict[str, str]) -> Any:
    """Live JobIds inside strings (an error message naming the job) replaced by their recorded twins."""
    if not job_ids:
        return value
    if isinstance(value, dict):
        return {k: _translate_strings(v, job_ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_translate_strings(v, job_ids) for v in value]
    if isinstance(value, str):
        for live, recorded in job_ids.items():
            if live in value:
                value = value.replace(live, recorded)
    return value


# -- pairing ---------------------------------------------------------------------------------------


def _in_progress(response: dict[str, Any]) -> bool:
    body = _json(response)
    return isinstance(body, dict) and body.get("JobStatus") == "IN_PROGRESS"


def _translated_key(request: Any, translations: dict[str, dict[str, str]]) -> tuple:
    key = matching.request_key(request)
    if not matching.is_json_rpc(request):
        return key
    body = matching.json_body(request)
    if not isinstance(body, dict):
        return key
    body = {
        k: translations[k].get(v, v) if k in translations and isinstance(v, str) else v for k, v in body.items()
    }
    return (*key[:-1], json.dumps(body, sort_keys=True, separators=(",", ":")))


def _learn(recorded: dict[str, Any], live: dict[str, Any], translations: dict[str, dict[str, str]]) -> None:
    rec_body, live_body = _json(recorded), _json(live)
    if not (isinstance(rec_body, dict) and isinstance(live_body, dict)):
        return
    for member in TRANSLATED_REQUEST_MEMBERS:
        a, b = rec_body.get(member), live_body.get(member)
        if isinstance(a, str) and isinstance(b, str):
            translations[member][b] = a


def _request_text(request: Any) -> str:
    return matching.describe(request, limit=300)


def compare_runs(
    recorded: Sequence[tuple[Any, dict[str, Any]]],
    live: Iterable[tuple[Any, dict[str, Any]]],
    *,
    cassette: str,
) -> DriftReport:
    """Pair each live interaction with its recorded twin and report what changed, per operation."""
    report = DriftReport(cassette)
    pool: dict[tuple, deque[int]] = {}
    used: set[int] = set()
    for index, (request, response) in enumerate(recorded):
        if _in_progress(response):
            continue
        pool.setdefault(matching.request_key(request), deque()).append(index)
    translations: dict[str, dict[str, str]] = {m: {} for m in TRANSLATED_REQUEST_MEMBERS}
    for request, response in live:
        if _in_progress(response):
            report.skipped_polls += 1
            continue
        drift = report.of(matching.operation_of(request) if matching.is_json_rpc(request) else "S3")
        twins = pool.get(_translated_key(request, translations))
        if not twins:
            drift.unrecorded += 1
            if len(drift.examples) < MAX_EXAMPLES:
                drift.examples.append({"request": _request_text(request), "changes": ["not in the recording"]})
            continue
        twin = twins.popleft()
        used.add(twin)
        recorded_response = recorded[twin][1]
        changes = compare(recorded_response, response, translations["JobId"])
        _learn(recorded_response, response, translations)
        drift.compared += 1
        if not changes:
            continue
        drift.changed += 1
        for pointer, description in changes[:MAX_CHANGES_PER_ANSWER]:
            kind = description.split(" ", 1)[0] if description.startswith(("removed", "added", "length", "type")) else (
                "changed"
            )
            drift.changes[f"{_INDEX.sub('/*', pointer)} {kind}"] += 1
        if len(drift.examples) < MAX_EXAMPLES:
            shown = [f"{p}: {d}" for p, d in changes[:MAX_CHANGES_PER_ANSWER]]
            drift.examples.append({"request": _request_text(request), "changes": shown})
    for index, (request, response) in enumerate(recorded):
        if index not in used and not _in_progress(response):
            report.of(matching.operation_of(request) if matching.is_json_rpc(request) else "S3").unrequested += 1
    return report
