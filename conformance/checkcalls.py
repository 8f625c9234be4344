"""A pytest plugin that keeps real calls of every check, for the harness's own robustness tests.

``pytest conformance -p rekognition_conformance.checkcalls --check-calls=PATH`` runs the suite as usual and writes,
for each check function the suite called, its first few calls (the function's module and name, and the
arguments: the backend's real answers and the suite's parameters) to PATH as a pickle. The property
test of :mod:`tests.unit.test_malformed_answers` feeds schema-breaking variants of those answers back
through every check.
"""

from __future__ import annotations

import contextlib
import pickle
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.verdict import Verdict

CALLS_PER_CHECK = 3
# (module, function name) -> [(args, kwargs)]
Calls = dict[tuple[str, str], list[tuple[tuple[Any, ...], dict[str, Any]]]]
CALLS = pytest.StashKey[Calls]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("rekognition-conformance").addoption(
        "--check-calls", default=None, metavar="PATH", help="write the first calls of every check to PATH (pickle)"
    )


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("check_calls"):
        return
    calls: Calls = {}
    config.stash[CALLS] = calls
    lock = threading.Lock()
    original = Verdict.check

    def keeping(self: Verdict, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        key = (fn.__module__, fn.__name__)
        with lock:
            kept = calls.setdefault(key, [])
            if len(kept) < CALLS_PER_CHECK:
                # An argument that cannot be kept (a local function) leaves this call out.
                with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
                    kept.append(pickle.loads(pickle.dumps((args, kwargs))))
        return original(self, fn, *args, **kwargs)

    Verdict.check = keeping  # type: ignore[method-assign]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = session.config.getoption("check_calls")
    if path and CALLS in session.config.stash:
        Path(path).write_bytes(pickle.dumps(session.config.stash[CALLS]))
