"""The pytest stash keys the harness's plugins share, in a leaf module that imports nothing of the project.

The conformance plugin, the report, distributed-run and AWS-guard plugins and the suite read the same
run state; keeping the keys here lets each of them import the keys without importing another plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from rekognition_conformance.report.baseline import Baseline
    from rekognition_conformance.session import RunSession
    from rekognition_conformance.verdict import Verdict

# config.stash: whether the session is a conformance run (rekognition_conformance.plugin.activate).
ACTIVE = pytest.StashKey[bool]()
# config.stash: the run's state (rekognition_conformance.session.RunSession), made once in pytest_configure.
SESSION: pytest.StashKey[RunSession] = pytest.StashKey()
# config.stash: the catalogue jobs the selected tests need, filled after collection.
NEEDED_JOBS = pytest.StashKey[set[str]]()
# config.stash: each test's family and outcome, node id -> {"family", "outcome"} (the report plugin's record).
TESTS = pytest.StashKey[dict[str, dict[str, Any]]]()
# config.stash: the --baseline file, read once by the report plugin (None without one).
BASELINE: pytest.StashKey[Baseline | None] = pytest.StashKey()
# item.stash: the test's verdict, judged after its call.
VERDICT: pytest.StashKey[Verdict] = pytest.StashKey()
