"""The harness's progress lines on the terminal (``[conformance] ...``), shared by its plugins and fixtures."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest

PREFIX = "[conformance]"


def say(config: pytest.Config) -> Callable[[str], None]:
    """A function writing one progress line to the terminal, even while a test's output is captured."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")

    def line(message: str) -> None:
        if reporter is None:
            return
        with capture.global_and_fixture_disabled() if capture is not None else contextlib.nullcontext():
            reporter.ensure_newline()
            reporter.write_line(f"{PREFIX} {message}")

    return line
