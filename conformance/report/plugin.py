"""Pytest hooks of the reports: --conformance-html and -markdown, the run's JSON, the terminal matrix, the CI gate.

The run's document (rekognition_conformance.summary.build_document) is built once when the session finishes; the
JSON file, the HTML report, the rule table and the terminal matrix all render that one document. The gate
makes the exit status non-zero whenever the document's ``gate`` lists a reason: a failing violation that no
test failed for (e.g. a test marked xfail), or a MUST rule of a served family that was inconclusive or
never checked (unless --allow-inconclusive), so that the exit status always agrees with the report. With
--baseline FILE (rekognition_conformance.report.baseline) the document records the baseline and the gate counts only the
failures it does not accept.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.keys import BASELINE, TESTS
from rekognition_conformance.report.baseline import Baseline, BaselineError, annotate, load, summary_lines, updated
from rekognition_conformance.report.baseline import write as write_baseline
from rekognition_conformance.report.html import write_html
from rekognition_conformance.report.markdown import write_markdown
from rekognition_conformance.report.model import build_matrix
from rekognition_conformance.report.outcomes import Outcomes
from rekognition_conformance.report.should import should_lines
from rekognition_conformance.report.terminal import matrix_lines
from rekognition_conformance.session import maybe_session
from rekognition_conformance.summary import build_run, rule_table, write_document

DOCUMENT = pytest.StashKey[dict[str, Any]]()
OUTCOMES = pytest.StashKey[Outcomes]()
STARTED = pytest.StashKey[str]()
SELECTION = pytest.StashKey["_Selection"]()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rekognition-conformance")
    group.addoption("--conformance-html", default=None, metavar="PATH",
                    help="write the self-contained HTML conformance report (operations x rule categories) to PATH")
    group.addoption("--conformance-markdown", default=None, metavar="PATH",
                    help="write the conformance report as Markdown (gate, matrix, failing rules) to PATH, e.g. "
                         "$GITHUB_STEP_SUMMARY")
    group.addoption("--baseline", default=None, metavar="FILE",
                    help="a YAML file of accepted (rule, operation) failures: the gate fails only on new ones, "
                         "and an accepted pair that now passes is reported fixed (failing under --strict)")
    group.addoption("--baseline-update", action="store_true", default=False,
                    help="accept every failure of this run and write the failing pairs to the --baseline FILE "
                         "(keeping its reasons)")


SUITE = Path(__file__).resolve().parent.parent / "suite"


# What a pytest-xdist worker tells the controller of its selection.
DESELECTED_OUT = "conformance_deselected"


class _Selection:
    """Whether the run is the whole suite: every suite module collected and nothing deselected (-k, -m).

    Under pytest-xdist the controller collects nothing itself: the workers' collections and deselections
    reach it through xdist's hooks, so a distributed run is judged as whole (or not) as a single process is.
    """

    def __init__(self, rootpath: Path) -> None:
        self.rootpath = rootpath
        self.deselected = 0
        self.modules: set[Path] = set()

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.modules |= {Path(item.path).resolve() for item in session.items}

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        self.modules |= {(self.rootpath / nodeid.split("::", 1)[0]).resolve() for nodeid in ids}

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(session.config, "workeroutput", None)
        if workeroutput is not None:
            workeroutput[DESELECTED_OUT] = self.deselected

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object | None) -> None:
        self.deselected += (getattr(node, "workeroutput", None) or {}).get(DESELECTED_OUT, 0)

    @property
    def whole_suite(self) -> bool:
        return self.deselected == 0 and set(SUITE.glob("test_*.py")) <= self.modules


class _Outcomes:
    """Each test's outcome, recorded from its reports (logreport hooks have no config to reach the stash)."""

    def __init__(self, tests: dict[str, dict[str, Any]]) -> None:
        self.tests = tests

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self.tests.setdefault(report.nodeid, {"family": None, "outcome": None})
        # The first phase that fails or skips decides; a passing call counts only when nothing did before.
        if entry["outcome"] in ("failed", "skipped", "error"):
            return
        if report.failed:
            entry["outcome"] = "failed" if report.when == "call" else "error"
        elif report.skipped:
            entry["outcome"] = "skipped"
        elif report.when == "call":
            entry["outcome"] = "passed"


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STARTED] = _now()
    config.stash[TESTS] = {}
    config.pluginmanager.register(_Outcomes(config.stash[TESTS]), "conformance-report-outcomes")
    config.stash[SELECTION] = _Selection(config.rootpath)
    config.pluginmanager.register(config.stash[SELECTION], "conformance-report-selection")
    try:
        # Read before the conformance plugin configures the run, whose ledger asks the baseline what it accepts.
        baseline_from_options(config)
    except BaselineError as exc:
        raise pytest.UsageError(str(exc)) from exc


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests = config.stash[TESTS]
    for item in items:
        marker = item.get_closest_marker("family")
        tests.setdefault(item.nodeid, {"outcome": None})["family"] = marker.args[0] if marker is not None else None


def baseline_from_options(config: pytest.Config) -> Baseline | None:
    """The --baseline file, read and checked once (BaselineError when it cannot be used)."""
    if BASELINE not in config.stash:
        path, update = config.getoption("baseline", None), config.getoption("baseline_update", False)
        if update and not path:
            raise BaselineError("--baseline-update needs --baseline FILE")
        config.stash[BASELINE] = load(path, update=update) if path else None
    return config.stash[BASELINE]


def run_document(session: pytest.Session, exitstatus: int) -> tuple[dict[str, Any], Outcomes] | None:
    """The run's document and its pair outcomes, or None when the conformance plugin made no run session."""
    config = session.config
    run = maybe_session(config)
    if run is None:
        return None
    return build_run(
        run.ledger,
        target=run.target,
        pool=run.pool,
        run_id=run.run_id,
        exitstatus=int(exitstatus),
        unsupported=run.capabilities.summary(),
        families=run.capabilities.families(),
        allow_inconclusive=bool(config.getoption("allow_inconclusive", False)),
        whole_suite=SELECTION in config.stash and config.stash[SELECTION].whole_suite,
        tests=config.stash.get(TESTS, {}),
        started=config.stash.get(STARTED, None),
        finished=_now(),
    )


# Last: the run is over for every other plugin (an xdist controller has merged its workers' ledgers).
@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Apply the baseline (rewriting its file under --baseline-update) and the gate, then write the JSON,
    HTML and Markdown reports the options ask for."""
    config = session.config
    built = run_document(session, exitstatus)
    if built is None:
        return
    document, outcomes = built
    if baseline := config.stash.get(BASELINE, None):
        annotate(document, baseline, outcomes)
        if baseline.update:
            write_baseline(baseline.path, updated(document, baseline, outcomes))
    if document["exitstatus"] == 0 and document["gate"]:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        document["exitstatus"] = int(session.exitstatus)
    config.stash[DOCUMENT] = document
    config.stash[OUTCOMES] = outcomes
    if path := config.getoption("conformance_json", None):
        write_document(path, document)
    if path := config.getoption("conformance_html", None):
        write_html(path, document, outcomes)
    if path := config.getoption("conformance_markdown", None):
        write_markdown(path, document, outcomes)


GATE_LINES = 20


# Last: after the other plugins' sections (harness errors, drift), as the run's verdict.
@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """The rule table, the SHOULD rules violated (one line each), the compact matrix and why the gate fails."""
    document = config.stash.get(DOCUMENT, None)
    if document is None:
        return
    outcomes = config.stash[OUTCOMES]
    has_checks = any(r["checks"] for r in document["rules"].values())
    if not has_checks and not document["families"] and not document["inconclusive_tests"]:
        return
    terminalreporter.section("conformance: checks per rule")
    for line in rule_table(document, outcomes):
        terminalreporter.write_line(line)
    for family, entry in sorted(document["families"].items()):
        terminalreporter.write_line(f"{entry['outcome'].replace('_', ' ')}: {family} ({entry['reason']})")
    if lines := should_lines(document):
        terminalreporter.section("conformance: SHOULD rules violated (every instance is in the JSON and HTML reports)")
        for line in lines:
            terminalreporter.write_line(line)
    terminalreporter.section("conformance: operations x rule categories")
    for line in matrix_lines(build_matrix(document, outcomes)):
        terminalreporter.write_line(line)
    for line in summary_lines(document):
        terminalreporter.write_line(line)
    gate = document["gate"]
    for reason in gate[:GATE_LINES]:
        terminalreporter.write_line(f"gate: {reason}")
    if len(gate) > GATE_LINES:
        terminalreporter.write_line(f"gate: ... and {len(gate) - GATE_LINES} more (see the JSON report's `gate`)")
    if document["pairs"].get("inconclusive") and not document["allow_inconclusive"]:
        terminalreporter.write_line(f"{document['pairs']['inconclusive']} (rule, operation) pairs are inconclusive: "
                                    "they fail the gate unless --allow-inconclusive")
