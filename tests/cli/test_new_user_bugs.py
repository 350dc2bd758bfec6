"""What a new user hit on the command line: exit codes from the README's table, messages that
say what to do, demo --rows validation, a quick no-op analyze, XLSX export of real reviews."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run
from vocdesk import cli
from vocdesk.cli import EXIT_INPUT, EXIT_USAGE

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")




@pytest.fixture
def small_csv(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("text,x\n快递太慢了,1\n客服很好,2\n", encoding="utf-8")
    return path


def test_the_readme_states_the_exit_codes_tested_here():
    assert "`2` usage error, `3` input error" in README


def test_missing_workspace_is_an_input_error_that_says_how_to_create_one(tmp_path, small_csv,
                                                                         capsys):
    missing = tmp_path / "new.vocdesk"
    assert run("import", missing, small_csv) == EXIT_INPUT
    err = capsys.readouterr().err
    assert f"vocdesk init {missing}" in err and "creates one" in err
    assert run("stats", missing) == EXIT_INPUT
    assert not missing.exists()


def test_a_file_that_is_not_sqlite_is_an_input_error(tmp_path, capsys):
    bogus = tmp_path / "notes.vocdesk"
    bogus.write_text("hello", encoding="utf-8")
    assert run("stats", bogus) == EXIT_INPUT
    assert "not an SQLite file" in capsys.readouterr().err
    empty = tmp_path / "empty.vocdesk"
    empty.write_bytes(b"")
    assert run("stats", empty) == EXIT_INPUT


def test_a_directory_as_workspace_or_import_file_says_is_a_directory(ws, tmp_path, capsys):
    assert run("stats", tmp_path) == EXIT_INPUT
    assert "is a directory" in capsys.readouterr().err
    assert run("import", ws, tmp_path) == EXIT_INPUT
    assert "is a directory" in capsys.readouterr().err


def test_map_to_a_missing_column_is_an_input_error_naming_the_columns(ws, small_csv, capsys):
    assert run("import", ws, small_csv, "--map", "created_at=when") == EXIT_INPUT
    err = capsys.readouterr().err
    assert "'when'" in err and "text, x" in err and "nothing from this file was written" in err
    assert run("import", ws, small_csv, "--map", "nonsense") == EXIT_USAGE   # a malformed option


def test_taxonomy_import_names_the_formats_and_export_refuses_unknown_extensions(ws, tmp_path,
                                                                                capsys):
    readme = tmp_path / "README.md"
    readme.write_text("# not a taxonomy\n- **a**: b\n", encoding="utf-8")
    assert run("taxonomy", ws, "import", readme) == EXIT_INPUT
    err = capsys.readouterr().err
    assert ".yaml" in err and ".json" in err
    out = tmp_path / "tax.txt"
    assert run("taxonomy", ws, "export", out) == EXIT_USAGE
    assert not out.exists() and ".yaml, .yml or .json" in capsys.readouterr().err
    assert run("taxonomy", ws, "export", tmp_path / "tax.yml") == 0
    assert run("taxonomy", ws, "import", tmp_path / "tax.yml") == 0


@pytest.mark.parametrize("rows", ["10", "0", "-5", "abc", "499"])
def test_demo_rows_below_the_minimum_is_a_usage_error(tmp_path, rows, capsys):
    target = tmp_path / "d.vocdesk"
    with pytest.raises(SystemExit) as exc:
        run("demo", f"--rows={rows}", "--workspace", target)
    assert exc.value.code == EXIT_USAGE
    assert "500" in capsys.readouterr().err or rows == "abc"
    assert not target.exists()


def test_demo_defaults_to_the_same_file_as_scripts_demo_sh():
    script = (Path(__file__).resolve().parents[2] / "scripts/demo.sh").read_text("utf-8")
    assert f'"${{1:-{cli.DEFAULT_DEMO}}}"' in script
    assert not cli.DEFAULT_DEMO.is_absolute()     # the current folder, not the home directory


def test_the_summary_names_a_command_that_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = cli.command_name()
    first = name.split(" ")[0]
    if name == "vocdesk":
        import shutil

        assert shutil.which("vocdesk")
    else:
        assert Path(first).exists() or Path(tmp_path, first).exists()
    out = subprocess.run([*name.split(" "), "--version"], capture_output=True, text=True,
                         cwd=tmp_path, check=True).stdout
    assert out.startswith("vocdesk ")


def test_analyze_with_nothing_to_do_loads_no_models(ws, small_csv, tmp_path):
    """The work count is checked before sklearn, jieba's dictionary and the models load."""
    assert run("import", ws, small_csv) == 0
    assert run("analyze", ws) == 0
    probe = (
        "import sys, json\n"
        "from vocdesk.cli import main\n"
        f"code = main(['analyze', {str(ws)!r}])\n"
        "import vocdesk.engine.text.segment as seg\n"
        "print(json.dumps({'code': code, 'sklearn': 'sklearn' in sys.modules,\n"
        "                  'dictionary': seg._base is not None}))\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=tmp_path)
    assert "already analysed" in proc.stdout
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got == {"code": 0, "sklearn": False, "dictionary": False}


@pytest.mark.shared_data
def test_xlsx_export_of_the_waimai_reviews_with_control_characters(shared_data, ws, tmp_path):
    from openpyxl import load_workbook

    src = shared_data / "waimai_10k.csv"
    with src.open(encoding="utf-8") as fh:
        dirty = [r["review"] for r in csv.DictReader(fh)
                 if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", r["review"])]
    assert dirty, "the shared file is expected to hold control characters"
    assert run("import", ws, src) == 0
    out = tmp_path / "out.xlsx"
    assert run("export", ws, out) == 0
    sheet = load_workbook(out, read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    col = header.index("text")
    texts = [r[col] for r in rows]
    assert len(texts) > 11_000
    clean = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", dirty[0])
    assert clean in texts                        # the row is there, minus what XLSX cannot hold
