"""Importing files: encodings, mapping, human coding, duplicates, redaction, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from vocdesk.engine.errors import InputError
from vocdesk.engine.workspace import Workspace


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.vocdesk") as w:
        yield w


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def _count(ws) -> int:
    return ws.stats()["feedback"]


CN_CSV = ("评论内容,评论时间,星级,门店,客户ID\n"
          "快递太慢了，等了五天,2026/3/2 9:05:07,2,静安店,C001\n"
          "客服态度很好，耐心解答,2026-03-03 10:00,5,徐汇店,C002\n"
          "\"包装破损，里面的东西也坏了，\"\"非常失望\"\"\",2026-03-04,1,静安店,C003\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(ws, tmp_path, encoding):
    path = _write(tmp_path / "reviews.csv", CN_CSV, encoding)
    report = ws.imports.import_file(path)
    assert report.rows_imported == 3
    rows = ws.feedback([1, 2, 3])
    assert rows[0]["text"] == "快递太慢了，等了五天"
    assert rows[2]["text"] == "包装破损，里面的东西也坏了，\"非常失望\""


def test_chinese_headers_are_mapped(ws, tmp_path):
    path = _write(tmp_path / "reviews.csv", CN_CSV, "gbk")
    plan = ws.imports.plan(path)
    assert plan.mapping["text"] == "评论内容"
    assert plan.mapping["created_at"] == "评论时间"
    assert plan.mapping["rating"] == "星级"
    assert plan.mapping["store"] == "门店"
    assert plan.mapping["customer_id"] == "客户ID"
    ws.imports.import_file(path)
    row = ws.feedback([1])[0]
    assert row["created_at"] == "2026-03-02T09:05:07+08:00"
    assert row["rating"] == 2 and row["store"] == "静安店" and row["customer_id"] == "C001"


def test_english_headers_and_other_columns_kept_as_attributes(ws, tmp_path):
    path = _write(tmp_path / "r.csv", "review_id,Review Text,Date,Stars,App Version\n"
                                      "r1,Love it,2026-03-01T10:00:00Z,5,5.2.1\n")
    ws.imports.import_file(path)
    row = ws.feedback([1])[0]
    assert row["external_id"] == "r1"
    assert row["created_at"] == "2026-03-01T10:00:00+00:00"
    assert row["attributes"] == {"App Version": "5.2.1"}
    assert row["language"] == "en"


def test_map_override_and_unknown_column(ws, tmp_path):
    path = _write(tmp_path / "r.csv", "a,b\n第一条反馈,很好\n")
    with pytest.raises(InputError, match="--map text=COLUMN"):
        ws.imports.import_file(path)
    ws.imports.import_file(path, mapping={"text": "b"})
    assert ws.feedback([1])[0]["text"] == "很好"
    with pytest.raises(InputError, match="column 'zzz': not in the file"):
        ws.imports.import_file(path, mapping={"text": "zzz"})


def test_tsv_json_jsonl_xlsx(ws, tmp_path):
    _write(tmp_path / "a.tsv", "text\tchannel\n物流很快\tapp_store\n")
    (tmp_path / "b.json").write_text(json.dumps(
        {"reviews": [{"id": 1, "content": "价格实惠", "user": {"id": "U1"}}]},
        ensure_ascii=False), encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "退款太慢"}\n\n{"text": "Great app"}\n',
                                      encoding="utf-8")
    pd.DataFrame({"评价": ["门店环境不错"], "评分": [4]}).to_excel(tmp_path / "d.xlsx",
                                                                 index=False)
    for name in ("a.tsv", "b.json", "c.jsonl", "d.xlsx"):
        report = ws.imports.import_file(tmp_path / name)
        assert report.rows_bad == 0, report.problems
    texts = {r["text"] for r in ws.feedback(list(range(1, 6)))}
    assert texts == {"物流很快", "价格实惠", "退款太慢", "Great app", "门店环境不错"}
    assert ws.feedback([1])[0]["channel"] == "app_store"
    assert ws.feedback([2])[0]["customer_id"] == "U1"   # nested user.id is flattened


def test_reimport_adds_no_duplicates(ws, tmp_path):
    path = _write(tmp_path / "r.csv", CN_CSV)
    ws.imports.import_file(path)
    again = ws.imports.import_file(path)
    assert (again.rows_imported, again.rows_duplicate) == (0, 3)
    overlap = _write(tmp_path / "r2.csv", CN_CSV.splitlines()[0] + "\n" +
                     "\n".join(CN_CSV.splitlines()[2:]) + "\n新的一条,2026-03-05,3,静安店,C9\n")
    rep = ws.imports.import_file(overlap)
    assert (rep.rows_imported, rep.rows_duplicate) == (1, 2)
    assert _count(ws) == 4


def test_reimport_by_external_id(ws, tmp_path):
    _write(tmp_path / "a.csv", "id,text\n7,第一版文字\n")
    _write(tmp_path / "b.csv", "id,text\n7,编辑过的文字\n8,另一条\n")
    ws.imports.import_file(tmp_path / "a.csv")
    rep = ws.imports.import_file(tmp_path / "b.csv")
    assert (rep.rows_imported, rep.rows_duplicate) == (1, 1)


@pytest.mark.parametrize("labels,expected", [
    (["1", "0", "1"], ["positive", "negative", "positive"]),            # two-class
    (["1", "0", "-1"], ["positive", "neutral", "negative"]),            # three-class
    (["正面", "中性", "负面"], ["positive", "neutral", "negative"]),
    (["positive", "neutral", "negative"], ["positive", "neutral", "negative"]),
])
def test_human_sentiment_coding_is_imported(ws, tmp_path, labels, expected):
    body = "\n".join(f"{t},{lab}" for t, lab in zip(["好吃", "一般", "难吃"], labels, strict=True))
    _write(tmp_path / "l.csv", "review,label\n" + body + "\n")
    rep = ws.imports.import_file(tmp_path / "l.csv", mapping={"tag.sentiment": "label"})
    assert rep.human_tags == 3
    eff = ws.effective_tags([1, 2, 3])
    assert [eff[i]["sentiment"][0]["value"] for i in (1, 2, 3)] == expected
    assert all(eff[i]["sentiment"][0]["origin"] == "imported" for i in (1, 2, 3))


def test_client_coding_scheme_values_are_added_and_reported(ws, tmp_path):
    _write(tmp_path / "c.csv", "text,cat\n会员积分没到账,会员权益|积分\n配送慢,物流配送\n")
    rep = ws.imports.import_file(tmp_path / "c.csv", mapping={"tag.category": "cat"})
    assert rep.new_values == {"category": ["会员权益", "积分"]}
    assert [t["value"] for t in ws.effective_tags([1])[1]["category"]] == ["会员权益", "积分"]


def test_imported_coding_never_overwrites_an_analyst(ws, tmp_path):
    path = _write(tmp_path / "l.csv", "review,label\n好吃,1\n")
    ws.imports.import_file(tmp_path / "l.csv")
    ws.set_human_tags([1], "sentiment", ["neutral"], who="ana")
    rep = ws.imports.import_file(path, mapping={"tag.sentiment": "label"})
    assert rep.human_tags == 0 and rep.human_tags_kept == 1
    assert ws.effective_tags([1])[1]["sentiment"][0]["value"] == "neutral"


def test_pii_is_redacted_and_counted(ws, tmp_path):
    _write(tmp_path / "p.csv", "text\n客服让我留电话13812345678，邮箱abc.d@qq.com\n没有隐私\n")
    rep = ws.imports.import_file(tmp_path / "p.csv")
    assert rep.redactions == {"mobile": 1, "email": 1}
    assert ws.feedback([1])[0]["text"] == "客服让我留电话[手机号]，邮箱[邮箱]"
    source = ws.sources()[-1]
    assert source["redactions"] == {"mobile": 1, "email": 1}


def test_no_redact_keeps_text(ws, tmp_path):
    _write(tmp_path / "p.csv", "text\n电话13812345678\n")
    ws.imports.import_file(tmp_path / "p.csv", redact=False)
    assert ws.feedback([1])[0]["text"] == "电话13812345678"


def test_customers_are_imported_and_updated(ws, tmp_path):
    _write(tmp_path / "c.csv", "客户ID,会员等级,订单数,是否复购,是否流失,累计消费,城市\n"
                               "C1,金卡,12,是,否,8800.5,上海\nC2,普通,1,否,是,99,北京\n")
    rep = ws.imports.import_file(tmp_path / "c.csv", kind="customers")
    assert rep.rows_imported == 2
    c1 = ws.customer("C1")
    assert (c1["segment"], c1["orders"], c1["repurchase"], c1["churned"], c1["lifetime_value"],
            c1["region"]) == ("金卡", 12, 1, 0, 8800.5, "上海")
    _write(tmp_path / "c2.csv", "customer_id,segment\nC1,钻石\n")
    ws.imports.import_file(tmp_path / "c2.csv", kind="customers")
    assert ws.customer("C1")["segment"] == "钻石"


def test_a_column_pinned_as_attribute_is_kept(ws, tmp_path):
    """The wizard's "(not imported as a field)" pins a detected column with attr.COLUMN."""
    _write(tmp_path / "a.csv", "评论,门店\n很好,静安店\n")
    ws.imports.import_file(tmp_path / "a.csv", mapping={"attr.门店": "门店"})
    row = ws.feedback([1])[0]
    assert row["store"] is None
    assert row["attributes"] == {"门店": "静安店"}
