"""New weak signals: the engine's combinations growing from a small base that touch the scope."""

from __future__ import annotations

import numpy as np

from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import Evidence
from vocdesk.engine.reports.lineage import sorted_unique
from vocdesk.engine.reports.sections import data
from vocdesk.engine.reports.sections.fmt import qval

SHOWN = 10


def term_label(ev: Evidence, term: str) -> str:
    """``product=扫地机器人 R5`` → the value's label in the pack's language; a plain keyword
    quoted, so "R5 + 边刷 (the feature)" and "R5 + 「边刷」 (the word)" read apart."""
    facet, sep, value = term.partition("=")
    if sep:
        return ev.label(facet, value)
    return f"「{term}」" if ev.spec.lang == "zh" else f'"{term}"'


def weak_signals(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    found = data.signals(ev, SHOWN)
    pack.section(w["signals"])
    if not found:
        pack.para(w["no_signals"])
        return
    pack.para(w["signals_intro"])
    rows = [[" + ".join(term_label(ev, t) for t in s["terms"]), f"{s['recent']:,}",
             f"{s['baseline']:,}", f"×{s['growth']:.2f}", qval(s["q"]), s["onset"],
             s["first_seen"]] for s in found]
    wide = data.WideLineage(ev, {}, w["all_rows"])
    lin = wide.of(sorted_unique(np.concatenate([s["rows"] for s in found])),
                  note=w["signals_note"])
    pack.table(None, [w["col_signal"], w["col_recent"], w["col_baseline"], w["col_growth"],
                      w["col_q"], w["col_onset"], w["col_first"]], rows, lin,
               widths=[165, 42, 42, 46, 50, 74, 74])
