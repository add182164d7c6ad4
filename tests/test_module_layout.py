"""The package's layout: no module imports in a cycle, no module is over 600 lines.

The import graph is read with :mod:`ast` from every module under ``hypedetect/``,
function-level imports included, so a cycle hidden inside a function (an import
deferred to dodge a circular import at load time) still counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "hypedetect"
MAX_LINES = 600



def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The hypedetect modules one import statement loads: ``from a import b`` is ``a.b`` when that is a module."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    targets = set()
    for alias in node.names:
        candidate = f"{prefix}.{alias.name}"
        if candidate in known:
            targets.add(candidate)
        elif prefix in known:
            targets.add(prefix)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Module -> the hypedetect modules it imports anywhere in its body (``TYPE_CHECKING`` blocks included)."""
    modules = _modules()
    known = set(modules)
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges |= _imported(node, module, is_package, known)
        graph[module] = edges - {module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path ``[a, b, ..., a]``, or None when the graph is acyclic."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_chain():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_relative_imports_resolve_against_the_package():
    known = {"hypedetect.report", "hypedetect.report.plots", "hypedetect.features"}
    statement = ast.parse("from . import plots").body[0]
    assert _imported(statement, "hypedetect.report.sections", False, known) == {"hypedetect.report.plots"}
    statement = ast.parse("from .plots import ranking_chart").body[0]
    assert _imported(statement, "hypedetect.report", True, known) == {"hypedetect.report.plots"}  # in __init__
    statement = ast.parse("from ..features import DECLARATIONS").body[0]
    assert _imported(statement, "hypedetect.report", True, known) == {"hypedetect.features"}
    assert _imported(statement, "hypedetect.report.sections", False, known) == {"hypedetect.features"}


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    assert "hypedetect.report" in graph["hypedetect.cli"]  # imported inside a command function
    assert "hypedetect.report.plots" in graph["hypedetect.report.sections"]
    assert len(graph) > 40


def test_no_module_imports_in_a_cycle():
    assert find_cycle(import_graph()) is None


def _oversized() -> dict[str, int]:
    lengths = {path.relative_to(PACKAGE.parent).as_posix(): len(path.read_text("utf-8").splitlines())
               for path in PACKAGE.rglob("*.py")}
    return {path: n for path, n in lengths.items() if n > MAX_LINES}


def test_no_module_is_over_600_lines():
    assert _oversized() == {}
