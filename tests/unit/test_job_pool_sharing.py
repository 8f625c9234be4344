"""The job pool's limits, against the real reference backend: xdist workers sharing one run's jobs through
the file-locked run registry, and ``max_concurrent`` (``--max-concurrent-jobs``) capping jobs in progress.

Start requests are counted where they arrive, in the backend's own operation table (the server lets a
handler be replaced while it runs), so "one Start per job" is what reached the backend, not what the
pool believes it sent. The backend's idempotency would hide a duplicate Start (same token, same JobId),
which is why the count is taken at the handler and not from the jobs the backend created.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.clients import Clients, make_clients
from rekognition_conformance.jobs import JobPool
from rekognition_conformance.reference.server import ReferenceServer
from rekognition_conformance.registry import RunRegistry
from rekognition_conformance.storage import VideoBucket
from rekognition_conformance.targets import Target

LATENCY = 1.0
KEYS = ["labels.default", "labels.min50", "labels.lower", "labels.higher", "labels.include"]
START_OPERATIONS = ("StartLabelDetection",)


@dataclass
class Backend:
    server: ReferenceServer
    clients: Clients
    videos: dict[str, dict[str, Any]]
    # (monotonic time, ClientRequestToken, error code or None) of every Start that reached the backend.
    starts: list[tuple[float, str, str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def starts_of(self, tokens: set[str]) -> list[tuple[float, str, str | None]]:
        with self.lock:
            return [s for s in self.starts if s[1] in tokens]


def _count_starts(backend: Backend) -> None:
    for operation in START_OPERATIONS:
        handler = backend.server.operations[operation]

        def counted(context: Any, params: dict[str, Any], _handler: Any = handler) -> Any:
            arrived = time.monotonic()
            try:
                answer = _handler(context, params)
            except Exception as exc:
                with backend.lock:
                    backend.starts.append((arrived, params.get("ClientRequestToken", ""), getattr(exc, "code", "?")))
                raise
            with backend.lock:
                backend.starts.append((arrived, params.get("ClientRequestToken", ""), None))
            return answer

        backend.server.operations[operation] = counted


def _backend(server: ReferenceServer, run_id: str) -> tuple[Backend, VideoBucket]:
    access_key, secret_key = next(iter(server.credentials.items()))
    target = Target(name="reference", region=server.region,
                    endpoints={"rekognition": server.endpoint_url, "s3": server.endpoint_url},
                    credentials=(access_key, secret_key), description="reference backend for pool limits")
    clients = make_clients(target)
    bucket = VideoBucket(clients.s3, region=target.region, run_id=run_id, bucket=None)
    videos = {key: {"S3Object": obj} for key, (obj, _meta) in bucket.upload_fixtures().items()}
    made = Backend(server, clients, videos)
    _count_starts(made)
    return made, bucket


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    # The backend's own concurrent-job limit is the pool's: a pool exceeding it would meet
    # LimitExceededException, which the counter records.
    server = ReferenceServer(job_latency=LATENCY, max_concurrent_jobs=2).start()
    try:
        made, bucket = _backend(server, "poolsharing")
        yield made
        bucket.cleanup()
    finally:
        server.stop()


def _pool(backend: Backend, run_id: str, **kwargs: Any) -> JobPool:
    return JobPool(backend.clients.rekognition, backend.videos, run_id=run_id, timeout=60.0,
                   poll_initial=0.05, poll_max=0.2, **kwargs)


def _run_workers(pools: list[JobPool], keys: list[str]) -> None:
    """Each pool as one xdist worker would use it: start every job up front, then wait for each."""
    errors: list[BaseException] = []

    def worker(pool: JobPool) -> None:
        try:
            pool.start_all(keys)
            for key in keys:
                pool.wait(key)
        except BaseException as exc:  # reported by the test's own thread below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(p,)) for p in pools]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, f"a worker failed: {errors!r}"


def _max_overlap(times: list[float], latency: float) -> int:
    """Most jobs in progress at once, each job taken as IN_PROGRESS for ``latency`` from its Start."""
    times = sorted(times)
    return max((sum(1 for u in times if t <= u < t + latency) for t in times), default=0)


# ------------------------------------------------------------------------------------- the run registry


def test_workers_sharing_a_registry_send_one_start_per_job(backend: Backend, tmp_path: Path) -> None:
    keys = KEYS[:2]  # within the backend's limit of 2, so that only sharing is being judged
    registry = tmp_path / "jobs.json"
    pools = [_pool(backend, "shared-run", registry=RunRegistry(registry, owner=f"gw{i}")) for i in range(2)]
    tokens = {pools[0].token(k) for k in keys}
    _run_workers(pools, keys)
    arrived = backend.starts_of(tokens)
    assert len(arrived) == len(keys), (
        f"{len(arrived)} Start request(s) reached the backend for {len(keys)} job(s) shared by two workers: "
        f"{arrived}"
    )
    assert sum(p.start_calls for p in pools) == len(keys), [p.start_calls for p in pools]
    for key in keys:
        ids = {p.runs[key].job_id for p in pools}
        assert len(ids) == 1 and None not in ids, f"job {key}: the workers hold JobIds {ids}"
        assert all(p.runs[key].status == "SUCCEEDED" for p in pools), {p.runs[key].status for p in pools}
    # The worker that did not start a job adopted the other's answer from the registry.
    assert sorted(p.runs[k].elsewhere for p in pools for k in keys) == [False] * len(keys) + [True] * len(keys)


def test_without_a_registry_each_worker_sends_its_own_start(backend: Backend) -> None:
    """The counter above can fail: two pools that do not share a registry both send every Start (the
    backend's idempotency hands back the same JobId, so only the Start count shows the duplicate)."""
    keys = KEYS[:1]
    pools = [_pool(backend, "unshared-run") for _ in range(2)]
    tokens = {pools[0].token(k) for k in keys}
    _run_workers(pools, keys)
    assert len(backend.starts_of(tokens)) == 2 * len(keys)
    assert pools[0].runs[keys[0]].job_id == pools[1].runs[keys[0]].job_id


# ---------------------------------------------------------------------------------- max_concurrent


def test_max_concurrent_two_keeps_at_most_two_jobs_in_progress_and_finishes_all(backend: Backend) -> None:
    messages: list[str] = []
    pool = _pool(backend, "capped", max_concurrent=2, progress=messages.append)
    tokens = {pool.token(k) for k in KEYS}
    began = time.monotonic()
    pool.start_all(KEYS)
    # start_all returns once the first wave is out; the other three are queued, not sent.
    assert len(backend.starts_of(tokens)) == 2, backend.starts_of(tokens)
    assert any("3 job(s) wait for a slot (at most 2 at once)" in m for m in messages), messages
    runs = [pool.wait(k) for k in KEYS]
    wall = time.monotonic() - began
    arrived = backend.starts_of(tokens)
    assert all(r.status == "SUCCEEDED" for r in runs), {r.spec.key: r.statuses for r in runs}
    assert [a for a in arrived if a[2] is not None] == [], f"Starts refused by the backend's limit of 2: {arrived}"
    assert len(arrived) == len(KEYS) == pool.start_calls, (len(arrived), pool.start_calls)
    overlap = _max_overlap([a[0] for a in arrived], LATENCY)
    assert overlap <= 2, f"{overlap} jobs were IN_PROGRESS at once with max_concurrent=2: {arrived}"
    # Three waves of jobs (2 + 2 + 1), each in progress for the latency.
    assert wall >= 3 * LATENCY, f"5 jobs capped at 2 at once finished in {wall:.2f} s, under 3 x {LATENCY} s"


def test_without_the_cap_every_job_is_in_progress_at_once() -> None:
    """The overlap measure can fail: uncapped, all jobs start together (against a backend allowing it)."""
    roomy = ReferenceServer(job_latency=LATENCY).start()
    try:
        other, _bucket = _backend(roomy, "uncapped")
        pool = _pool(other, "uncapped", max_concurrent=20)
        pool.start_all(KEYS)
        for key in KEYS:
            pool.wait(key)
        assert _max_overlap([a[0] for a in other.starts], LATENCY) == len(KEYS)
    finally:
        roomy.stop()
