"""The import graph of the project's own modules, read from their source with ``ast``.

An import at a module's top runs when the module is imported, so a cycle among those is a real cycle; an
import inside a function runs later and is counted apart (``python -m tests.unit.import_graph`` prints both).
Imports under ``if TYPE_CHECKING:`` never run and are left out.
"""

from __future__ import annotations

import ast
import functools
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("conformance", "spec", "reference", "fixtures")


@dataclass
class ImportGraph:
    top: nx.DiGraph = field(default_factory=nx.DiGraph)  # imports that run when the module is imported
    deferred: nx.DiGraph = field(default_factory=nx.DiGraph)  # imports inside functions
    deferred_statements: int = 0  # function-level import statements that load a project module

    def cycles(self) -> list[set[str]]:
        """The strongly connected components of more than one module among top-level imports."""
        return _cycles(self.top)

    def cycles_with_deferred(self) -> list[set[str]]:
        """The same, counting imports inside functions (and ``pytest_plugins``) too: what they may dodge."""
        return _cycles(nx.compose(self.top, self.deferred))

    def importers_of(self, package: str) -> list[tuple[str, str]]:
        """(importer, imported) for every import, at any level, of ``package`` from outside it."""
        inside = (package, f"{package}.")
        return sorted((a, b) for graph in (self.top, self.deferred) for a, b in graph.edges
                      if b.startswith(inside) and not a.startswith(inside))

    def deferred_closing_a_cycle(self) -> list[tuple[str, str]]:
        """Function-level imports that would close a cycle if moved to the module's top."""
        return sorted(
            (a, b) for a, b in self.deferred.edges if a != b and self.top.has_node(b) and nx.has_path(self.top, b, a)
        )


def _cycles(graph: nx.DiGraph) -> list[set[str]]:
    return sorted((c for c in nx.strongly_connected_components(graph) if len(c) > 1), key=sorted)


@functools.cache
def _folder_packages(root: Path) -> dict[str, str]:
    """The import package each top folder is installed as (pyproject.toml's ``package-dir``), if any."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    mapping = tomllib.loads(pyproject.read_text())["tool"]["setuptools"].get("package-dir", {})
    return {folder: package for package, folder in mapping.items()}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    package = _folder_packages(root).get(parts[0])
    return ".".join([package, *parts[1:]] if package else parts)


def project_modules(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    return {
        module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
        if ".venv" not in path.parts
    }


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(body: list[ast.stmt], in_function: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, in_function
        elif isinstance(node, ast.If) and _is_type_checking(node):
            continue
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for child in ast.walk(node):
                if isinstance(child, ast.Import | ast.ImportFrom):
                    yield child, True
        else:
            for name in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, name, None)
                if isinstance(inner, list):
                    yield from _imports(inner, in_function)


def _pytest_plugins(tree: ast.Module) -> list[str]:
    """The modules a plugin's ``pytest_plugins`` names: pytest imports them once the plugin is loaded."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytest_plugins"
                                                for t in node.targets):
            value = ast.literal_eval(node.value)
            return [value] if isinstance(value, str) else list(value)
    return []


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """The project modules an import statement loads (``from a import b`` loads ``a.b`` when that is a module)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            prefix = ".".join([*base, node.module] if node.module else base)
        else:
            prefix = node.module or ""
        names = [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in known else prefix for alias in node.names]
    for name in names:
        # The nearest enclosing project module: `import a.b.c` where c is a function of a.b loads a.b.
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            yield name


def build(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> ImportGraph:
    modules = project_modules(root, packages)
    known = set(modules)
    graph = ImportGraph()
    for module, path in modules.items():
        graph.top.add_node(module)
        tree = ast.parse(path.read_text(), filename=str(path))
        for name in _pytest_plugins(tree):
            if name in known:
                graph.deferred.add_edge(module, name)
        for node, deferred in _imports(tree.body, in_function=False):
            targets = list(_targets(node, module, path.name == "__init__.py", known))
            graph.deferred_statements += bool(deferred and targets)
            for target in targets:
                (graph.deferred if deferred else graph.top).add_edge(module, target)
    return graph


def main() -> None:
    graph = build()
    cycles = graph.cycles()
    print(f"modules: {graph.top.number_of_nodes()}")
    print(f"module-level import cycles: {len(cycles)}")
    for cycle in cycles:
        print(f"  {len(cycle)} modules: {', '.join(sorted(cycle))}")
    print(f"function-level imports of project modules: {graph.deferred_statements} statements, "
          f"{graph.deferred.number_of_edges()} module pairs")
    print(f"cycles counting function-level imports: {len(graph.cycles_with_deferred())}")
    for cycle in graph.cycles_with_deferred():
        print(f"  {len(cycle)} modules: {', '.join(sorted(cycle))}")
    closing = graph.deferred_closing_a_cycle()
    print(f"  of which would close a cycle at the top: {len(closing)}")
    for a, b in closing:
        print(f"    {a} -> {b}")
    sys.exit(1 if cycles else 0)


if __name__ == "__main__":
    main()
