"""Pieces shared by the templates: cover lines, summary table, method notes."""

from __future__ import annotations

from vocdesk.engine.importers.channels import channel_label
from vocdesk.engine.reports.document import Pack
from vocdesk.engine.reports.evidence import MIN_N, Evidence


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def interval(lo: float, hi: float, n: int) -> str:
    text = f"{100 * lo:.1f}% – {100 * hi:.1f}%"
    return text + (f" (n < {MIN_N})" if n < MIN_N else "")


def cover(pack: Pack, ev: Evidence) -> None:
    w = pack.words
    lines = [f"{w['scope']}: {pack.scope_text}"]
    rng = ev.date_range()
    if rng:
        lines.append(f"{w['period']}: {rng[0]} – {rng[1]}")
    lines.append(f"{w['rows']}: {ev.n:,}")
    pack.cover(lines)


def summary_table(pack: Pack, ev: Evidence) -> None:
    """Headline numbers of the scope: rows, customers, period, negative share with interval."""
    w = pack.words
    rng = ev.date_range()
    rows = [[w["rows"], f"{ev.n:,}"], [w["customers"], f"{ev.customers():,}"]]
    if rng:
        rows.append([w["period"], f"{rng[0]} – {rng[1]}"])
    neg = ev.negative_share()
    if neg:
        k, n, share, lo, hi = neg
        rows.append([w["negative_share"], f"{pct(share)} ({k:,}/{n:,}); {interval(lo, hi, n)}"])
    else:
        rows.append([w["negative_share"], w["not_analysed"]])
    pack.table(None, [w["col_measure"], w["col_value"]], rows, ev.lineage.of(ev.ids),
               widths=[170, 323])


def method_notes(pack: Pack) -> None:
    pack.section(pack.words["method_note"])
    pack.para(pack.words["method_text"])


#: A quote longer than this is cut (a table cell taller than a page cannot be laid out); the
#: row id beside it leads to the full text in the workspace.
MAX_QUOTE_CHARS = 600


def shorten(text: str) -> str:
    return text if len(text) <= MAX_QUOTE_CHARS else text[:MAX_QUOTE_CHARS].rstrip() + " …"


def quotes_table(pack: Pack, ev: Evidence, quotes: list[dict]) -> None:
    """Verbatims with id, date, channel, product (the row's, else its product tags), version."""
    w = pack.words
    rows = []
    for q in quotes:
        named = [q["product"]] if q.get("product") else \
            q["tags"].get("product", {}).get("values", [])
        prod = ", ".join(ev.label("product", v) for v in named)
        rows.append([str(q["id"]), (q.get("created_at") or "")[:10],
                     channel_label(q["channel"], pack.lang) if q.get("channel") else "",
                     prod or w["unknown"], q.get("version") or "—",
                     ("★ " if q.get("marked") else "") + shorten(q.get("text") or "")])
    pack.table(None, [w["col_id"], w["col_date"], w["col_channel"], w["col_product"],
                      w["col_version"], w["col_text"]], rows,
               ev.lineage.of([q["id"] for q in quotes]), widths=[46, 56, 50, 68, 40, 233])


def opening(pack: Pack, ev: Evidence) -> bool:
    """Cover and the summary section every pack starts with; False when the scope is empty
    (the pack then says so and ends with the method notes)."""
    cover(pack, ev)
    pack.section(pack.words["defect_summary"])
    if not ev.n:
        pack.para(pack.words["no_rows"])
        method_notes(pack)
        return False
    summary_table(pack, ev)
    return True
