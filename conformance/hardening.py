"""How a run survives a bad backend and a bad day: one clear stop when the backend is gone, harness errors
told apart from conformance failures, and leftovers of an earlier run with the same run id swept at the start.

* A test (or fixture) that meets :class:`~rekognition_conformance.clients.BackendUnreachable` ends the whole run with
  that one message (endpoint, operation, cause) instead of every later test failing on its own traceback.
* Any other exception that is neither a failed check nor a skip is a fault of the harness, not of the
  backend: its report gets a "harness error" section and the run's summary lists such tests apart.
* A run started with an explicit ``--run-id`` first removes the face collections and stream processors named
  with that run's prefix (``rc-<run id>-``) that an earlier, interrupted run with the same id left behind.
  A random run id cannot have leftovers, so a default run makes no extra requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from rekognition_conformance.clients import BackendUnreachable, Caller, Clients, HarnessError
from rekognition_conformance.resources import RunResources, read_pages
from rekognition_conformance.session import session_of

HARNESS_ERRORS = pytest.StashKey[list[str]]()
EXIT_BACKEND_UNREACHABLE = 3
HARNESS_SECTION = "harness error"
# Exceptions that are a test's own verdict rather than a crash: failed checks, skips, xfails and asserts.
_VERDICTS: tuple[type[BaseException], ...] = (
    pytest.fail.Exception,
    pytest.skip.Exception,
    pytest.xfail.Exception,
    AssertionError,
)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[HARNESS_ERRORS] = []


def unreachable_in(exc: BaseException | None) -> BackendUnreachable | None:
    """The BackendUnreachable that ``exc`` is or was raised from, if any."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, BackendUnreachable):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    excinfo = call.excinfo
    if excinfo is None:
        return report
    lost = unreachable_in(excinfo.value)
    if lost is not None:
        # One message for the run: every later test would only fail the same way, after its own retries.
        pytest.exit(str(lost), returncode=EXIT_BACKEND_UNREACHABLE)
    # Only the conformance suite's tests (they carry a family) judge a backend; the harness's own tests do not.
    if item.get_closest_marker("family") is not None and not isinstance(excinfo.value, _VERDICTS):
        what = "harness error" if isinstance(excinfo.value, HarnessError) else "harness error (unexpected exception)"
        message = f"{what} in {call.when}, not a conformance failure of the backend: {excinfo.exconly()}"
        report.sections.append((HARNESS_SECTION, message))
        report.user_properties.append(("harness_error", excinfo.exconly()))
        item.config.stash[HARNESS_ERRORS].append(f"{item.nodeid} ({call.when}): {excinfo.exconly()}")
    return report


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    errors = config.stash.get(HARNESS_ERRORS, [])
    if errors:
        terminalreporter.section("conformance: harness errors (faults of the harness, not of the backend)")
        for line in errors:
            terminalreporter.write_line(line)


def pytest_conformance_clients_made(config: pytest.Config, clients: Clients, say: Callable[[str], None]) -> None:
    sweep_leftovers(config, clients, say)


def sweep_leftovers(config: pytest.Config, clients: Clients, say: Callable[[str], None]) -> list[str]:
    """Remove what an earlier run with this ``--run-id`` left behind; returns what was found."""
    run = session_of(config)
    if not run.run_id_given or run.handed is not None:
        # A fresh random id has no leftovers; xdist workers share the run id and its live resources.
        return []
    # A caller without the capability observers: a family the target does not serve must not be judged here.
    caller = Caller(clients.rekognition.client, reachability=clients.rekognition.reachability)
    resources = RunResources(caller, run.run_id)
    found: list[str] = []
    for operation, member, kept in (
        ("ListCollections", "CollectionIds", resources.collections),
        ("ListStreamProcessors", "StreamProcessors", resources.processors),
    ):
        chain = read_pages(caller, operation, {})
        names = [item.get("Name") if isinstance(item, dict) else item for item in chain.items(member)]
        kept += [n for n in names if isinstance(n, str) and n.startswith(resources.prefix)]
        found += kept
    if found:
        say(f"removing {len(found)} leftover resource(s) of an earlier run {resources.prefix}*: {', '.join(found)}")
        left = resources.cleanup()
        if left:
            say(f"could not remove leftovers: {', '.join(left)}")
    return found
