"""`vocdesk report`: a pack, its manifest, a byte-identical rebuild in another process, refusals."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pandas as pd
import pytest

from vocdesk.cli import main
from vocdesk.engine.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from vocdesk.engine.demo_workspace import build_demo_workspace

    path = tmp_path_factory.mktemp("cli-report") / "demo.vocdesk"
    build_demo_workspace(path, rows=1200)
    return path


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_then_rebuild_from_the_manifest_in_a_new_process_is_byte_identical(
        demo, tmp_path, capsys):
    out = tmp_path / "defect.pdf"
    assert main(["report", str(demo), "--out", str(out), "--where", "category=产品质量",
                 "--where", "category=功能体验", "--from", "2026-01-01", "--to", "2026-08-31",
                 "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["pages"] >= 2 and res["rows"] > 50 and res["changed"] == []
    man = json.loads((tmp_path / "defect.manifest.json").read_text("utf-8"))
    assert man["spec"]["where"] == {"category": ["产品质量", "功能体验"]}
    assert man["filter"]["date_from"] == "2026-01-01"
    again = tmp_path / "again.pdf"
    # the manifest names the workspace file, not the analyst's folders; a rebuild run in
    # the workspace's folder finds it
    assert man["spec"]["workspace"] == demo.name
    assert str(demo.parent) not in (tmp_path / "defect.manifest.json").read_text("utf-8")
    proc = subprocess.run([sys.executable, "-m", "vocdesk", "report", "--from-manifest",
                           str(tmp_path / "defect.manifest.json"), "--out", str(again)],
                          capture_output=True, text=True, timeout=300, cwd=demo.parent)
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout
    assert _sha(again) == _sha(out)
    # the pack itself carries the manifest: rebuilding from the PDF gives the same bytes too
    third = tmp_path / "third.pdf"
    assert main(["report", str(demo), "--from-manifest", str(out), "--out", str(third)]) == 0
    assert _sha(third) == _sha(out)


def test_rebuild_names_the_figures_whose_rows_changed(demo, tmp_path, capsys):
    out = tmp_path / "w.pdf"
    assert main(["report", str(demo), "--out", str(out), "--template", "weekly",
                 "--where", "channel=ticket"]) == 0
    man_path = tmp_path / "w.manifest.json"
    man = json.loads(man_path.read_text("utf-8"))
    man["figures"][0]["lineage"]["ids_sha256"] = "0" * 64      # as if the rows had changed
    man_path.write_text(json.dumps(man, ensure_ascii=False), "utf-8")
    capsys.readouterr()
    assert main(["report", str(demo), "--from-manifest", str(man_path), "--out",
                 str(tmp_path / "w2.pdf")]) == 0
    assert f"rows behind {man['figures'][0]['id']} changed" in capsys.readouterr().out


def test_a_pack_that_would_show_a_phone_number_is_refused(tmp_path, capsys):
    path = tmp_path / "raw.vocdesk"
    rows = [{"text": f"耳机断连第{i}次", "created_at": "2026-02-03 10:00", "channel": "chat"}
            for i in range(12)]
    rows[3]["text"] = "耳机断连，联系我 139 1234 5678"
    with Workspace.create(path) as ws:
        ws.imports.import_dataframe(pd.DataFrame(rows), "test:raw", redact=False)
        ws.analyze(workers=1)
    out = tmp_path / "pack.pdf"
    assert main(["report", str(path), "--out", str(out), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "refused to write" in err and "mobile" in err and str(out) in err
    assert "5678" not in err
    assert not out.exists() and not (tmp_path / "pack.manifest.json").exists()


@pytest.mark.parametrize("args, message", [
    (["--where", "category"], "expected FACET=VALUE"),
    (["--where", "flavour=sweet"], "no facet 'flavour'"),
    (["--template", "memo"], "invalid choice"),
])
def test_bad_arguments_say_what_is_wrong(demo, tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) if "invalid choice" in message else _nothing():
        code = main(["report", str(demo), "--out", str(tmp_path / "x.pdf"), *args])
        assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


class _nothing:  # noqa: N801 - a null context manager that reads like pytest.raises
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_out_must_be_a_pdf_and_a_manifest_must_be_one(demo, tmp_path, capsys):
    assert main(["report", str(demo), "--out", str(tmp_path / "x.docx")]) == 2
    assert "a pack is a .pdf file" in capsys.readouterr().err
    bogus = tmp_path / "m.json"
    bogus.write_text('{"hello": 1}', "utf-8")
    assert main(["report", "--from-manifest", str(bogus), "--out", str(tmp_path / "y.pdf")]) == 2
    assert "not a vocdesk report manifest" in capsys.readouterr().err


def test_rebuild_without_the_workspace_at_hand_says_how(demo, tmp_path, capsys, monkeypatch):
    out = tmp_path / "d.pdf"
    assert main(["report", str(demo), "--out", str(out)]) == 0
    monkeypatch.chdir(tmp_path)                 # neither beside the manifest nor here
    capsys.readouterr()
    assert main(["report", "--from-manifest", str(out), "--out", str(tmp_path / "e.pdf")]) == 2
    err = capsys.readouterr().err
    assert demo.name in err and "--from-manifest" in err
