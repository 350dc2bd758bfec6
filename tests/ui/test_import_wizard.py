"""Import wizard: preview of a GBK CSV, mapping edits, background import, errors, cancel."""

from __future__ import annotations

import pytest

from tests.conftest import TEXTS
from tests.ui.pagetest import PageTest
from vocdesk.engine.workspace import Workspace
from vocdesk.ui.pages.import_wizard import ImportWizard


@pytest.fixture
def session(session_on, tmp_path):
    Workspace.create(tmp_path / "i.vocdesk").close()
    return session_on(tmp_path / "i.vocdesk")


def write_gbk_csv(path, n=8, bad_rows=()):
    lines = ["评论内容,评分,时间,门店,情感标注"]
    for i in range(n):
        score = "九" if i in bad_rows else str(1 + i % 5)
        lines.append(f"{TEXTS[i % len(TEXTS)].replace(',', '，')} 第{i}条,{score},"
                     f"2026-02-{1 + i % 28:02d} 09:30,北京{i % 3}店,{'正面' if i % 2 else '负面'}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


class TestImportWizard(PageTest):
    page_module = "import_wizard"

    def make_page(self, session, tmp_path):
        self.file = write_gbk_csv(tmp_path / "tiny.csv", n=3)
        return ImportWizard(session, [str(self.file)])

    def check_page(self, w, session, n_rows):
        assert str(self.file) in w.plans and w.preview_view.model().rowCount() == 3


def _wizard(qtbot, open_page, session, files):
    w = open_page(ImportWizard(session, [str(f) for f in files]), size=None)
    qtbot.waitUntil(lambda: str(files[0]) in w.plans, timeout=10000)
    return w


def _count(session) -> int:
    return session.workspace.stats()["feedback"]


def test_preview_shows_encoding_and_mapping(qtbot, open_page, session, tmp_path):
    f = write_gbk_csv(tmp_path / "反馈.csv")
    w = _wizard(qtbot, open_page, session, [f])
    info = w.info_label.text().lower()
    assert "gb18030" in info or "gbk" in info
    assert "csv" in info and "8" in info
    model = w.preview_view.model()
    assert model.columnCount() == 5 and model.rowCount() == 8
    assert model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) \
        == "评论内容"
    assert "第0条" in model.index(0, 0).data()
    assert w.field_combos["text"].currentText() == "评论内容"
    assert w.field_combos["rating"].currentText() == "评分"
    assert w.field_combos["created_at"].currentText() == "时间"
    assert w.field_combos["store"].currentText() == "门店"


def test_mapping_edit_and_background_import(qtbot, open_page, session, tmp_path):
    f = write_gbk_csv(tmp_path / "a.csv")
    w = _wizard(qtbot, open_page, session, [f])
    w.set_mapping("tag.sentiment", "情感标注")     # existing human coding
    w.set_mapping("rating", None)                  # a detected field switched off
    assert w.mapping() == {"text": "评论内容", "created_at": "时间", "store": "门店",
                           "tag.sentiment": "情感标注"}
    # a column feeds one field: giving 门店 to region takes it away from store
    w.set_mapping("region", "门店")
    assert "store" not in w.mapping() and w.mapping()["region"] == "门店"
    w.channel_combo.setEditText("wechat")
    w.redact_check.setChecked(False)
    before = _count(session)
    with qtbot.waitSignal(w.import_finished, timeout=60000) as got:
        w.import_button.click()
        assert w.job is not None and w.cancel_button.isEnabled()
        assert not w.import_button.isEnabled()
    outcome = got.args[0]
    assert outcome.rows_imported == 8
    qtbot.waitUntil(lambda: w.job is None)
    assert _count(session) == before + 8
    rows = session.workspace.feedback([1, 2])
    assert rows[0]["rating"] is None and rows[0]["region"] == "北京0店"
    assert rows[0]["channel"] == "wechat"
    tags = session.workspace.effective_tags([1, 2])
    assert tags[1]["sentiment"][0]["origin_kind"] == "human"
    assert tags[1]["sentiment"][0]["value"] == "negative"
    assert "8" in w.result_label.text()
    assert not w.errors_view.isVisible()


def test_errors_table_lists_file_row_column(qtbot, open_page, session, tmp_path):
    f = write_gbk_csv(tmp_path / "bad.csv", n=6, bad_rows=(1, 4))
    w = _wizard(qtbot, open_page, session, [f])
    with qtbot.waitSignal(w.import_finished, timeout=60000):
        w.import_button.click()
    rows = w.errors_model.rows()
    assert [(r[0], r[1], r[2]) for r in rows] == [("bad.csv", "3", "评分"), ("bad.csv", "6", "评分")]
    assert all(r[3] for r in rows)
    assert w.errors_view.isVisible()
    assert _count(session) == 4


def test_cancel_leaves_workspace_unchanged(qtbot, open_page, session, tmp_path):
    small = write_gbk_csv(tmp_path / "first.csv", n=5)
    big = tmp_path / "big.csv"
    lines = ["评论内容,时间"] + [f"{TEXTS[i % len(TEXTS)].replace(',', '，')} {i},"
                              f"2026-03-{1 + i % 28:02d} 10:{i % 60:02d}" for i in range(12000)]
    big.write_text("\n".join(lines), encoding="utf-8")
    w = _wizard(qtbot, open_page, session, [small, big])
    before = (_count(session), len(session.workspace.sources()))

    seen = []

    def cancel_on_first_progress(*args):
        if not seen and w.job is not None:
            seen.append(args)
            w.cancel()

    with qtbot.waitSignal(w.import_cancelled, timeout=60000):
        w.import_button.click()
        w.job.signals.progress.connect(cancel_on_first_progress)
    qtbot.waitUntil(lambda: w.job is None)
    assert seen, "the cancel came from a progress signal"
    assert (_count(session), len(session.workspace.sources())) == before
    assert "unchanged" in w.result_label.text() or "未改变" in w.result_label.text()
    assert w.import_button.isEnabled()


def test_customer_data_import(qtbot, open_page, session, tmp_path):
    f = tmp_path / "客户.csv"
    f.write_text("客户ID,会员等级,累计消费\nc1,VIP,12000\nc2,普通,300\n", encoding="utf-8")
    w = _wizard(qtbot, open_page, session, [f])
    assert "text" in w.field_combos and "segment" not in w.field_combos
    w.kind_combo.setCurrentIndex(w.kind_combo.findData("customers"))
    qtbot.waitUntil(lambda: str(f) in w.plans, timeout=10000)
    assert w.field_combos["customer_id"].currentText() == "客户ID"
    assert w.field_combos["segment"].currentText() == "会员等级"
    assert w.field_combos["lifetime_value"].currentText() == "累计消费"
    assert not w.channel_combo.isEnabled()
    with qtbot.waitSignal(w.import_finished, timeout=60000):
        w.import_button.click()
    c = session.workspace.customer("c1")
    assert c["segment"] == "VIP" and c["lifetime_value"] == 12000
    assert _count(session) == 0


def test_preview_warns_when_the_mapping_would_reject_every_row(qtbot, open_page, session,
                                                                tmp_path):
    f = tmp_path / "auto_wrong.csv"
    f.write_text("评论,评分\n" + "".join(f"第{i}条意见,很好\n" for i in range(25)),
                 encoding="utf-8")
    w = _wizard(qtbot, open_page, session, [f])
    info = w.info_label.text()
    assert "looks wrong" in info and "25 of the first 25 rows" in info and "--map" in info
