"""The pytest plugin: options, the session's target, clients, fixture videos, job pool and verdicts.

Registered through the ``pytest11`` entry point, so an installed harness works in any pytest run.
Nothing touches a backend until a test asks for it: the harness's own unit tests load this plugin too.

The plugin is inert in a session that is not a conformance run: it loads its hypothesis profile and imports
the project's modules only once the session is seen to be one (its arguments or options name the suite, or
pytest is about to collect a module of ``conformance/suite``), so an unrelated project's tests in the same
environment keep hypothesis's defaults.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from rekognition_conformance import hooks
from rekognition_conformance.capabilities import NOT_IMPLEMENTED, Capabilities
from rekognition_conformance.cassettes.recorder import recorder_of
from rekognition_conformance.catalogue import JOBS
from rekognition_conformance.checks.job_answers import check_job_answer, check_listing_status
from rekognition_conformance.clients import Clients, HarnessError, make_clients
from rekognition_conformance.jobs import TERMINAL, JobPool, JobRun, JobUnavailable
from rekognition_conformance.keys import ACTIVE, BASELINE, NEEDED_JOBS, SESSION, VERDICT
from rekognition_conformance.listing import Listing, ListingCache
from rekognition_conformance.session import RunIdError, RunSession, handed_over, resolve_run_id, session_of
from rekognition_conformance.targets import (
    TARGET_NAMES,
    Target,
    TargetError,
    declared_unsupported,
    default_profile,
    make_target,
)
from rekognition_conformance.terminal import say
from rekognition_conformance.verdict import Ledger, NothingToJudge, Verdict

JOB_MARKER = "jobs"
FAMILY_MARKER = "family"
SUITE = Path(__file__).resolve().parent / "suite"
# Recording, replaying and drift (--record-mode, --cassette, --scrub-buckets, --drift).
# Reports: the run document, --conformance-html, the terminal matrix and the CI gate.
# This module imports none of them: each is a plugin with its own hooks, reading the run from the session
# (rekognition_conformance.session) and hearing the run's events (rekognition_conformance.hooks). A module pytest
# registers from this list after it was imported could not have its asserts rewritten, and pytest would warn about it.
pytest_plugins = [
    "rekognition_conformance.cassettes.plugin",
    "rekognition_conformance.report.plugin",
    "rekognition_conformance.hardening",
    "rekognition_conformance.fuzz.options",  # schema fuzzing (--fuzz/--no-fuzz, --fuzz-examples)
    "rekognition_conformance.distributed",  # pytest -n N: one backend, one run id, shared jobs, merged report
    "rekognition_conformance.aws_target",  # --target aws: the cost estimate and the --allow-billable guard
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rekognition-conformance", "Rekognition Video conformance")
    group.addoption("--target", choices=TARGET_NAMES, default="reference",
                    help="backend under test: the bundled reference backend (default), any endpoint "
                         "configured through AWS_ENDPOINT_URL_REKOGNITION / AWS_ENDPOINT_URL_S3, or moto "
                         "(moto's server started on loopback)")
    group.addoption("--bucket", default=None,
                    help="existing S3 bucket for the fixture videos (default: a bucket the run creates and "
                         "removes)")
    group.addoption("--region", default=None, help="AWS region (default: AWS_REGION, AWS_DEFAULT_REGION)")
    group.addoption("--job-timeout", type=float, default=900.0,
                    help="seconds a job may take before its tests fail (default 900)")
    group.addoption("--max-concurrent-jobs", type=int, default=20,
                    help="video jobs in progress at once; the rest start as earlier ones finish (default 20, "
                         "the default Rekognition quota of concurrent stored-video jobs)")
    group.addoption("--job-latency", type=float, default=0.0,
                    help="reference target only: seconds each job stays IN_PROGRESS (default 0)")
    group.addoption("--run-id", default=None,
                    help="names this run's resources and seeds its ClientRequestTokens (default: random)")
    # `--strict` is pytest's own flag (strict markers, config, xfail); the harness reads it as well, so one
    # flag makes the whole run strict: SHOULD violations fail too.
    group.addoption("--only", action="append", default=[], metavar="FAMILY[,FAMILY]",
                    help="run only these operation families; the others are reported as not selected")
    group.addoption("--skip", action="append", default=[], metavar="FAMILY[,FAMILY]",
                    help="leave these operation families out of the run (reported as not selected)")
    group.addoption("--capabilities", default=None, metavar="PATH",
                    help="a YAML profile of the target: `only: [families]` and/or `unsupported: [families]` "
                         "(reported as not implemented), `not_offered: {family: reason}` (reported as not offered)")
    group.addoption("--allow-inconclusive", action="store_true",
                    help="let the CI gate pass when MUST rules of served families were inconclusive (nothing to "
                         "judge) or not checked; by default they fail it")
    group.addoption("--conformance-json", default=None, metavar="PATH",
                    help="write the run's per-rule results and job statistics as JSON to PATH")


HYPOTHESIS_PROFILES = {
    # Derandomized so that a run draws the same requests every time: replays and CI stay reproducible.
    "conformance-ci": {"max_examples": 6},
    "conformance-thorough": {"max_examples": 60},
}
# No shrinking: every example is a round of calls to a live backend (a listing of up to 25 pages each), and
# shrinking a failing one replays dozens of them for a smaller report of the same violation. The first
# failing example is reported as drawn; with derandomize it is the same example on every run.
HYPOTHESIS_PHASES = (Phase.explicit, Phase.reuse, Phase.generate)


def _register_hypothesis_profiles() -> None:
    """Make the harness's profiles available by name; registering one changes no test's settings."""
    for name, options in HYPOTHESIS_PROFILES.items():
        settings.register_profile(
            name,
            derandomize=True,
            deadline=None,
            database=None,
            phases=HYPOTHESIS_PHASES,
            suppress_health_check=[
                HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture
            ],
            **options,
        )


PROJECT_PACKAGES = (
    "rekognition_conformance",
    "rekognition_conformance.spec",
    "rekognition_conformance.reference",
    "rekognition_conformance.fixtures",
)


def _import_project_modules() -> None:
    """Import every module of the project, whatever the target.

    Hypothesis sometimes draws a constant found in the loaded modules of the project under test instead
    of a random value, so its draws depend on which modules happen to be imported. The reference backend
    is imported when it is the target and not when a cassette replays, and a replay must draw what its
    recording drew: with every module loaded up front, the pool is the same in every mode.
    """
    import importlib
    import pkgutil

    for name in PROJECT_PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            leaf = module.name.rsplit(".", 1)[-1]
            # Test modules are pytest's to import (it rewrites their asserts); __main__ runs a program.
            if ".suite" in module.name or leaf.startswith("test_") or leaf in ("conftest", "__main__"):
                continue
            importlib.import_module(module.name)


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _names_the_suite(config: pytest.Config) -> bool:
    """Whether the command line points pytest at the suite: a path inside it, or a folder holding it."""
    for arg in config.args:
        path = Path(arg.split("::", 1)[0])
        path = (path if path.is_absolute() else config.invocation_params.dir / path).resolve()
        if _within(path, SUITE) or (path.is_dir() and _within(SUITE, path)):
            return True
    return False


CONFORMANCE_OPTIONS = ("target", "bucket", "run_id", "only", "skip", "capabilities", "conformance_json")


def _conformance_options_given(config: pytest.Config) -> bool:
    return any(config.getoption(name) not in (None, [], "reference") for name in CONFORMANCE_OPTIONS)


def activate(config: pytest.Config) -> None:
    """Make the session a conformance run: the harness's hypothesis profile, and every project module loaded.

    Called before the first suite module is imported, since ``@given`` takes the default settings when it
    decorates a test.
    """
    if config.stash.get(ACTIVE, False):
        return
    config.stash[ACTIVE] = True
    if config.getoption("hypothesis_profile", None) is None:
        settings.load_profile("conformance-ci")
    _ignore_the_launcher()
    _import_project_modules()


def _ignore_the_launcher() -> None:
    """Keep the program that started pytest out of hypothesis's pool of constants.

    Hypothesis draws constants from every module it deems local, ``__main__`` included: the ``pytest``
    script in a virtual environment's ``bin/`` is local, ``python -m pytest``'s ``__main__`` is not, so the
    same run would draw other requests depending on how it was started, and a replay would miss its
    recording. Marking ``__main__`` as already scanned (hypothesis has no public switch for this) makes
    the draws the same either way.
    """
    from hypothesis.internal.conjecture import providers

    seen = getattr(providers, "_seen_modules", None)
    launcher = sys.modules.get("__main__")
    if isinstance(seen, set) and launcher is not None:
        seen.add(id(launcher))


def is_active(config: pytest.Config) -> bool:
    return config.stash.get(ACTIVE, False)


@pytest.hookimpl(tryfirst=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> None:
    # A suite module reached without the command line naming the suite (testpaths, --pyargs, a conftest).
    if file_path.suffix == ".py" and _within(file_path.resolve(), SUITE):
        activate(parent.config)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hooks)


# Last: the plugins it lists have configured themselves (the cassette's recorder, the --baseline file), so the
# run's session, and its run id, are made once from everything they found.
@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    _register_hypothesis_profiles()
    if _names_the_suite(config) or _conformance_options_given(config):
        activate(config)
    config.addinivalue_line("markers", f"{JOB_MARKER}(*keys): catalogue jobs the test reads")
    config.addinivalue_line("markers", f"{FAMILY_MARKER}(name): the operation family a suite test judges")
    config.stash[NEEDED_JOBS] = set()
    config.stash[SESSION] = _open_session(config)
    # The one place the run id is written: fixtures and plugins read it as the --run-id option.
    config.option.run_id = config.stash[SESSION].run_id


def _open_session(config: pytest.Config) -> RunSession:
    given = config.getoption("run_id")
    handed = handed_over(config)
    recorder = recorder_of(config)
    try:
        capabilities = Capabilities(
            only=config.getoption("only"), skip=config.getoption("skip"),
            profile=config.getoption("capabilities") or default_profile(config.getoption("target")),
            declared=declared_unsupported(config.getoption("target")),
        )
        run_id = resolve_run_id(given=given, recorded=recorder.run_id if recorder is not None else None,
                                handed=handed)
    except RunIdError as exc:
        raise pytest.UsageError(f"{exc} ({recorder.path if recorder is not None else 'no cassette'})") from exc
    except (ValueError, OSError) as exc:
        raise pytest.UsageError(str(exc)) from exc
    baseline = config.stash.get(BASELINE, None)
    return RunSession(
        run_id=run_id,
        run_id_given=given is not None,
        ledger=Ledger(strict=config.getoption("strict"), accepted=baseline and baseline.accepts),
        capabilities=capabilities,
        handed=handed,
        worker_id=config.workerinput["workerid"] if handed is not None else None,  # type: ignore[attr-defined]
    )


# Last, so that tests deselected by -k / -m (pytest's own modifyitems hooks) start no jobs: each job costs.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needed = config.stash[NEEDED_JOBS]
    capabilities = session_of(config).capabilities
    for item in items:
        for marker in item.iter_markers(JOB_MARKER):
            for key in marker.args:
                if key not in JOBS:
                    raise pytest.UsageError(f"{item.nodeid}: unknown job {key!r}")
                # A family the target declares it does not serve costs nothing: its jobs are never started.
                if capabilities.unsupported(JOBS[key].family) is None:
                    needed.add(key)


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    session = session_of(pytestconfig)
    recorder = recorder_of(pytestconfig)
    try:
        # A replay is answered from the cassette alone: no backend is started or reached. An xdist worker
        # uses the target the controller made for all of them.
        tgt = recorder.replay_target() if recorder is not None and recorder.replaying else session.handed_target(
        ) or make_target(
            pytestconfig.getoption("target"),
            job_latency=pytestconfig.getoption("job_latency"),
            region=pytestconfig.getoption("region"),
        )
    except TargetError as exc:
        pytest.exit(f"cannot use the target: {exc}", returncode=4)
    say(pytestconfig)(f"target: {tgt.description}")
    session.target = tgt
    if recorder is not None:
        recorder.start(tgt, pytestconfig.option)
    yield tgt
    if recorder is not None:
        recorder.stop()
    tgt.close()


@pytest.fixture(scope="session")
def clients(pytestconfig: pytest.Config, target: Target) -> Clients:
    session = session_of(pytestconfig)
    made = make_clients(target, observers=[session.capabilities.observe])
    session.clients = made
    recorder = recorder_of(pytestconfig)
    if recorder is None or not recorder.replaying:
        # Before the run makes anything: leftovers of an earlier run with the same --run-id go first.
        pytestconfig.hook.pytest_conformance_clients_made(config=pytestconfig, clients=made, say=say(pytestconfig))
    return made


@dataclass(frozen=True)
class FixtureVideo:
    key: str
    video: dict[str, Any]  # the Video request member pointing at the uploaded object
    metadata: dict[str, Any]  # what VideoMetadata must say about it


@pytest.fixture(scope="session")
def fixture_videos(pytestconfig: pytest.Config, clients: Clients, target: Target) -> Iterator[dict[str, FixtureVideo]]:
    # Imported here: the fixture generator (PyAV, the photographs) stays out of sessions that stage no videos.
    from rekognition_conformance.storage import VideoBucket

    if (handed := session_of(pytestconfig).handed_uploads()) is not None:
        # xdist: the controller uploaded the fixtures once for every worker and removes them at the end.
        yield {key: FixtureVideo(key, {"S3Object": obj}, metadata) for key, (obj, metadata) in handed.items()}
        return
    bucket = VideoBucket(
        clients.s3,
        region=target.region,
        run_id=pytestconfig.getoption("run_id"),
        bucket=pytestconfig.getoption("bucket"),
    )
    try:
        uploaded = bucket.upload_fixtures()
    except HarnessError as exc:
        bucket.cleanup()
        pytest.exit(f"cannot stage the fixture videos: {exc}", returncode=4)
    yield {
        key: FixtureVideo(key, {"S3Object": obj}, metadata) for key, (obj, metadata) in uploaded.items()
    }
    bucket.cleanup()


@pytest.fixture(scope="session")
def job_prerequisites() -> None:
    """What catalogue jobs need before they start (a face collection); a suite's conftest overrides this."""


@pytest.fixture(scope="session")
def job_pool(
    pytestconfig: pytest.Config, clients: Clients, fixture_videos: dict[str, FixtureVideo], job_prerequisites: Any
) -> JobPool:
    session = session_of(pytestconfig)
    pool = JobPool(
        clients.rekognition,
        {key: fv.video for key, fv in fixture_videos.items()},
        run_id=pytestconfig.getoption("run_id"),
        timeout=pytestconfig.getoption("job_timeout"),
        progress=say(pytestconfig),
        max_concurrent=pytestconfig.getoption("max_concurrent_jobs"),
        registry=session.registry(),
        **(recorder.pool_timing() if (recorder := recorder_of(pytestconfig)) is not None else {}),
    )
    session.pool = pool
    pool.start_all(sorted(pytestconfig.stash[NEEDED_JOBS]))
    return pool


@pytest.fixture(scope="session", autouse=True)
def _start_jobs_up_front(request: pytest.FixtureRequest) -> None:
    """Start every job the selected tests need before the first test runs, so no test waits alone."""
    if request.config.stash[NEEDED_JOBS]:
        request.getfixturevalue("job_pool")


@pytest.fixture
def finished(job_pool: JobPool, verdict: Verdict) -> Callable[[str], JobRun]:
    """``finished(key)``: the finished run of catalogue job ``key`` (fails the test if there is none).

    A job made unusable by a malformed answer fails the test through its verdict, so that the rule the
    answer breaks is tallied with the request and the offending part.
    """

    def wait(key: str) -> JobRun:
        try:
            return job_pool.wait(key)
        except JobUnavailable as exc:
            if exc.answer is not None:
                verdict.check(check_job_answer, exc.answer)
            pytest.fail(f"{verdict.report()}\n{exc}" if verdict.failing else str(exc), pytrace=False)

    return wait


@pytest.fixture(scope="session")
def listings(clients: Clients) -> ListingCache:
    return ListingCache(clients.rekognition)


@pytest.fixture
def listing(finished: Callable[[str], JobRun], listings: ListingCache, verdict: Verdict) -> Callable[..., Listing]:
    """``listing(key, **get_params)``: every page of a finished job's results, read once per run.

    The pages are read after the pool saw the job finish, so each test that uses them judges that they
    still answer the status it finished with (LIFECYCLE.STABLE).
    """

    def read(key: str, **params: Any) -> Listing:
        run = finished(key)
        chain = listings.get(run.spec.get_operation, run.spec.list_member, run.job_id, **params)
        terminal = next((status for status in run.statuses if status in TERMINAL), None)
        verdict.check(check_listing_status, terminal, chain.pages)
        return chain

    return read


@pytest.fixture
def verdict(request: pytest.FixtureRequest) -> Verdict:
    v = Verdict(session_of(request.config).ledger, request.node.nodeid)
    request.node.stash[VERDICT] = v
    return v


def _family(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker(FAMILY_MARKER)
    return marker.args[0] if marker is not None else None


def _excuse(item: pytest.Item, outcome: str, reason: str) -> None:
    """Skip a test of a family the run does not judge; a family not implemented fails under --strict."""
    label = outcome.replace("_", " ")
    message = f"{_family(item)}: {label} ({reason})"
    if outcome == NOT_IMPLEMENTED and item.config.getoption("strict"):
        pytest.fail(f"unsupported under --strict: {message}", pytrace=False)
    pytest.skip(message)


def _skip_if_unsupported(item: pytest.Item, family: str | None, capabilities: Capabilities) -> None:
    """Report ``item`` as not selected, not offered or not implemented when its family is excused."""
    if family and (excused := capabilities.excused(family)):
        _excuse(item, *excused)


INTERRUPTED = int(pytest.ExitCode.INTERRUPTED)
# What ends the session wherever it lands: Ctrl-C and pytest.exit(); neither may become a test's outcome.
INTERRUPTS: tuple[type[BaseException], ...] = (KeyboardInterrupt, pytest.exit.Exception)


def _stop_request(exc: BaseException) -> BaseException | None:
    """The SystemExit, KeyboardInterrupt or pytest exit that ``exc`` is, wraps or was raised from, if any."""
    pending, seen = [exc], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (SystemExit, *INTERRUPTS)):
            return current
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
        if isinstance(current, BaseExceptionGroup):
            pending += list(current.exceptions)
    return None


def _unsupported_outweighs_the_outcome(
    item: pytest.Item, family: str | None, capabilities: Capabilities
) -> Generator[None, Any, Any]:
    """The body of a hook wrapper: once the backend has shown it does not serve the family, that, and not
    the failure or pass it caused, is the test's result. An interrupt is never a result: it ends the session."""
    try:
        result = yield
    except INTERRUPTS:
        raise
    except BaseException as exc:
        # pytest reports a SystemExit as the test's failure and goes on, and hypothesis reports a SystemExit or
        # a pytest.exit() inside an example as a failing (or flaky) example: each is a request to stop.
        if (stop := _stop_request(exc)) is not None:
            raise pytest.exit.Exception(f"{stop!r} in {item.nodeid}", returncode=INTERRUPTED) from exc
        _skip_if_unsupported(item, family, capabilities)
        raise
    _skip_if_unsupported(item, family, capabilities)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    family = _family(item)
    capabilities = session_of(item.config).capabilities
    # Declared, or detected by an earlier test or by starting the jobs: the test is not run at all, so the
    # answers of a family the target does not serve never reach the rule tally.
    _skip_if_unsupported(item, family, capabilities)
    # A fixture (a collection, the jobs) may meet an operation the target does not serve.
    return (yield from _unsupported_outweighs_the_outcome(item, family, capabilities))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    family = _family(item)
    capabilities = session_of(item.config).capabilities
    result = yield from _unsupported_outweighs_the_outcome(item, family, capabilities)
    v = item.stash.get(VERDICT, None)
    if v is not None and v.failing:
        _properties(item, outcome="fail", rules=",".join(sorted({f.rule_id for f in v.failing})))
        pytest.fail(v.report(), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    excinfo = call.excinfo
    if excinfo is not None and isinstance(excinfo.value, NothingToJudge) and SESSION in item.config.stash:
        # A fixture or the test found nothing to judge: inconclusive, whatever pytest calls a skip.
        nothing = excinfo.value
        session_of(item.config).ledger.record_nothing_to_judge(item.nodeid, nothing.operation, nothing.reason)
        _properties(item, outcome="inconclusive", reason=excinfo.value.reason)
    elif (excinfo is not None and report.skipped and call.when == "setup" and (family := _family(item))
          and (excused := session_of(item.config).capabilities.excused(family))):
        _properties(item, outcome=excused[0], reason=excused[1])
    return report


def _properties(item: pytest.Item, **values: str) -> None:
    """Conformance outcome properties of a test, written by --junitxml (from the item's teardown report)."""
    item.user_properties.extend((f"conformance_{name}", value) for name, value in values.items())
