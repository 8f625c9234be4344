"""``pytest conformance -n 2`` (conformance/distributed.py): one backend, shared jobs, one merged report.

The same selection (two families' tests: labels results and content moderation) runs once in one
process and once on two xdist workers. The distributed run must pass, its merged JSON report must hold
exactly the rule tallies of the single-process run (so every worker's ledger reached the controller),
and every distinct job must have been started once: Start calls equal the jobs in the report, and the
one backend the controller started created exactly that many jobs.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SELECTION = ("-k", "test_label_results or test_moderation")
# xdist -v lines: "[gw1] [ 42%] PASSED conformance/suite/test_moderation.py::test_x[default]"
WORKER_LINE = re.compile(r"^\[(gw\d+)\]\s+\[\s*\d+%\]\s+(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\s+(\S+)", re.M)
SUMMARY_LINE = re.compile(
    r"distributed run: (\d+) worker\(s\), (\d+) distinct job\(s\), (\d+) Start call\(s\), \d+ Get call\(s\), "
    r"(\d+) job\(s\) created by the backend; jobs started twice: (.+)"
)


def run_suite(tmp_path: Path, name: str, *args: str) -> tuple[subprocess.CompletedProcess, dict[str, Any]]:
    report = tmp_path / f"{name}.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-p", "no:cacheprovider", *SELECTION,
         f"--conformance-json={report}", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    return proc, json.loads(report.read_text()) if report.exists() else {}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess, dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("distributed")
    # loadfile: each worker gets whole files, so each family's tests run on one worker only, while
    # both workers collect (and so need) every job of the selection.
    return {
        "serial": run_suite(tmp, "serial", "-q"),
        "distributed": run_suite(tmp, "distributed", "-v", "-n", "2", "--dist", "loadfile"),
    }


def _tail(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout[-4000:] + proc.stderr[-2000:]


def test_the_distributed_run_passes_on_two_workers(runs):
    proc, report = runs["distributed"]
    assert proc.returncode == 0, _tail(proc)
    assert report.get("exitstatus") == 0, _tail(proc)
    by_worker: dict[str, set[str]] = {}
    for worker, _outcome, nodeid in WORKER_LINE.findall(proc.stdout):
        by_worker.setdefault(worker, set()).add(nodeid.split("::")[0])
    assert sorted(by_worker) == ["gw0", "gw1"], f"tests ran on {sorted(by_worker)}:\n{_tail(proc)}"
    files = [f for fs in by_worker.values() for f in fs]
    assert len(files) == len(set(files)) == 2, f"each worker should have run one file: {by_worker}"


def test_the_merged_report_holds_the_tallies_of_both_workers(runs):
    (serial, alone), (proc, merged) = runs["serial"], runs["distributed"]
    assert serial.returncode == 0, _tail(serial)
    assert merged.get("rules"), _tail(proc)
    differ = {
        rid: {"one process": alone["rules"][rid]["checks"], "two workers": entry["checks"]}
        for rid, entry in merged["rules"].items() if entry["checks"] != alone["rules"][rid]["checks"]
    }
    assert not differ, f"the merged report's rule tallies differ from the single-process run's: {differ}"
    # Each family ran on its own worker: both families' Get operations are in the merged coverage.
    # (LIFECYCLE.STABLE: every listing either module reads is judged under it.)
    covered = merged["rules"]["LIFECYCLE.STABLE"]["checked_operations"]
    assert covered.get("GetLabelDetection") and covered.get("GetContentModeration"), covered
    outcomes = {nodeid: t["outcome"] for nodeid, t in merged["tests"].items() if t["outcome"] is not None}
    assert outcomes == {nodeid: t["outcome"] for nodeid, t in alone["tests"].items() if t["outcome"] is not None}


def test_each_distinct_job_is_started_once(runs):
    (_serial, alone), (proc, merged) = runs["serial"], runs["distributed"]
    jobs = merged["jobs"]
    assert set(jobs["runs"]) == set(alone["jobs"]["runs"]), (sorted(jobs["runs"]), sorted(alone["jobs"]["runs"]))
    families = {key.split(".")[0] for key in jobs["runs"]}
    assert families == {"labels", "moderation"}, families
    assert jobs["start_calls"] == len(jobs["runs"]), (
        f"{jobs['start_calls']} Start calls for {len(jobs['runs'])} distinct jobs: a job was started twice"
    )
    assert all(run["job_id"] or run["problem"] for run in jobs["runs"].values()), jobs["runs"]
    summary = SUMMARY_LINE.search(proc.stdout)
    assert summary, f"no distributed-run summary line:\n{_tail(proc)}"
    workers, distinct, starts, created, twice = summary.groups()
    assert (int(workers), int(distinct), int(starts)) == (2, len(jobs["runs"]), len(jobs["runs"])), summary[0]
    # One backend for the whole run: the controller's backend created every job, and no job twice.
    assert int(created) == len(jobs["runs"]) and twice == "none", summary[0]


def test_a_distributed_run_knows_whether_it_is_the_whole_suite(runs, tmp_path):
    """The controller collects nothing itself, yet the gate must count never-checked MUST rules of a whole
    distributed run, as of a whole single-process run: the workers' collections and deselections decide."""
    (_serial, alone), (_proc, merged) = runs["serial"], runs["distributed"]
    assert alone["whole_suite"] is False and merged["whole_suite"] is False, "a -k selection is not the whole suite"
    report = tmp_path / "whole.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-p", "no:cacheprovider", "-q", "-n", "2", "--only", "text",
         f"--conformance-json={report}"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, _tail(proc)
    whole = json.loads(report.read_text())
    assert whole["whole_suite"] is True, "every suite module ran on the workers, nothing deselected"
