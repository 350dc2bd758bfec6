"""The journey map section: every touchpoint with n, sentiment and negative share with their
intervals and flags, the scope's touchpoint highlighted, and the emotion curve with its band."""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports.band_chart import band_chart
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.lineage import sorted_unique
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.fmt import mean_ci, share_ci


def flags(w: dict[str, str], t) -> str:  # noqa: ANN001 - TouchpointStats
    out = []
    if t.flag:
        out.append(w["flag_high"] if t.flag == "high" else w["flag_low"])
    if t.worst:
        out.append(w["flag_worst"])
    if t.final:
        out.append(w["flag_final"])
    if t.low_n and t.rows:
        out.append(w["flag_small"])
    return ", ".join(out)


def stage_labels(ev: Evidence, definition) -> dict[str, str]:  # noqa: ANN001
    zh = ev.spec.lang == "zh"
    return {s.name: ((s.label_zh if zh else s.label_en) or s.name) for s in definition.stages}


def journey_map(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    got = data.journey(ev)
    jm, ids = got["map"], got["ids"]
    lin_ctx = data.WideLineage(ev, got["filter"].to_dict(), f"{pack.scope_text} — "
                               f"{w['journey_wide']}") if got["wide"] else ev.lineage
    scope_tps = set(data.scope_touchpoints(ev))
    pack.section(w["journey"])
    tps = [t for t in jm.touchpoints() if t.rows]
    if not tps:
        pack.para(w["no_journey"])
        return
    by_tp = data.facet_ids(ev, "touchpoint", within=ids)
    behind = sorted_unique(np.concatenate([by_tp.get(t.name, np.zeros(0, np.int64))
                                           for t in tps]))
    labels = [ev.label("touchpoint", t.name) for t in tps]
    marked = [i for i, t in enumerate(tps) if t.name in scope_tps]
    chart = band_chart(labels, [t.sentiment.value for t in tps],
                       [t.sentiment.low for t in tps], [t.sentiment.high for t in tps],
                       fmt="{:.2f}", height=230, highlight=marked, angle=55,
                       keep_labels=len(labels))
    pack.figure(w["journey_curve"], chart, lin_ctx.of(behind), labels=labels)
    pack.para(w["journey_intro"].format(highlight=w["journey_highlight"] if scope_tps else ""))
    stages = stage_labels(ev, got["definition"])
    rows = []
    for t, label in zip(tps, labels, strict=True):
        rows.append([stages.get(t.stage, t.stage), ("▶ " if t.name in scope_tps else "") + label,
                     f"{t.rows:,}", mean_ci(t.sentiment.value, t.sentiment.low,
                                            t.sentiment.high),
                     share_ci(t.negative.value, t.negative.low, t.negative.high, t.negative.n),
                     flags(w, t)])
    pack.table(None, [w["col_stage"], w["col_touchpoint"], w["col_count"], w["col_sentiment"],
                      w["col_neg_ci"], w["col_flags"]], rows, lin_ctx.of(behind),
               widths=[72, 100, 42, 92, 115, 72], highlight=marked)
