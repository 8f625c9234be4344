"""The project's modules form a layering without cycles, and no library module imports the suite."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.unit import import_graph

SUITE = "rekognition_conformance.suite"


@pytest.fixture(scope="module")
def graph() -> import_graph.ImportGraph:
    return import_graph.build()


def test_the_graph_reads_the_project(graph):
    # A reader that found no modules or no imports would pass every test below.
    assert graph.top.has_edge("rekognition_conformance.plugin", "rekognition_conformance.session")
    assert graph.top.has_edge("rekognition_conformance.session", "rekognition_conformance.keys")
    # its pytest_plugins
    assert graph.deferred.has_edge("rekognition_conformance.plugin", "rekognition_conformance.report.plugin")


def test_no_cycle_among_module_level_imports(graph):
    assert graph.cycles() == [], f"import cycles: {graph.cycles()}"


def test_no_import_inside_a_function_dodges_a_cycle(graph):
    cycles = graph.cycles_with_deferred()
    assert cycles == [], f"cycles once function-level imports count: {cycles}"


def test_no_library_module_imports_the_suite(graph):
    importers = [(a, b) for a, b in graph.importers_of(SUITE) if not a.startswith("tests")]
    assert importers == [], f"modules outside {SUITE} importing it: {importers}"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg.b import thing\n",
        "pkg/b.py": "def thing():\n    from pkg import a\n    return a\n",
        "pkg/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n",
    })
    graph = import_graph.build(tmp_path, ("pkg",))
    assert graph.cycles() == []
    assert graph.cycles_with_deferred() == [{"pkg.a", "pkg.b"}]
    assert graph.deferred_closing_a_cycle() == [("pkg.b", "pkg.a")]
    assert not graph.top.has_edge("pkg.c", "pkg.a")  # a TYPE_CHECKING import never runs


def test_a_module_level_cycle_and_a_plugin_list_are_read(tmp_path):
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "import pkg.b\npytest_plugins = ['pkg.c']\n",
        "pkg/b.py": "from . import a\n",
        "pkg/c.py": "from pkg.a import x\n",
    })
    graph = import_graph.build(tmp_path, ("pkg",))
    assert graph.cycles() == [{"pkg.a", "pkg.b"}]
    assert graph.cycles_with_deferred() == [{"pkg.a", "pkg.b", "pkg.c"}]
