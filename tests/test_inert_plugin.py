"""The installed plugin leaves an unrelated project's pytest session alone.

A real ``pytest`` subprocess runs a plain test file in an empty directory of the same environment, where
the harness's ``pytest11`` entry point loads the plugin into every session. Hypothesis must keep the
settings it chooses by itself (its ``default`` profile, or its ``ci`` profile where a CI variable is set:
the same file run with the plugin disabled says which), no warning may be printed (``-W error`` turns one
into a failure) and the project's modules outside the plugin's own imports, such as the reference backend,
stay unimported. The same file with a conformance option given shows that the check can fail: that
session is a conformance run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

UNRELATED_TESTS = '''
import json
import os
import sys

from hypothesis import given, settings, strategies as st


def test_the_plugin_is_loaded(pytestconfig):
    modules = [getattr(plugin, "__name__", "") for plugin in pytestconfig.pluginmanager.get_plugins()]
    assert ("rekognition_conformance.plugin" in modules) == (os.environ["EXPECT_PLUGIN"] == "1")


def test_hypothesis_keeps_its_defaults():
    observed = {"max_examples": settings.default.max_examples, "derandomize": settings.default.derandomize}
    expected_file = os.environ["HYPOTHESIS_SETTINGS_FILE"]
    if os.environ["EXPECT_PLUGIN"] == "0":
        with open(expected_file, "w") as out:
            json.dump(observed, out)
    else:
        with open(expected_file) as given_by_hypothesis:
            assert observed == json.load(given_by_hypothesis)


@given(st.integers())
def test_a_property(number):
    assert isinstance(number, int)


def test_the_project_is_not_imported():
    assert not {"conformance", "spec", "reference", "fixtures"} & set(sys.modules)
    assert "rekognition_conformance.reference" not in sys.modules
'''


def _pytest(directory: Path, *args: str, plugin: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXPECT_PLUGIN": "1" if plugin else "0",
           "HYPOTHESIS_SETTINGS_FILE": str(directory / "hypothesis-settings.json")}
    disable = () if plugin else ("-p", "no:rekognition_conformance")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-W", "error", "-rA", *disable, *args],
        cwd=directory, capture_output=True, text=True, timeout=300, env=env,
    )


def _unrelated_project(directory: Path) -> Path:
    """The test file, and the settings hypothesis chooses by itself here (read with the plugin disabled)."""
    (directory / "test_unrelated.py").write_text(UNRELATED_TESTS)
    alone = _pytest(directory, "-k", "keeps_its_defaults", plugin=False)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    return directory


def test_an_unrelated_session_sees_hypothesis_defaults_and_no_warnings(tmp_path: Path) -> None:
    run = _pytest(_unrelated_project(tmp_path))
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "4 passed" in output, output
    assert "warning" not in output.lower(), output


def test_a_conformance_option_makes_the_session_a_conformance_run(tmp_path: Path) -> None:
    run = _pytest(_unrelated_project(tmp_path), "--run-id", "inert-check")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "FAILED test_unrelated.py::test_hypothesis_keeps_its_defaults" in output, output
    assert "FAILED test_unrelated.py::test_the_project_is_not_imported" in output, output
