"""The session's job pool: each distinct Start request once, all up front and concurrently.

Start jobs are billed per video minute on AWS, so the pool starts every job the selected tests need
before the first test runs, shares the finished jobs between all tests, and polls with a bounded
backoff. ClientRequestTokens are derived from the run id and the job key, so a repeated or resumed run
with the same ``--run-id`` gets the same JobIds back from the backend instead of starting new jobs.

Every poll answer is judged before it is believed: an answer without a valid JobStatus makes the job
unusable at once (the tests that need it report the answer as a SCHEMA.RESPONSE violation) rather than
being polled until the job timeout. Once a job has reached a terminal status the pool reads it once more,
so that a job that falls back to IN_PROGRESS shows in its status sequence (LIFECYCLE.STATUS).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from rekognition_conformance.catalogue import JobSpec, job
from rekognition_conformance.checks.job_answers import check_job_answer
from rekognition_conformance.clients import Caller
from rekognition_conformance.exchange import Exchange

TERMINAL = ("SUCCEEDED", "FAILED")
THROTTLED = frozenset({"ThrottlingException", "ProvisionedThroughputExceededException"})


class JobUnavailable(Exception):
    """A job the test needs could not be started or did not finish; the message says which and why.

    ``answer`` is the successful answer that made the job unusable because it is malformed (a Start without
    a JobId, a Get without a valid JobStatus), for the test to judge; None when the job failed otherwise.
    """

    def __init__(self, message: str, answer: Exchange | None = None) -> None:
        super().__init__(message)
        self.answer = answer


@dataclass
class JobRun:
    spec: JobSpec
    request: dict[str, Any]
    answer: Exchange | None = None  # the Start answer; read it as ``start``
    statuses: list[str] = field(default_factory=list)
    last: Exchange | None = None
    started_at: float = 0.0
    finished_at: float | None = None
    problem: str | None = None
    # The successful but malformed answer behind ``problem``, judged by the tests that need the job.
    malformed: Exchange | None = None
    # Set once the Start answer is known (started here, or by another xdist worker through the registry).
    ready: threading.Event = field(default_factory=threading.Event, repr=False, compare=False)
    # Another worker of the same run claimed this job; its Start answer comes through the registry.
    elsewhere: bool = False
    # Blocks until the Start answer is known (set by the pool: queued jobs start later, other workers' later).
    waiter: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @property
    def start(self) -> Exchange | None:
        """The Start answer, waiting for it while the job is queued or being started by another worker."""
        if self.answer is None and self.waiter is not None and not self.ready.is_set():
            self.waiter()
        return self.answer

    @start.setter
    def start(self, value: Exchange | None) -> None:
        self.answer = value

    @property
    def job_id(self) -> str | None:
        # Never waits: reports read it at the end of a run, whatever state the jobs are in.
        body = self.answer.body if self.answer is not None else None
        job_id = body.get("JobId") if isinstance(body, dict) and self.answer.ok else None
        return job_id if isinstance(job_id, str) and job_id else None

    @property
    def status(self) -> str | None:
        return self.statuses[-1] if self.statuses else None

    @property
    def done(self) -> bool:
        # finished_at: a terminal job that answered otherwise on the confirming read is still finished.
        return self.problem is not None or self.finished_at is not None or self.status in TERMINAL


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
        max_concurrent: int = 20,
        registry: Any = None,
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
        # Jobs in progress at once, like the account's concurrent-job quota (20 on AWS): the rest queue and
        # start as earlier ones finish, instead of hammering Start into LimitExceededException.
        self.max_concurrent = max(1, max_concurrent)
        # xdist workers share one run's jobs through a file-locked registry (conformance/distributed.py).
        self.registry = registry
        self.wait_seconds = 0.0  # time tests spent blocked on jobs
        self._queue: list[str] = []
        self._feeder: threading.Thread | None = None

    def token(self, key: str) -> str:
        return client_request_token(self.run_id, key)

    def start_request(self, key: str) -> dict[str, Any]:
        spec = job(key)
        # Catalogue params are static; a resource the run creates for a job (a face collection) is named
        # with a "{run_id}" placeholder, filled in here so that each run uses its own.
        params = {k: v.replace("{run_id}", self.run_id) if isinstance(v, str) else v for k, v in spec.params.items()}
        return {"Video": self.videos[spec.video], "ClientRequestToken": self.token(key), **params}

    def start_all(self, keys: Iterable[str]) -> None:
        """Start every job not started yet, concurrently, up to ``max_concurrent``; queue the rest.

        Queued jobs start in the background as soon as earlier ones finish, so this returns once the
        first wave has started.
        """
        with self._lock:
            new = [k for k in dict.fromkeys(keys) if k not in self.runs]
            for key in new:
                self.runs[key] = JobRun(job(key), self.start_request(key))
                self.runs[key].waiter = functools.partial(self._await_start, key, self.runs[key])
                self._job_locks[key] = threading.Lock()
        if not new:
            return
        if self.registry is not None:
            new = self._share(new)
        with self._lock:
            free = max(0, self.max_concurrent - self._in_flight(exclude=new))
            now, later = new[:free], new[free:]
            self._queue.extend(later)
        if now:
            self.progress(f"starting {len(now)} job(s): {', '.join(now)}")
            self._start_many(now)
        if later:
            self.progress(f"{len(later)} job(s) wait for a slot (at most {self.max_concurrent} at once): "
                          f"{', '.join(later)}")
            with self._lock:
                if self._feeder is None:
                    self._feeder = threading.Thread(target=self._feed, name="job-pool-feeder", daemon=True)
                    self._feeder.start()

    def _share(self, keys: list[str]) -> list[str]:
        """Claim ``keys`` in the run registry; adopt what other workers started; return the keys to start."""
        mine, others = self.registry.claim(keys)
        for key, answer in others.items():
            run = self.runs[key]
            run.elsewhere = True
            if answer is not None:
                self._adopt(run, answer)
        return [k for k in keys if k in set(mine)]

    def _adopt(self, run: JobRun, answer: Exchange) -> None:
        run.start = answer
        run.started_at = time.monotonic()
        if run.job_id is None:
            run.problem = f"{run.spec.start_operation} failed: {answer.describe()}"
            run.malformed = answer if answer.ok else None
        run.ready.set()

    def _in_flight(self, exclude: Iterable[str] = ()) -> int:
        """Jobs this pool started (or is starting) that it has not seen finish; call with the lock held."""
        skip = set(exclude) | set(self._queue)
        return sum(1 for k, r in self.runs.items() if k not in skip and not r.elsewhere and not r.done)

    def _start_many(self, keys: list[str]) -> None:
        with ThreadPoolExecutor(max_workers=min(self.max_concurrent, len(keys))) as executor:
            list(executor.map(self._start, keys))

    def _feed(self) -> None:
        """Start queued jobs as slots free up, seeing the oldest running job through to free one."""
        while True:
            with self._lock:
                if not self._queue:
                    self._feeder = None
                    return
                free = self.max_concurrent - self._in_flight()
                batch = self._queue[:max(0, free)]
                del self._queue[:len(batch)]
                running = sorted(
                    (r.started_at, k) for k, r in self.runs.items()
                    if k not in self._queue and k not in batch and not r.elsewhere and not r.done and r.ready.is_set()
                )
            if batch:
                self.progress(f"starting {len(batch)} queued job(s): {', '.join(batch)}")
                self._start_many(batch)
            elif running:
                self._finish(running[0][1])
            else:
                time.sleep(0.05)  # a start is under way; its answer frees or takes the slot

    def _start(self, key: str) -> None:
        run = self.runs[key]
        try:
            self._request_start(key, run)
        except BaseException as exc:
            run.problem = run.problem or f"{run.spec.start_operation} could not be sent: {exc}"
            raise
        finally:
            # Tests waiting for this job must learn its fate even when the request itself blew up.
            run.ready.set()

    def _request_start(self, key: str, run: JobRun) -> None:
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
            run.malformed = run.start if run.start.ok else None
        if self.registry is not None:
            self.registry.record(key, run.start)

    def wait(self, key: str) -> JobRun:
        """Block until job ``key`` has finished, or fail after the job timeout."""
        began = time.monotonic()
        try:
            self.start_all([key])
            run = self.runs[key]
            self._await_start(key, run)
            self._finish(key)
        finally:
            with self._lock:
                self.wait_seconds += time.monotonic() - began
        if run.problem is not None:
            raise JobUnavailable(f"job {key}: {run.problem}", run.malformed)
        return run

    def _await_start(self, key: str, run: JobRun) -> None:
        """Wait for a queued job's start, or for the worker that claimed it to record its Start answer."""
        deadline = time.monotonic() + self.timeout
        while not run.ready.wait(0.2):
            if run.elsewhere and (answer := self.registry.lookup(key)) is not None:
                self._adopt(run, answer)
            elif time.monotonic() > deadline:
                where = "another worker of this run" if run.elsewhere else "a free slot"
                run.problem = f"not started within {self.timeout:g} s (waiting for {where})"
                run.ready.set()

    def _finish(self, key: str) -> None:
        """Poll job ``key`` until it has finished (one poller per job; others wait for its result)."""
        run = self.runs[key]
        with self._job_locks[key]:
            if not run.done:
                self._poll_until_done(key, run)

    def _poll_until_done(self, key: str, run: JobRun) -> None:
        delay = self.poll_initial
        next_report = time.monotonic() + self.progress_every
        while True:
            answered = self._poll(run)
            if answered is False:
                return
            if answered and run.status in TERMINAL:
                run.finished_at = time.monotonic()
                # A terminal status is final: read it once more so that a job falling back to IN_PROGRESS
                # (or answering another terminal status) is on record for LIFECYCLE.STATUS.
                while self._poll(run) is None:
                    time.sleep(delay)  # throttled: the confirming read is still owed
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

    def _poll(self, run: JobRun) -> bool | None:
        """One Get of ``run``'s job: True when its status was recorded, None when throttled, False when the
        answer makes the job unusable (``run.problem`` says why)."""
        with self._lock:
            self.get_calls += 1
        run.last = self.caller.call(run.spec.get_operation, {"JobId": run.job_id, "MaxResults": 1})
        # Throttling outlasting the client's retries is load, not an answer: keep polling, more slowly.
        if run.last.error_code in THROTTLED:
            return None
        if not run.last.ok:
            run.problem = f"polling {run.spec.get_operation} failed: {run.last.describe()}"
            return False
        malformed = check_job_answer(run.last)
        if malformed:
            # Without a valid JobStatus the job can never be seen to finish: stop now, not at the timeout.
            run.problem = f"polling {run.spec.get_operation}: [SCHEMA.RESPONSE] {malformed[0].message}"
            run.malformed = run.last
            return False
        run.statuses.append(run.last.body["JobStatus"])
        return True
