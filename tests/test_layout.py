"""The layout's rules, checked on the source: each package imports only the layers below it
(README "Layout"), and only monitor/store runs SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "monitor"
SHARED = {"models", "errors", "settings", "watchlists", "metrics"}
ALLOWED = {
    "text": SHARED,
    "net": SHARED | {"text"},
    "facts": SHARED | {"text"},
    "store": SHARED | {"text"},
    "ingest": SHARED | {"text", "net", "facts", "store"},
    "alerts": SHARED | {"store", "net"},
    "web": SHARED | {"text", "facts", "store", "alerts", "app"},
}
SQL = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE)\b[^\"']*\b(?:FROM|INTO|SET)\b")


def imported(path: Path) -> set[str]:
    """The monitor packages or modules a file imports (first part after `monitor.`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("monitor"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("monitor."))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_package_imports_upwards(package: str) -> None:
    for path in sorted((PACKAGE / package).glob("*.py")):
        wrong = imported(path) - ALLOWED[package] - {package}
        assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)}"


def test_the_shared_modules_import_no_package() -> None:
    packages = set(ALLOWED) | {"app"}
    for name in SHARED:
        assert not imported(PACKAGE / f"{name}.py") & packages, name


def test_only_the_store_runs_sql() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "store":
            continue
        text = path.read_text()
        assert ".execute(" not in text, path
        assert not SQL.search(text), f"SQL in {path.relative_to(PACKAGE)}"


def _top_level_names(tree: ast.Module) -> list[str]:
    """Every name a module binds at its top level, by assignment or definition, in order."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
    return names


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_binds_a_top_level_name_twice(path: Path) -> None:
    """A second `STARTING = ...` far down a long module silently replaced the first for
    every rule that used it (stop 37); a module names each constant and function once."""
    names = _top_level_names(ast.parse(path.read_text()))
    assert sorted({n for n in names if names.count(n) > 1}) == []
