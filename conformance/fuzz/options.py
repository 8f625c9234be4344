"""The fuzz layer's command-line options, registered through ``rekognition_conformance.plugin.pytest_plugins``."""

from __future__ import annotations

import argparse

import pytest

# Requests drawn per operation and mode: enough to reach every member of a request over a few runs,
# few enough that the layer adds seconds, not minutes, to a run.
DEFAULT_EXAMPLES = 6


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rekognition-conformance")
    group.addoption("--fuzz", action=argparse.BooleanOptionalAction, default=True, dest="fuzz",
                    help="fuzz every operation with requests schemathesis draws from spec/openapi.json "
                         "(default: on; --no-fuzz leaves the layer out)")
    group.addoption("--fuzz-examples", type=int, default=DEFAULT_EXAMPLES, metavar="N", dest="fuzz_examples",
                    help=f"requests drawn per operation and mode, positive and negative (default {DEFAULT_EXAMPLES})")


def enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("fuzz", True))


def examples(config: pytest.Config) -> int:
    count = int(config.getoption("fuzz_examples", DEFAULT_EXAMPLES))
    if count < 1:
        raise pytest.UsageError("--fuzz-examples must be at least 1")
    return count


FUZZ_MARKER = "fuzz"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{FUZZ_MARKER}: a schema-fuzzing test (left out by --no-fuzz)")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Before the plugin gathers the jobs the selected tests need, so --no-fuzz starts none for fuzzing.
    if enabled(config):
        return
    kept = [item for item in items if item.get_closest_marker(FUZZ_MARKER) is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
