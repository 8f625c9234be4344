"""pytest options and hooks for recording, replaying and drift (loaded by :mod:`rekognition_conformance.plugin`).

``--record-mode`` is pytest-recording's own option (this plugin reads it); ``--cassette``,
``--scrub-buckets`` and ``--drift`` are added here. The session cassette is put in place by the
``target`` fixture (:meth:`Recorder.start`), so every request of the run, the job pool's included,
goes through it, and is taken out when the target is torn down, after the last request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rekognition_conformance.cassettes.recorder import RECORDER, Recorder, RecordingError, default_cassette, recorder_of


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rekognition-conformance", "Rekognition Video conformance")
    group.addoption(
        "--cassette",
        default=None,
        metavar="PATH",
        help="the session cassette that --record-mode (pytest-recording's option: none, once, new_episodes, "
        "all, rewrite) records to and replays from (default: fixtures/cassettes/<target>.json.gz)",
    )
    group.addoption(
        "--scrub-buckets",
        action="store_true",
        help="replace bucket names with placeholders in the recorded cassette",
    )
    group.addoption(
        "--drift",
        action="store_true",
        help="run live and report, per operation, how each answer differs from its twin in --cassette",
    )
    group.addoption(
        "--drift-json",
        default=None,
        metavar="PATH",
        help="with --drift: write the drift per operation as JSON to PATH",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # tryfirst: the recorded run id must be in place before the harness draws a random one.
    mode = None if config.getoption("disable_recording", False) else config.getoption("record_mode", None)
    path = config.getoption("cassette") or default_cassette(config.getoption("target", "reference"))
    try:
        recorder = Recorder(
            mode=mode,
            path=path,
            scrub_buckets=config.getoption("scrub_buckets"),
            drift=config.getoption("drift"),
        )
        if recorder.active and config.getoption("numprocesses", None):
            # Each xdist worker would write its own share of the run into the same file.
            raise RecordingError("--record-mode and --drift use one session cassette: run them without -n")
        recorder.configure(config.option)
    except RecordingError as exc:
        raise pytest.UsageError(str(exc)) from exc
    config.stash[RECORDER] = recorder


def pytest_report_header(config: pytest.Config) -> str | None:
    recorder = recorder_of(config)
    if recorder is None or not recorder.active:
        return None
    if recorder.drift:
        return f"conformance: drift against {recorder.path}"
    how = "replaying" if recorder.replaying else "recording"
    return f"conformance: {how} {recorder.path} (--record-mode={recorder.mode}, run id {config.option.run_id})"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    recorder = recorder_of(session.config)
    path = session.config.getoption("drift_json", None)
    if recorder is None or not path or recorder.drift_report is None:
        return
    Path(path).write_text(json.dumps(recorder.drift_report.as_json(), indent=2, sort_keys=True) + "\n")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    recorder = recorder_of(config)
    if recorder is None or not recorder.active:
        return
    if recorder.drift_report is not None:
        terminalreporter.section("conformance: drift per operation")
        for line in recorder.drift_report.lines():
            terminalreporter.write_line(line)
    line = recorder.summary()
    if line:
        terminalreporter.write_line(f"[conformance] {line}")
