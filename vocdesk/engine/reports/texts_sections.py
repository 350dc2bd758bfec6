"""The words of the analysis sections and the meeting / consultant templates (zh, en).

Kept apart from ``texts.py`` so each file stays one screenful of one job; ``texts.words``
merges both.
"""

from __future__ import annotations

#: key -> (zh, en)
SECTION_WORDS: dict[str, tuple[str, str]] = {
    # journey map
    "journey": ("客户旅程地图", "Customer journey map"),
    "journey_curve": ("旅程情感曲线（均值与 95% 区间）",
                      "Emotion curve along the journey (mean and 95% interval)"),
    "journey_intro": (
        "每个触点的反馈量、情感均值（按客户平均，95% 区间）与负面占比（Wilson 区间）。"
        "标记：高/低 = 与其余触点相比差异显著（Holm 校正）；最差、末端 = 峰终定律；"
        "n < 30 的触点不排名。{highlight}",
        "Per touchpoint: volume, mean sentiment (over customers, 95% interval) and negative "
        "share (Wilson interval). Flags: high/low = differs from the other touchpoints "
        "(Holm-corrected); worst and final = peak-end rule; touchpoints under n = 30 are not "
        "ranked. {highlight}"),
    "journey_highlight": ("本报告范围的触点以 ▶ 标出（图中红色）。",
                          "The scope's touchpoint is marked ▶ (red in the chart)."),
    "journey_wide": ("旅程地图按范围计算，但不限触点，以便与其他触点比较",
                     "journey over the scope without its touchpoint filter, for comparison"),
    "col_stage": ("阶段", "Stage"),
    "col_touchpoint": ("触点", "Touchpoint"),
    "col_sentiment": ("情感均值 [95%]", "Sentiment [95%]"),
    "col_neg_ci": ("负面占比 [95%]", "Negative share [95%]"),
    "col_flags": ("标记", "Flags"),
    "flag_high": ("高", "high"),
    "flag_low": ("低", "low"),
    "flag_worst": ("最差", "worst"),
    "flag_final": ("末端", "final"),
    "flag_small": ("n<30", "n<30"),
    "no_journey": ("此范围内没有带触点的反馈。", "No feedback in this scope names a touchpoint."),
    # breakpoints
    "breakpoints": ("跨部门断点矩阵", "Cross-department breakpoint matrix"),
    "breakpoints_intro": (
        "同一条反馈涉及两个部门的组合，按关联证据排序（单侧 Fisher 检验，BH 校正得 q；"
        "提升度 = 实际共现 / 独立时的期望）。交接 = 同一客户 {days} 天内先后联系两个部门。"
        "显示前 {shown} 个，共 {total} 个组合。",
        "Pairs of departments named by the same feedback, ranked by evidence of a link "
        "(one-sided Fisher test, Benjamini–Hochberg q; lift = observed / expected under "
        "independence). Hand-off = one customer contacting the two within {days} days. "
        "Top {shown} of {total} pairs."),
    "col_pair": ("部门组合", "Departments"),
    "col_lift": ("提升度", "Lift"),
    "col_q": ("q", "q"),
    "col_handoffs": ("交接", "Hand-offs"),
    "handoff_summary": (
        "交接：{customers:,} 位客户中 {handoffs:,} 次；失败（后一次为负面或重复同一问题）每百位客户 "
        "{rate} [{lo}, {hi}]（精确泊松区间）；来回推诿 {ping:,} 次。",
        "Hand-offs: {handoffs:,} among {customers:,} customers; failures (the later contact "
        "negative or repeating the issue) {rate} per 100 customers [{lo}, {hi}] (exact Poisson); "
        "ping-pong {ping:,}."),
    "no_handoffs": ("无客户编号，无法计算交接。", "No customer ids: hand-offs cannot be counted."),
    "no_pairs": ("此范围内没有同时涉及两个部门的反馈。",
                 "No feedback in this scope names two departments."),
    # signals
    "signals": ("新出现的弱信号", "New weak signals"),
    "signals_intro": (
        "从较小基数快速增长的关键词组合（对近期与基线的发生率做精确检验，FDR 控制得 q）。"
        "信号在整个工作区上检测；此处列出与本范围有交集的信号。",
        "Keyword combinations growing from a small base (exact rate test of the recent window "
        "against the baseline, FDR-controlled q). Detected over the whole workspace; listed "
        "here are those that touch this scope."),
    "signals_note": ("在整个工作区检测；行 = 带此组合的全部反馈",
                     "detected over the whole workspace; rows = all feedback with the combination"),
    "col_signal": ("组合", "Combination"),
    "col_recent": ("近期", "Recent"),
    "col_baseline": ("基线", "Baseline"),
    "col_growth": ("增长", "Growth"),
    "col_onset": ("起始", "Onset"),
    "no_signals": ("当前窗口没有弱信号。", "No weak signal in the current window."),
    # actions
    "actions": ("改进行动", "Actions"),
    "actions_intro": (
        "与本范围相关的行动 {total:,} 项，其中未关闭 {open:,} 项、超时 {overdue:,} 项（SLA 按工作日历，"
        "截至 {as_of}）。下表先列超时与已升级的行动，最多 {shown} 项。效果 = 修复日前后目标问题占比的变化"
        "（有对照组时为双重差分），附 95% 区间。",
        "{total:,} actions concern this scope: {open:,} open, {overdue:,} overdue (SLA on the "
        "working calendar, as of {as_of}). Overdue and escalated first, at most {shown}. "
        "Effect = change in the targeted complaint's share around the fix date "
        "(difference-in-differences with a comparison), with its 95% interval."),
    "actions_by_dept": ("各部门行动", "Actions per department"),
    "col_action": ("行动", "Action"),
    "col_department": ("部门", "Department"),
    "col_owner": ("负责人", "Owner"),
    "col_status": ("状态", "Status"),
    "col_sla": ("SLA", "SLA"),
    "col_escalation": ("升级", "Escalation"),
    "col_effect": ("效果 [95%]", "Effect [95%]"),
    "col_open": ("未关闭", "Open"),
    "col_overdue": ("超时", "Overdue"),
    "col_escalated": ("已升级", "Escalated"),
    "sla_overdue": ("超时，截止\n{due}", "overdue (due {due})"),
    "sla_breached": ("曾超时", "breached"),
    "sla_ok": ("按时，截止\n{due}", "on time (due {due})"),
    "sla_paused": ("已暂停", "paused"),
    "esc_0": ("—", "—"),
    "esc_1": ("部门负责人", "department head"),
    "esc_2": ("客户体验负责人", "CX lead"),
    "effect_none": ("尚无修复日期", "no fix date yet"),
    "effect_wait": ("数据尚不足", "not enough data yet"),
    "no_actions": ("没有与本范围相关的行动。", "No action concerns this scope."),
    "unassigned": ("未指派", "Unassigned"),
    "col_total": ("合计", "Total"),
    "status_new": ("新建", "new"),
    "status_assigned": ("已指派", "assigned"),
    "status_in_progress": ("处理中", "in progress"),
    "status_resolved": ("已解决", "resolved"),
    "status_verified": ("已验证", "verified"),
    # top issues
    "issues": ("主要问题与客户原话", "Top issues in the customers' words"),
    "issues_row": ("{name}：{n:,} 条（占范围 {share}），负面占比 {neg}",
                   "{name}: {n:,} rows ({share} of the scope), negative share {neg}"),
    "col_issue": ("问题", "Issue"),
    "col_of_scope": ("占范围", "Of scope"),
    # meeting summary
    "meeting_title": ("跨部门会议资料", "Cross-department meeting pack"),
    "meeting_subject": ("数字、图表与客户原话，每个数字附来源", "Numbers, charts and the "
                        "customers' own words, each with its lineage"),
    "one_page": ("一页摘要", "Summary on one page"),
    "headline": ("关键数字", "Headline numbers"),
    "nps": ("NPS [95%]", "NPS [95%]"),
    "worst_touchpoint": ("最差触点", "Worst touchpoint"),
    "top_breakpoint": ("最强断点", "Strongest breakpoint"),
    "top_issue": ("最大问题", "Top issue"),
    "asks": ("请各部门", "What is asked of each department"),
    "col_ask": ("请求", "Ask"),
    "ask_actions": ("关闭 {open} 项未关闭行动（{overdue} 项超时）",
                    "close the open actions: {open} ({overdue} overdue)"),
    "ask_pair": ("与{other}共同处理断点（n={n}，负面 {neg}）",
                 "fix the breakpoint with {other} (n={n}, negative {neg})"),
    "ask_issue": ("复核「{issue}」（{n} 条，负面 {neg}）", 'review "{issue}" ({n} rows, negative {neg})'),
    "ask_none": ("无待办", "nothing open"),
    "trend_sentiment_band": ("负面占比趋势（95% Wilson 区间带）",
                             "Negative share with its 95% Wilson band"),
    "nps_trend": ("NPS 趋势（95% 区间带）", "NPS trend with its 95% band"),
    "no_nps": ("此范围内没有 NPS 打分。", "No NPS scores in this scope."),
    "movers": ("变化最大的问题", "Biggest movers"),
    "movers_intro": (
        "最近一个月（{last}）与上一个月（{prev}）相比，各问题占当月反馈比例的变化"
        "（Newcombe 95% 区间）；两个月都少于 30 条的问题不列出。",
        "Change in each issue's share of the month's feedback, {last} against {prev} "
        "(Newcombe 95% interval); issues under 30 rows in both months are left out."),
    "col_change": ("变化 [95%]", "Change [95%]"),
    "col_prev": ("上月", "Previous"),
    "col_lastm": ("本月", "Latest"),
    "no_movers": ("不足两个月的数据。", "Fewer than two months of data."),
    # consultant
    "consultant_title": ("客户之声评估报告", "Voice-of-Customer assessment"),
    "consultant_subject": ("顾问为客户编写的完整报告", "The client's full report, by the "
                           "consultant"),
    "prepared_by": ("编写：{name}", "Prepared by {name}"),
    "redaction_ok": ("生成时已做脱敏检查：报告中未发现个人信息。",
                     "Redaction checked at build: the pack shows no personal data."),
    "as_of": ("数据截至", "Data as of"),
    # appendix
    "appendix": ("附录：方法说明", "Appendix: method notes"),
}

#: The appendix paragraphs: (zh, en) each.
METHOD_NOTES: list[tuple[str, str]] = [
    ("比例（负面占比、CSAT）的区间为 Wilson 95% 区间（statsmodels proportion_confint）；"
     "n < 30 时数字照常显示但标注，不参与排名。",
     "Shares (negative share, CSAT) carry 95% Wilson intervals (statsmodels "
     "proportion_confint); under n = 30 a figure is shown but marked and never ranked."),
    ("NPS = 100 ×（推荐者 − 贬损者）/ n，区间为调整 Wald 法；CES 等均值用 t 区间。情感均值先按客户平均，"
     "再对客户做 BCa 自助法（客户超过 2000 位时用 t 区间）。",
     "NPS = 100 × (promoters − detractors) / n with the adjusted-Wald interval; CES and "
     "other means use the t interval. Mean sentiment averages per customer first, then a BCa "
     "bootstrap over customers (t interval beyond 2,000 customers)."),
    ("旅程触点的高/低：每个触点与其余触点比较，Holm 校正 p < 0.05 且差异不小于阈值才标记；"
     "最差触点与末端触点按峰终定律标出。",
     "Touchpoint highs and lows: each touchpoint against the rest, flagged only when the "
     "Holm-corrected p < 0.05 and the difference reaches the floor; the worst and the final "
     "touchpoint are marked (peak-end rule)."),
    ("断点：部门组合的单侧 Fisher 精确检验，Benjamini–Hochberg 校正得 q，按优势比的单侧 95% 下限排序；"
     "交接率为每百位客户，精确泊松区间。",
     "Breakpoints: one-sided Fisher exact test per department pair, Benjamini–Hochberg q, "
     "ranked by the odds ratio's one-sided 95% lower bound; hand-off rates per 100 customers "
     "with exact Poisson intervals."),
    ("弱信号：关键词组合近期窗口与基线的发生率精确检验（考虑过度离散），FDR 控制；起始日为变化点估计。",
     "Weak signals: exact rate test of a combination's recent window against its baseline "
     "(allowing for over-dispersion), FDR-controlled; the onset is a change-point estimate."),
    ("行动效果：修复日前后目标问题占比的变化；有对照组时为双重差分，否则为前后比较（Newcombe 区间）；"
     "数据不足（每格少于最小样本或修复后周数不足）时写明“数据尚不足”。SLA 按工作日历计算。",
     "Action effects: the change in the targeted complaint's share around the fix date; "
     "difference-in-differences with a comparison segment, else before/after (Newcombe "
     "interval); “not enough data yet” while cells or weeks after the fix are too few. SLAs "
     "run on the working calendar."),
    ("来源：每个图表下方列出筛选条件、分类体系版本、分析与模型版本、n，以及其所依据反馈 ID"
     "（升序、以换行连接）的 SHA-256。报告附带 JSON 清单，可据此在同一工作区逐字节重建。",
     "Lineage: under every figure the filter, the taxonomy version, the analysis and model "
     "versions, n, and the SHA-256 of the ids behind it (ascending, joined by newlines). The "
     "JSON manifest attached to the pack rebuilds it byte for byte on the same workspace."),
    ("脱敏：文本在导入时已脱敏；生成报告时再次扫描报告中的全部文字，发现手机号、邮箱、证件号或卡号即拒绝生成。",
     "Redaction: text was redacted at import; the whole pack is scanned again when built, "
     "and a phone number, e-mail, ID or card number refuses it."),
]
