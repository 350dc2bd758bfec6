"""House rules that keep the design visible: a headless engine, SQL only in the store."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "vocdesk"

SQL = re.compile(
    r"\b(insert\s+(or\s+\w+\s+)?into|delete\s+from|create\s+(table|index|view|trigger|virtual)"
    r"|update\s+\w+\s+set|select\s+(\*|count\(|distinct|[a-z_.]+\s*,\s*[a-z_.]+).*\bfrom\b)",
    re.IGNORECASE)
QT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|pyqtgraph|PyQt\d?)\b", re.MULTILINE)


def _py(under: Path) -> list[Path]:
    return sorted(p for p in under.rglob("*.py") if "__pycache__" not in p.parts)


def test_engine_never_imports_qt() -> None:
    offenders = [str(p.relative_to(REPO)) for p in _py(PKG / "engine") if QT.search(p.read_text())]
    assert offenders == []


def test_sql_only_in_the_store() -> None:
    store = PKG / "engine" / "store"
    offenders = [str(p.relative_to(REPO)) for p in _py(PKG)
                 if store not in p.parents and SQL.search(p.read_text())]
    assert offenders == []


def test_import_contracts_hold() -> None:
    """import-linter: engine → no Qt/pyqtgraph/ui; ui above engine."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or \
        shutil.which("lint-imports")
    assert exe, "import-linter is not installed (pip install -e .[test])"
    res = subprocess.run([exe, "--config", str(REPO / "pyproject.toml")], cwd=REPO,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_importing_the_engine_loads_no_qt() -> None:
    code = ("import sys, vocdesk.engine.workspace, vocdesk.cli; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyqtgraph')]; print(bad); assert not bad")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_ruff_is_clean() -> None:
    """The whole lint set, not just syntax errors (QualCoder's lesson)."""
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert exe, "ruff is not installed (pip install -e .[test])"
    res = subprocess.run([exe, "check", "vocdesk", "tests", "benchmarks", "tools"], cwd=REPO,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr


def test_no_module_is_a_god_file() -> None:
    big = {str(p.relative_to(REPO)): n for p in _py(PKG)
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert big == {}


def _outside_engine_touches(source: str) -> list[str]:
    """``.db`` / ``.conn`` attribute uses and store imports in one module's source."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("db", "conn"):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "vocdesk.engine.store") and not all(a.name in STORE_NAMES_ALLOWED
                                                   for a in node.names):
            found.append(f"line {node.lineno}: from {node.module} import …")
    return found


#: Plain helpers from the store that take no connection (a message, a path).
STORE_NAMES_ALLOWED = {"backup_hint"}


def test_nothing_outside_the_engine_touches_the_connection() -> None:
    """CLI and GUI call ``Workspace`` and its sub-services (``ws.imports``, ``ws.browse``,
    ``ws.review``, ``ws.accuracy`` …), never ``ws.db``, its connection or the store."""
    offenders = {str(p.relative_to(REPO)): hits for p in _py(PKG)
                 if PKG / "engine" not in p.parents
                 and (hits := _outside_engine_touches(p.read_text("utf-8")))}
    assert offenders == {}


def test_the_connection_check_finds_what_it_forbids() -> None:
    assert _outside_engine_touches("def f(ws):\n    return ws.db.execute('x')\n")
    assert _outside_engine_touches("w.session.workspace.db.conn.commit()\n")
    assert _outside_engine_touches("from vocdesk.engine.store import tags\n")
    assert not _outside_engine_touches("def f(ws):\n    return ws.browse.ids()\n")
