"""Schema-breaking variants of real answers never crash a check: they fail SCHEMA.RESPONSE, and the checks
that trip over them are inconclusive.

The suite runs once against the reference backend with :mod:`rekognition_conformance.checkcalls`, which keeps real
calls of every check (the backend's answers and the suite's own arguments). A property test then draws,
for every check function of ``conformance/checks``, one of its calls and one answer in it (an exchange,
or a list of result items), puts a value of another JSON type at a random place in that answer (a list
where an object belongs, an object where a list belongs, a string for a number, null...), and runs the
check through a verdict: it must either judge the variant or be recorded as inconclusive because the
answer breaks its schema. Any other exception fails the test: a check that crashes on a schema-valid
answer is a harness bug.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import pkgutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rekognition_conformance.checks as checks_package
from rekognition_conformance.checks.schema import check_response_schema
from rekognition_conformance.exchange import Exchange
from rekognition_conformance.spec.operations import ALL_OPERATIONS
from rekognition_conformance.verdict import Ledger, Verdict

ROOT = Path(__file__).resolve().parent.parent
# Building blocks that no test calls on their own: the checks that use them pass them the answers.
CALLED_THROUGH_OTHER_CHECKS = {("rekognition_conformance.checks.sorting", "check_grouped"),
                               ("rekognition_conformance.checks.sorting", "check_monotonic_within_groups")}
MAX_PATHS = 400


def every_check() -> dict[tuple[str, str], Callable[..., Any]]:
    found = {}
    for module_info in pkgutil.iter_modules(checks_package.__path__):
        module = importlib.import_module(f"{checks_package.__name__}.{module_info.name}")
        for fn in vars(module).values():
            # Keyed as the recording plugin keys a call: a check made by a factory (the threshold checks) is
            # bound under another name in its family's module.
            if callable(fn) and getattr(fn, "rule_ids", None) and fn.__module__ == module.__name__:
                found[(module.__name__, fn.__name__)] = fn
    return found


CHECKS = {key: fn for key, fn in every_check().items() if key not in CALLED_THROUGH_OTHER_CHECKS}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[tuple[tuple, dict]]]:
    """Real calls of every check, from a clean run of the suite against the reference backend."""
    if given := os.environ.get("RC_CHECK_CALLS"):
        # A file an earlier run of the plugin wrote, to work on the checks without re-running the suite.
        return _with_pool_check(pickle.loads(Path(given).read_bytes()))
    path = tmp_path_factory.mktemp("calls") / "calls.pickle"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-q", "-p", "no:cacheprovider",
         "-p", "rekognition_conformance.checkcalls",
         f"--check-calls={path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    return _with_pool_check(pickle.loads(path.read_bytes()))


def _with_pool_check(calls: dict) -> dict:
    # The pool's own check of the answers it acts on is called by the suite only on a malformed answer.
    gets = [a for args, _ in calls[("rekognition_conformance.checks.echoes", "check_job_id_echo")] for a in args]
    calls[("rekognition_conformance.checks.job_answers", "check_job_answer")] = [((answer,), {}) for answer in gets]
    return calls


def _paths(value: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(value, dict):
        for key, member in value.items():
            yield from _paths(member, (*prefix, key))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            yield from _paths(member, (*prefix, index))


def _replacements(value: Any) -> list[Any]:
    """Values of every other JSON type, including ``value`` wrapped in a list and in an object."""
    candidates = [None, True, 7, 2.5, "x", [], {}, [value], {"Unexpected": value}]
    return [c for c in candidates if type(c) is not type(value)]


def _replace(document: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = _replace(document[head], rest, new)
    return copy


def _slots(args: tuple, kwargs: dict) -> list[tuple[str, Any, int | None]]:
    """Where a call carries answers: (argument name or index, "exchange" or "items", index in a list or None)."""
    names = [*range(len(args)), *kwargs]
    values = [*args, *kwargs.values()]
    with_operation = any(isinstance(v, str) and v in ALL_OPERATIONS for v in values)
    slots = []
    for name, value in zip(names, values, strict=True):
        if isinstance(value, Exchange):
            slots.append((name, "exchange", None))
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Exchange) for v in value):
            slots += [(name, "exchange", i) for i in range(len(value))]
        elif with_operation and isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
            slots.append((name, "items", None))
    return slots


def _mutated_exchange(exchange: Exchange, data: st.DataObject) -> Exchange:
    body = exchange.body
    paths = list(_paths(body))[:MAX_PATHS] if body is not None else [()]
    path = data.draw(st.sampled_from(paths), label="path")
    old = body
    for part in path:
        old = old[part]
    new = data.draw(st.sampled_from(_replacements(old)), label="replacement")
    raw = json.dumps(_replace(body, path, new)).encode()
    return Exchange(exchange.operation, exchange.request, exchange.status, raw, dict(exchange.headers))


def _mutated_items(items: list[Any], data: st.DataObject) -> list[Any]:
    paths = [p for p in _paths(list(items)) if p][:MAX_PATHS]
    path = data.draw(st.sampled_from(paths), label="path")
    old: Any = items
    for part in path:
        old = old[part]
    new = data.draw(st.sampled_from(_replacements(old)), label="replacement")
    return _replace(list(items), path, new)


def _apply(args: tuple, kwargs: dict, name: str | int, index: int | None, new: Any) -> tuple[tuple, dict]:
    args, kwargs = list(args), dict(kwargs)
    holder, key = (args, name) if isinstance(name, int) else (kwargs, name)
    if index is None:
        holder[key] = new
    else:
        values = list(holder[key])
        values[index] = new
        holder[key] = values
    return tuple(args), kwargs


@pytest.mark.parametrize("key", sorted(CHECKS), ids=[f"{m.rsplit('.', 1)[-1]}.{n}" for m, n in sorted(CHECKS)])
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_malformed_answer_fails_its_schema_and_never_crashes_a_check(key, recorded, data):
    assert recorded.get(key), f"the suite never called {key[1]}: it cannot be shown to survive malformed answers"
    args, kwargs = data.draw(st.sampled_from(recorded[key]), label="call")
    slots = _slots(args, kwargs)
    if not slots:
        return  # a check of the suite's own values (statuses it observed), not of an answer
    name, kind, index = data.draw(st.sampled_from(slots), label="answer")
    value = (args[name] if isinstance(name, int) else kwargs[name])
    value = value if index is None else value[index]
    mutated = _mutated_exchange(value, data) if kind == "exchange" else _mutated_items(value, data)
    args, kwargs = _apply(args, kwargs, name, index, mutated)

    verdict = Verdict(Ledger(), "malformed-answers")
    verdict.check(CHECKS[key], *args, **kwargs)  # any exception but a verdict's is a harness crash

    reasons = [why for entries in verdict.ledger.inconclusive.values() for _, _, why in entries]
    for why in reasons:
        assert "SCHEMA.RESPONSE" in why, why
    if reasons and kind == "exchange":
        # The part the check tripped over is what the schema check reports.
        assert any(v.rule_id == "SCHEMA.RESPONSE" for v in check_response_schema(mutated)), reasons


def test_a_video_metadata_object_fails_the_schema_and_crashes_nothing(tmp_path):
    """GetSegmentDetection answers VideoMetadata as an object instead of a list: SCHEMA.RESPONSE, no harness error."""
    from rekognition_conformance.reference.server import ReferenceServer
    from tests.test_suite_cleanup import _env_for

    with ReferenceServer() as server:
        get = server.operations["GetSegmentDetection"]

        def metadata_as_object(context: Any, params: dict[str, Any]) -> dict[str, Any]:
            result = get(context, params)
            return {**result, "VideoMetadata": result["VideoMetadata"][0]}

        server.operations["GetSegmentDetection"] = metadata_as_object
        report = tmp_path / "report.json"
        proc = subprocess.run(
            # The family's own module and the Get tests every family shares, where its pages are judged.
            [sys.executable, "-m", "pytest", "conformance/suite/test_segments.py",
             "conformance/suite/test_video_gets.py", "-k", "test_segments or segments", "-q", "-p",
             "no:cacheprovider", "--target", "endpoint", f"--conformance-json={report}"],
            cwd=ROOT, env=_env_for(server), capture_output=True, text=True, timeout=600,
        )
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "harness error" not in proc.stdout, proc.stdout[-3000:]
    violations = json.loads(report.read_text())["rules"]["SCHEMA.RESPONSE"]["violations"]
    assert violations > 0, proc.stdout[-3000:]


# Variants of one GetLabelDetection answer, each classified by the schema check (the rule ids it reports) and by
# `malformed` (whether a check tripping over it met a malformed answer). A null member is absent to both.
LABELS_ANSWER = {"JobStatus": "SUCCEEDED", "VideoMetadata": {"Codec": "h264", "DurationMillis": 1000},
                 "Labels": [{"Timestamp": 0, "Label": {"Name": "Cat", "Confidence": 90.0}}]}
VARIANTS = {
    "as answered": (LABELS_ANSWER, set()),
    "null object member": ({**LABELS_ANSWER, "VideoMetadata": None}, set()),
    "null list member": ({**LABELS_ANSWER, "Labels": None}, set()),
    "null nested member": ({**LABELS_ANSWER, "Labels": [{"Timestamp": 0, "Label": {"Name": "Cat",
                                                                                    "Confidence": None}}]}, set()),
    "null list item": ({**LABELS_ANSWER, "Labels": [None]}, {"SCHEMA.RESPONSE"}),
    "list as object": ({**LABELS_ANSWER, "Labels": {"Timestamp": 0}}, {"SCHEMA.RESPONSE"}),
    "value outside the enum": ({**LABELS_ANSWER, "JobStatus": "DONE"}, {"SCHEMA.VALUES"}),
    "undeclared member": ({**LABELS_ANSWER, "Extra": None, "Unknown": 1}, {"SCHEMA.UNDECLARED"}),
}


def _answer(body: Any) -> Exchange:
    return Exchange("GetLabelDetection", {"JobId": "j"}, 200, json.dumps(body).encode(),
                    {"Content-Type": "application/x-amz-json-1.1"})


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_malformed_agrees_with_the_schema_check(name):
    from rekognition_conformance.malformed import malformed

    body, rules = VARIANTS[name]
    answer = _answer(body)
    assert {v.rule_id for v in check_response_schema(answer)} == rules
    reason = malformed((answer,), {})
    assert (reason is not None) == ("SCHEMA.RESPONSE" in rules), reason
    items = body["Labels"] if isinstance(body.get("Labels"), list) else None
    if items:
        # The same items handed to a check beside their operation are judged alike.
        item_reason = malformed(("GetLabelDetection", items), {})
        assert (item_reason is not None) == ("SCHEMA.RESPONSE" in rules), item_reason
