"""The floor plan holds: rooms depend one way, and no code dodges it.

``pyproject.toml`` ([tool.importlinter]) states the direction of the rooms,
lowest last (DESIGN.md, "Architecture"); import-linter checks every import
of the project against it, and that no two modules of a package import each
other round a circle. What import-linter does not see is checked here: an
import written inside a function so that a cycle goes unnoticed, and a module
reaching for another module's ``_private`` name.
"""

import ast
from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ("portal", "accounts", "ordering", "pages")


def _modules():
    for package in PROJECT:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(), filename=str(path))


def _is_project(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] in PROJECT


def _imports_inside_functions(tree: ast.Module):
    """Imports of project modules inside a function, except AppConfig.ready()
    (Django's place to connect signal receivers once the apps are loaded)."""
    for scope in ast.walk(tree):
        if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if scope.name == "ready":
            continue
        for node in ast.walk(scope):
            if isinstance(node, ast.ImportFrom) and _is_project(node.module):
                yield node.lineno, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if _is_project(alias.name):
                        yield node.lineno, alias.name


def test_the_rooms_depend_one_way_and_no_package_has_a_circle(monkeypatch):
    # import-linter prints which import breaks which contract (shown on failure).
    monkeypatch.chdir(ROOT)
    status = lint_imports(
        config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True
    )
    assert status == EXIT_STATUS_SUCCESS


def test_no_project_module_is_imported_inside_a_function():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path, tree in _modules()
        for line, module in _imports_inside_functions(tree)
    ]
    assert found == []


def test_no_module_imports_another_modules_private_name():
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}.{alias.name}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and _is_project(node.module)
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert found == []


# Past these sizes a module or a view holds more than one thing to learn at
# once (issue 15): split where the business shows, do not raise the limits.
MODULE_MAX_LINES = 400
VIEW_MAX_LINES = 35


def test_no_module_outgrows_one_read():
    found = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path, _tree in _modules()
        if "demo" not in path.parts
        for lines in [len(path.read_text().splitlines())]
        if lines > MODULE_MAX_LINES
    ]
    assert found == []


def _code_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of the body, its docstring left out."""
    body = function.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def test_no_view_outgrows_one_screen():
    """Views (and their helpers taking the request) parse, call a service or a
    selector, and render: a longer one holds a rule that belongs elsewhere."""
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {lines} lines"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.args.args
        and node.args.args[0].arg == "request"
        for lines in [_code_lines(node)]
        if lines > VIEW_MAX_LINES
    ]
    assert found == []
