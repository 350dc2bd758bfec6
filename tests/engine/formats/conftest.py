"""Fixtures for the tool-export tests: the hand-written files in ./fixtures and the variants
that cannot be stored as plain text (UTF-16, GB18030, XLSX, CRLF), generated from them."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8-sig")


def grid_of(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(fixture_text(name), newline="")))


def write_xlsx(path: Path, grid: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in grid:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def fixture_path():
    return lambda name: FIXTURES / name


@pytest.fixture
def variant(tmp_path):
    """variant(kind) → a generated file of that kind."""

    def make(kind: str) -> Path:
        if kind == "qualtrics_tsv_utf16":
            out = io.StringIO()
            csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(
                grid_of("qualtrics_current.csv"))
            p = tmp_path / "survey.tsv"
            p.write_bytes(b"\xff\xfe" + out.getvalue().encode("utf-16-le"))
            return p
        if kind == "qualtrics_crlf":
            p = tmp_path / "survey_crlf.csv"
            out = io.StringIO()
            csv.writer(out, lineterminator="\r\n").writerows(grid_of("qualtrics_current.csv"))
            p.write_bytes(out.getvalue().encode("utf-8"))
            return p
        if kind == "qualtrics_xlsx":
            grid = [[c if c != "" else None for c in row] for row in
                    grid_of("qualtrics_current.csv")]
            return write_xlsx(tmp_path / "survey.xlsx", grid)
        if kind == "wjx_gb18030":
            p = tmp_path / "wjx_gbk.csv"
            p.write_bytes(fixture_text("wjx_number.csv").replace("\n", "\r\n")
                          .encode("gb18030"))
            return p
        if kind == "wjx_xlsx":
            grid = grid_of("wjx_text.csv")
            # real date cells and an Excel serial (a re-saved workbook), numbers as numbers
            grid[1][1] = datetime(2017, 9, 14, 19, 16, 53)
            grid[2][1] = 45292.5                 # 2024-01-01 12:00
            for row in grid[1:]:
                row[0] = int(row[0])
                row[9] = int(row[9]) if row[9].lstrip("-").isdigit() else row[9]
            return write_xlsx(tmp_path / "wjx.xlsx", grid)
        if kind == "google_play_utf16":
            p = tmp_path / "reviews_com.example.shop_202609.csv"
            p.write_bytes(b"\xff\xfe" + fixture_text("google_play.csv").replace("\n", "\r\n")
                          .encode("utf-16-le"))
            return p
        if kind == "wecom_encrypted":
            p = tmp_path / "chatdata.json"
            p.write_text('{"errcode":0,"errmsg":"ok","chatdata":[{"seq":196,"msgid":"CAQQ2",'
                         '"publickey_ver":3,"encrypt_random_key":"ftJ+uz3n","encrypt_chat_msg":'
                         '"898WSfGMnIeytTsea7Rc0WsOocs0bIAerF6de0v2cFwqo9uOxrW9wYe5rCjCHHH5bDrNvL'
                         'xBE/xOoFfcwOTYX0HQxTJaH0ES9OHDZ61p8gcbfGdJKnq2UU4tAEgGb8H+Q9n8syRXIjaI3"}]}',
                         encoding="utf-8")
            return p
        raise KeyError(kind)

    return make
