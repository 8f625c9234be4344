"""Distributed runs (``pytest -n N``, pytest-xdist): one backend, one run id, one set of jobs, one report.

xdist's controller runs no tests; each worker is a full pytest session. Left alone, every worker would
start its own reference backend, upload its own fixtures and start every job again. Instead:

* the controller makes the target once (for the reference target: starts the one server), uploads the
  fixture videos once, and hands the endpoint, run id, uploads and the registry's path to every worker
  through ``workerinput`` (``pytest_configure_node``), where each worker's run session reads them
  (rekognition_conformance.session); it removes the uploads and stops the server at the end;
* workers share jobs: a job's ClientRequestToken is derived from the shared run id, so the backend's own
  idempotency returns the same JobId to whoever asks; and a file-locked run registry (rekognition_conformance.registry)
  records who claimed each job and its Start answer, so each distinct job is started by one worker only and the others
  adopt its answer. Workers on other machines (xdist remote workers) do not see the file and fall back on the tokens:
  still one billable job per configuration;
* each worker sends its per-rule ledger, job statistics and test families back through ``workeroutput``,
  and the controller merges them into its own ledger and pool, so the terminal summary, the JSON and
  HTML reports and the gate cover the whole run.

Families that create account resources named by the run (face collections for face search, stream
processors) are made per worker session; under ``-n`` they may collide between workers.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.checks import Violation
from rekognition_conformance.clients import HarnessError, make_clients
from rekognition_conformance.keys import TESTS
from rekognition_conformance.session import SHARED, maybe_session, session_of
from rekognition_conformance.targets import TargetError, make_target
from rekognition_conformance.terminal import say
from rekognition_conformance.verdict import Ledger, RuleTally

LEDGER_OUT = "rc_ledger"
POOL_OUT = "rc_pool"
TESTS_OUT = "rc_tests"
_CONTROLLER = pytest.StashKey[dict[str, Any]]()


# ------------------------------------------------------------------------------------- ledger and pool


def ledger_to_wire(ledger: Ledger) -> dict[str, Any]:
    return {
        "tallies": {
            rid: {"checks": t.checks, "violations": t.violations, "failed_tests": sorted(t.failed_tests)}
            for rid, t in ledger.tallies.items()
        },
        "violations": [[nodeid, vars(v)] for nodeid, v in ledger.violations],
        "coverage": getattr(ledger, "coverage", {}),
        "unattributed": {rid: sorted(ids) for rid, ids in getattr(ledger, "unattributed", {}).items()},
        "inconclusive": ledger.inconclusive,
        "inconclusive_tests": ledger.inconclusive_tests,
    }


def merge_ledger(ledger: Ledger, wire: dict[str, Any]) -> None:
    """Add one worker's ledger to the controller's."""
    for rid, t in wire["tallies"].items():
        tally = ledger.tallies.setdefault(rid, RuleTally())
        tally.checks += t["checks"]
        tally.violations += t["violations"]
        tally.failed_tests.update(t["failed_tests"])
    ledger.violations.extend((nodeid, Violation(**v)) for nodeid, v in wire["violations"])
    if hasattr(ledger, "coverage"):
        for rid, per_op in wire.get("coverage", {}).items():
            mine = ledger.coverage.setdefault(rid, {})
            for op, n in per_op.items():
                mine[op] = mine.get(op, 0) + n
    if hasattr(ledger, "unattributed"):
        for rid, ids in wire.get("unattributed", {}).items():
            ledger.unattributed.setdefault(rid, set()).update(ids)
    for rid, records in wire.get("inconclusive", {}).items():
        ledger.inconclusive.setdefault(rid, []).extend(tuple(r) for r in records)
    for nodeid, (operation, reason) in wire.get("inconclusive_tests", {}).items():
        ledger.inconclusive_tests[nodeid] = (operation, reason)


@dataclass
class MergedRun:
    """A job as the workers saw it, in the shape the run document reads."""

    job_id: str | None
    statuses: list[str]
    started_at: float = 0.0
    finished_at: float | None = None
    problem: str | None = None


@dataclass
class MergedPool:
    """The workers' job pools added up: Start and Get calls, waiting time, and each job once."""

    start_calls: int = 0
    get_calls: int = 0
    wait_seconds: float = 0.0
    runs: dict[str, MergedRun] = field(default_factory=dict)
    workers: int = 0
    # Jobs for which workers hold different JobIds: one configuration started (and billed) twice.
    conflicts: list[str] = field(default_factory=list)

    def add(self, wire: dict[str, Any]) -> None:
        self.workers += 1
        self.start_calls += wire["start_calls"]
        self.get_calls += wire["get_calls"]
        self.wait_seconds += wire.get("wait_seconds", 0.0)
        for key, run in wire["runs"].items():
            known = self.runs.get(key)
            if known is not None and None not in (known.job_id, run["job_id"]) and known.job_id != run["job_id"]:
                self.conflicts.append(key)
            # The worker that saw the job finish has the fuller record.
            if known is None or (run["finished_at"] is not None and known.finished_at is None):
                self.runs[key] = MergedRun(**run)


def pool_to_wire(pool: Any) -> dict[str, Any]:
    return {
        "start_calls": pool.start_calls,
        "get_calls": pool.get_calls,
        "wait_seconds": getattr(pool, "wait_seconds", 0.0),
        "runs": {
            key: {"job_id": r.job_id, "statuses": list(r.statuses), "started_at": r.started_at,
                  "finished_at": r.finished_at, "problem": r.problem}
            for key, r in pool.runs.items()
        },
    }


# ------------------------------------------------------------------------------------------- the glue


def is_controller(config: pytest.Config) -> bool:
    """True in xdist's controlling process of a distributed run (it runs no tests itself)."""
    return not hasattr(config, "workerinput") and config.pluginmanager.hasplugin("dsession")


def _controller_setup(config: pytest.Config) -> dict[str, Any]:
    """Make the target and stage the fixtures once for all workers."""
    state = config.stash.get(_CONTROLLER, None)
    if state is not None:
        return state
    # Imported here: the fixture generator (PyAV, the photographs) stays out of sessions that stage no videos.
    from rekognition_conformance.storage import VideoBucket

    run = session_of(config)
    if config.getoption("target") == "aws":
        # Imported here: pytest registers (and rewrites) that plugin itself after this one.
        from rekognition_conformance.aws_target import billable_allowed, guard
        from rekognition_conformance.catalogue import JOBS

        # The controller collects nothing: the estimate covers every catalogue job, an upper bound.
        if not billable_allowed(config):
            guard(config, JOBS, say(config))
    tmp = tempfile.mkdtemp(prefix="rc-xdist-")
    state = {"tmp": tmp, "target": None, "bucket": None}
    config.stash[_CONTROLLER] = state
    try:
        target = make_target(config.getoption("target"), job_latency=config.getoption("job_latency"),
                             region=config.getoption("region"))
    except TargetError as exc:
        pytest.exit(f"cannot use the target: {exc}", returncode=4)
    state["target"] = target
    run.target = target
    clients = make_clients(target)
    bucket = VideoBucket(clients.s3, region=target.region, run_id=run.run_id,
                         bucket=config.getoption("bucket"))
    state["bucket"] = bucket
    try:
        uploads = bucket.upload_fixtures()
    except HarnessError as exc:
        pytest.exit(f"cannot stage the fixture videos: {exc}", returncode=4)
    state[SHARED] = {
        "run_id": run.run_id,
        "registry": str(Path(tmp) / "jobs.json"),
        "uploads": uploads,
        "target": {
            "name": target.name, "region": target.region, "endpoints": target.endpoints,
            "credentials": list(target.credentials) if target.credentials else None,
            "description": target.description,
        },
    }
    return state


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    node.workerinput[SHARED] = _controller_setup(node.config)[SHARED]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object | None) -> None:
    output = getattr(node, "workeroutput", None) or {}
    config = node.config
    run = maybe_session(config)
    if run is None:
        return
    if LEDGER_OUT in output:
        merge_ledger(run.ledger, output[LEDGER_OUT])
    if POOL_OUT in output:
        if not isinstance(run.pool, MergedPool):
            run.pool = MergedPool()
        run.pool.add(output[POOL_OUT])
    if TESTS_OUT in output:
        tests = config.stash.get(TESTS, None)
        if tests is not None:
            for nodeid, family in output[TESTS_OUT].items():
                tests.setdefault(nodeid, {"outcome": None})["family"] = family


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is None:
        return
    run = maybe_session(config)
    if run is not None:
        workeroutput[LEDGER_OUT] = ledger_to_wire(run.ledger)
        if run.pool is not None:
            workeroutput[POOL_OUT] = pool_to_wire(run.pool)
    workeroutput[TESTS_OUT] = {k: v.get("family") for k, v in config.stash.get(TESTS, {}).items()}


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(_CONTROLLER, None)
    if state is None:
        return
    if state["bucket"] is not None:
        state["bucket"].cleanup()
    if state["target"] is not None:
        state["target"].close()
    shutil.rmtree(state["tmp"], ignore_errors=True)


def backend_jobs(target: Any) -> int | None:
    """How many jobs the bundled reference backend created (None for other targets)."""
    store = getattr(getattr(target, "_server", None), "jobs", None)
    jobs = getattr(store, "_jobs", None)
    return len(jobs) if isinstance(jobs, dict) else None


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash.get(_CONTROLLER, None)
    run = maybe_session(config)
    pool = run.pool if run is not None else None
    if state is None or not isinstance(pool, MergedPool):
        return
    created = backend_jobs(state["target"])
    line = (f"distributed run: {pool.workers} worker(s), {len(pool.runs)} distinct job(s), "
            f"{pool.start_calls} Start call(s), {pool.get_calls} Get call(s)")
    if created is not None:
        line += f", {created} job(s) created by the backend"
    line += f"; jobs started twice: {', '.join(pool.conflicts) if pool.conflicts else 'none'}"
    terminalreporter.write_line(f"[conformance] {line}")
