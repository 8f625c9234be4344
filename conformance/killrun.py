"""The pytest plugin of the kill matrix's runs (``-p rekognition_conformance.killrun``).

``--rule-map=PATH`` records which rules each test checked: the kill matrix reads the map of a clean run
to re-run, for each fault, only the tests that check the rule the fault breaks, since no other test can
report a violation of that rule. Nothing in the suite changes: the plugin compares the run's per-rule
tallies before and after each test and writes ``{"nodeid": {"family": ..., "rules": [...]}}`` as JSON
at the end (the family is the test's ``family`` marker, or None, and ``seconds`` the test's duration, so
that a fault's run can take the cheapest tests first).

``--stop-on-rule=RULE`` ends the run after the first test that reports a violation of ``RULE``: a fault's
run has shown what it had to show once its own rule fires, and the tests left would only cost time.

``--no-shrink`` loads the hypothesis profile ``conformance-kill``: ``conformance-ci`` (the same examples,
drawn the same way) without the shrinking phase. A fault is detected at the first failing example;
shrinking it only makes the report smaller, and against a faulty backend it replays dozens of examples.
The conformance profiles themselves no longer shrink, so this matters only where ``conformance-ci`` is
changed to shrink again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

from rekognition_conformance.plugin import FAMILY_MARKER
from rekognition_conformance.session import maybe_session

CHECKED = pytest.StashKey[dict[str, dict[str, Any]]]()
KILL_PROFILE = "conformance-kill"
BASE_PROFILE = "conformance-ci"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rekognition-conformance")
    group.addoption("--rule-map", default=None, metavar="PATH",
                    help="write the rules each test checked as JSON to PATH")
    group.addoption("--stop-on-rule", default=None, metavar="RULE",
                    help="stop the run after the first test that reports a violation of RULE")
    group.addoption("--no-shrink", action="store_true",
                    help=f"draw the {BASE_PROFILE} hypothesis examples but do not shrink a failing one")


def pytest_sessionstart(session: pytest.Session) -> None:
    # After the conformance plugin has registered and loaded its profiles (in its pytest_configure), and before
    # the suite's @given tests are collected (they take the default settings when they are defined).
    if session.config.getoption("no_shrink"):
        settings.register_profile(
            KILL_PROFILE, settings.get_profile(BASE_PROFILE), phases=(Phase.explicit, Phase.reuse, Phase.generate)
        )
        settings.load_profile(KILL_PROFILE)


def _counts(config: pytest.Config) -> dict[str, int]:
    run = maybe_session(config)
    return {} if run is None else {rule_id: tally.checks for rule_id, tally in run.ledger.tallies.items()}


def _fired(config: pytest.Config, rule_id: str) -> bool:
    run = maybe_session(config)
    tally = run.ledger.tallies.get(rule_id) if run is not None else None
    return tally is not None and tally.violations > 0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    config = item.config
    stop_on = config.getoption("stop_on_rule")
    if not config.getoption("rule_map") and not stop_on:
        return (yield)
    before = _counts(config)
    started = time.monotonic()
    try:
        return (yield)
    finally:
        if config.getoption("rule_map"):
            after = _counts(config)
            checked = sorted(rule_id for rule_id, count in after.items() if count > before.get(rule_id, 0))
            marker = item.get_closest_marker(FAMILY_MARKER)
            family = marker.args[0] if marker is not None and marker.args else None
            config.stash.setdefault(CHECKED, {})[item.nodeid] = {
                "family": family, "rules": checked, "seconds": round(time.monotonic() - started, 3)
            }
        if stop_on and _fired(config, stop_on):
            # shouldfail, not shouldstop: the run ends as failed (exit 1), not as interrupted (exit 2).
            item.session.shouldfail = f"{stop_on} fired"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = session.config.getoption("rule_map")
    if path:
        checked = session.config.stash.get(CHECKED, {})
        Path(path).write_text(json.dumps(checked, indent=1, sort_keys=True) + "\n", encoding="utf-8")
