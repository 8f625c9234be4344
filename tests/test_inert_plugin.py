"""The installed plugin leaves an unrelated project's pytest session alone.

A real ``pytest`` subprocess runs a plain test file in an empty directory of the same environment, where
the harness's ``pytest11`` entry point loads the plugin into every session. Hypothesis must keep its
default settings, no warning may be printed (``-W error`` turns one into a failure) and the project's
modules outside the plugin's own imports, such as the reference backend, stay unimported. The same file
with a conformance option given shows that the check can fail: that session is a conformance run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

UNRELATED_TESTS = '''
import sys

from hypothesis import given, settings, strategies as st


def test_the_plugin_is_loaded(pytestconfig):
    modules = [getattr(plugin, "__name__", "") for plugin in pytestconfig.pluginmanager.get_plugins()]
    assert "conformance.plugin" in modules


def test_hypothesis_keeps_its_defaults():
    assert settings.default.max_examples == settings.get_profile("default").max_examples == 100
    assert settings.default.derandomize is False


@given(st.integers())
def test_a_property(number):
    assert isinstance(number, int)


def test_the_project_is_not_imported():
    assert "reference" not in sys.modules
'''


def _pytest(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-W", "error", "-rA", *args],
        cwd=directory, capture_output=True, text=True, timeout=300,
    )


def test_an_unrelated_session_sees_hypothesis_defaults_and_no_warnings(tmp_path: Path) -> None:
    (tmp_path / "test_unrelated.py").write_text(UNRELATED_TESTS)
    run = _pytest(tmp_path)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "4 passed" in output, output
    assert "warning" not in output.lower(), output


def test_a_conformance_option_makes_the_session_a_conformance_run(tmp_path: Path) -> None:
    (tmp_path / "test_unrelated.py").write_text(UNRELATED_TESTS)
    run = _pytest(tmp_path, "--run-id", "inert-check")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "FAILED test_unrelated.py::test_hypothesis_keeps_its_defaults" in output, output
    assert "FAILED test_unrelated.py::test_the_project_is_not_imported" in output, output
