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
