"""The words of a pack in Chinese and English.

The pack's language is chosen per report (``--lang``), independently of the GUI's language, so
these live here as pairs rather than in the GUI catalogue (whose language is process-wide).
"""

from __future__ import annotations

#: key -> (zh, en)
WORDS: dict[str, tuple[str, str]] = {
    "author": ("vocdesk 客户之声工作台", "vocdesk Voice-of-Customer workbench"),
    "page": ("第 {n} 页 / 共 {total} 页", "Page {n} of {total}"),
    "filter": ("筛选", "Filter"),
    "taxonomy": ("分类体系", "taxonomy"),
    "analysis": ("分析版本", "analysis"),
    "models": ("模型", "models"),
    "sentiment": ("情感", "sentiment"),
    "redactor": ("脱敏规则", "redaction"),
    "all_rows": ("全部反馈", "all feedback"),
    "none": ("无", "none"),
    "scope": ("范围", "Scope"),
    "period": ("时间", "Period"),
    "rows": ("反馈条数", "Feedback rows"),
    "customers": ("涉及客户", "Customers"),
    "negative_share": ("负面占比（95% Wilson 区间）", "Negative share (95% Wilson interval)"),
    "method_note": ("方法说明", "Method notes"),
    "method_text": (
        "数字均来自所示筛选范围内的反馈。每个图表下方列出筛选条件、分类体系版本、分析与模型版本、"
        "样本量 n，以及其所依据反馈 ID（升序、以换行连接）的 SHA-256，可据此在工作区中复核。"
        "负面占比的区间为 Wilson 95% 区间（statsmodels）。文本在导入时已脱敏，生成报告时再次检查。",
        "Every number comes from the feedback in the scope shown. Under each figure: the filter, "
        "the taxonomy version, the analysis and model versions, n, and the SHA-256 of the ids "
        "behind it (ascending, joined by newlines), so anyone can recompute it in the workspace. "
        "Intervals of shares are 95% Wilson intervals (statsmodels). Text was redacted at import "
        "and is checked again when the pack is built."),
    # defect template
    "defect_title": ("缺陷证据包", "Defect evidence pack"),
    "defect_summary": ("概况", "Summary"),
    "defect_products": ("涉及产品与版本", "Products and versions"),
    "defect_trend": ("每月反馈量", "Feedback per month"),
    "defect_words": ("客户原话", "In the customers' own words"),
    "defect_words_intro": (
        "以下是范围内客户的原话（分析师标为证据的在前，标 ★；其余为每位客户最新的一条，按时间倒序），共 {n} 条，取自 {total} 条反馈。"
        "超过 600 字的原话已截断，全文可按编号在工作区中查看。",
        "The customers' own words in this scope (quotes an analyst marked as evidence first, "
        "starred ★; then each customer's latest, newest first): {n} "
        "quotes from {total} feedback rows. Quotes over 600 characters are cut; the id leads to "
        "the full text in the workspace."),
    "col_measure": ("指标", "Measure"),
    "col_value": ("数值", "Value"),
    "figure_n": ("图 {n}", "Figure {n}"),
    "col_id": ("编号", "ID"),
    "col_date": ("日期", "Date"),
    "col_channel": ("渠道", "Channel"),
    "col_product": ("产品", "Product"),
    "col_version": ("版本", "Version"),
    "col_text": ("原话", "Verbatim"),
    "col_rating": ("评分", "Rating"),
    "col_count": ("条数", "Rows"),
    "col_first": ("首次", "First"),
    "col_last": ("最近", "Last"),
    "col_period": ("时段", "Period"),
    "col_negative": ("负面", "Negative"),
    "col_share": ("负面占比", "Negative share"),
    "col_ci": ("95% 区间", "95% interval"),
    "unknown": ("未注明", "not given"),
    # trend templates
    "weekly_title": ("周报", "Weekly report"),
    "executive_title": ("管理层简报", "Executive brief"),
    "trend_volume": ("反馈量趋势", "Feedback volume"),
    "trend_sentiment": ("负面占比趋势", "Negative share"),
    "trend_table": ("各时段数据", "Per period"),
    "last_week_words": ("最近一周（{period}）的客户原话", "In the customers' words, {period}"),
    "top_issues": ("主要问题类型", "Top issue categories"),
    "weekly_subject": ("按周的反馈量与情感趋势", "Weekly feedback volume and sentiment"),
    "executive_subject": ("按月的反馈量与情感趋势", "Monthly feedback volume and sentiment"),
    "defect_subject": ("一个问题的客户原话、产品、版本与日期",
                       "One issue in the customers' words, with products, versions and dates"),
    "not_analysed": ("尚未分析（先运行 vocdesk analyze）", "not analysed yet (run vocdesk analyze)"),
    "no_rows": ("此范围内没有反馈。", "No feedback in this scope."),
}


from vocdesk.engine.reports.texts_sections import SECTION_WORDS  # noqa: E402

WORDS.update(SECTION_WORDS)


def words(lang: str) -> dict[str, str]:
    """All words of one language (``zh`` or ``en``)."""
    k = 0 if lang == "zh" else 1
    return {key: pair[k] for key, pair in WORDS.items()}
