"""A test-only pytest plugin: interrupts a run at one chosen point, the same way every time.

``RC_INTERRUPT_AT`` names the point: ``setup`` or ``call`` of the second test that gets there, ``excuse``
(that test's family has just been found unsupported when the interrupt lands in its call), ``example`` (the
first check made inside a hypothesis example) or ``pool`` (the job pool's first poll). ``RC_INTERRUPT_HOW`` says how:
``sigint`` (the process signals itself, as Ctrl-C does), ``exit`` (``pytest.exit``) or ``systemexit``.
``RC_INTERRUPT_LOG`` is a file that gets every test's node id as it starts, then ``INTERRUPT <where>`` at
the interrupt, so that a test can tell that nothing ran after it.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from hypothesis.control import currently_in_test_context

from rekognition_conformance.jobs import JobPool
from rekognition_conformance.session import session_of
from rekognition_conformance.verdict import Verdict

AT = os.environ.get("RC_INTERRUPT_AT", "")
HOW = os.environ.get("RC_INTERRUPT_HOW", "sigint")
LOG = Path(os.environ.get("RC_INTERRUPT_LOG", os.devnull))
_fired: list[str] = []
# How many tests reached setup and call (a test of a family outside --only is skipped before either).
_reached = {"setup": 0, "call": 0}


def _log(line: str) -> None:
    with LOG.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def interrupt(where: str) -> None:
    if _fired:
        return
    _fired.append(where)
    _log(f"INTERRUPT {where}")
    if HOW == "exit":
        pytest.exit(f"interrupted at {where}")
    if HOW == "systemexit":
        raise SystemExit(3)
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        # As a run started from a terminal has it: a launcher without job control (a background job of a
        # script) starts the run with SIGINT ignored, and the signal would be dropped.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    os.kill(os.getpid(), signal.SIGINT)


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    _log(nodeid)


def pytest_runtest_setup(item: pytest.Item) -> None:
    _reached["setup"] += 1
    if AT == "setup" and _reached["setup"] == 2:
        interrupt(f"setup {item.nodeid}")


def pytest_runtest_call(item: pytest.Item) -> None:
    _reached["call"] += 1
    if AT == "call" and _reached["call"] == 2:
        interrupt(f"call {item.nodeid}")
    if AT == "excuse" and _reached["call"] == 2:
        marker = item.get_closest_marker("family")
        # As if this test's first call had met UnknownOperationException: its family is being excused.
        session_of(item.config).capabilities.detected[marker.args[0]] = "detected: interrupt test"
        interrupt(f"excuse {item.nodeid}")


def pytest_configure(config: pytest.Config) -> None:
    if AT == "example":
        check = Verdict.check

        def check_then_interrupt(self: Verdict, fn: Any, *args: Any, **kwargs: Any) -> Any:
            if currently_in_test_context():
                interrupt(f"example {self.nodeid}")
            return check(self, fn, *args, **kwargs)

        Verdict.check = check_then_interrupt  # type: ignore[method-assign]
    if AT == "pool":
        poll = JobPool._poll

        def poll_then_interrupt(self: JobPool, run: Any) -> Any:
            interrupt(f"pool {run.spec.key}")
            return poll(self, run)

        JobPool._poll = poll_then_interrupt  # type: ignore[method-assign]
