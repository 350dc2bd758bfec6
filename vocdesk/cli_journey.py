"""``vocdesk journey`` and ``vocdesk metrics``: thin layers over ``ws.journey`` / ``ws.metrics``.

    vocdesk journey WS [--from DATE] [--to DATE] [--where FACET=VALUE]… [--json]
                       [--out FILE.svg|png]
                       [--compare-from DATE --compare-to DATE] [--compare-where FACET=VALUE]…
                       [--compare-segment A --vs B]   (customer segments, customers table)
    vocdesk breakpoints WS [--days N] [--from DATE] [--to DATE] [--where …] [--json]
    vocdesk metrics WS --by FACET|day|week|month [--from DATE] [--to DATE] [--where …] [--json]
"""

from __future__ import annotations

import json

from vocdesk.engine.errors import UsageError


def _filter_args(s) -> None:
    s.add_argument("--from", dest="date_from", metavar="DATE", help="first day (YYYY-MM-DD)")
    s.add_argument("--to", dest="date_to", metavar="DATE", help="last day (YYYY-MM-DD)")
    s.add_argument("--where", action="append", default=[], metavar="FACET=VALUE",
                   help="only rows whose effective FACET tag is VALUE (channel=X: a channel); "
                        "repeat for several")
    s.add_argument("--json", action="store_true", help="one JSON object")


def add_parser(sub) -> None:
    s = sub.add_parser("journey", help="the journey map: per touchpoint volume, sentiment with "
                       "CI, negative share, NPS/CSAT/CES, top issues, highs and lows")
    s.add_argument("workspace")
    _filter_args(s)
    s.add_argument("--out", metavar="FILE.svg|png", help="also draw the map to an SVG or PNG")
    s.add_argument("--compare-from", metavar="DATE",
                   help="compare with period B starting this day (A: --from/--to)")
    s.add_argument("--compare-to", metavar="DATE", help="last day of period B")
    s.add_argument("--compare-where", action="append", default=[], metavar="FACET=VALUE",
                   help="compare with segment B = the filter plus FACET=VALUE (repeatable)")
    s.add_argument("--compare-segment", metavar="A",
                   help="compare customer segment A (the customers table's segment) with --vs B")
    s.add_argument("--vs", metavar="B", help="customer segment B of --compare-segment")
    s.set_defaults(func=cmd_journey)
    s = sub.add_parser("metrics", help="NPS, CSAT, CES, negative share and sentiment with n "
                       "and 95%% intervals, per facet value or period")
    s.add_argument("workspace")
    s.add_argument("--by", metavar="FACET|day|week|month")
    _filter_args(s)
    from vocdesk.cli_insights import add_metrics_options

    add_metrics_options(s)
    s.set_defaults(func=cmd_metrics)
    s = sub.add_parser("breakpoints", help="cross-department breakpoints ranked by evidence "
                       "(lift, Fisher + FDR), and customer hand-offs")
    s.add_argument("workspace")
    s.add_argument("--days", type=float, default=None, metavar="N",
                   help="a hand-off is two contacts within N days (default 7)")
    _filter_args(s)
    s.set_defaults(func=cmd_breakpoints)


def _filter(args, where=None):
    from vocdesk.engine.domain import FeedbackFilter

    flt = FeedbackFilter(date_from=args.date_from, date_to=args.date_to)
    for item in args.where if where is None else where:
        facet, sep, value = item.partition("=")
        if not sep or not facet or not value:
            raise UsageError(f"--where {item!r}: write FACET=VALUE, e.g. --where channel=app")
        if facet == "channel":
            flt.channels.append(value)
        else:
            flt.facets.setdefault(facet, []).append(value)
    return flt


def _fmt(x, pattern: str = "{:.2f}") -> str:
    return "—" if x is None else pattern.format(x)


def _nps(t: dict) -> str:
    """NPS with its interval and n; a score from fewer than 30 respondents is marked."""
    if t.get("nps") is None:
        return "NPS —"
    lo, hi = t.get("nps_ci") or (None, None)
    small = ", few" if (t.get("nps_n") or 0) < 30 else ""
    return (f"NPS {t['nps']:.0f} [{_fmt(lo, '{:.0f}')}, {_fmt(hi, '{:.0f}')}] "
            f"(n {t.get('nps_n', 0)}{small})")


def _compare_filters(args):
    """(A, B): customer segments (--compare-segment A --vs B) or period / facet B."""
    seg_a, seg_b = getattr(args, "compare_segment", None), getattr(args, "vs", None)
    if seg_a is None and seg_b is None:
        return _filter(args), _compare_filter(args)
    if not (seg_a and seg_b):
        raise UsageError("--compare-segment A needs --vs B (two customer segments)")
    if args.compare_from or args.compare_to or args.compare_where:
        raise UsageError("--compare-segment compares segments; drop --compare-from/-to/-where")
    from vocdesk.engine.analytics.compare import segment_filters

    return segment_filters(_filter(args), seg_a, seg_b)


def _compare_filter(args):
    """Period / segment B: the A filter with B's dates, plus the --compare-where facets."""
    if not (args.compare_from or args.compare_to or args.compare_where):
        return None
    flt = _filter(args, list(args.where) + list(args.compare_where))
    if args.compare_from or args.compare_to:
        flt.date_from, flt.date_to = args.compare_from, args.compare_to
    return flt


def _labels(ws) -> dict[str, str]:
    """Display names of stages and touchpoints in the current language (for --out)."""
    from vocdesk.i18n import label

    out = {}
    for facet in ("stage", "touchpoint", "department"):
        spec = ws.taxonomy.facet(facet)
        for v in spec.values if spec else []:
            out[v.value] = label(v, v.value)
    d = ws.journey.definition()
    for s in d.stages:
        if s.label_zh or s.label_en:
            out[s.name] = label(s, s.name)
    return out


def cmd_journey(args) -> int:
    from vocdesk.engine.workspace import Workspace

    flt_a, flt_b = _compare_filters(args)
    with Workspace.open(args.workspace) as ws:      # applies pending migrations (m0009)
        from vocdesk.engine.analytics.journey_links import broken_links

        if flt_b is not None and flt_b.segments:
            known = set(ws.browse.filter_options()["segments"])
            for s in (*flt_a.segments, *flt_b.segments):
                if s not in known:
                    raise UsageError(f"no customer segment {s!r}; the customers table has: "
                                     + (", ".join(sorted(known)) or "none"))
        jm = ws.journey.map(flt_a)
        changes = ws.journey.compare(flt_a, flt_b) if flt_b is not None else None
        data = jm.to_dict()
        data["broken_links"] = [x.to_dict() for x in broken_links(ws, flt_a, jm)]
        if args.out:
            from vocdesk.engine.analytics.journey_render import render_map

            render_map(data, args.out, _labels(ws))
    if changes is not None:
        return _print_compare(args, data, changes, flt_a, flt_b)
    if args.out:
        print(f"wrote {args.out}", flush=True)
    if args.json:
        print(json.dumps(data, ensure_ascii=False), flush=True)
        return 0
    print(f"journey definition version {data['version']} (cells under n = {data['min_n']} "
          f"are not ranked; a high/low needs Holm-corrected p < 0.05 and a difference of at "
          f"least {data['effect_floor']:.2f})")
    for stage in data["stages"]:
        print(f"\n{stage['name']}")
        for t in stage["touchpoints"]:
            marks = " ".join(x for x in (t["flag"] and t["flag"].upper(),
                                         "worst" if t["worst"] else "",
                                         "final" if t["final"] else "",
                                         "(n too small)" if t["low_n"] and t["n"] else "") if x)
            print(f"  {t['name']:<14} n {t['n']:>7,}  customers {t['customers']:>7,}  "
                  f"sentiment {_fmt(t['sentiment_mean'])} [{_fmt(t['ci_low'])}, "
                  f"{_fmt(t['ci_high'])}]  negative {_fmt(t['negative_share'], '{:.0%}')} "
                  f"[{_fmt((t.get('negative_ci') or [None])[0], '{:.0%}')}, "
                  f"{_fmt((t.get('negative_ci') or [None, None])[1], '{:.0%}')}]  "
                  f"{_nps(t)}  {marks}")
    return 0


def cmd_metrics(args) -> int:
    from vocdesk.cli_insights import cmd_insights, wants_insights
    from vocdesk.engine.workspace import Workspace

    if wants_insights(args):
        return cmd_insights(args, _filter(args))
    if not args.by:
        raise UsageError("vocdesk metrics: give --by FACET|day|week|month (or --impact, "
                         "--drivers, --scorecard store|region, --loyalty, --movers)")
    with Workspace.open(args.workspace) as ws:
        rows = ws.metrics.table(args.by, _filter(args))
    if args.json:
        print(json.dumps({"by": args.by, "rows": rows}, ensure_ascii=False), flush=True)
        return 0
    for r in rows:
        print(f"{str(r['value']):<16} n {r['n']:>7,}  NPS {_fmt(r['nps'], '{:.0f}')} "
              f"[{_fmt(r['nps_ci_low'], '{:.0f}')}, {_fmt(r['nps_ci_high'], '{:.0f}')}] "
              f"(n {r['nps_n']})  CSAT {_fmt(r['csat'], '{:.0%}')} (n {r['csat_n']})  "
              f"CES {_fmt(r['ces'])} (n {r['ces_n']})  negative "
              f"{_fmt(r['negative_share'], '{:.0%}')}"
              + ("  (n too small)" if r["negative_share_low_n"] else ""))
    return 0


def cmd_breakpoints(args) -> int:
    from vocdesk.engine.workspace import Workspace

    with Workspace.open(args.workspace) as ws:      # applies pending migrations (m0009)
        data = ws.breakpoints.to_dict(_filter(args), args.days)
    if args.json:
        print(json.dumps(data, ensure_ascii=False), flush=True)
        return 0
    for p in data["pairs"][:20]:
        a, b = p["departments"]
        print(f"{a} × {b}: n {p['n']:,}  lift {p['lift']:.2f}  q {p['q']:.2g}  negative "
              f"{_fmt(p['negative_share'], '{:.0%}')}  hand-offs {p['handoffs']}"
              + ("  (n too small)" if p["low_n"] else ""))
    ho = data["handoffs"]
    if ho["note"]:
        print(ho["note"])
    else:
        r = ho["failures_per_100"]
        print(f"hand-offs: {ho['handoffs']:,} among {ho['customers']:,} customers; failures "
              f"{_fmt(r['value'], '{:.1f}')} per 100 customers [{_fmt(r['ci_low'], '{:.1f}')}, "
              f"{_fmt(r['ci_high'], '{:.1f}')}]; ping-pong {ho['ping_pong']:,}")
    return 0


def _print_compare(args, data: dict, changes: list, flt_a, flt_b) -> int:
    out = {"version": data["version"], "a": flt_a.to_dict(), "b": flt_b.to_dict(),
           "touchpoints": [c.to_dict() for c in changes]}
    if args.json:
        print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    print("B − A per touchpoint: negative share (Newcombe 95% interval), mean sentiment "
          "(Welch 95% interval); better/worse = Holm-corrected p < 0.05")
    for c in out["touchpoints"]:
        lo, hi = c["negative_diff_ci"]
        slo, shi = c["sentiment_diff_ci"]
        print(f"  {c['name']:<14} n {c['n_a']:>6,} → {c['n_b']:>6,}  negative "
              f"{_fmt(c['negative_diff'], '{:+.1%}')} [{_fmt(lo, '{:+.1%}')}, "
              f"{_fmt(hi, '{:+.1%}')}]  sentiment {_fmt(c['sentiment_diff'], '{:+.3f}')} "
              f"[{_fmt(slo, '{:+.3f}')}, {_fmt(shi, '{:+.3f}')}]  {c['flag'] or ''}")
    return 0
