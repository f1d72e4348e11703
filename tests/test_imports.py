"""The package's import graph (issue 16): no import cycle among the modules of src/analysis, and an
import inside a function only where it says why (``# lazy: start-up of X`` or ``# cycle: A imports B``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis import config

SRC = config.PACKAGE_DIR.parent
MODULES = sorted(config.PACKAGE_DIR.rglob("*.py"))
_REASON = re.compile(r"#\s*(lazy|cycle):\s*\S")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level(body: list[ast.stmt]):
    """The imports run when the module is imported (under if/try at module level too), not TYPE_CHECKING's."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
            yield from _top_level(node.body + node.orelse)
        elif isinstance(node, ast.Try):
            yield from _top_level(node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body])


def imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The module names an import statement may load (for `from a import b`: a and a.b)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
    return [base, *(f"{base}.{a.name}" for a in node.names)]


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the package modules its module-level imports load."""
    names = {module_name(p) for p in MODULES}
    graph = {}
    for path in MODULES:
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = {n for node in _top_level(tree.body) for n in imported(node, module, path.name == "__init__.py")}
        graph[module] = {n for n in found if n in names and n != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def inner_imports(path: Path) -> list[tuple[int, str]]:
    """The imports of a module that run inside a function, with the comment that gives their reason:
    on the import's own line or the line above its group of imports ("" when there is none)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    top = {id(n) for n in _top_level(tree.body)}
    typing_only = {id(m) for n in ast.walk(tree) if isinstance(n, ast.If) and isinstance(n.test, ast.Name)
                   and n.test.id == "TYPE_CHECKING" for m in ast.walk(n)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top | typing_only:
            reason, line = "", node.lineno - 1
            while line >= 0 and not reason:
                here = lines[line].strip()
                if _REASON.search(here):
                    reason = here
                elif not (here.startswith(("import ", "from ")) or here == "") or line < node.lineno - 12:
                    break
                line -= 1
            found.append((node.lineno, reason))
    return found


def test_no_import_cycle_among_the_package_modules():
    graph = import_graph()
    assert "analysis.ingest" in graph and "analysis.readers" in graph["analysis.ingest"]  # the graph is read
    assert cycles(graph) == []


def test_cycles_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", MODULES,
                         ids=lambda p: module_name(p))
def test_an_import_inside_a_function_says_why(path):
    missing = [line for line, reason in inner_imports(path) if not reason]
    assert not missing, f"{path.name}: imports inside functions without '# lazy: ...' or '# cycle: ...' at lines {missing}"


def test_inner_imports_reads_the_reason_of_a_group(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    # lazy: start-up of x\n    import json\n    import csv\n\n"
                      "def g():\n    import io\n", encoding="utf-8")
    assert inner_imports(module) == [(3, "# lazy: start-up of x"), (4, "# lazy: start-up of x"), (7, "")]
