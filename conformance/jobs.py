"""The session's job pool: each distinct Start request once, all up front and concurrently.

Start jobs are billed per video minute on AWS, so the pool starts every job the selected tests need
before the first test runs, shares the finished jobs between all tests, and polls with a bounded
backoff. ClientRequestTokens are derived from the run id and the job key, so a repeated or resumed run
with the same ``--run-id`` gets the same JobIds back from the backend instead of starting new jobs.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from conformance.catalogue import JobSpec, job
from conformance.clients import Caller
from conformance.exchange import Exchange

TERMINAL = ("SUCCEEDED", "FAILED")


class JobUnavailable(Exception):
    """A job the test needs could not be started or did not finish; the message says which and why."""


@dataclass
class JobRun:
    spec: JobSpec
    request: dict[str, Any]
    start: Exchange | None = None
    statuses: list[str] = field(default_factory=list)
    last: Exchange | None = None
    started_at: float = 0.0
    finished_at: float | None = None
    problem: str | None = None

    @property
    def job_id(self) -> str | None:
        body = self.start.body if self.start is not None else None
        return body.get("JobId") if isinstance(body, dict) and self.start.ok else None

    @property
    def status(self) -> str | None:
        return self.statuses[-1] if self.statuses else None

    @property
    def done(self) -> bool:
        return self.problem is not None or self.status in TERMINAL


def client_request_token(run_id: str, key: str) -> str:
    return hashlib.sha256(f"{run_id}:{key}".encode()).hexdigest()[:40]


class JobPool:
    def __init__(
        self,
        caller: Caller,
        videos: dict[str, dict[str, Any]],
        *,
        run_id: str,
        timeout: float,
        poll_initial: float = 0.25,
        poll_max: float = 10.0,
        progress: Callable[[str], None] = lambda _msg: None,
        progress_every: float = 30.0,
    ) -> None:
        self.caller = caller
        self.videos = videos
        self.run_id = run_id
        self.timeout = timeout
        self.poll_initial = poll_initial
        self.poll_max = poll_max
        self.progress = progress
        self.progress_every = progress_every
        self.runs: dict[str, JobRun] = {}
        self._lock = threading.Lock()
        self._job_locks: dict[str, threading.Lock] = {}
        self.start_calls = 0
        self.get_calls = 0

    def token(self, key: str) -> str:
        return client_request_token(self.run_id, key)

    def start_request(self, key: str) -> dict[str, Any]:
        spec = job(key)
        # Catalogue params are static; a resource the run creates for a job (a face collection) is named
        # with a "{run_id}" placeholder, filled in here so that each run uses its own.
        params = {k: v.replace("{run_id}", self.run_id) if isinstance(v, str) else v for k, v in spec.params.items()}
        return {"Video": self.videos[spec.video], "ClientRequestToken": self.token(key), **params}

    def start_all(self, keys: Iterable[str]) -> None:
        """Start every job not started yet, concurrently."""
        with self._lock:
            new = [k for k in dict.fromkeys(keys) if k not in self.runs]
            for key in new:
                self.runs[key] = JobRun(job(key), self.start_request(key))
                self._job_locks[key] = threading.Lock()
        if not new:
            return
        self.progress(f"starting {len(new)} job(s): {', '.join(new)}")
        with ThreadPoolExecutor(max_workers=min(8, len(new))) as executor:
            list(executor.map(self._start, new))

    def _start(self, key: str) -> None:
        run = self.runs[key]
        deadline = time.monotonic() + self.timeout
        delay = 1.0
        while True:
            run.started_at = time.monotonic()
            with self._lock:
                self.start_calls += 1
            run.start = self.caller.call(run.spec.start_operation, run.request)
            # The concurrent-job limit is a documented, retryable condition: wait for a slot.
            if run.start.error_code != "LimitExceededException" or time.monotonic() > deadline:
                break
            time.sleep(delay)
            delay = min(delay * 2, self.poll_max)
        if run.job_id is None:
            run.problem = f"{run.spec.start_operation} failed: {run.start.describe()}"

    def wait(self, key: str) -> JobRun:
        """Block until job ``key`` has finished, or fail after the job timeout."""
        self.start_all([key])
        run = self.runs[key]
        with self._job_locks[key]:
            if not run.done:
                self._poll_until_done(key, run)
        if run.problem is not None:
            raise JobUnavailable(f"job {key}: {run.problem}")
        return run

    def _poll_until_done(self, key: str, run: JobRun) -> None:
        delay = self.poll_initial
        next_report = time.monotonic() + self.progress_every
        while True:
            with self._lock:
                self.get_calls += 1
            run.last = self.caller.call(run.spec.get_operation, {"JobId": run.job_id, "MaxResults": 1})
            body = run.last.body if isinstance(run.last.body, dict) else {}
            if not run.last.ok:
                run.problem = f"polling {run.spec.get_operation} failed: {run.last.describe()}"
                return
            run.statuses.append(str(body.get("JobStatus")))
            if run.status in TERMINAL:
                run.finished_at = time.monotonic()
                return
            waited = time.monotonic() - run.started_at
            if waited > self.timeout:
                run.problem = (
                    f"{run.spec.start_operation} job {run.job_id} still {run.status} after {waited:.0f} s "
                    f"(--job-timeout {self.timeout:g} s)"
                )
                return
            if time.monotonic() >= next_report:
                self.progress(f"waiting for job {key} ({run.job_id}): {run.status} after {waited:.0f} s")
                next_report += self.progress_every
            time.sleep(min(delay, max(0.0, self.timeout - waited) + 0.01))
            delay = min(delay * 1.5, self.poll_max)
