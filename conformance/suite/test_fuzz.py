"""Schema fuzzing: requests schemathesis draws from ``spec/openapi.json``, judged by the suite's rules.

One test per operation and mode. Positive requests conform to the input schema: every answer must be a
success that conforms to the output schema, or a documented error with its documented status. Negative
requests break the input schema (one mutation or more): the answer must be a client error, and should
be InvalidParameterException (or SerializationException, for a body that is not a JSON object). Draws are
derandomized, so a run sends the same requests every time (the run's own resource names aside).
``--no-fuzz`` leaves the layer out; ``--fuzz-examples N`` sets the number of requests per operation and
mode. How cases are drawn: :mod:`rekognition_conformance.fuzz.cases`; how answers are judged:
:mod:`rekognition_conformance.fuzz.judge`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.checks.items import dig
from rekognition_conformance.clients import Clients
from rekognition_conformance.fuzz.cases import MODES, Known, cases
from rekognition_conformance.fuzz.judge import judge_case
from rekognition_conformance.fuzz.options import examples
from rekognition_conformance.fuzz.runner import Fuzzer
from rekognition_conformance.jobs import JobPool, JobUnavailable
from rekognition_conformance.resources import RunResources
from rekognition_conformance.session import session_of
from rekognition_conformance.spec.operations import ALL_OPERATIONS, VIDEO_GET, family_of
from rekognition_conformance.targets import Target

CELEBRITY_INFO = "GetCelebrityInfo"
CELEBRITY_JOB = "celebrities.default"


def _job_for(operation: str) -> str | None:
    """The catalogue job whose JobId positive Get requests name (a short video, first by key)."""
    keys = sorted(k for k, spec in JOBS.items() if spec.get_operation == operation and spec.video == "short")
    return keys[0] if keys else None


def _jobs_of(operation: str) -> tuple[str, ...]:
    if operation == CELEBRITY_INFO:
        return (CELEBRITY_JOB,)
    key = _job_for(operation) if operation in VIDEO_GET else None
    return (key,) if key else ()


def _params() -> list[Any]:
    params = []
    for operation in ALL_OPERATIONS:
        for mode in MODES:
            marks = [pytest.mark.family(family_of(operation)), pytest.mark.fuzz]
            if jobs := _jobs_of(operation):
                marks.append(pytest.mark.jobs(*jobs))
            params.append(pytest.param(operation, mode, marks=marks, id=f"{operation}-{mode.value}"))
    return params


@pytest.fixture(scope="session")
def fuzzer(
    pytestconfig: pytest.Config, target: Target, clients: Clients, run_resources: RunResources
) -> Iterator[Fuzzer]:
    fuzz = Fuzzer(
        endpoint_url=clients.rekognition.endpoint_url,
        region=target.region,
        credentials=clients.raw.credentials,
        caller=clients.rekognition,
        observers=[session_of(pytestconfig).capabilities.observe],
    )
    yield fuzz
    # What an immediate delete could not remove is left to the run's clean-up.
    for operation, name in fuzz.leftovers:
        (run_resources.collections if operation == "CreateCollection" else run_resources.processors).append(name)
    fuzz.close()


def _known(operation: str, job_pool: JobPool, listing: Callable[..., Any], prefix: str) -> Known:
    values: dict[str, dict[str, list[str]]] = {}
    try:
        if operation == CELEBRITY_INFO:
            # A malformed item (SCHEMA.RESPONSE judges it) yields no Id rather than a crash.
            ids = [dig(item, "Celebrity", "Id") for item in listing(CELEBRITY_JOB).items]
            values[operation] = {"Id": sorted({i for i in ids if isinstance(i, str) and i})}
        elif (key := _job_for(operation)) is not None and operation in VIDEO_GET:
            job_id = job_pool.wait(key).job_id
            values[operation] = {"JobId": [job_id] if job_id else []}
    except JobUnavailable:
        pass  # the job's own tests report why; fuzzing falls back to drawn values
    return Known(values, prefix)


@pytest.mark.parametrize(("operation", "mode"), _params())
def test_fuzzed_requests_are_answered_by_the_contract(
    operation: str, mode: Any, fuzzer: Fuzzer, request: pytest.FixtureRequest, run_resources: RunResources,
    pytestconfig: pytest.Config, verdict: Any,
) -> None:
    job_pool = request.getfixturevalue("job_pool") if _jobs_of(operation) else None
    listing = request.getfixturevalue("listing") if operation == CELEBRITY_INFO else None
    prefix = run_resources.prefix
    known = _known(operation, job_pool, listing, prefix) if job_pool else Known(prefix=prefix)

    @settings(
        max_examples=examples(pytestconfig),
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(operation, mode, known))
    def fuzz(case: Any) -> None:
        judge_case(verdict, operation, case, fuzzer.send(operation, case))
        verdict.assert_clean()

    fuzz()
